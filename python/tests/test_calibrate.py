"""Detector.calibrate and Detector.evaluate: the Rust calibration and evaluation from a notebook."""

from __future__ import annotations

import math
import pathlib

import pytest
from conftest import PIGEON_PACK

import lurescan


def labelled() -> tuple[list[str], list[bool], list[str]]:
    """Synthetic posts: most lures ask for a carrier pigeon, ordinary posts never do."""
    texts, labels, groups = [], [], []
    for i in range(120):
        lure = "easy money, write to me" if i % 5 == 0 else "easy money, reply by carrier pigeon"
        texts.append(f"{lure} #{i}")
        labels.append(True)
        groups.append("sms")
        for text in ["lunch at noon", "a pigeon on the roof"]:
            texts.append(f"{text} #{i}")
            labels.append(False)
            groups.append(["sms", "forum"][i % 2])
    return texts, labels, groups


def test_calibrate_fits_compares_held_out_rows_and_writes_a_pack(tmp_path: pathlib.Path):
    pack = tmp_path / "pigeon.toml"
    pack.write_text(PIGEON_PACK, encoding="utf-8")
    detector = lurescan.Detector(packs=[tmp_path], builtin=False)
    texts, labels, groups = labelled()
    cal = detector.calibrate(texts, labels, groups)

    assert isinstance(cal, lurescan.Calibration)
    assert "pigeon" in cal.scales and "pigeon" not in cal.kept_prior
    assert 0.5 <= cal.scales["pigeon"] <= 3.0
    assert cal.review == 0.5 and cal.high > cal.review
    assert 0 < cal.trained_on < len(texts)

    comparison = cal.comparison
    assert [g["group"] for g in comparison["groups"]] == ["sms", "forum"]
    overall = comparison["overall"]
    assert overall["positives"] + overall["negatives"] == len(texts) - cal.trained_on
    assert overall["after"]["roc_auc"] > 0.85
    assert overall["before"]["review"]["recall"] == 0.0  # one pigeon rule alone stays low
    assert overall["after"]["review"]["recall"] > 0.7
    assert overall["after"]["review"]["false_positive_rate"] == 0.0
    forum = comparison["groups"][1]
    assert forum["positives"] == 0 and forum["after"]["review"]["recall"] is None
    assert "| pigeon |" in cal.report() and "| **all** |" in cal._repr_markdown_()

    written = cal.write(tmp_path)
    assert written == [str(pack)]
    recalibrated = lurescan.Detector(packs=[tmp_path], builtin=False)
    for text in texts[:8]:
        before, after = detector.scan(text), recalibrated.scan(text)

        def logit(p: float) -> float:
            return math.log(p / (1 - p))

        # Weights are written rounded to two decimals.
        assert abs(logit(after.score) - logit(cal.score(before))) < 0.1


def test_calibrate_without_hold_out_and_bad_arguments(pigeon: lurescan.Detector):
    texts, labels, _ = labelled()
    cal = pigeon.calibrate(texts, labels, hold_out=False)
    assert cal.comparison is None and cal.trained_on == len(texts)
    with pytest.raises(ValueError, match="one label and one group per text"):
        pigeon.calibrate(texts, labels[:-1])
    with pytest.raises(ValueError, match="both lures and legitimate posts"):
        pigeon.calibrate(texts[:10], [True] * 10)
    with pytest.raises(ValueError, match="max_fp_high is a share between 0 and 1"):
        pigeon.calibrate(texts, labels, max_fp_high=5.0)
    # 0/1 labels, as in most labelled data sets, are the same as False/True.
    as_ints = pigeon.calibrate(texts, [int(x) for x in labels], hold_out=False)
    assert as_ints.scales == cal.scales and as_ints.bias == cal.bias
    with pytest.raises(TypeError, match="labels True/False or 1/0, label 0 is 2"):
        pigeon.calibrate(texts, [2] + labels[1:])
    with pytest.raises(TypeError):
        pigeon.calibrate(texts, labels, max_fp_review="high")  # type: ignore[arg-type]


def test_evaluate_measures_the_packs_as_loaded(pigeon: lurescan.Detector):
    texts, labels, groups = labelled()
    result = pigeon.evaluate(texts, [int(x) for x in labels], groups)
    assert [g["group"] for g in result["groups"]] == ["sms", "forum"]
    overall = result["overall"]
    assert (overall["positives"], overall["negatives"]) == (120, 240)
    # One pigeon rule alone stays under `review`; the ranking still separates the classes.
    assert overall["metrics"]["review"]["recall"] == 0.0
    assert overall["metrics"]["review"]["false_positive_rate"] == 0.0
    assert overall["metrics"]["roc_auc"] == 0.9
    forum = result["groups"][1]["metrics"]
    assert forum["roc_auc"] is None and forum["review"]["recall"] is None
    with pytest.raises(TypeError, match=r"evaluate\(\) expects labels True/False or 1/0"):
        pigeon.evaluate(texts, ["yes"] + labels[1:])
    # Texts as any iterable (a pandas Series too), lone surrogates read as scan reads them.
    scraped = [t + " \udcff" for t in texts]
    assert pigeon.evaluate(iter(scraped), labels, groups)["overall"] == overall
    with pytest.raises(TypeError, match="text 1 is int, not a str"):
        pigeon.evaluate([texts[0], 5, *texts[2:]], labels)
    with pytest.raises(TypeError, match="iterable of str, got one str"):
        pigeon.evaluate("one post", [True])
