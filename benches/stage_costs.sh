#!/usr/bin/env bash
# What each stage of a scan costs in wall-clock time: a scratch copy of the crate at HEAD
# (a git worktree under /tmp) gets benches/stage-costs.patch, which skips one stage when an
# environment variable is set, and every variant is timed in turn over the same posts, ROUNDS
# times; the table keeps each variant's best round (noise on a shared machine only slows runs).
# Not a test: run it by hand and copy the table into benches/README.md.
#
#   bash benches/stage_costs.sh [POSTS_FILE] [ROUNDS]
#
# POSTS_FILE defaults to the first 60,000 lines of bench-data/corpus.txt (generate it first:
# `cargo run --release --example bench_corpus -- bench-data/corpus.txt 100`). If the patch no
# longer applies, the stages it names have moved: update it by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${2:-6}
posts=${1:-}
if [ -z "$posts" ]; then
  posts=$(mktemp)
  head -n 60000 bench-data/corpus.txt > "$posts"
fi
work=$(mktemp -d /tmp/lurescan-stages.XXXXXX)
trap 'git worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach -q "$work/src" HEAD
git -C "$work/src" apply "$PWD/benches/stage-costs.patch"
(cd "$work/src" && CARGO_TARGET_DIR="$work/target" cargo build --release --quiet --example stage_timing)
bin="$work/target/release/examples/stage_timing"

variants=(
  "the whole pipeline|"
  "without entities|SKIP_ENT"
  "without money|SKIP_MONEY"
  "without contacts|SKIP_CONTACT"
  "without labelled app IDs|SKIP_LABEL"
  "without URLs|SKIP_URL"
  "without @handles|SKIP_HANDLE"
  "without phones|SKIP_PHONE"
  "without matching|SKIP_MATCH"
  "without the keyword automaton|SKIP_AC"
  "without the pattern regexes|SKIP_RE"
  "without matching and entities|SKIP_MATCH SKIP_ENT"
)
declare -A best
for _ in $(seq "$rounds"); do
  for v in "${variants[@]}"; do
    name=${v%%|*}
    vars=()
    for var in ${v#*|}; do vars+=("$var=1"); done
    rate=$(env "${vars[@]}" "$bin" "$posts" | cut -d' ' -f1)
    if [ -z "${best[$name]:-}" ] || awk -v a="$rate" -v b="${best[$name]}" 'BEGIN { exit !(a > b) }'; then
      best[$name]=$rate
    fi
  done
done

whole=${best["the whole pipeline"]}
echo "| variant ($(git rev-parse --short HEAD), best of $rounds rounds) | MB/s | ns per byte | the stage costs, ns per byte |"
echo "|---|---:|---:|---:|"
for v in "${variants[@]}"; do
  name=${v%%|*}
  awk -v n="$name" -v r="${best[$name]}" -v w="$whole" 'BEGIN {
    ns = 1000 / r; cost = 1000 / w - ns
    printf "| %s | %.1f | %.1f | %s |\n", n, r, ns, (n == "the whole pipeline" || n ~ /and entities/) ? "" : sprintf("%.1f", cost)
  }'
done
