#!/usr/bin/env bash
# What the machine itself gives a second thread for a model's own work, with no thread team in the way: two one-thread
# JVMs, each pinned to its own vCPU (taskset), training the same model, one throughout and one only in every other
# second of the wall clock (splot.bench.PairedSlots). The steady one's steps with its partner working and with its
# partner asleep come from the same seconds of the host, a second apart, so the host's slow and fast phases fall on
# both. If the vCPUs were independent, the pair would do twice one vCPU's work; what it does instead is the ceiling for
# Splot's two threads against one (issue 7's 1.8x) on this host, for exactly this work: the same loops, the same
# memory traffic, the same caches shared or not.
#
#   bench/pinned_pair.sh [--rounds R] [--seconds S] [MODEL...]   (default 2 rounds of 30 s a side; fashion-cnn cifar-vgg)
#
# Each round measures vCPU 0 steady beside vCPU 1 blinking, then the other way round, and prints a Markdown row: each
# vCPU's median training step (ms, one thread, -Dsplot.threads=1) with its partner asleep and working, and the pair's
# work over one vCPU's alone, (1/w0 + 1/w1) / ((1/a0 + 1/a1) / 2). Needs 2 vCPUs and taskset. A round takes some
# 2 x (S + 20) seconds. The JVMs get the `splot` launcher's options.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=2 seconds=30
models=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    -*) echo "pinned_pair.sh: unknown option $1 (--help for usage)" >&2; exit 2 ;;
    *) models+=("$1"); shift ;;
  esac
done
(( ${#models[@]} > 0 )) || models=(fashion-cnn cifar-vgg)
command -v taskset >/dev/null || { echo "pinned_pair.sh: needs taskset (util-linux)" >&2; exit 1; }
(( $(nproc) >= 2 )) || { echo "pinned_pair.sh: needs two vCPUs, this machine has $(nproc)" >&2; exit 1; }
source "$ROOT/bench/jdk.sh"
prepare_bench pinned_pair.sh

# One half of a round: prints the steady JVM's line. $1 the steady vCPU, $2 the blinking one, $3 the model.
half() {
  local start=$(( $(date +%s%3N) + 20000 )) out
  out="$(mktemp)"
  taskset -c "$2" "$JAVA" "${launcher_opts[@]}" -Dsplot.threads=1 -cp "$ROOT/bench/target/benchmarks.jar" \
      splot.bench.PairedSlots "$3" blinking "$start" "$seconds" 2>/dev/null &
  taskset -c "$1" "$JAVA" "${launcher_opts[@]}" -Dsplot.threads=1 -cp "$ROOT/bench/target/benchmarks.jar" \
      splot.bench.PairedSlots "$3" steady "$start" "$seconds" 2>/dev/null > "$out"
  wait
  cat "$out"
  rm -f "$out"
}

echo "| model | round | vCPU 0: partner asleep / working (ms) | vCPU 1: partner asleep / working (ms) | the pair's work / one vCPU's alone |"
echo "|---|---|---|---|---|"
for model in "${models[@]}"; do
  for ((r = 1; r <= rounds; r++)); do
    echo "pinned_pair.sh: $model, round $r of $rounds" >&2
    v0="$(half 0 1 "$model")"
    v1="$(half 1 0 "$model")"
    # Each line: MODEL partner-working MS N partner-idle MS N
    awk -v m="$model" -v r="$r" -v v0="$v0" -v v1="$v1" 'BEGIN {
      split(v0, a, " "); split(v1, b, " ")
      w0 = a[3]; i0 = a[6]; w1 = b[3]; i1 = b[6]
      printf "| %s | %d | %.2f / %.2f (%d / %d steps) | %.2f / %.2f (%d / %d steps) | **%.2fx** |\n", m, r, i0, w0, a[7], a[4],
             i1, w1, b[7], b[4], (1 / w0 + 1 / w1) / ((1 / i0 + 1 / i1) / 2) }'
  done
done
