"""lurescan.dask on a real ``distributed.LocalCluster`` with two worker processes, checked row by
row against ``lurescan.scan``.

dask and distributed are installed by tests/run-all.sh; these tests are never skipped."""

from __future__ import annotations

import pickle

import dask.dataframe as dd
import pandas as pd
import pytest
from cluster_posts import actual, detector_from_a_deleted_file, expected, posts
from conftest import PIGEON_PACK
from distributed import Client, LocalCluster

import lurescan
from lurescan import _cluster
from lurescan.dask import result_meta, scan_dataframe
from lurescan.pandas import COLUMNS


@pytest.fixture(scope="session")
def client():
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        yield client


def frame(texts, partitions=6):
    # An index that is not 0..n-1, to see that it is kept.
    index = pd.RangeIndex(1000, 1000 + len(texts))
    pdf = pd.DataFrame({"text": pd.Series(texts, index=index, dtype=object)})
    return dd.from_pandas(pdf, npartitions=partitions)


def text_of(value):
    return None if value is None or value is pd.NA else value


def test_every_row_equals_scan(client):
    texts = posts(3000)
    out = scan_dataframe(frame(texts), "text")
    assert list(out.columns) == ["text", *COLUMNS]
    assert out.npartitions == 6
    result = out.compute()
    assert list(result.index) == list(range(1000, 4000))
    assert result.dtypes.to_dict() == out.dtypes.to_dict()  # the declared meta is the truth
    for index, row in zip(result.index, result.itertuples(index=False)):
        text = text_of(row.text)
        assert text == texts[index - 1000]
        assert actual(*row[1:]) == expected(text), index
    assert set(result["band"].dropna()) == {"low", "review", "high"}
    assert result["missing"].sum() == sum(t is None for t in texts)


def test_custom_pack_travels_as_text_not_as_a_path(client, tmp_path):
    detector = detector_from_a_deleted_file(tmp_path)
    texts = posts(1500, seed=9)
    result = scan_dataframe(frame(texts, partitions=4), "text", detector).compute()
    assert len(result) == len(texts)
    for index, row in zip(result.index, result.itertuples(index=False)):
        assert actual(*row[1:]) == expected(text_of(row.text), detector), index
    assert any("pigeon.carrier" in ids for ids in result["rule_ids"])
    # Each worker process rebuilt the detector once, from the bytes that came with the graph.
    blob = pickle.dumps(detector)
    cached = client.run(lambda: blob in _cluster._detectors)
    assert any(cached.values())


def test_partition_of_missing_texts_only_matches_the_meta(client):
    out = scan_dataframe(frame([None, None, "hi", None], partitions=2), "text")
    result = out.compute()
    assert result.dtypes.to_dict() == out.dtypes.to_dict()
    assert result["missing"].tolist() == [True, True, False, True]


def test_contact_keys(client):
    df = frame(posts(300, seed=10), partitions=2)
    result = scan_dataframe(df, "text", contact_keys=True).compute()
    assert list(result.columns)[-1] == "contact_keys"
    for row in result.itertuples(index=False):
        assert actual(*row[1:]) == expected(text_of(row.text), contacts=True)
    assert any(len(keys) for keys in result["contact_keys"])


def test_result_meta_declares_every_column():
    meta = result_meta(pd.DataFrame({"text": pd.Series([], dtype=object)}))
    assert list(meta.columns) == ["text", *COLUMNS]
    assert meta.dtypes["score"] == "float64" and meta.dtypes["missing"] == "bool"


def test_wrong_input_is_refused():
    df = frame(["x"], partitions=1)
    with pytest.raises(KeyError):
        scan_dataframe(df, "post")
    with pytest.raises(ValueError, match="band"):
        scan_dataframe(df.assign(band="x"), "text")


def test_a_worker_builds_each_detector_once():
    blob = _cluster.detector_blob(lurescan.Detector(packs=[PIGEON_PACK]))
    assert _cluster.detector_from_blob(blob) is _cluster.detector_from_blob(blob)
