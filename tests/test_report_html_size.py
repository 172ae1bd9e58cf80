"""A report that scales: each fact cluster once in the matrix, each text once in the file.

The story of our own (``report_story.STORY``, three short articles) goes through the real
comparison; so do three BASIL articles of one event when ``../shared/data`` is there. Sizes
are bytes of the HTML, not durations: before the matrix kept one row per single-source claim
and the page carried the whole report as JSON, the BASIL story's HTML was 520 KB.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from crosswire.report.html import render_html
from crosswire.report.markdown import render_markdown
from crosswire.report.view import build_view
from report_story import STORY, compared

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def story() -> dict[str, Any]:
    return compared("story")


@pytest.fixture(scope="module")
def html(story: dict[str, Any]) -> str:
    return render_html(story)


def _matrix_rows(html: str) -> dict[str, str]:
    matrix = html[html.index('<section id="cw-matrix"') : html.index('<section id="cw-links"')]
    rows = re.findall(r'<tr class="st-\w+" data-row="([^"]+)">(.*?)</tr>', matrix, re.S)
    return dict(rows)


def _clusters(report: dict[str, Any], outlets: int = 2) -> list[dict[str, Any]]:
    article_of = {c["id"]: c["article"] for c in report["claims"]}
    return [
        g for g in report["groups"]
        if len({article_of[c] for c in g["claims"]}) >= outlets
    ]


def test_report_html_size_story_has_clusters_of_three_outlets(story: dict[str, Any]) -> None:
    assert len(story["articles"]) == len(STORY)
    assert len(_clusters(story, outlets=3)) >= 2


def test_report_html_size_matrix_one_row_per_multi_outlet_cluster(
    story: dict[str, Any], html: str
) -> None:
    rows = _matrix_rows(html)
    clusters = _clusters(story)
    contested = [g for g in story["groups"] if g["status"] == "contested" and g not in clusters]
    assert sorted(rows) == sorted(g["id"] for g in clusters + contested)
    for group in clusters:
        cells = re.findall(r"<td>(.*?)</td>", rows[group["id"]], re.S)
        assert len(cells) == len(story["articles"])
        for claim in group["claims"]:
            assert rows[group["id"]].count(f'data-claim="{claim}"') == 1
        filled = [cell for cell in cells if "claim-ref" in cell]
        article_of = {c["id"]: c["article"] for c in story["claims"]}
        assert len(filled) == len({article_of[c] for c in group["claims"]})


def test_report_html_size_claims_of_one_outlet_folded_once(
    story: dict[str, Any], html: str
) -> None:
    view = build_view(story)
    in_rows = {c["id"] for row in view.matrix_rows for c in row.claims}
    alone = {claim["id"] for claims in view.alone.values() for claim in claims}
    assert in_rows.isdisjoint(alone)
    assert in_rows | alone == {c["id"] for c in story["claims"]}
    for article in story["articles"]:
        count = len(view.alone[article["id"]])
        assert f'data-article="{article["id"]}"><summary>{count} claim' in html


def test_report_html_size_texts_carried_once(story: dict[str, Any], html: str) -> None:
    match = re.search(r'<script type="application/json" id="cw-report-data">(.*?)</script>', html)
    assert match is not None
    data = json.loads(match.group(1))
    assert set(data) == {"articles", "claims", "groups", "links", "alone"}
    assert all("text" not in claim for claim in data["claims"])
    assert "raw_text" not in match.group(1) and "summary" not in data
    # a claim that only its article makes, and that the summary does not list, is on the
    # page once: in its article
    listed = {c["claim"] for entry in story["summary"]["only"] for c in entry["claims"]}
    alone = [c for claims in build_view(story).alone.values() for c in claims]
    quiet = [c for c in alone if c["id"] not in listed]
    assert quiet
    for claim in quiet:
        assert html.count(str(escape(claim["text"]))) == 1, claim["text"]


def test_report_html_size_story_small(story: dict[str, Any], html: str) -> None:
    text = sum(len(a["text"]) for a in story["articles"])
    assert len(html.encode("utf-8")) < 100_000, (len(html), text)


def test_report_html_size_story_no_model_numbers_unfolded(html: str) -> None:
    page = re.sub(r"<script\b.*?</script>|<style>.*?</style>", "", html, flags=re.S)
    assert re.findall(r"\b[01]\.\d{2}\b|cosine \d|\bshared:|only in [AB]:", page) == []


def test_report_markdown_size_story_clusters_once(story: dict[str, Any]) -> None:
    markdown = render_markdown(story)
    for group in _clusters(story):
        assert markdown.count(f"### Group `{group['id']}`") == 1
    for claim in story["claims"]:
        assert len(re.findall(rf"`{re.escape(claim['id'])}`$", markdown, re.M)) == 1


@pytest.mark.data
def test_report_html_size_basil_three_articles_under_300_kb(shared_data: Path) -> None:
    report = compared("basil", shared_data)
    assert len(report["articles"]) == 3
    html = render_html(report)
    size = len(html.encode("utf-8"))
    assert size < 300_000, f"{size:,} bytes"
    rows = _matrix_rows(html)
    assert {g["id"] for g in _clusters(report)} <= set(rows)
