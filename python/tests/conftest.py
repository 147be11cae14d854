from __future__ import annotations

import pytest

import lurescan

LURE = (
    "Lowongan kerja di Kamboja, gaji 15 juta/bulan, tanpa pengalaman, tiket dan visa ditanggung, "
    "hubungi Telegram @hr_xxxx"
)

ENGINE_PACK = """
[scoring]
bias = -4.0

[category]
id = "contact"
name = "Contact"
cap = 2.0

[[rule]]
id = "contact.pigeon"
description = "Apply by carrier pigeon"
weight = 1.5
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
    return lurescan.Detector(packs=[ENGINE_PACK], builtin=False)
