"""pandas helpers: screen a column of posts into a DataFrame of results.

pandas is an optional dependency: ``pip install lurescan[pandas]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import default_detector
from ._lurescan import Detector

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "scan_frame", "scan_series"]

#: The columns ``scan_frame`` and ``scan_series`` return.
COLUMNS = ["score", "band", "victim_post", "categories", "rule_ids", "missing"]


def scan_series(
    texts: pd.Series, detector: Detector | None = None, *, contact_keys: bool = False
) -> pd.DataFrame:
    """Scans a Series of posts; one row per input row, index preserved.

    With ``contact_keys=True`` a ``contact_keys`` column follows ``COLUMNS``: each post's
    normalized recruiter contacts (see ``Report.contact_keys``).

    Missing values (None, NaN, pd.NA) give ``missing=True``, ``score`` NaN and a missing ``band``,
    rather than an error. Non-missing values that are not str raise ``TypeError``.
    """
    import pandas as pd

    detector = detector or default_detector()
    values = [None if _is_missing(v) else v for v in texts.tolist()]
    reports = detector.scan_many(values)
    rows = []
    for report in reports:
        if report is None:
            row = [float("nan"), None, False, [], [], True]
        else:
            row = [
                report.score,
                report.band,
                report.victim_post,
                report.category_ids,
                report.rule_ids,
                False,
            ]
        if contact_keys:
            row.append([] if report is None else report.contact_keys)
        rows.append(row)
    columns = [*COLUMNS, "contact_keys"] if contact_keys else COLUMNS
    return pd.DataFrame(rows, columns=columns, index=texts.index)


def scan_frame(df: pd.DataFrame, column: str, detector: Detector | None = None) -> pd.DataFrame:
    """Scans ``df[column]``; returns the result columns (see ``COLUMNS``) with ``df``'s index.

    Join it back with ``df.join(scan_frame(df, "text"))``.
    """
    if column not in df.columns:
        raise KeyError(f"no column {column!r} in the DataFrame")
    return scan_series(df[column], detector)


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, str) else False
    except (TypeError, ValueError):
        return False
