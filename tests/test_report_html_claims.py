"""Each claim is marked by status in colour and in words, and can be reached by keyboard."""

from __future__ import annotations

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


@pytest.mark.parametrize("claim", [f"c{i}" for i in range(1, 10)])
def test_report_html_claim_in_matrix(html: str, claim: str) -> None:
    assert f'<button type="button" class="claim-ref" data-claim="{claim}">' in html


@pytest.mark.parametrize(
    "text",
    [
        "place differs: &#34;coffin&#34; vs &#34;grave&#34;",
        "Reuters → NIS",
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
