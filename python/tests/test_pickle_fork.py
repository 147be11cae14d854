from __future__ import annotations

import multiprocessing
import os
import pickle
import sys

import pytest
from conftest import PIGEON_PACK

import lurescan


def test_detector_pickles_with_its_packs_as_text(tmp_path):
    path = tmp_path / "pack.toml"
    path.write_text(PIGEON_PACK, encoding="utf-8")
    detector = lurescan.Detector(packs=[path], builtin=False, thresholds=(0.2, 0.9))
    blob = pickle.dumps(detector)
    path.unlink()  # a worker never sees the driver's files
    clone = pickle.loads(blob)
    assert clone.thresholds == (0.2, 0.9)
    assert clone.scan("carrier pigeon").to_dict() == detector.scan("carrier pigeon").to_dict()


def test_rule_error_pickles():
    err = lurescan.RuleError("bad", "f.toml", 3, "x.y")
    back = pickle.loads(pickle.dumps(err))
    assert (back.file, back.line, back.rule_id, str(back)) == ("f.toml", 3, "x.y", "bad")


def _scan_in_worker(args):
    detector, text = args
    return detector.scan_many([text, text])[0].rule_ids


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_scan_many_after_fork_does_not_deadlock():
    # Start rayon's pool in the parent, then fork: the child must still scan.
    lurescan.default_detector().scan_many(["warm up the pool"] * 1000)
    ctx = multiprocessing.get_context("fork")
    detector = lurescan.Detector(packs=[PIGEON_PACK], builtin=False)
    with ctx.Pool(2) as pool:
        results = pool.map(_scan_in_worker, [(detector, "carrier pigeon")] * 4, chunksize=1)
    assert results == [["pigeon.carrier"]] * 4


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_forked_child_scans_sequentially_by_default():
    lurescan.default_detector().scan_many(["warm"] * 100)
    pid = os.fork()
    if pid == 0:  # child
        code = 0
        try:
            reports = lurescan.scan_many(["Kerja di Kamboja"] * 100)
            code = 0 if len(reports) == 100 else 1
        except BaseException:
            code = 2
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_reports_and_hits_pickle_and_come_back_from_worker_processes():
    posts = [
        "Tuyển CSKH làm việc tại Campuchia, việc nhẹ lương cao, liên hệ Telegram @example_hr 😀",
        "รับสมัครด่วนไปทำงานกัมพูชา รายได้วันละ 1,500 บาท ทักไลน์",
    ]
    for post in posts:
        report = lurescan.scan(post)
        back = pickle.loads(pickle.dumps(report))
        assert back.to_dict() == report.to_dict()
        assert back.explain() == report.explain()
        hit = report.hits[0]
        assert repr(pickle.loads(pickle.dumps(hit))) == repr(hit)
    # What multiprocessing.Pool.map(lurescan.scan, posts) needs.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        reports = pool.map(lurescan.scan, posts)
    assert [r.to_dict() for r in reports] == [lurescan.scan(p).to_dict() for p in posts]


def test_a_tampered_report_pickle_is_a_value_error():
    report = lurescan.scan("Kerja di Kamboja, hubungi Telegram @example_hr")
    _, (text, json) = report.__reduce__()
    with pytest.raises(ValueError, match="not a lurescan report"):
        lurescan._lurescan._rebuild_report("短", json)  # spans no longer fit the text
    with pytest.raises(ValueError, match="not a lurescan report"):
        lurescan._lurescan._rebuild_report(text, "{}")
