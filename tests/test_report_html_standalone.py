"""The standalone report needs nothing outside the file and allows nothing but its own code."""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import json
import re

import pytest

from crosswire.report.html import asset, render_html
from report_factory import make_report


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(make_report())


def _csp(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert match is not None
    return htmllib.unescape(match.group(1))


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@pytest.mark.parametrize(
    "directive", ["default-src 'none'", "base-uri 'none'", "form-action 'none'", "img-src data:"]
)
def test_report_html_csp_directives(html: str, directive: str) -> None:
    assert directive in _csp(html).split("; ")


@pytest.mark.parametrize(
    ("name", "directive"), [("report.js", "script-src"), ("report.css", "style-src")]
)
def test_report_html_csp_allows_inline_asset_by_hash(html: str, name: str, directive: str) -> None:
    assert f"{directive} '{_hash(asset(name))}'" in _csp(html)
    assert asset(name) in html


def test_report_html_csp_comes_before_code(html: str) -> None:
    assert html.index("Content-Security-Policy") < html.index("<style>")


@pytest.mark.parametrize("pattern", [r"<link\b", r"\bsrc=", r"@import", r"url\("])
def test_report_html_loads_nothing_external(html: str, pattern: str) -> None:
    assert re.search(pattern, html) is None


def test_report_html_code_builds_no_markup_from_strings() -> None:
    code = asset("report.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code


def test_report_html_stored_report_renders_the_same() -> None:
    report = make_report()
    stored = json.loads(json.dumps(report))
    assert render_html(stored) == render_html(report)


def test_report_html_title_defaults_to_outlets(html: str) -> None:
    assert "<title>Comparison: GB News vs 004_eea8d92375387218.txt</title>" in html


def test_report_html_title_given() -> None:
    assert "<title>Kursk &amp; Kim</title>" in render_html(make_report(), title="Kursk & Kim")


@pytest.mark.parametrize(
    "section",
    [
        "cw-summary",
        "cw-articles",
        "cw-matrix",
        "cw-links",
        "cw-framing",
        "cw-removed",
        "cw-failures",
    ],
)
def test_report_html_has_section(html: str, section: str) -> None:
    assert f'<section id="{section}"' in html


def test_report_html_has_print_styles(html: str) -> None:
    assert "@media print" in html
