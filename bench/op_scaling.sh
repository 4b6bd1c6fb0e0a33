#!/usr/bin/env bash
# Two threads against one, op by op (splot.bench.OpScaling): a model's training steps and inference batches in turns on
# one thread and on two in one JVM, with the `splot` launcher's options. Prints a Markdown table per op.
#
#   bench/op_scaling.sh MODEL [ROUNDS] [STEPS]      (default 20 rounds of 5 timed steps a side)
#
# Why a script: the ops should run as `splot` runs them. Run by a plain `java`, without the launcher's JIT files, the
# narrow loop of a classifier's last layer (WideVectorGemmKernels.narrowTile, whose C1 compile with profiling then
# failed) ran on boxed vectors for most or all of a run in session 49: lenet5's last layer read 0.53 ms an inference
# batch instead of 0.01. Since session 50 that loop compiles in C1 (0.011 ms there), but Convolution's drivers and the
# compile thresholds still differ without the launcher's files.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ "${1:-}" == --help || $# -lt 1 ]] && { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit $(( $# < 1 ? 2 : 0 )); }
source "$ROOT/bench/jdk.sh"
prepare_bench op_scaling.sh
"$JAVA" "${launcher_opts[@]}" -Dsplot.threads=2 -cp "$ROOT/bench/target/benchmarks.jar" splot.bench.OpScaling "$@" \
  2> >(grep -v -e '^WARNING: Using incubator modules' -e 'compiler directives added' >&2)
