"""Synthetic posts and the expected result of a row, shared by the Spark and Dask tests."""

from __future__ import annotations

import math
import pathlib
import random

from conftest import PIGEON_PACK

import lurescan

# Ordinary chat, job ads, lures in several languages, news, a victim's help post, and the test
# pack's pigeon.
FRAGMENTS = [
    "Hi, are we still meeting for lunch tomorrow?",
    "We are hiring a senior accountant for our Jakarta office, apply with your CV.",
    "Lowongan kerja di Kamboja, gaji 15 juta/bulan, tanpa pengalaman, hubungi Telegram",
    "Tuyển nhân viên CSKH tại Campuchia, việc nhẹ lương cao, bao ăn ở",
    "Tuyen nhan vien, viec nhe luong cao, lien he zalo",
    "รับสมัครแอดมินออนไลน์ ทำงานที่กัมพูชา รายได้สูง มีที่พักและอาหารให้",
    "招聘客服，柬埔寨西港，月薪3万，包吃包住，包机票",
    "Police rescued victims of fake job offers in Cambodia, the ministry said.",
    "Cứu em với, em bị giữ hộ chiếu, không cho về",
    "Free flight and visa, no experience, only typing, contact t3legram @hr_example",
    "Apply now, Telegram @hr_example or WhatsApp +855 12 000 111",
    "ကမ္ဘောဒီးယားမှာ အလုပ်ရှိတယ် လစာကောင်းတယ်",
    "send a carrier pigeon to apply",
    "ส่งนกพิราบ",
    "",
]


def posts(n: int, seed: int = 8) -> list[str | None]:
    """``n`` posts of one to three fragments; every ninth is missing."""
    rng = random.Random(seed)
    return [
        None if i % 9 == 4 else " ".join(rng.choices(FRAGMENTS, k=rng.randint(1, 3)))
        for i in range(n)
    ]


def detector_from_a_deleted_file(folder: pathlib.Path) -> lurescan.Detector:
    """A custom detector whose pack file no longer exists: workers must get the pack as text."""
    path = folder / "pigeon.toml"
    path.write_text(PIGEON_PACK, encoding="utf-8")
    detector = lurescan.Detector(
        packs=[path], disable=["destination.country-name"], thresholds=(0.4, 0.8)
    )
    path.unlink()
    return detector


def expected(text: str | None, detector: lurescan.Detector | None = None, contacts=False):
    """What a row scanned on a cluster must hold: ``lurescan.scan`` (or ``detector.scan``) of
    its text, as (score, band, categories, rule_ids, missing[, contact_keys])."""
    if text is None:
        row = (None, None, False, [], [], True)
        return (*row, []) if contacts else row
    report = (detector or lurescan.default_detector()).scan(text)
    categories = [c["category"] for c in report.categories if c["contribution"] > 0]
    row = (report.score, report.band, report.victim_post, categories, report.rule_ids, False)
    return (*row, list(report.contact_keys)) if contacts else row


def actual(score, band, victim_post, categories, rule_ids, missing, *contact_keys):
    """A result row as the engines give it, with NaN and pd.NA read as None."""
    if isinstance(score, float) and math.isnan(score):
        score = None
    if band is not None and not isinstance(band, str):
        band = None  # NaN or pd.NA
    lists = [list(categories), list(rule_ids)] + [list(keys) for keys in contact_keys]
    return (score, band, bool(victim_post), lists[0], lists[1], bool(missing), *lists[2:])
