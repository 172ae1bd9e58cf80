"""Links read as sentences; the numbers behind them are folded away for specialists.

A link's ``reasons`` are shown as they are, in words; its score, the model's
verdicts both ways, the cosine and the word lists (``evidence``, ``nli``,
``similarity``, ``same_fact``, ``core``, ``checks``) only in a closed
"evidence for specialists" fold (the HTML) or left to the JSON (the Markdown).
Plain ``related`` links are counted and never listed.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from crosswire.report.html import render_html
from crosswire.report.markdown import render_markdown
from crosswire.report.view import build_view, plain_reasons, specialist_items
from report_factory import make_report

#: What the model and the word lists say, as the comparison writes them (and as a report made
#: before it kept them apart could still hold among its reasons).
TECHNICAL = [
    "model: A entails B (0.91); B entails A (0.88)",
    "similar wording (cosine 0.83)",
    "shared: ceremoni, kim, soldier; only in A: russia, ukrain; only in B: tribute",
]
#: Numbers that must not be read outside the folds: probabilities, cosines, scores, stems.
NUMBERS = re.compile(r"\b[01]\.\d{2}\b|cosine \d|entailment \d|\bshared:|ceremoni|only in A")


def _with_details(report: dict[str, Any]) -> dict[str, Any]:
    corroborates, contradicts = report["links"][:2]
    corroborates.update(
        reasons=["Both state the same fact.", "Both name Kim Jong-un.", "entailment 0.91"],
        evidence=TECHNICAL,
        similarity=0.8312,
        tension=False,
        nli={"a_to_b": [0.91, 0.08, 0.01], "b_to_a": [0.88, 0.1, 0.02],
             "labels": ["entailment", "neutral", "contradiction"]},
        same_fact={"probabilities": [0.9, 0.05, 0.05],
                   "labels": ["same_agree", "same_conflict", "different"]},
        core={"premise": "A", "core": "Kim was emotional at a ceremony", "entailment": 0.97},
        checks=[{"check": "details", "verdict": "note", "reason": TECHNICAL[2]}],
    )
    contradicts.update(similarity=0.7011, evidence=[], tension=False)
    report["links"].append({
        "a": "c4", "b": "c9", "relation": "related", "score": 0.52, "tension": True,
        "reasons": ["One claim says the troops wept, the other that they advanced."],
        "similarity": 0.52, "evidence": ["similar wording (cosine 0.52)"],
    })
    return report


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    # hostile=True brings a plain related link, as a report made with keep_related holds
    return _with_details(make_report(hostile=True))


@pytest.fixture(scope="module")
def html(report: dict[str, Any]) -> str:
    return render_html(report)


@pytest.fixture(scope="module")
def markdown(report: dict[str, Any]) -> str:
    return render_markdown(report)


def _unfolded(html: str) -> str:
    """The page as read before any fold is opened: no script, style or fold content."""
    html = re.sub(r"<script\b.*?</script>|<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"<details\b.*?</details>", "", html, flags=re.S)


def _links_table(html: str) -> str:
    return html[html.index('<section id="cw-links"') : html.index('<section id="cw-framing"')]


def _data(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="cw-report-data">(.*?)</script>', html)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_report_html_links_reasons_shown_as_sentences(html: str) -> None:
    table = _links_table(html)
    assert "<li>Both state the same fact.</li><li>Both name Kim Jong-un.</li>" in table
    assert "<li>place differs: &#34;coffin&#34; vs &#34;grave&#34;</li>" in table


def test_report_html_links_evidence_folded_for_specialists(html: str) -> None:
    folds = re.findall(r"<details ([^>]*)><summary>([^<]*)</summary>", _links_table(html))
    assert folds
    assert all(summary == "evidence for specialists" for _, summary in folds)
    assert not any(re.search(r"\bopen\b", attrs) for attrs, _ in folds)


def test_report_html_links_no_model_numbers_unfolded(html: str) -> None:
    assert NUMBERS.findall(_unfolded(html)) == []


def test_report_html_links_fold_carries_every_specialist_item(html: str) -> None:
    (link,) = [x for x in _data(html)["links"] if (x["a"], x["b"]) == ("c1", "c5")]
    assert link["reasons"] == ["Both state the same fact.", "Both name Kim Jong-un."]
    for item in [
        "score 0.91",
        "entailment 0.91",
        "similar wording (cosine 0.83)",
        TECHNICAL[2],
        "model, A to B: entailment 0.91, neutral 0.08, contradiction 0.01",
        "model, B to A: entailment 0.88, neutral 0.10, contradiction 0.02",
        "same-fact model: same agree 0.90, same conflict 0.05, different 0.05",
        "core stated by A (entailment 0.97): 'Kim was emotional at a ceremony'",
    ]:
        assert item in link["specialist"]


def test_report_html_links_tension_shown_related_counted(html: str, report: dict[str, Any]) -> None:
    table = _links_table(html)
    assert table.count('<tr class="rel-') == 3
    assert '<tr class="rel-tension">' in table and "≠ in tension" in table
    assert "rel-related" not in table
    assert "1 plain “related” link" in table
    assert [x["kind"] for x in _data(html)["links"]] == ["contradicts", "tension", "corroborates"]
    assert "&lt;script&gt;window.__pwned=&#39;reason&#39;&lt;/script&gt;" not in html


@pytest.mark.parametrize(
    ("reasons", "plain"),
    [
        (["Both name Trump.", "model: A entails B (0.95); B entails A (0.79)"],
         ["Both name Trump."]),
        (["similar wording (cosine 0.86)", "entailment 0.91"], []),
        (["numbers differ: '$1.35 billion' vs '$5.7 billion'"],
         ["numbers differ: '$1.35 billion' vs '$5.7 billion'"]),
        (["shared: border, declar; only in A: fund"], []),
    ],
)
def test_report_html_links_plain_reasons(reasons: list[str], plain: list[str]) -> None:
    link = {"a": "x", "b": "y", "relation": "corroborates", "score": 0.5, "reasons": reasons}
    assert plain_reasons(link) == plain
    assert set(reasons) - set(plain) <= set(specialist_items(link))


def test_report_markdown_links_in_words_numbers_left_to_json(markdown: str) -> None:
    assert "| ✓ corroborates | GB News: “North Korea's leader" in markdown
    assert "Both state the same fact.; Both name Kim Jong-un. |" in markdown
    assert "  - *✓ corroborates*: Both state the same fact.; Both name Kim Jong-un." in markdown
    assert "| ≠ in tension |" in markdown
    note = next(line for line in markdown.splitlines() if line.startswith("The score, the model"))
    assert "under “evidence for specialists” in the HTML report" in note
    assert NUMBERS.findall(markdown.replace(note, "")) == []


def test_report_markdown_related_counted_not_listed(markdown: str) -> None:
    assert "| related |" not in markdown
    assert "1 plain related link (claims about the same subject" in markdown
    counts = "| Links | 1 contradict · 1 in tension · 1 corroborate (1 plain related not shown) |"
    assert counts in markdown


def test_report_view_related_left_out(report: dict[str, Any]) -> None:
    view = build_view(report)
    assert view.related_left_out == 1
    assert [link["kind"] for link in view.links] == ["contradicts", "tension", "corroborates"]
    assert all(link["kind"] != "related" for links in view.links_of.values() for link in links)
