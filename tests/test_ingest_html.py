"""HTML pages through trafilatura: the body one paragraph a line, metadata from the page."""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path

import pytest

from crosswire.clean import clean_article
from crosswire.document import content_hash
from crosswire.ingest import HtmlOptions, IngestOptions, read
from crosswire.ingest.html import fragment_text, read_html

PARAGRAPHS = [
    "North Korea\u2019s leader Kim Jong-un was visibly emotional during a ceremony "
    "commemorating soldiers who perished while fighting for Russia in Ukraine.",
    "State media broadcast showed Kim with tears in his eyes, breathing rapidly and gulping "
    "as he watched the proceedings in Pyongyang on Sunday.",
    "The British Ministry of Defence estimates approximately 6,000 North Korean troops have "
    "been killed or wounded in the Kursk region since they were deployed late last year.",
    "Analysts suggest Kim\u2019s public recognition of these losses might be aimed at addressing "
    "domestic discontent among the families of the soldiers.",
]
TITLE = "Kim weeps at ceremony for soldiers killed in Russia"


def page(charset: str = "utf-8", *, heading: bool = True) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    h1 = f"<h1>{TITLE}</h1>" if heading else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>{TITLE} | Example News</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-06-30T08:15:00+00:00">
<script>document.write("Most Read: injected");</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<article>{h1}
{body}</article>
<aside><h3>Most Read</h3><ul><li><a href="/a">Another story</a></li></ul></aside>
<footer>&copy; 2025 Example News Ltd. All rights reserved.</footer>
</body></html>"""


@pytest.fixture
def html_file(tmp_path: Path) -> Path:
    path = tmp_path / "kim.html"
    path.write_text(page(), encoding="utf-8")
    return path


def test_ingest_html_body_is_one_paragraph_a_line(html_file: Path) -> None:
    [article] = read(html_file)
    lines = article.raw_text.split("\n")
    assert lines[-len(PARAGRAPHS) :] == PARAGRAPHS
    assert "document.write" not in article.raw_text
    assert "Home" not in lines


def test_ingest_html_metadata(html_file: Path) -> None:
    [article] = read(html_file)
    assert article.title == TITLE
    assert article.outlet == "Example News"
    assert article.author == "Jane Doe"
    assert isinstance(article.published, datetime)
    assert article.published.date().isoformat() == "2025-06-30"
    assert article.id == content_hash(article.raw_text)


def test_ingest_html_title_repeated_in_body_is_cleaned_away(html_file: Path) -> None:
    [article] = read(html_file)
    clean_article(article)
    assert article.text.split("\n") == PARAGRAPHS
    assert [(r.text, r.reason) for r in article.removed if r.text == TITLE] == [(TITLE, "title")]


@pytest.mark.parametrize("suffix", [".html", ".htm", ".html.gz"])
def test_ingest_html_suffixes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"kim{suffix}"
    data = page().encode("utf-8")
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    [article] = read(path)
    assert PARAGRAPHS[0] in article.raw_text


def test_ingest_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    path.write_bytes(page("windows-1252").encode("cp1252"))
    [article] = read(path)
    assert PARAGRAPHS[0] in article.raw_text


def test_ingest_html_metadata_given_wins() -> None:
    article = read_html(page(heading=False), source="<html>", outlet="Other Outlet", desk="world")
    assert article.outlet == "Other Outlet"
    assert article.meta["desk"] == "world"


def test_ingest_html_precise_extraction_falls_back_when_it_keeps_too_little() -> None:
    options = HtmlOptions(retry_below_chars=10_000, retry_ratio=1.0)
    article = read_html(page(), source="<html>", options=IngestOptions(html=options))
    assert PARAGRAPHS[-1] in article.raw_text


def test_ingest_html_options_are_validated() -> None:
    with pytest.raises(ValueError, match="exclude each other"):
        HtmlOptions(favor_precision=True, favor_recall=True)


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One <b>bold</b> claim.</p><p>Two.</p>", "One bold claim.\nTwo."),
        ("Line one<br>Line two", "Line one\nLine two"),
        ("<ul><li>a</li><li>b</li></ul><script>alert(1)</script>", "a\nb"),
        ("<p>Kept <!-- hidden --> text</p>", "Kept text"),
        ("", ""),
    ],
)
def test_ingest_html_fragment_text(fragment: str, text: str) -> None:
    assert fragment_text(fragment, source="<entry>") == text
