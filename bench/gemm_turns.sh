#!/usr/bin/env bash
# Splot's square GEMM against OpenBLAS in one JVM, taking turns of 0.3 s, each after 0.2 s of quiet for the other's
# idle threads to stop spinning (splot.bench.GemmVsOpenBlas): the ratio that a noisy machine cannot tilt, where JMH
# and gemm_numpy.py run minutes apart. OpenBLAS is Debian's libopenblas0-pthread (the library numpy runs), called
# through the JDK's foreign-function API.
#
#   bench/gemm_turns.sh [--threads T] [--rounds R] [--seconds S] [--pause P] [--lib PATH] [N...]   (default 2 threads, 1024 2048)
#
# Prints one JSON line per size: both libraries' median GFLOPS, the median of Splot's per-round ratio to OpenBLAS,
# and the largest difference between the two products. OPENBLAS_CORETYPE is set from the CPU flags
# (bench/openblas.sh: SkylakeX with AVX-512, Haswell with AVX2), as gemm_numpy.py sets it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads=2
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
source "$ROOT/bench/jdk.sh"
source "$ROOT/bench/openblas.sh"
use_best_openblas_core
prepare_bench gemm_turns.sh
# The `splot` launcher's JVM options, so Splot's GEMM runs as it does under `splot`.
"$JAVA" "${launcher_opts[@]}" --enable-native-access=ALL-UNNAMED "-Dsplot.threads=$threads" \
  -cp "$ROOT/bench/target/benchmarks.jar" splot.bench.GemmVsOpenBlas --threads "$threads" "${args[@]}" \
  2> >(grep -v -e '^WARNING: Using incubator modules' -e 'compiler directives added' >&2)
