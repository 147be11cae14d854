"""lurescan against what an analyst writes today, side by side in one run, on one corpus.

    cargo run --release --example bench_corpus -- bench-data/corpus.txt 100
    .venv/bin/pip install flashtext pyahocorasick hyperscan
    .venv/bin/python benches/python_baselines.py bench-data/corpus.txt [--mb 20] [--re-mb 1]

Every contender searches the same folded keywords and the same regexes of the built-in pack
(written by bench_corpus beside the corpus). lurescan does far more per post (normalization,
evasion folding, word edges, entities, scoring); the baselines only find strings. Python ``re``
is run on a smaller slice (``--re-mb``): at its speed the full slice would take an hour.
Each figure is the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time

# Must be set before lurescan starts rayon's pool.
os.environ.setdefault("RAYON_NUM_THREADS", "2")

import lurescan  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, int]:
    times, result = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--mb", type=float, default=20.0, help="slice of the corpus to use")
    parser.add_argument("--re-mb", type=float, default=1.0, help="slice for Python re")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with open(args.corpus, encoding="utf-8") as f:
        all_posts = f.read().splitlines()
    with open(args.corpus + ".rules.json", encoding="utf-8") as f:
        rules = json.load(f)
    keywords, patterns = rules["keywords"], rules["patterns"]

    def take(mb: float) -> list[str]:
        out, size = [], 0
        for post in all_posts:
            if size >= mb * 1e6:
                break
            out.append(post)
            size += len(post.encode())
        return out

    posts = take(args.mb)
    mb = sum(len(p.encode()) for p in posts) / 1e6
    rows: list[tuple[str, float, int, float]] = []  # name, MB, posts, seconds

    detector = lurescan.Detector()
    detector.scan_many(posts[:2000])
    for threads, flag in [(1, "0"), (2, "1")]:
        os.environ["LURESCAN_PARALLELISM"] = flag
        secs, _ = timed(lambda: detector.scan_many(posts), args.repeat)
        rows.append((f"lurescan scan_many, {threads} thread(s), end to end", mb, len(posts), secs))

    lowered = [p.lower() for p in posts]

    import ahocorasick

    automaton = ahocorasick.Automaton()
    for i, kw in enumerate(keywords):
        automaton.add_word(kw, i)
    automaton.make_automaton()
    secs, _ = timed(lambda: sum(sum(1 for _ in automaton.iter(p)) for p in lowered), args.repeat)
    rows.append(("pyahocorasick, keywords only", mb, len(posts), secs))

    from flashtext import KeywordProcessor

    processor = KeywordProcessor()
    for kw in keywords:
        processor.add_keyword(kw)
    secs, _ = timed(lambda: sum(len(processor.extract_keywords(p)) for p in lowered), args.repeat)
    rows.append(("flashtext, keywords only", mb, len(posts), secs))

    try:
        import hyperscan

        exprs, ids = [], []
        for i, kw in enumerate(keywords):
            exprs.append(re.escape(kw).encode())
            ids.append(i)
        skipped = 0
        for j, pat in enumerate(patterns):
            try:
                db = hyperscan.Database()
                db.compile(expressions=[pat.encode()], flags=[hyperscan.HS_FLAG_UTF8])
                exprs.append(pat.encode())
                ids.append(len(keywords) + j)
            except Exception:
                skipped += 1
        db = hyperscan.Database()
        db.compile(
            expressions=exprs,
            ids=ids,
            flags=[hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_CASELESS] * len(exprs),
        )
        encoded = [p.encode() for p in posts]

        def run_hs() -> int:
            count = 0

            def on_match(*_args) -> None:
                nonlocal count
                count += 1

            for p in encoded:
                db.scan(p, match_event_handler=on_match)
            return count

        secs, _ = timed(run_hs, args.repeat)
        rows.append(
            (f"hyperscan, keywords + {len(patterns) - skipped} regexes", mb, len(posts), secs)
        )
    except ImportError:
        print("hyperscan not installed: skipped")

    re_posts = take(args.re_mb)
    re_mb = sum(len(p.encode()) for p in re_posts) / 1e6
    alternation = re.compile(
        "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
    )
    compiled = []
    for pat in patterns:
        try:
            compiled.append(re.compile(pat))
        except re.error:
            pass

    def run_re() -> int:
        count = 0
        for p in re_posts:
            low = p.lower()
            count += len(alternation.findall(low))
            count += sum(len(r.findall(low)) for r in compiled)
        return count

    secs, _ = timed(run_re, 1)
    rows.append(
        (f"Python re, one alternation + {len(compiled)} regexes", re_mb, len(re_posts), secs)
    )

    base = rows[0][1] / rows[0][3]
    print(f"corpus slice: {len(posts)} posts, {mb:.1f} MB; {len(keywords)} keywords")
    print("| contender | MB/s | posts/s | lurescan (1 thread) is x faster |")
    print("|---|---:|---:|---:|")
    for name, size, count, secs in rows:
        speed = size / secs
        print(f"| {name} | {speed:.2f} | {count / secs:,.0f} | {base / speed:.2f} |")


if __name__ == "__main__":
    main()
