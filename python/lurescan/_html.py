"""Notebook rendering of a report: the post with matched spans highlighted, then the score
breakdown. Called by ``Report._repr_html_``."""

from __future__ import annotations

import html
from typing import Any

_BAND_COLOURS = {"low": "#2e7d32", "review": "#ef6c00", "high": "#c62828"}


def _merged_spans(hits: list[dict[str, Any]]) -> list[tuple[int, int, list[dict[str, Any]]]]:
    spans: list[tuple[int, int, list[dict[str, Any]]]] = []
    for hit in sorted(hits, key=lambda h: (h["start"], h["end"])):
        if spans and hit["start"] < spans[-1][1]:
            start, end, group = spans[-1]
            spans[-1] = (start, max(end, hit["end"]), group + [hit])
        else:
            spans.append((hit["start"], hit["end"], [hit]))
    return spans


def report_html(text: str, report: dict[str, Any]) -> str:
    """HTML for one report; ``report`` is ``Report.to_dict()`` (code-point offsets)."""
    parts: list[str] = []
    at = 0
    for start, end, group in _merged_spans(report["hits"]):
        parts.append(html.escape(text[at:start]))
        title = "; ".join(
            f"{h['rule']} ({h['category']}, {h['language']}, {h['weight']:+.2f})" for h in group
        )
        parts.append(
            f'<mark title="{html.escape(title, quote=True)}">{html.escape(text[start:end])}</mark>'
        )
        at = end
    parts.append(html.escape(text[at:]))
    band = report["band"]
    colour = _BAND_COLOURS.get(band, "#555")
    rows = []
    for cat in report["categories"]:
        rules = ", ".join(f"{html.escape(r['rule'])} ({r['counted']:+.2f})" for r in cat["rules"])
        rows.append(
            f"<tr><td>{html.escape(cat['category'])}</td>"
            f"<td style='text-align:right'>{cat['contribution']:+.2f}</td><td>{rules}</td></tr>"
        )
    bias = report["total"] - sum(c["contribution"] for c in report["categories"])
    return (
        "<div class='lurescan-report'>"
        f"<div><b>lurescan</b> score <b>{report['score']:.3f}</b> "
        f"<span style='color:white;background:{colour};padding:0 .4em;border-radius:3px'>"
        f"{html.escape(band)}</span></div>"
        f"<blockquote style='white-space:pre-wrap'>{''.join(parts)}</blockquote>"
        "<table><thead><tr><th>category</th><th>contribution</th><th>rules (counted)</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<div>bias {bias:+.2f} + categories = total {report['total']:+.2f}; "
        f"score = sigmoid(total) = {report['score']:.3f}</div>"
        "</div>"
    )
