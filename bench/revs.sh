# Sourced by bench/ab.sh and bench/fresh_pairs.sh (needs ROOT): build_module packages one module of a source tree and
# what it needs; rev_tree prints the folder that holds a git commit's tree, bench/target/FOLDER/<sha>/, extracted with
# `git archive` and built by build_module the first time, when BUILT is not there yet.
#
#   build_module DIR MODULE                               e.g. build_module "$ROOT" cli
#   dir="$(rev_tree REV FOLDER MODULE BUILT CALLER)"      e.g. rev_tree HEAD~1 ab core core/target/classes ab.sh

# Maven 3.8 prints stray colour resets even in batch mode: strip them. Fails when Maven does.
build_module() {
  (set -o pipefail; cd "$1" && mvn -q -B -pl "$2" -am package -DskipTests 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g') >&2
}

rev_tree() {
  local rev="$1" folder="$2" module="$3" built="$4" caller="$5" sha dir
  sha="$(git -C "$ROOT" rev-parse --verify --quiet "$rev^{commit}")" || { echo "$caller: no commit $rev" >&2; return 1; }
  dir="$ROOT/bench/target/$folder/$sha"
  if [[ ! -e "$dir/$built" ]]; then
    echo "$caller: building $rev ($sha) in $dir" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    git -C "$ROOT" archive "$sha" | tar -x -C "$dir" || return 1
    # A command substitution does not stop at the first failure, set -e or not: hence the returns.
    build_module "$dir" "$module" || { echo "$caller: $rev did not build" >&2; return 1; }
  fi
  printf '%s' "$dir"
}
