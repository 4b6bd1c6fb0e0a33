#!/usr/bin/env bash
# Two threads against one, the check behind issue 7's "2 threads at least 1.8x one thread on the conv models".
# Prints a Markdown table: per model and phase, each side's median time and the median (and range) of the rounds'
# ratios of one thread's time to two threads', with what the machine itself gives a second thread beside them.
#
# By default each model runs in one JVM (splot.bench.ThreadScaling): training steps and inference batches in turns
# of 0.3 s on one thread and on two (splot.kernel.Parallel.setThreads), the order swapped every round, and in each
# round the same turns of FMA chains in registers and of a triad over 16 MiB a thread on the same pool: the machine's
# ceilings in the same seconds, for work in registers and for passes over tensors of cifar-vgg's size. With taskset
# and two vCPUs, each round also runs one thread pinned to each vCPU in turn, and the last column gives two threads'
# rate over the two vCPUs' mean one-thread rate: on a VM whose vCPUs run at different speeds the unpinned one-thread
# turn is as fast as the vCPU it happened to run on (BENCHMARKS.md, session 45).
# With --fresh-jvms, the older way: splot.bench.StepTimes (second-half medians) in fresh JVMs with -Dsplot.threads=1
# and =2 taking turns, with splot.bench.MachineScaling at the start of each round; the sides meet phases of the
# machine a minute apart, and the one-thread JVM compiles on the core its loops leave free.
#
#   bench/scaling.sh [--rounds R] [MODEL...]                 (default 40 rounds; fashion-cnn cifar-vgg)
#   bench/scaling.sh --fresh-jvms [--rounds R] [--steps S] [--batches B] [MODEL...]
#                                                            (default 3 rounds, 200 steps, 100 batches)
#
# One JVM: fashion-cnn some 3 minutes, cifar-vgg some 4 (half that without the pinned turns). Fresh JVMs: a round of
# fashion-cnn some 40 s, of cifar-vgg some 2 minutes. The JVM gets the `splot` launcher's options.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="" steps=200 batches=100 fresh=0
models=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --fresh-jvms) fresh=1; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --batches) batches="$2"; shift 2 ;;
    --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    -*) echo "scaling.sh: unknown option $1 (--help for usage)" >&2; exit 2 ;;
    *) models+=("$1"); shift ;;
  esac
done
(( ${#models[@]} > 0 )) || models=(fashion-cnn cifar-vgg)
source "$ROOT/bench/jdk.sh"
prepare_bench scaling.sh

if (( ! fresh )); then
  echo "| model | phase | 1 thread (ms) | 2 threads (ms) | 1 thread / 2 threads, median of rounds (range) | 1 thread on vCPU 0 / vCPU 1 (ms) | 2 threads / the vCPUs' mean, median (range) |"
  echo "|---|---|---|---|---|---|---|"
  for model in "${models[@]}"; do
    echo "scaling.sh: $model, ${rounds:-40} rounds in one JVM" >&2
    "$JAVA" "${launcher_opts[@]}" -Dsplot.threads=2 -cp "$ROOT/bench/target/benchmarks.jar" splot.bench.ThreadScaling \
        "$model" "${rounds:-40}" 2>/dev/null \
      | awk '{ what = $2 == "machine-fma" ? "the machine: 12 FMA chains in registers, the same rounds" \
                 : $2 == "machine-big-triad" ? "the machine: a triad of 16 MiB a thread, the same rounds" : $2
               pinned = NF >= 12 ? sprintf("%.2f / %.2f | **%.2fx** (%.2fx-%.2fx)", $8, $9, $10, $11, $12) : "- | -"
               printf "| %s | %s | %.2f | %.2f | **%.2fx** (%.2fx-%.2fx) | %s |\n", $1, what, $3, $4, $5, $6, $7, pinned }'
  done
  exit 0
fi
rounds="${rounds:-3}"

# One fresh JVM: prints "TRAIN_MS INFER_MS", the second-half medians StepTimes reports for the two phases.
medians() {  # $1 model, $2 threads
  "$JAVA" "${launcher_opts[@]}" -Dsplot.threads="$2" -cp "$ROOT/bench/target/benchmarks.jar" splot.bench.StepTimes \
      "$1" "$steps" "$batches" 2>/dev/null \
    | awk '/^second half: median/ { v = $4; sub(/,$/, "", v); out = out (out == "" ? "" : " ") v } END { print out }'
}

results="$(mktemp)" machine="$(mktemp)"
trap 'rm -f "$results" "$machine"' EXIT
for ((r = 1; r <= rounds; r++)); do
  # What the machine gives a second thread in this round: loops that share nothing (splot.bench.MachineScaling).
  "$JAVA" "${launcher_opts[@]}" -cp "$ROOT/bench/target/benchmarks.jar" splot.bench.MachineScaling 3 2>/dev/null \
    | while read -r name ratio lo hi; do
        echo "scaling.sh: round $r, the machine's $name loop: ${ratio}x" >&2
        echo "$name $ratio" >>"$machine"
      done
  order=(1 2)
  (( r % 2 == 0 )) && order=(2 1)
  for model in "${models[@]}"; do
    for t in "${order[@]}"; do
      read -r train infer <<<"$(medians "$model" "$t")"
      [[ -n "${infer:-}" ]] || { echo "scaling.sh: StepTimes $model on $t thread(s) printed no medians" >&2; exit 1; }
      echo "scaling.sh: round $r, $model, $t thread(s): training $train ms, inference $infer ms" >&2
      echo "$r $model $t $train $infer" >>"$results"
    done
  done
done

# The median and the range of a list of numbers, for both tables below.
stats='
  function median(list,    n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function range(list,    n, a, i, lo, hi) {
    n = split(list, a, " "); lo = hi = a[1]
    for (i = 2; i <= n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }
    return sprintf("%.2fx-%.2fx", lo, hi)
  }'
echo "| model | phase | 1 thread (ms) | 2 threads (ms) | 1 thread / 2 threads, median of rounds (range) |"
echo "|---|---|---|---|---|"
awk "$stats"'
  { ms[$2, $3, "training"] = ms[$2, $3, "training"] " " $4; ms[$2, $3, "inference"] = ms[$2, $3, "inference"] " " $5
    at[$1, $2, $3, "training"] = $4; at[$1, $2, $3, "inference"] = $5
    if (!($2 in seen)) { seen[$2] = 1; order[++models] = $2 }
    if ($1 > rounds) rounds = $1 }
  END {
    split("training inference", phases, " ")
    for (m = 1; m <= models; m++) for (p = 1; p <= 2; p++) {
      model = order[m]; phase = phases[p]; ratios = ""
      for (r = 1; r <= rounds; r++) ratios = ratios " " at[r, model, 1, phase] / at[r, model, 2, phase]
      printf "| %s | %s | %.2f | %.2f | **%.2fx** (%s) |\n", model, phase, median(ms[model, 1, phase]),
             median(ms[model, 2, phase]), median(ratios), range(ratios)
    }
  }' "$results"
awk "$stats"'
  { list[$1] = list[$1] " " $2 }
  END {
    label["fma"] = "the machine: 12 FMA chains in registers"; label["l2-triad"] = "the machine: a triad in L2, own arrays"
    label["l3-triad"] = "the machine: a triad of 4 MiB a thread, own arrays"
    label["big-triad"] = "the machine: a triad of 16 MiB a thread, own arrays"
    for (name in list) printf "| %s | - | - | - | %.2fx (%s) |\n", label[name], median(list[name]), range(list[name])
  }' "$machine" | sort
