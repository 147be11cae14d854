#!/usr/bin/env bash
# Throughput and peak memory of `lurescan scan` on a generated JSONL file (1 GB by default), on
# 1 and 2 threads. Not a test: run it by hand and copy the figures into README.md.
#
#   bash benches/cli_throughput.sh [SIZE_MB]
#
# The input is written once to bench-data/ (gitignored): posts of examples/posts.jsonl, shuffled
# and joined one to three at a time with neutral filler so that no two records are the same.
# Needs python3 and GNU time (`apt-get install time`).
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb=${1:-1024}
data=bench-data/posts-${size_mb}mb.jsonl
mkdir -p bench-data

if [ ! -f "$data" ]; then
  echo "== generating $data"
  python3 - "$size_mb" "$data" <<'PY'
import json, random, sys

size = int(sys.argv[1]) * 1024 * 1024
posts = [json.loads(line)["text"] for line in open("examples/posts.jsonl", encoding="utf-8")]
filler = [
    "Please share with friends.", "Details in the comments.", "Posted today.",
    "Serious applicants only.", "Thank you for reading.", "Open to all regions.",
]
rng = random.Random(5)
written, n = 0, 0
with open(sys.argv[2], "w", encoding="utf-8") as out:
    while written < size:
        lines = []
        for _ in range(10000):
            n += 1
            parts = rng.sample(posts, rng.randint(1, 3)) + [rng.choice(filler)]
            rng.shuffle(parts)
            record = {"id": f"post-{n}", "source": "synthetic", "text": " ".join(parts)}
            lines.append(json.dumps(record, ensure_ascii=False))
        chunk = "\n".join(lines) + "\n"
        out.write(chunk)
        written += len(chunk.encode("utf-8"))
print(f"{n} records, {written / 1e6:.0f} MB")
PY
fi

cargo build --release --features cli --bin lurescan
bytes=$(stat -c %s "$data")
for threads in 1 2; do
  echo "== $threads thread(s)"
  /usr/bin/time -v target/release/lurescan scan "$data" --threads "$threads" --progress never \
      -o /dev/null 2> bench-data/time-$threads.txt || true
  grep "records screened" bench-data/time-$threads.txt
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
      for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' bench-data/time-$threads.txt)
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' bench-data/time-$threads.txt)
  awk -v b="$bytes" -v s="$seconds" -v r="$rss_kb" -v t="$threads" 'BEGIN {
      printf "threads %d: %.0f MB in %.1f s = %.1f MB/s, peak RSS %.0f MB\n",
             t, b / 1e6, s, b / 1e6 / s, r / 1024 }'
done
