#!/usr/bin/env bash
# Two versions of Splot on `splot bench`'s own protocol, each round a fresh JVM: what issue 7's model floors measure
# (each model's windows early in the JVM's life, with the JIT still at work), where ab.sh's turns in one JVM measure
# the steady state. A pair runs both versions one after the other, the order swapped every pair: in a fixed order one
# commit against itself read 1.066 (training) and 1.038 (inference), the second JVM faster in 17 and 16 of 24 pairs
# (fashion-mlp, session 48).
#
#   bench/fresh_pairs.sh [--pairs N] [--models a,b,...] REV REV
#
#   REV    a git commit (built once into bench/target/fresh/<sha>/, run by its own launcher with its own JIT files),
#          or "." for the working tree as it is now
#   N      pairs (default 20); a pair of fashion-mlp alone takes some 5 s
#   models as `splot bench --models` takes them (default fashion-mlp)
#
# Prints, per model and direction, each version's median img/s, the median of the pairs' ratios (the second REV over
# the first) and in how many pairs the second was faster. In alternating order one commit against itself read
# 0.95-1.04 over 20-40 pairs (session 48): a difference inside that is noise.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pairs=20
models=fashion-mlp
revs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pairs) pairs="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) revs+=("$1"); shift ;;
  esac
done
if (( ${#revs[@]} != 2 )); then
  echo "usage: bench/fresh_pairs.sh [--pairs N] [--models a,b,...] REV REV  (--help for more)" >&2
  exit 2
fi

source "$ROOT/bench/revs.sh"
trees=()
for rev in "${revs[@]}"; do
  if [[ "$rev" == . ]]; then
    echo "fresh_pairs.sh: building the working tree's cli/target/splot.jar" >&2
    build_module "$ROOT" cli
    trees+=("$ROOT")
    continue
  fi
  dir="$(rev_tree "$rev" fresh cli cli/target/splot.jar fresh_pairs.sh)"
  trees+=("$dir")
done

# One line per model of one run: "SIDE PAIR MODEL TRAIN INFER", from splot bench's JSON lines.
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
echo "uname: $(uname -srm); cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo)" >&2
for ((p = 1; p <= pairs; p++)); do
  order=(0 1)
  (( p % 2 == 0 )) && order=(1 0)
  for side in "${order[@]}"; do
    SPLOT_NO_BUILD=1 "${trees[$side]}/splot" bench --json --models "$models" 2>/dev/null \
      | sed -n 's/.*"model":"\([^"]*\)".*"train_img_per_s":\([0-9.]*\).*"infer_img_per_s":\([0-9.]*\).*/\1 \2 \3/p' \
      | while read -r model train infer; do echo "$side $p $model $train $infer"; done >> "$results"
  done
  echo "fresh_pairs.sh: pair $p of $pairs" >&2
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-12s %-9s %14s %14s %14s %s\n' model direction "${revs[0]} img/s" "${revs[1]} img/s" "paired ratio" "second faster"
for model in ${models//,/ }; do
  for column in 4 5; do
    direction=$([[ $column == 4 ]] && echo train || echo inference)
    first="$(awk -v m="$model" -v c="$column" '$1 == 0 && $3 == m { print $c }' "$results" | median)"
    second="$(awk -v m="$model" -v c="$column" '$1 == 1 && $3 == m { print $c }' "$results" | median)"
    ratios="$(awk -v m="$model" -v c="$column" '$3 == m { v[$1 " " $2] = $c } END { for (k in v) { split(k, s, " "); if (s[1] == 0 && (("1 " s[2]) in v)) print v["1 " s[2]] / v[k] } }' "$results")"
    ratio="$(median <<< "$ratios")"
    faster="$(awk '$1 > 1 { n++ } END { print n + 0 "/" NR }' <<< "$ratios")"
    printf '%-12s %-9s %14.0f %14.0f %14.3f %s\n' "$model" "$direction" "$first" "$second" "$ratio" "$faster"
  done
done
