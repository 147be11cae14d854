from __future__ import annotations

import math

import pandas as pd
from conftest import LURE

import lurescan
from lurescan.pandas import COLUMNS, scan_frame


def test_scan_frame_round_trip_preserves_index_and_marks_missing():
    df = pd.DataFrame(
        {"text": [LURE, None, "hello", float("nan"), pd.NA]},
        index=["a", "b", "c", "d", "e"],
    )
    out = scan_frame(df, "text")
    assert list(out.columns) == COLUMNS
    assert list(out.index) == list(df.index)
    assert out.loc["a", "band"] == "high"
    assert out.loc["a", "score"] == lurescan.scan(LURE).score
    assert "pay" in out.loc["a", "categories"]
    assert set(out.loc["a", "rule_ids"]) == set(lurescan.scan(LURE).rule_ids)
    for key in ["b", "d", "e"]:
        assert out.loc[key, "missing"]
        assert math.isnan(out.loc[key, "score"])
        assert pd.isna(out.loc[key, "band"])
        assert out.loc[key, "rule_ids"] == []
    assert not out.loc["c", "missing"] and out.loc["c", "band"] == "low"
    joined = df.join(out)
    assert len(joined) == len(df)


def test_scan_frame_with_a_custom_detector(pigeon):
    df = pd.DataFrame({"post": ["carrier pigeon", "no"]})
    out = scan_frame(df, "post", detector=pigeon)
    assert out["rule_ids"].tolist() == [["pigeon.carrier"], []]


def test_scan_frame_unknown_column():
    import pytest

    with pytest.raises(KeyError):
        scan_frame(pd.DataFrame({"a": ["x"]}), "text")


def test_scan_many_takes_a_series_with_missing_values(pigeon):
    series = pd.Series(["carrier pigeon", pd.NA, None, float("nan")], dtype=object)
    reports = pigeon.scan_many(series)
    assert reports[0].rule_ids == ["pigeon.carrier"]
    assert reports[1:] == [None, None, None]
