#!/usr/bin/env bash
# Peer throughput harness: measures the peers on Splot's five models with one protocol and writes
# one JSON line per (peer, model, round). See bench/peers/README.md.
#
#   bench/peers/run.sh [--models a,b,...] [--rounds N] [--peers djl,ort,torch,dl4j]
#                      [--threads N] [--out FILE] [--append] [--no-build]
#
# --threads (default 2, the protocol) sets OMP_NUM_THREADS and each library's own thread knobs.
#
# ND4J_EXTENSION=-onednn-avx512 (or -avx2, -onednn-avx2, ...) measures that libnd4j build instead
# of the default generic one; its lib field becomes dl4j-1.0.0-M2.1-onednn-avx512.
#
# Each peer runs in its own process per round (a JVM, or /usr/bin/python3 for torch), with
# OMP_NUM_THREADS=2. Stdout of a peer = its JSON lines; its stderr goes to target/logs/.
# Peak RSS and wall time of each process are printed on stderr (from /usr/bin/time -v).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODELS="fashion-mlp,lenet5,fashion-cnn,mnist-cnn,cifar-vgg"
PEERS="djl,ort,torch,dl4j"
ROUNDS=1
OUT="$HERE/target/results.jsonl"
APPEND=0
BUILD=1
THREADS="${THREADS:-2}"
PYTHON=/usr/bin/python3   # Debian's python3-torch 1.13 (not a pyenv python)

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) MODELS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --peers) PEERS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --append) APPEND=1; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage ;;
    *) echo "unknown argument '$1'" >&2; usage 2 ;;
  esac
done
for p in ${PEERS//,/ }; do
  case "$p" in djl|ort|torch|dl4j) ;; *) echo "unknown peer '$p'; valid: djl,ort,torch,dl4j" >&2; exit 2 ;; esac
done
has_peer() { [[ ",$PEERS," == *",$1,"* ]]; }

# The JVM for the peers: a JDK 25 if there is one (all three peers run on it), else `java`.
# PEER_JAVA overrides, e.g. PEER_JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java.
if [[ -z "${PEER_JAVA:-}" ]]; then
  PEER_JAVA=java
  for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*-2[6-9]*; do
    if [[ -n "$jdk" && -x "$jdk/bin/java" ]] && "$jdk/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
      PEER_JAVA="$jdk/bin/java"; break
    fi
  done
fi
JAVA_MAJOR="$("$PEER_JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
JVM_OPTS=(-Xmx2g -XX:+UseParallelGC)
# JDK 22+ warns about JNI loading and 24+ about sun.misc.Unsafe (javacpp); both only on stderr.
(( JAVA_MAJOR >= 22 )) && JVM_OPTS+=(--enable-native-access=ALL-UNNAMED)
(( JAVA_MAJOR >= 24 )) && JVM_OPTS+=(--sun-misc-unsafe-memory-access=allow)

mkdir -p "$HERE/target/logs" "$(dirname "$OUT")"
cd "$ROOT"
if (( BUILD )); then
  if has_peer djl || has_peer ort || has_peer dl4j; then
    echo "building bench/peers (mvn package)..." >&2
    mvn -q -B -f bench/peers/pom.xml package -Dnd4j.extension="${ND4J_EXTENSION:-}" > "$HERE/target/logs/build.log" 2>&1 \
        || { cat "$HERE/target/logs/build.log" >&2; exit 1; }
  fi
  if has_peer ort; then
    echo "exporting ONNX models..." >&2
    PYTHONDONTWRITEBYTECODE=1 "$PYTHON" bench/peers/python/export_onnx.py bench/peers/target/onnx \
        --models "$MODELS" >&2
  fi
fi
(( APPEND )) || : > "$OUT"

export OMP_NUM_THREADS="$THREADS"
source "$ROOT/bench/openblas.sh"   # Debian's PyTorch and Deeplearning4j run OpenBLAS
use_best_openblas_core
peer_command() {   # sets CMD to the command line of one peer run
  local module cls
  case "$1" in
    torch) CMD=("$PYTHON" -B bench/peers/python/torch_bench.py --models "$MODELS"); return ;;
    djl) module=djl; cls=splot.peers.DjlBench ;;
    ort) module=ort; cls=splot.peers.OrtBench ;;
    dl4j) module=dl4j; cls=splot.peers.Dl4jBench ;;
  esac
  local cp="bench/peers/$module/target/classes:$(cat "bench/peers/$module/target/classpath.txt")"
  local extra=()
  case "$1" in
    djl) extra=(-Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1) ;;
    ort) extra=(-Dsplot.onnx.dir=bench/peers/target/onnx) ;;
    dl4j) [[ -n "${ND4J_EXTENSION:-}" ]] && extra=(-Dorg.bytedeco.javacpp.platform.extension="$ND4J_EXTENSION") ;;
  esac
  CMD=("$PEER_JAVA" "${JVM_OPTS[@]}" "${extra[@]}" -cp "$cp" "$cls" --models "$MODELS")
}

status=0
start_all=$(date +%s)
for ((round = 1; round <= ROUNDS; round++)); do
  for peer in ${PEERS//,/ }; do
    log="$HERE/target/logs/$peer-round$round"
    peer_command "$peer"
    echo "round $round/$ROUNDS: $peer ($MODELS)" >&2
    printf '%q ' "${CMD[@]}" > "$log.cmd"
    rc=0
    # Load before the run: the 2 cores may be shared; a high load makes every number lower.
    echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    if [[ -x /usr/bin/time ]]; then
      /usr/bin/time -v -o "$log.time" "${CMD[@]}" > "$log.out" 2> "$log.err" || rc=$?
    else
      : > "$log.time"
      "${CMD[@]}" > "$log.out" 2> "$log.err" || rc=$?
    fi
    # Only the JSON lines go to the results; anything else a native library printed stays in the log.
    grep '^{"lib"' "$log.out" | tee -a "$OUT" >&2 || true
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log.time")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log.time")
    echo "  $peer: exit $rc, wall ${wall:-?}, peak RSS $(( ${rss:-0} / 1024 )) MiB, log $log.err" >&2
    grep -E '^  timed|done in' "$log.err" | sed 's/^/  /' >&2 || true
    if (( rc != 0 )); then status=1; echo "  $peer FAILED:" >&2; tail -n 5 "$log.err" >&2; fi
  done
done
echo "total $(( $(date +%s) - start_all )) s; results in $OUT" >&2
exit $status
