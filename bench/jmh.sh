#!/usr/bin/env bash
# JMH benchmarks of Splot's kernels in one command: builds bench/target/benchmarks.jar, runs it on a JDK 25+
# (the benchmark classes carry the defaults: 1 fork, 3 warm-up and 5 measured iterations of 1-2 s), then
# prints each GEMM and conv result beside the FMA peak measured in the same run (bench/JmhReport.java).
#
#   bench/jmh.sh [--numpy] [--numpy-threads N] [--no-build] [JMH arguments...]
#
#   --numpy            also time OpenBLAS sgemm through numpy (bench/gemm_numpy.py) after JMH, same sizes
#   --numpy-threads N  OpenBLAS threads (default 2)
#   --no-build         run the jar as it is
#   JMH arguments      passed through, e.g. a benchmark regex and -p n=1024 -wi 1 -i 3 -r 2s; see -h
#
# Examples:
#   bench/jmh.sh                                   # everything (some 15 minutes)
#   bench/jmh.sh --numpy 'FmaPeak|GemmSquare'      # the peak, square GEMM and OpenBLAS: the issue's target
#   bench/jmh.sh 'FmaPeak.one|ConvLayers' -p 'layer=fashion-cnn/conv2:128x64x13x13:128:pad0'
# Results: bench/target/jmh/results.json (JMH), numpy.jsonl, report.txt. Do not pass -rf or -rff: the script
# sets them. A -jvmArgsAppend on the command line replaces the benchmarks' own (which add the Vector API
# module); add --add-modules=jdk.incubator.vector to it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/target/jmh"
NUMPY=0
NUMPY_THREADS=2
BUILD=1
jmh_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --numpy) NUMPY=1; shift ;;
    --numpy-threads) NUMPY=1; NUMPY_THREADS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) jmh_args+=("$1"); shift ;;
  esac
done

# A JDK 25 or newer, found as the `splot` launcher finds one.
source "$ROOT/bench/jdk.sh"
JAVA="$(pick_java)"
if [[ -z "$JAVA" ]]; then
  echo "jmh.sh: needs a JDK 25 or newer (JAVA_HOME, java on PATH or ${SPLOT_JVM_DIR:-/usr/lib/jvm}/*)" >&2
  exit 1
fi

if (( BUILD )); then
  echo "jmh.sh: building bench/target/benchmarks.jar" >&2
  # Maven 3.8 prints stray colour resets even in batch mode; strip them.
  (cd "$ROOT" && mvn -q -B -pl bench -am package -DskipTests 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g') >&2
fi
JAR="$ROOT/bench/target/benchmarks.jar"
mkdir -p "$OUT"
rm -f "$OUT/results.json" "$OUT/numpy.jsonl"
echo "uname: $(uname -srm); cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo); java: $JAVA" >&2
"$JAVA" -jar "$JAR" "${jmh_args[@]}" -rf json -rff "$OUT/results.json"
[[ -s "$OUT/results.json" ]] || exit 0       # -l, -h or nothing matched: no results to report

report_args=("$OUT/results.json")
if (( NUMPY )); then
  echo "== OpenBLAS through numpy, $NUMPY_THREADS threads" >&2
  # The sizes of a JMH "-p n=..." when given, else all of GemmSquare's.
  sizes="64,128,256,512,1024,2048"
  for ((i = 0; i + 1 < ${#jmh_args[@]}; i++)); do
    [[ "${jmh_args[i]}" == -p && "${jmh_args[i + 1]}" == n=* ]] && sizes="${jmh_args[i + 1]#n=}"
  done
  /usr/bin/python3 "$ROOT/bench/gemm_numpy.py" --threads "$NUMPY_THREADS" --sizes "$sizes" | tee "$OUT/numpy.jsonl"
  report_args+=("$OUT/numpy.jsonl")
fi
echo
"$JAVA" --class-path "$JAR" "$ROOT/bench/JmhReport.java" "${report_args[@]}" | tee "$OUT/report.txt"
