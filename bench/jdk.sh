# Sourced by the bench scripts: pick_java prints the java of a JDK 25 or newer, found as the `splot` launcher
# finds one: JAVA_HOME, then java on PATH, then the newest under /usr/lib/jvm (SPLOT_JVM_DIR); nothing if none.
java_major() {
  local home="$1" v=""
  [[ -r "$home/release" ]] && v="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release")"
  if [[ -z "$v" && -x "$home/bin/java" ]]; then
    v="$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  fi
  v="${v#1.}"
  printf '%s' "${v%%[^0-9]*}"
}
pick_java() {
  local home major best="" best_major=0
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(java_major "$JAVA_HOME")"
    [[ -n "$major" && "$major" -ge 25 && -x "$JAVA_HOME/bin/java" ]] && { printf '%s' "$JAVA_HOME/bin/java"; return; }
  fi
  if command -v java >/dev/null 2>&1; then
    home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    major="$(java_major "$home")"
    [[ -n "$major" && "$major" -ge 25 ]] && { printf '%s' "$home/bin/java"; return; }
  fi
  for home in "${SPLOT_JVM_DIR:-/usr/lib/jvm}"/*/; do
    home="${home%/}"
    [[ -x "$home/bin/java" ]] || continue
    major="$(java_major "$home")"
    if [[ -n "$major" && "$major" -ge 25 && "$major" -gt "$best_major" ]]; then best="$home"; best_major="$major"; fi
  done
  [[ -n "$best" ]] && printf '%s' "$best/bin/java"
  return 0
}

# The `splot` launcher's JVM options (Vector API, heap, JIT thresholds and compiler directives; the launcher says
# why), so a kernel runs here as it does under `splot`. Needs ROOT, the repository.
launcher_opts=(--add-modules jdk.incubator.vector -XX:+UseParallelGC -Xms1g -Xmn512m
  "-XX:CompileCommandFile=$ROOT/cli/src/main/jvm/compile-thresholds.txt"
  -XX:+UnlockDiagnosticVMOptions "-XX:CompilerDirectivesFile=$ROOT/cli/src/main/jvm/compiler-directives.json"
  -XX:+DisplayVMOutputToStderr)

# For a bench script: sets JAVA to a JDK 25 or newer (or exits, saying so), builds bench/target/benchmarks.jar and
# prints the machine's line to stderr. $1 the script's name, for its messages. Needs ROOT.
prepare_bench() {
  JAVA="$(pick_java)"
  [[ -n "$JAVA" ]] || { echo "$1: needs a JDK 25 or newer (JAVA_HOME, java on PATH or /usr/lib/jvm/*)" >&2; exit 1; }
  echo "$1: building bench/target/benchmarks.jar" >&2
  (cd "$ROOT" && mvn -q -B -pl bench -am package -DskipTests 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g') >&2
  echo "uname: $(uname -srm); cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo); java: $JAVA" >&2
}
