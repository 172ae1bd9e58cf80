"""Overlapping and nested claims are cut into pieces, each owned by its innermost claim."""

from __future__ import annotations

from typing import Any

import pytest

from crosswire.report.view import build_view, segment_text
from report_factory import make_report

TEXT = "According to Reuters, North Korea may deploy troops. Kim wept."


def _claim(cid: str, needle: str) -> dict[str, Any]:
    start = TEXT.index(needle)
    return {"id": cid, "start": start, "end": start + len(needle)}


CASES = {
    "nested": [
        _claim("outer", "According to Reuters, North Korea may deploy troops."),
        _claim("inner", "North Korea may deploy troops"),
    ],
    "crossing": [_claim("left", "Reuters, North Korea may"), _claim("right", "may deploy troops.")],
    "identical": [_claim("one", "Kim wept."), _claim("two", "Kim wept.")],
    "adjacent": [_claim("first", "According to Reuters,"), _claim("second", " North Korea may")],
    "none": [],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_report_html_segments_cover_text_exactly(case: str) -> None:
    segments = segment_text(TEXT, CASES[case])
    assert "".join(s.text for s in segments) == TEXT
    assert all(TEXT[s.start : s.end] == s.text for s in segments)


@pytest.mark.parametrize("case", sorted(CASES))
def test_report_html_segments_owner_is_innermost(case: str) -> None:
    claims = {c["id"]: c for c in CASES[case]}
    for segment in segment_text(TEXT, CASES[case]):
        covering = [
            c for c in CASES[case] if c["start"] <= segment.start and segment.end <= c["end"]
        ]
        assert set(segment.claims) == {c["id"] for c in covering}
        if covering:
            owner = claims[segment.claims[0]]
            assert owner["end"] - owner["start"] == min(c["end"] - c["start"] for c in covering)


@pytest.mark.parametrize(
    ("case", "anchored"),
    [
        ("nested", {"outer", "inner"}),
        ("crossing", {"left", "right"}),
        ("identical", {"one"}),
        ("adjacent", {"first", "second"}),
    ],
)
def test_report_html_segments_anchor_each_owned_claim_once(case: str, anchored: set[str]) -> None:
    anchors = [a for s in segment_text(TEXT, CASES[case]) for a in s.anchors]
    assert sorted(anchors) == sorted(anchored)


@pytest.mark.parametrize("case", ["nested", "crossing", "identical", "adjacent"])
def test_report_html_segments_every_claim_ends_once(case: str) -> None:
    endings = [e for s in segment_text(TEXT, CASES[case]) for e in s.endings]
    assert sorted(endings) == sorted(c["id"] for c in CASES[case])


def test_report_html_segments_nested_frame_keeps_its_head() -> None:
    segments = segment_text(TEXT, CASES["nested"])
    assert segments[0].text == "According to Reuters, "
    assert segments[0].claims == ("outer",)
    assert segments[1].claims == ("inner", "outer")


def test_report_html_view_status_is_group_status() -> None:
    view = build_view(make_report())
    assert view.status == {
        "c1": "corroborated",
        "c5": "corroborated",
        "c2": "contested",
        "c6": "contested",
        "c3": "single_source",
        "c7": "single_source",
        "c8": "single_source",
        "c4": "single_source",
        "c9": "single_source",
    }


@pytest.mark.parametrize("field", ["start", "end", "text"])
def test_report_html_view_drops_misplaced_claim(field: str) -> None:
    report = make_report()
    claim = report["claims"][0]
    claim[field] = {"start": 10_000, "end": 10_001, "text": "not the text"}[field]
    view = build_view(report)
    assert view.articles[0].unplaced == [claim["id"]]
    assert all(claim["id"] not in s.claims for s in view.articles[0].segments)


def test_report_html_view_counts_sources_per_article() -> None:
    view = build_view(make_report())
    assert [a.sources for a in view.articles] == [
        ["British Ministry of Defence"],
        ["Evgeny Mikhaylov", "NIS"],
    ]
