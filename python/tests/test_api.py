from __future__ import annotations

import json
import pathlib

import pytest
from conftest import LURE, PIGEON_PACK

import lurescan


def test_scan_builtin_high_with_code_point_spans():
    report = lurescan.scan(LURE)
    assert report.band == "high"
    assert 0.85 <= report.score <= 1.0
    assert len({h.category for h in report.hits}) >= 4
    for hit in report.hits:
        assert LURE[hit.start : hit.end] == hit.matched


def test_victim_post_is_flagged_whatever_the_band():
    # Two indicators of coercion, no destination: low as a lure, flagged as a help post.
    report = lurescan.scan("Cứu em với, em bị giữ hộ chiếu, không cho về")
    assert report.victim_post and report.band == "low"
    assert report.to_dict()["victim_post"] is True
    news = lurescan.scan("Công an giải cứu 15 nạn nhân bị giữ hộ chiếu, không cho về")
    assert not news.victim_post


def test_code_points_not_bytes(pigeon):
    text = "ไปทำงาน ส่งนกพิราบ 🙂 send a carrier pigeon"
    report = pigeon.scan(text)
    assert [h.matched for h in report.hits] == ["นกพิราบ", "carrier pigeon"]
    for hit in report.hits:
        assert text[hit.start : hit.end] == hit.matched
    assert report.hits[0].start == text.index("นกพิราบ")


def test_lone_surrogates_are_read_as_replacement_characters(pigeon):
    # What errors="surrogateescape" leaves of undecodable bytes in scraped text.
    raw = b"\xff\xfe send a carrier pigeon \xc3(".decode("utf-8", errors="surrogateescape")
    for report in [pigeon.scan(raw), *pigeon.scan_many(["ok", raw, None])[1:2]]:
        (hit,) = report.hits
        assert (hit.start, hit.end) == (raw.index("carrier"), raw.index(" \udcc3"))
        assert raw[hit.start : hit.end] == hit.matched


def test_to_dict_and_to_json_have_the_rust_shape(pigeon):
    report = pigeon.scan("carrier pigeon")
    as_dict = report.to_dict()
    assert as_dict == json.loads(report.to_json())
    assert set(as_dict) == {
        "score",
        "band",
        "victim_post",
        "total",
        "hits",
        "categories",
        "scripts",
        "languages",
        "entities",
        "contact_keys",
    }
    hit = as_dict["hits"][0]
    assert set(hit) == {"rule", "category", "language", "weight", "start", "end", "matched"}
    assert (hit["start"], hit["end"]) == (0, 14)
    assert as_dict["categories"][0]["rules"][0]["rule"] == "pigeon.carrier"


def test_scan_many_matches_scan_and_keeps_order(detector):
    posts = [LURE, "hello", "", "Việc nhẹ lương cao ở Campuchia", "招聘客服 柬埔寨 包吃包住"] * 50
    many = detector.scan_many(posts)
    assert len(many) == len(posts)
    for post, report in zip(posts, many):
        assert report is not None
        assert report.to_dict() == detector.scan(post).to_dict()


def test_scan_many_takes_any_iterable_and_missing_values(pigeon):
    reports = pigeon.scan_many(t for t in ["carrier pigeon", None, float("nan"), "x"])
    assert reports[1] is None and reports[2] is None
    assert reports[0].rule_ids == ["pigeon.carrier"]
    assert reports[0].category_ids == ["pigeon"]
    assert reports[3].hits == [] and reports[3].category_ids == []


def test_type_errors(detector):
    with pytest.raises(TypeError, match="expects a str"):
        detector.scan(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="item 1"):
        detector.scan_many(["ok", 3])  # type: ignore[list-item]


def test_rule_error_names_file_line_and_rule(tmp_path: pathlib.Path):
    broken = PIGEON_PACK.replace("weight = 2.5", "weight = 2.5\nwieght = 2")
    path = tmp_path / "broken.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(lurescan.RuleError) as info:
        lurescan.Detector(packs=[path], builtin=False)
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, lurescan.LurescanError)
    assert err.file == str(path)
    assert err.line == broken.splitlines().index("wieght = 2") + 1
    assert err.rule_id == "pigeon.carrier"
    assert "wieght" in str(err)


def test_missing_pack_file_is_an_os_error(tmp_path: pathlib.Path):
    with pytest.raises(FileNotFoundError):
        lurescan.Detector(packs=[tmp_path / "absent.toml"])


def test_disable_and_thresholds(pigeon):
    strict = lurescan.Detector(packs=[PIGEON_PACK], builtin=False, thresholds=(0.01, 0.02))
    assert strict.thresholds == (0.01, 0.02)
    assert strict.scan("carrier pigeon").band == "high"
    assert pigeon.scan("carrier pigeon").band == "low"
    off = lurescan.Detector(packs=[PIGEON_PACK], builtin=False, disable=["pigeon.carrier"])
    assert off.scan("carrier pigeon").hits == []
    with pytest.raises(lurescan.RuleError, match="unknown rule"):
        lurescan.Detector(disable=["nope.nope"])


def test_pack_folder_and_user_pack_extends_builtin(tmp_path: pathlib.Path):
    (tmp_path / "pigeon.toml").write_text(PIGEON_PACK, encoding="utf-8")
    detector = lurescan.Detector(packs=[tmp_path])
    assert "pigeon.carrier" in detector.scan("carrier pigeon").rule_ids
    assert any(r["id"] == "pigeon.carrier" for r in detector.rules())
    assert any(r["id"].startswith("pay.") for r in detector.rules())


def test_explain_and_html(pigeon):
    report = pigeon.scan("send a <carrier pigeon> & wait")
    assert "send a <[carrier pigeon]> & wait" in report.explain()
    assert "{carrier pigeon}" in report.explain(lambda s: "{" + s + "}")
    html = report._repr_html_()
    assert "<mark" in html and "&lt;" in html and "pigeon.carrier" in html
    assert "sigmoid" in html


def test_repr():
    assert "Report(score=" in repr(lurescan.scan("hello"))
    assert repr(lurescan.default_detector()).startswith("Detector(rules=")


def test_entities_have_code_point_spans_and_contact_keys():
    text = "ทำงานกัมพูชา 🙂 ติดต่อ +855 12 345 678 หรือ t.me/example_hr เงินเดือน 2,500 USD/month"
    report = lurescan.scan(text)
    entities = report.entities
    assert set(entities) >= {"phones", "contacts", "urls", "emails", "money"}
    spans = [e for kind in entities.values() for e in kind]
    assert spans, entities
    for entity in spans:
        assert text[entity["start"] : entity["end"]] == entity["matched"]
    assert entities["phones"][0]["e164"] == "+85512345678"
    assert "phone:+85512345678" in report.contact_keys
    assert report.to_dict()["contact_keys"] == report.contact_keys


def test_shared_contacts_groups_flagged_posts_by_recruiter():
    shared = (
        "Kerja di Kamboja, gaji 2000 USD/bulan, tanpa pengalaman, tiket gratis. "
        "Telegram @example_hr"
    )
    posts = [shared, None, shared.replace("@example_hr", "@Example_HR"), "lunch? @example_hr"]
    reports = lurescan.scan_many(posts)
    assert lurescan.shared_contacts(reports) == [("telegram:example_hr", [0, 2])]
    assert lurescan.shared_contacts(reports, min_band="low", min_posts=3) == [
        ("telegram:example_hr", [0, 2, 3])
    ]
    with pytest.raises(ValueError, match="unknown band"):
        lurescan.shared_contacts(reports, min_band="urgent")
