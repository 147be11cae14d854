"""lurescan: find fake job offers and scam-compound recruitment lures in multilingual posts.

>>> import lurescan
>>> report = lurescan.scan("Lowongan kerja di Kamboja, gaji 15 juta/bulan, tanpa pengalaman, "
...                        "tiket dan visa ditanggung, hubungi Telegram")
>>> report.band
'high'
>>> all(report.text[h.start:h.end] == h.matched for h in report.hits)
True

Offsets (``Hit.start``, ``Hit.end``) are code points into the scanned text. A str with lone
surrogates (what ``errors="surrogateescape"`` leaves of undecodable bytes) is scanned with each
of them read as U+FFFD, so its offsets still count one code point for each.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable

from ._errors import LurescanError, RuleError
from ._lurescan import (
    Calibration,
    Detector,
    Hit,
    Report,
    __version__,
    _after_fork_in_child,
    shared_contacts,
)

__all__ = [
    "Calibration",
    "Detector",
    "Hit",
    "LurescanError",
    "Report",
    "RuleError",
    "__version__",
    "default_detector",
    "scan",
    "scan_many",
    "shared_contacts",
]

# rayon's worker threads do not survive fork(): a forked child scans sequentially unless
# LURESCAN_PARALLELISM=1 forces parallelism.
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)

_default: Detector | None = None
_default_lock = threading.Lock()


def default_detector() -> Detector:
    """The detector with the built-in pack, built once per process."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Detector()
    return _default


def scan(text: str) -> Report:
    """Scans one post with the built-in pack."""
    return default_detector().scan(text)


def scan_many(texts: Iterable[str | None]) -> list[Report | None]:
    """Scans many posts in parallel with the built-in pack; ``None``/NaN items give ``None``."""
    return default_detector().scan_many(texts)
