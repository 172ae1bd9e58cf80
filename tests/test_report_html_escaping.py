"""A hostile article renders as text: no tag, attribute or link of its own reaches the page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from crosswire.report.html import json_for_script, render_html, safe_url
from crosswire.report.view import build_view, script_data
from report_factory import make_report

#: Tags the report template itself writes; anything else came from an article.
ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "div",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "nav",
    "a",
    "section",
    "dl",
    "dt",
    "dd",
    "small",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "strong",
    "br",
    "span",
    "label",
    "input",
    "article",
    "mark",
    "button",
    "ul",
    "ol",
    "li",
    "details",
    "summary",
    "q",
    "aside",
    "script",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render_html(make_report(hostile=True))


@pytest.fixture(scope="module")
def tags(hostile_html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(hostile_html)
    return parser.tags


def test_report_html_only_template_tags(tags: list[tuple[str, dict[str, Any]]]) -> None:
    assert {tag for tag, _ in tags} <= ALLOWED_TAGS


def test_report_html_no_event_handler_attributes(tags: list[tuple[str, dict[str, Any]]]) -> None:
    handlers = [(tag, name) for tag, attrs in tags for name in attrs if name.startswith("on")]
    assert handlers == []


def test_report_html_two_scripts_data_and_code(tags: list[tuple[str, dict[str, Any]]]) -> None:
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "cw-report-data"}, {}]


def test_report_html_links_only_http_or_fragment(tags: list[tuple[str, dict[str, Any]]]) -> None:
    hrefs = [attrs["href"] for tag, attrs in tags if "href" in attrs]
    assert hrefs
    assert all(h.startswith("#") or h.startswith("https://") for h in hrefs), hrefs


@pytest.mark.parametrize(
    "fragment",
    [
        '<script>window.__pwned = "script tag"',
        "<img src=x onerror=",
        '<a href="javascript:',
        "</script><script>window.__pwned = 'breakout'</script>",
        "<style>body{display:none}</style>",
        "<iframe",
        "<svg onload",
    ],
)
def test_report_html_hostile_markup_never_raw(hostile_html: str, fragment: str) -> None:
    assert fragment not in hostile_html


@pytest.mark.parametrize(
    "visible",
    [
        "&lt;script&gt;window.__pwned = &#34;script tag&#34;",
        "&lt;img src=x onerror=",
        "&lt;/script&gt;&lt;script&gt;window.__pwned = &#39;breakout&#39;&lt;/script&gt;",
    ],
)
def test_report_html_hostile_text_shown_escaped(hostile_html: str, visible: str) -> None:
    assert visible in hostile_html


def _data_block(html: str) -> str:
    match = re.search(
        r'<script type="application/json" id="cw-report-data">(.*?)</script>', html, re.S
    )
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize("char", ["<", ">", "&", "\u2028", "\u2029"])
def test_report_html_json_block_escapes(hostile_html: str, char: str) -> None:
    assert char not in _data_block(hostile_html)


def test_report_html_json_block_round_trips(hostile_html: str) -> None:
    expected = script_data(build_view(make_report(hostile=True)))
    assert json.loads(_data_block(hostile_html)) == expected


def test_report_html_json_block_keeps_hostile_values_as_data(hostile_html: str) -> None:
    data = json.loads(_data_block(hostile_html))
    h1 = next(c for c in data["claims"] if c["id"] == "h1")
    assert h1["attribution"]["source"] == "<script>window.__pwned='source'</script>"
    assert data["articles"]["badbadbadbadbad0"].startswith("Evil <b onmouseover=")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org/", "http://example.org/"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/", None),
        ("https:///nohost", None),
        (None, None),
        (42, None),
    ],
)
def test_report_html_safe_url(value: object, expected: str | None) -> None:
    assert safe_url(value) == expected


def test_report_html_json_for_script_keeps_value() -> None:
    value = {"t": "</script><!-- \u2028 & <b>"}
    assert json.loads(str(json_for_script(value))) == value
