"""Benchmark: Python ``scan_many`` against the Rust ``scan_batch`` on the same posts, one run.

    .venv/bin/python benches/python_scan_many.py [--posts 100000] [--repeat 5]

The Rust figure is timed inside Rust (``Detector._scan_batch_native``), so it excludes every
Python conversion; the ``scan_many`` figure includes copying the inputs and building the Python
report objects, which is what a notebook user pays. Both use rayon's default pool (all cores).
Medians of ``--repeat`` alternating runs are reported, since this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import lurescan

# Synthetic fragments in the languages lurescan covers: ordinary chat, job ads and lures.
FRAGMENTS = [
    "Hi, are we still meeting for lunch tomorrow?",
    "We are hiring a senior accountant for our Jakarta office, apply with your CV.",
    "Lowongan kerja di Kamboja, gaji 15 juta/bulan, tanpa pengalaman, hubungi Telegram",
    "Tuyển nhân viên CSKH tại Campuchia, việc nhẹ lương cao, bao ăn ở",
    "Tuyen nhan vien, viec nhe luong cao, lien he zalo",
    "รับสมัครแอดมินออนไลน์ ทำงานที่กัมพูชา รายได้สูง มีที่พักและอาหารให้",
    "招聘客服，柬埔寨西港，月薪3万，包吃包住，包机票",
    "Mari makan malam bersama keluarga hari Minggu ini.",
    "Chúc mừng sinh nhật bạn, chúc bạn luôn vui vẻ!",
    "ขอบคุณมากครับ พรุ่งนี้เจอกันที่ออฟฟิศ",
    "今天天气很好，我们去公园散步吧。",
    "Police rescued victims of fake job offers in Cambodia, the ministry said.",
    "Promo hemat! Beli 1 gratis 1 hanya hari ini di toko kami 🎉",
    "Meeting moved to 3pm, see https://example.org/agenda 🙂",
    "ကမ္ဘောဒီးယားမှာ အလုပ်ရှိတယ် လစာကောင်းတယ်",
    "ការងារនៅភ្នំពេញ ប្រាក់ខែខ្ពស់",
]


def corpus(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choices(FRAGMENTS, k=rng.randint(1, 4))) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    posts = corpus(args.posts)
    mb = sum(len(p.encode()) for p in posts) / 1e6
    detector = lurescan.Detector()
    detector.scan_many(posts[:1000])  # warm up the pool and the caches

    rust, python = [], []
    for _ in range(args.repeat):
        hits_rust, seconds = detector._scan_batch_native(posts)
        rust.append(seconds)
        start = time.perf_counter()
        reports = detector.scan_many(posts)
        python.append(time.perf_counter() - start)
        hits_python = sum(len(r.hits) for r in reports)
        assert hits_python == hits_rust, (hits_python, hits_rust)

    r, p = statistics.median(rust), statistics.median(python)
    print(f"{args.posts} posts, {mb:.1f} MB, {hits_rust} hits, median of {args.repeat} runs")
    print(f"Rust scan_batch     {r:7.3f} s  {args.posts / r:10.0f} posts/s  {mb / r:7.1f} MB/s")
    print(f"Python scan_many    {p:7.3f} s  {args.posts / p:10.0f} posts/s  {mb / p:7.1f} MB/s")
    print(f"ratio scan_many / scan_batch = {p / r:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
