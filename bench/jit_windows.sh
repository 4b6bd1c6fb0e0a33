#!/usr/bin/env bash
# How much of each of `splot bench`'s timed windows the JIT's optimizing compiler (C2) spent compiling
# (splot.bench.JitWindows): the bench's protocol on random inputs, the models in order in one JVM with the `splot`
# launcher's options, JFR recording every compilation. Prints a Markdown table; its last column lists every C2 compile
# in the 30 ms before each window, however short: the team does not spin for 2 ms after it sees C2 at work.
#
#   bench/jit_windows.sh [MODEL...]      (default: the five models of splot bench)
#
# JIT_WINDOWS_OPTS adds JVM options, e.g. a directives file to try (a later -XX:CompilerDirectivesFile replaces the
# launcher's), -Djit.top=N to name N compiles a window rather than 3, -Djit.times=true to print each window's
# start and end to stderr (to line up with a -XX:StartFlightRecording of the same run), -Djit.lead.ms=N to look N ms
# before each window rather than 30.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ "${1:-}" == --help ]] && { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0; }
models=("$@")
(( ${#models[@]} > 0 )) || models=(fashion-mlp lenet5 fashion-cnn mnist-cnn cifar-vgg)
source "$ROOT/bench/jdk.sh"
JAVA="$(pick_java)"
[[ -n "$JAVA" ]] || { echo "jit_windows.sh: needs a JDK 25 or newer (JAVA_HOME, java on PATH or /usr/lib/jvm/*)" >&2; exit 1; }
# Maven 3.8 prints stray colour resets even in batch mode: strip them.
(cd "$ROOT" && mvn -q -B -pl bench -am package -DskipTests 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g') >&2
echo "uname: $(uname -srm); cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo); java: $JAVA" >&2
"$JAVA" "${launcher_opts[@]}" ${JIT_WINDOWS_OPTS:-} -cp "$ROOT/bench/target/benchmarks.jar" splot.bench.JitWindows "${models[@]}" \
  2> >(grep -v -e '^WARNING: Using incubator modules' -e 'compiler directives added' >&2)
