"""PySpark: screen a column of a Spark DataFrame on the cluster.

PySpark is an optional dependency: ``pip install lurescan[spark]`` (pyspark, pyarrow, pandas), on
the driver and on every executor. Nothing here imports pyspark until it is called.

    from lurescan.spark import scan_dataframe

    scanned = scan_dataframe(posts, "text")  # posts: a DataFrame with a string column "text"
    scanned.where("band = 'high'").select("text", "score", "rule_ids").show()

Batches travel between the JVM and the Python workers as Arrow record batches
(``mapInPandas``), ``spark.sql.execution.arrow.maxRecordsPerBatch`` rows at a time (10,000 by
default); each batch is scanned with one ``Detector.scan_many`` call. The detector travels
pickled inside the job, its packs as text, and each Python worker process builds it once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import _cluster
from ._lurescan import Detector

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType

__all__ = ["result_schema", "scan_dataframe"]


def scan_dataframe(
    df: DataFrame,
    column: str,
    detector: Detector | None = None,
    *,
    contact_keys: bool = False,
) -> DataFrame:
    """Returns ``df`` with the result columns of ``df[column]`` added after its own columns.

    The columns are those of ``lurescan.pandas.COLUMNS``: ``score`` (double, null when the text
    is null), ``band`` (string), ``victim_post`` (boolean), ``categories`` and ``rule_ids``
    (array<string>) and ``missing`` (boolean), and ``contact_keys`` (array<string>) when
    ``contact_keys=True``.
    ``column`` must be a string column; ``detector`` defaults to the built-in pack. The
    transformation is lazy, like any Spark transformation: nothing runs until an action.

    Raises ``ValueError`` if ``df`` already has a column of those names.
    """
    _require_pyspark()
    from pyspark.sql.types import StringType

    if column not in df.columns:
        raise KeyError(f"no column {column!r} in the DataFrame")
    kind = df.schema[column].dataType
    if not isinstance(kind, StringType):
        raise TypeError(f"column {column!r} must be a string column, not {kind.simpleString()}")
    _cluster.check_free_names(df.columns, contact_keys)
    scan = functools.partial(
        _scan_batches,
        column=column,
        blob=_cluster.detector_blob(detector),
        contact_keys=contact_keys,
    )
    return df.mapInPandas(scan, result_schema(df.schema, contact_keys=contact_keys))


def result_schema(schema: StructType, *, contact_keys: bool = False) -> StructType:
    """The schema ``scan_dataframe`` returns for a DataFrame of schema ``schema``."""
    _require_pyspark()
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        StringType,
        StructField,
        StructType,
    )

    strings = ArrayType(StringType(), containsNull=False)
    fields = [
        StructField("score", DoubleType(), nullable=True),
        StructField("band", StringType(), nullable=True),
        StructField("victim_post", BooleanType(), nullable=False),
        StructField("categories", strings, nullable=False),
        StructField("rule_ids", strings, nullable=False),
        StructField("missing", BooleanType(), nullable=False),
    ]
    if contact_keys:
        fields.append(StructField(_cluster.CONTACT_KEYS, strings, nullable=False))
    return StructType([*schema.fields, *fields])


def _scan_batches(
    batches: Iterator[pd.DataFrame], *, column: str, blob: bytes, contact_keys: bool
) -> Iterator[pd.DataFrame]:
    # Runs in the Python workers. A module-level function pickles by reference, so the job
    # carries only its arguments (the detector's bytes among them), not this code.
    import pandas as pd

    for batch in batches:
        result = _cluster.scan_batch(batch[column], blob, contact_keys)
        yield pd.concat([batch, result], axis=1)


def _require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError as err:
        raise ImportError(
            "lurescan.spark needs pyspark, pyarrow and pandas: pip install 'lurescan[spark]'"
        ) from err
