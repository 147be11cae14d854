from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import lurescan

FRAGMENTS = st.sampled_from(
    [
        "telegram",
        "t e l e g r a m",
        "việc nhẹ lương cao",
        "กัมพูชา",
        "柬埔寨",
        "gaji 15 juta",
        "\u200b\u202e",
        "ｔｅｌｅ",
        "🙂",
        "Kamboja",
    ]
)
POSTS = st.lists(st.one_of(st.text(), FRAGMENTS), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(POSTS)
def test_spans_slice_the_python_string(text):
    report = lurescan.scan(text)
    assert 0.0 <= report.score <= 1.0
    for hit in report.hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.matched


@settings(max_examples=50, deadline=None)
@given(st.lists(POSTS, max_size=20))
def test_scan_many_equals_scan(texts):
    many = lurescan.scan_many(texts)
    assert [r.to_dict() for r in many] == [lurescan.scan(t).to_dict() for t in texts]
