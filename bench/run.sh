#!/usr/bin/env bash
# One command for the speed comparison: builds what it needs, then for each round runs Splot
# (`splot bench --json`) and every peer (bench/peers/run.sh: PyTorch 2.7 via DJL, ONNX Runtime,
# Debian's PyTorch 1.13, Deeplearning4j) one after the other, so that the machine's noise falls on
# all of them alike; then prints the median table and Splot's ratio to the fastest peer.
#
#   bench/run.sh [--rounds 3] [--models a,b,...] [--peers djl,ort,torch,dl4j] [--threads 2] [--out FILE]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3
MODELS="fashion-mlp,lenet5,fashion-cnn,mnist-cnn,cifar-vgg"
PEERS="djl,ort,torch,dl4j"
THREADS=2
OUT="$ROOT/bench/target/results.jsonl"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --models) MODELS="$2"; shift 2 ;;
    --peers) PEERS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument '$1'" >&2; exit 2 ;;
  esac
done
mkdir -p "$(dirname "$OUT")"
: > "$OUT"
"$ROOT/splot" --version >&2                     # builds the CLI jar if needed
echo "uname: $(uname -srm); cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo)" >&2
first=1
for ((r = 1; r <= ROUNDS; r++)); do
  echo "== round $r/$ROUNDS: splot" >&2
  # A GC log per round: it told session 5's slow rounds (a JVM allocating 10 GB/s, Vector API code off its
  # intrinsics, peak RSS 17 GB) from a machine that stalled.
  gclog="$(dirname "$OUT")/splot-gc-round$r.log"
  SPLOT_JAVA_OPTS="${SPLOT_JAVA_OPTS:-} -Xlog:gc:file=$gclog" \
    /usr/bin/time -f "splot peak RSS %M KB, wall %e s" "$ROOT/splot" bench --json --threads "$THREADS" --models "$MODELS" | tee -a "$OUT"
  echo "== round $r/$ROUNDS: peers ($PEERS)" >&2
  args=(--models "$MODELS" --peers "$PEERS" --threads "$THREADS" --out "$OUT" --append)
  (( first )) || args+=(--no-build)
  "$ROOT/bench/peers/run.sh" "${args[@]}"
  first=0
done
java "$ROOT/bench/Summarize.java" "$OUT"   # source launch works on the PATH java (11+)
