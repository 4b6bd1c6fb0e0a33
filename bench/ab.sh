#!/usr/bin/env bash
# Compares versions of splot-core in one JVM, taking turns every few steps (splot.bench.JarAB): the way to see a
# 5-10% change on a noisy machine, where whole benchmark runs move by 1.5-3x between phases.
#
#   bench/ab.sh [--rounds R] [--steps S] [--warmup W] [--threads T] REV REV... -- TASK...
#
#   REV    a git commit (built once into bench/target/ab/<sha>/), or "." for the working tree as it is now
#   TASK   train:MODEL, infer:MODEL (zoo models), gemm:N or gemm:MxNxK (on all threads)
#   R, S, W  rounds (default 30), steps per turn (default 5), rounds not counted (default 3)
#   T      Splot's threads (-Dsplot.threads; default all cores): a change for two threads should not cost one
#
# Example:
#   bench/ab.sh HEAD~1 . -- train:fashion-cnn infer:fashion-cnn gemm:1024
# Prints, per task and version, the median ms per step, the fastest, and the median of each round's ratio to the
# first version. The JVM gets the `splot` launcher's options (Vector API, heap, JIT thresholds and directives).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
harness_args=()
jvm_args=()
revs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds|--steps|--warmup) harness_args+=("$1" "$2"); shift 2 ;;
    --threads) jvm_args+=("-Dsplot.threads=$2"); shift 2 ;;
    --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    --) shift; break ;;
    *) revs+=("$1"); shift ;;
  esac
done
tasks=("$@")
if (( ${#revs[@]} < 2 || ${#tasks[@]} == 0 )); then
  echo "usage: bench/ab.sh [--rounds R] [--steps S] [--warmup W] [--threads T] REV REV... -- TASK...  (--help for more)" >&2
  exit 2
fi

source "$ROOT/bench/jdk.sh"
source "$ROOT/bench/revs.sh"
JAVA="$(pick_java)"
[[ -n "$JAVA" ]] || { echo "ab.sh: needs a JDK 25 or newer (JAVA_HOME, java on PATH or /usr/lib/jvm/*)" >&2; exit 1; }

echo "ab.sh: building bench/target/benchmarks.jar (the harness) and the working tree's core" >&2
build_module "$ROOT" bench
versions=()
for rev in "${revs[@]}"; do
  if [[ "$rev" == . ]]; then
    versions+=(".=$ROOT/core/target/classes")
    continue
  fi
  dir="$(rev_tree "$rev" ab core core/target/classes ab.sh)"
  versions+=("$rev=$dir/core/target/classes")
done

echo "uname: $(uname -srm); cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo); java: $JAVA" >&2
"$JAVA" "${launcher_opts[@]}" "${jvm_args[@]}" -cp "$ROOT/bench/target/benchmarks.jar" splot.bench.JarAB "${harness_args[@]}" "${versions[@]}" "${tasks[@]}" \
  2> >(grep -v -e '^WARNING: Using incubator modules' -e 'compiler directives added' >&2)
