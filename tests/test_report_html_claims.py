"""Each claim is marked by status in colour and in words, and can be reached by keyboard."""

from __future__ import annotations

import json
import re

import pytest

from crosswire.report.html import render_html
from crosswire.report.view import loaded_note
from report_factory import make_report


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(make_report())


@pytest.mark.parametrize(
    ("claim", "status", "label"),
    [
        ("c1", "corroborated", "✓ corroborated"),
        ("c2", "contested", "✗ contested"),
        ("c3", "single_source", "• single source"),
        ("c9", "single_source", "• single source"),
    ],
)
def test_report_html_claim_marked_with_status_and_label(
    html: str, claim: str, status: str, label: str
) -> None:
    mark = re.search(rf'<mark class="claim st-{status}[^"]*" data-claim="{claim}"[^>]*>', html)
    assert mark is not None
    assert f'<span class="tag st-{status}" data-for="{claim}">{label}</span>' in html


@pytest.mark.parametrize("claim", [f"c{i}" for i in range(1, 10)])
def test_report_html_claim_focusable(html: str, claim: str) -> None:
    assert re.search(
        rf'data-claim="{claim}"[^>]*id="claim-{claim}" tabindex="0" role="button"', html
    )


@pytest.mark.parametrize("claim", ["c1", "c2", "c5", "c6"])
def test_report_html_claim_in_matrix(html: str, claim: str) -> None:
    matrix = html[html.index('<section id="cw-matrix"') : html.index('<section id="cw-links"')]
    assert f'<button type="button" class="claim-ref" data-claim="{claim}">' in matrix


@pytest.mark.parametrize(
    ("article", "claims"),
    [("a1b2c3d4e5f60718", ["c3", "c4"]), ("f0e1d2c3b4a59687", ["c7", "c8", "c9"])],
)
def test_report_html_claims_of_one_article_folded_in_matrix(
    html: str, article: str, claims: list[str]
) -> None:
    fold = re.search(
        rf'<details class="cw-alone-fold" data-article="{article}"><summary>'
        rf"{len(claims)} claims only this article makes</summary></details>",
        html,
    )
    assert fold is not None
    data = re.search(r'<script type="application/json" id="cw-report-data">(.*?)</script>', html)
    assert data is not None
    assert json.loads(data.group(1))["alone"][article] == claims


@pytest.mark.parametrize(
    "text",
    [
        "place differs: &#34;coffin&#34; vs &#34;grave&#34;",
        "Kremlin term for the occupation",
        "Don&#39;t Miss",
        "file not found",
        "British Ministry of Defence",
    ],
)
def test_report_html_shows_evidence_in_print(html: str, text: str) -> None:
    assert text in html


def test_report_html_framing_term_marked_in_text(html: str) -> None:
    assert re.search(
        r'<span class="term loaded" title="framing of the Kursk offensive: loaded '
        r'term — Kremlin term for the occupation">liberation of the Kursk region',
        html,
    )


@pytest.mark.parametrize(
    ("reasons", "note"),
    [
        ([], "loaded term"),
        (["Kremlin term"], "loaded term — Kremlin term"),
        (["loaded: 'dictator' (PTC)", "loaded term: x"], "loaded term — 'dictator' (PTC); x"),
    ],
)
def test_report_html_loaded_note(reasons: list[str], note: str) -> None:
    assert loaded_note(reasons) == note
