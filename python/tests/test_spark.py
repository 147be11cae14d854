"""lurescan.spark on a real local Spark session (``local[2]``: two executor cores, forked Python
workers, Arrow batches), checked row by row against ``lurescan.scan``.

pyspark and Java are installed by tests/run-all.sh; these tests are never skipped."""

from __future__ import annotations

import os
import sys

import pandas as pd
import pytest
from cluster_posts import actual, detector_from_a_deleted_file, expected, posts
from pyspark.sql import SparkSession

from lurescan.pandas import COLUMNS
from lurescan.spark import result_schema, scan_dataframe

# pyspark 4 warns that it does not fully support pandas 3; lurescan's batches hold only plain
# columns (float, str, bool, lists of str), which these tests check value by value.
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    # Loopback only: the driver, the executors and the Python workers all talk over 127.0.0.1.
    saved = {key: os.environ.get(key) for key in ("SPARK_LOCAL_IP", "PYSPARK_PYTHON")}
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers import this venv's lurescan
    session = (
        SparkSession.builder.master("local[2]")
        .appName("lurescan-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("warehouse")))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def frame(spark, texts, partitions=4):
    pdf = pd.DataFrame({"id": range(len(texts)), "text": pd.Series(texts, dtype=object)})
    return spark.createDataFrame(pdf, "id long, text string").repartition(partitions)


def test_every_row_equals_scan(spark):
    texts = posts(3000)
    out = scan_dataframe(frame(spark, texts), "text")
    assert out.columns == ["id", "text", *COLUMNS]
    rows = out.collect()
    assert len(rows) == len(texts)
    for row in rows:
        assert row.text == texts[row.id]
        assert actual(*row[2:]) == expected(row.text), row.id
    # The corpus covers every band and the missing texts.
    assert {row.band for row in rows} == {"low", "review", "high", None}


def test_custom_pack_travels_as_text_not_as_a_path(spark, tmp_path):
    detector = detector_from_a_deleted_file(tmp_path)
    texts = posts(1500, seed=9)
    rows = scan_dataframe(frame(spark, texts), "text", detector).collect()
    assert len(rows) == len(texts)
    for row in rows:
        assert actual(*row[2:]) == expected(row.text, detector), row.id
    assert any("pigeon.carrier" in row.rule_ids for row in rows)


def test_result_schema(spark):
    df = frame(spark, ["x"])
    schema = result_schema(df.schema)
    assert [f.name for f in schema.fields] == ["id", "text", *COLUMNS]
    assert [f.dataType.simpleString() for f in schema.fields[2:]] == [
        "double",
        "string",
        "boolean",
        "array<string>",
        "array<string>",
        "boolean",
    ]
    assert scan_dataframe(df, "text").schema == schema


def test_contact_keys(spark):
    df = frame(spark, posts(300, seed=10))
    out = scan_dataframe(df, "text", contact_keys=True)
    assert out.columns[-1] == "contact_keys"
    rows = out.collect()
    for row in rows:
        assert actual(*row[2:]) == expected(row.text, contacts=True), row.id
    assert any(row.contact_keys for row in rows)


def test_wrong_input_is_refused_before_any_job(spark):
    df = frame(spark, ["x"])
    with pytest.raises(KeyError):
        scan_dataframe(df, "post")
    with pytest.raises(TypeError, match="string column"):
        scan_dataframe(df, "id")
    with pytest.raises(ValueError, match="score"):
        scan_dataframe(df.withColumnRenamed("id", "score"), "text")
    with pytest.raises(TypeError, match="Detector"):
        scan_dataframe(df, "text", detector="patterns/")  # type: ignore[arg-type]
