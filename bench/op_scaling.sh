#!/usr/bin/env bash
# Two threads against one, op by op (splot.bench.OpScaling): a model's training steps and inference batches in turns on
# one thread and on two in one JVM, with the `splot` launcher's options. Prints a Markdown table per op.
#
#   bench/op_scaling.sh MODEL [ROUNDS] [STEPS]      (default 20 rounds of 5 timed steps a side)
#
# Why a script: run by a plain `java`, without the launcher's JIT files, the narrow loop of a classifier's last layer
# (WideVectorGemmKernels.narrowTile, whose C1 compile with profiling fails) ran on boxed vectors for most or all of a run
# in session 49: lenet5's last layer read 0.53 ms an inference batch instead of 0.01, on one thread and on two alike, C1's
# code without profiling kept for all of a 10 s run; fashion-mlp's 0.73 ms instead of 0.02 until C2 came at 2 s.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ "${1:-}" == --help || $# -lt 1 ]] && { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit $(( $# < 1 ? 2 : 0 )); }
source "$ROOT/bench/jdk.sh"
prepare_bench op_scaling.sh
"$JAVA" "${launcher_opts[@]}" -Dsplot.threads=2 -cp "$ROOT/bench/target/benchmarks.jar" splot.bench.OpScaling "$@" \
  2> >(grep -v -e '^WARNING: Using incubator modules' -e 'compiler directives added' >&2)
