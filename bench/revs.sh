# Sourced by bench/ab.sh and bench/fresh_pairs.sh (needs ROOT): rev_tree prints the folder that holds a git commit's
# tree, bench/target/FOLDER/<sha>/, extracted with `git archive` and built (`mvn -pl MODULE -am package`) the first
# time, when BUILT is not there yet.
#
#   dir="$(rev_tree REV FOLDER MODULE BUILT CALLER)"      e.g. rev_tree HEAD~1 ab core core/target/classes ab.sh
rev_tree() {
  local rev="$1" folder="$2" module="$3" built="$4" caller="$5" sha dir
  sha="$(git -C "$ROOT" rev-parse --verify --quiet "$rev^{commit}")" || { echo "$caller: no commit $rev" >&2; return 1; }
  dir="$ROOT/bench/target/$folder/$sha"
  if [[ ! -e "$dir/$built" ]]; then
    echo "$caller: building $rev ($sha) in $dir" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    git -C "$ROOT" archive "$sha" | tar -x -C "$dir" || return 1
    # Maven 3.8 prints stray colour resets even in batch mode: strip them. (A command substitution does not stop at
    # the first failure, set -e or not: hence the returns.)
    (set -o pipefail; cd "$dir" && mvn -q -B -pl "$module" -am package -DskipTests 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g') >&2 \
      || { echo "$caller: $rev did not build" >&2; return 1; }
  fi
  printf '%s' "$dir"
}
