"""The Markdown report: every section, every claim by status, and article text kept as text."""

from __future__ import annotations

import json
import re

import pytest

from crosswire.report.markdown import md_escape, render_markdown
from report_factory import make_report


@pytest.fixture(scope="module")
def markdown() -> str:
    return render_markdown(make_report())


@pytest.fixture(scope="module")
def hostile() -> str:
    return render_markdown(make_report(hostile=True))


@pytest.mark.parametrize(
    "heading",
    [
        "# Comparison: GB News vs 004\\_eea8d92375387218.txt",
        "## Summary",
        "## ✗ Contested claims",
        "## ✓ Corroborated claims",
        "## • Single-source claims",
        "## Links between claims",
        "## Framing",
        "## What the cleaner removed",
        "## Inputs that could not be read or analysed",
    ],
)
def test_report_markdown_has_heading(markdown: str, heading: str) -> None:
    assert heading + "\n" in markdown


def test_report_markdown_contested_before_corroborated(markdown: str) -> None:
    assert markdown.index("Contested claims") < markdown.index("Corroborated claims")


@pytest.mark.parametrize(
    "line",
    [
        "| ✓ Corroborated | 2 claims in 1 group |",
        "| GB News | 4 | 1 | 1 | 2 | 1: British Ministry of Defence | 3 |",
        "— hedged (“may”), according to Reuters → NIS `c8`",
        '  - *✗ contradicts*: place differs: "coffin" vs "grave"; action differs: '
        '"kneeling beside" vs "placing his hand on"',
        "  - *✓ corroborates*: same event: Kim emotional at a ceremony for soldiers killed for "
        "Russia",
        "| Links | 1 contradict · 0 in tension · 1 corroborate |",
        "- “Don't Miss” — boilerplate line (raw text 0–11)",
        "| the Kursk offensive | “Russia's invasion” | **“liberation of the Kursk region”** "
        "(loaded term — Kremlin term for the occupation) |",
    ],
)
def test_report_markdown_has_line(markdown: str, line: str) -> None:
    assert line in markdown


@pytest.mark.parametrize("claim", [f"c{i}" for i in range(1, 10)])
def test_report_markdown_lists_every_claim_once(markdown: str, claim: str) -> None:
    assert len(re.findall(rf"`{claim}`$", markdown, re.M)) == 1


@pytest.mark.parametrize(("char", "allowed"), [("<", ("<br>",)), ("[", ())])
def test_report_markdown_hostile_markup_escaped(
    hostile: str, char: str, allowed: tuple[str, ...]
) -> None:
    unescaped = [
        hostile[m.start() : m.start() + 12]
        for m in re.finditer(rf"(?<!\\){re.escape(char)}", hostile)
        if not hostile.startswith(allowed, m.start())
    ]
    assert unescaped == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("a | b", "a \\| b"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("line\nbreak\u2028sep", "line break sep"),
        ("&lt;", "\\&lt;"),
        ("Kim Jong-un, 6,000 (NIS).", "Kim Jong-un, 6,000 (NIS)."),
    ],
)
def test_report_markdown_escape(value: str, expected: str) -> None:
    assert md_escape(value) == expected


def test_report_markdown_table_rows_keep_shape(hostile: str) -> None:
    for block in re.findall(r"(?:^\|.*\n)+", hostile, re.M):
        rows = block.strip("\n").split("\n")
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) == 1, rows


def test_report_markdown_stored_report_renders_the_same() -> None:
    report = make_report()
    assert render_markdown(json.loads(json.dumps(report))) == render_markdown(report)
