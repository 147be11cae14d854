"""What ``lurescan.spark`` and ``lurescan.dask`` share: shipping a detector to workers and
scanning one batch of a column there.

A detector travels as its pickle (packs as text, never as paths, since a worker does not see the
driver's files) and is rebuilt once per worker process, keyed by those bytes: compiling a pack
costs far more than scanning a batch, and engines run many batches, of many jobs, in one process.
"""

from __future__ import annotations

import pickle
import threading
from typing import TYPE_CHECKING

from . import default_detector
from ._lurescan import Detector
from .pandas import COLUMNS, scan_series

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

#: The column of contact keys, added after ``COLUMNS`` when asked for.
CONTACT_KEYS = "contact_keys"

_detectors: dict[bytes, Detector] = {}
_detectors_lock = threading.Lock()


def result_columns(contact_keys: bool) -> list[str]:
    return [*COLUMNS, CONTACT_KEYS] if contact_keys else list(COLUMNS)


def check_free_names(existing: Iterable[str], contact_keys: bool) -> None:
    taken = set(existing)
    clash = [name for name in result_columns(contact_keys) if name in taken]
    if clash:
        raise ValueError(
            f"the DataFrame already has column(s) {clash} that lurescan would add; rename them"
        )


def detector_blob(detector: Detector | None) -> bytes:
    """The bytes that travel with a job: the pickled detector (built-in pack by default)."""
    if detector is not None and not isinstance(detector, Detector):
        raise TypeError(f"detector must be a lurescan.Detector, not {type(detector).__name__}")
    return pickle.dumps(detector or default_detector())


def detector_from_blob(blob: bytes) -> Detector:
    """The detector of ``blob``, built at most once per process."""
    detector = _detectors.get(blob)
    if detector is None:
        with _detectors_lock:
            detector = _detectors.get(blob)
            if detector is None:
                detector = pickle.loads(blob)
                _detectors[blob] = detector
    return detector


def scan_batch(texts: pd.Series, blob: bytes, contact_keys: bool) -> pd.DataFrame:
    """The result columns for one batch of posts, with the batch's index."""
    return scan_series(texts, detector_from_blob(blob), contact_keys=contact_keys)
