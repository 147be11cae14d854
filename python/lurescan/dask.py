"""Dask: screen a column of a Dask DataFrame, on a laptop or a ``distributed`` cluster.

Dask is an optional dependency: ``pip install lurescan[dask]`` (dask[dataframe], distributed,
pandas), on the client and on every worker. Nothing here imports dask until it is called.

    from lurescan.dask import scan_dataframe

    scanned = scan_dataframe(posts, "text")  # posts: a Dask DataFrame with a column "text"
    flagged = scanned[scanned.band == "high"].compute()

Each partition is scanned with one ``Detector.scan_many`` call (``map_partitions``, with the
output schema declared so that Dask computes nothing to guess it). The detector travels pickled
inside the task graph, its packs as text, and each worker process builds it once.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from . import _cluster
from ._lurescan import Detector

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["result_meta", "scan_dataframe"]


def scan_dataframe(
    df: dd.DataFrame,
    column: str,
    detector: Detector | None = None,
    *,
    contact_keys: bool = False,
) -> dd.DataFrame:
    """Returns ``df`` with the result columns of ``df[column]`` added after its own columns.

    The columns are those of ``lurescan.pandas.COLUMNS`` (``score``, ``band``, ``victim_post``,
    ``categories``, ``rule_ids``, ``missing``), plus ``contact_keys`` when ``contact_keys=True``,
    with the values ``lurescan.pandas.scan_series`` gives; the index and the partitions of ``df``
    are kept.
    ``detector`` defaults to the built-in pack. Lazy, like any Dask operation.

    Raises ``ValueError`` if ``df`` already has a column of those names.
    """
    _require_dask()
    if column not in df.columns:
        raise KeyError(f"no column {column!r} in the DataFrame")
    _cluster.check_free_names(df.columns, contact_keys)
    meta = result_meta(df._meta, contact_keys=contact_keys)
    scan = functools.partial(
        _scan_partition,
        column=column,
        blob=_cluster.detector_blob(detector),
        dtypes=meta.dtypes.to_dict(),
    )
    return df.map_partitions(scan, meta=meta)


def result_meta(meta: pd.DataFrame, *, contact_keys: bool = False) -> pd.DataFrame:
    """The empty frame (``meta``) describing what ``scan_dataframe`` returns for ``meta``."""
    import pandas as pd

    empty: dict[str, Any] = {
        "score": pd.Series(dtype="float64", index=meta.index),
        # object, not the string dtype: a partition whose texts are all missing has only None
        # there, and both pandas 2 and 3 agree on object for a column of str and None.
        "band": pd.Series(dtype=object, index=meta.index),
        "victim_post": pd.Series(dtype=bool, index=meta.index),
        "categories": pd.Series(dtype=object, index=meta.index),
        "rule_ids": pd.Series(dtype=object, index=meta.index),
        "missing": pd.Series(dtype=bool, index=meta.index),
    }
    if contact_keys:
        empty[_cluster.CONTACT_KEYS] = pd.Series(dtype=object, index=meta.index)
    return meta.assign(**empty)


def _scan_partition(
    part: pd.DataFrame, *, column: str, blob: bytes, dtypes: dict[str, Any]
) -> pd.DataFrame:
    # Runs on the workers; a module-level function, so the graph carries a reference to it.
    import pandas as pd

    contact_keys = _cluster.CONTACT_KEYS in dtypes
    result = _cluster.scan_batch(part[column], blob, contact_keys)
    result = result.astype({name: dtypes[name] for name in result.columns})
    return pd.concat([part, result], axis=1)


def _require_dask() -> None:
    try:
        import dask.dataframe  # noqa: F401
    except ImportError as err:
        raise ImportError(
            "lurescan.dask needs dask[dataframe] and pandas: pip install 'lurescan[dask]'"
        ) from err
