from __future__ import annotations

import pytest

import lurescan

LURE = (
    "Lowongan kerja di Kamboja, gaji 15 juta/bulan, tanpa pengalaman, tiket dan visa ditanggung, "
    "hubungi Telegram @hr_xxxx"
)

# A pack with a category of its own, so it loads alone (builtin=False, default scoring) and
# beside the built-in pack alike.
PIGEON_PACK = """
[category]
id = "pigeon"
name = "Pigeon post"
cap = 3.0

[[rule]]
id = "pigeon.carrier"
description = "Apply by carrier pigeon"
weight = 2.5
[rule.keywords]
en = ["carrier pigeon"]
th = ["นกพิราบ"]
[rule.examples]
match = ["send a carrier pigeon", "ส่งนกพิราบ"]
no_match = ["a pigeon"]
"""


@pytest.fixture(scope="session")
def detector() -> lurescan.Detector:
    return lurescan.default_detector()


@pytest.fixture(scope="session")
def pigeon() -> lurescan.Detector:
    return lurescan.Detector(packs=[PIGEON_PACK], builtin=False)
