"""RSS and Atom feeds: one article per entry, with the entry's metadata."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crosswire.errors import EmptyInputError, InputError
from crosswire.ingest import read, read_many

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News</title><link>https://example.org/</link>
<item><title>Kim weeps at ceremony</title><link>https://example.org/kim</link>
<author>desk@example.org (Jane Doe)</author>
<pubDate>Mon, 30 Jun 2025 08:15:00 +0000</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Kim Jong-un was visibly emotional at a ceremony.</p>
<p>State media showed him with tears in his eyes.</p><script>alert(1)</script>]]></content:encoded>
</item>
<item><title>Empty entry</title><link>https://example.org/empty</link></item>
<item><title>Treaty anniversary</title><link>https://example.org/treaty</link>
<description>&lt;p&gt;The ceremony marked the anniversary of the treaty.&lt;/p&gt;
</description>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Troops deployed to Kursk</title><link href="https://wire.example/kursk"/>
<updated>2025-06-29T10:00:00Z</updated><author><name>Sam Lee</name></author>
<content type="html">&lt;p&gt;North Korean troops were deployed to Kursk late last year.&lt;/p&gt;
</content>
</entry></feed>"""


@pytest.fixture
def rss(tmp_path: Path) -> Path:
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")
    return path


def test_ingest_feed_entry_content_one_block_a_line(rss: Path) -> None:
    first = next(iter(read_many([rss])))
    assert not isinstance(first, InputError)
    assert first.raw_text == (
        "Kim Jong-un was visibly emotional at a ceremony.\n"
        "State media showed him with tears in his eyes."
    )


def test_ingest_feed_entry_metadata(rss: Path) -> None:
    first = next(iter(read_many([rss])))
    assert not isinstance(first, InputError)
    assert first.title == "Kim weeps at ceremony"
    assert first.url == "https://example.org/kim"
    assert first.outlet == "Example News"
    assert first.published == datetime(2025, 6, 30, 8, 15, tzinfo=UTC)
    assert first.source == f"{rss}#1"


def test_ingest_feed_entry_without_text_fails_alone(rss: Path) -> None:
    items = list(read_many([rss]))
    assert [type(item).__name__ for item in items] == ["Article", "EmptyInputError", "Article"]
    assert isinstance(items[1], EmptyInputError)
    assert items[1].source == f"{rss}#2"


def test_ingest_feed_strict_read_raises_the_entry_error(rss: Path) -> None:
    with pytest.raises(EmptyInputError, match="#2: the feed entry has no text"):
        read(rss)


@pytest.mark.parametrize("suffix", [".atom", ".xml", ".feed"])
def test_ingest_feed_atom(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"wire{suffix}"
    path.write_text(ATOM, encoding="utf-8")
    [article] = read(path)
    assert article.raw_text == "North Korean troops were deployed to Kursk late last year."
    assert (article.title, article.author, article.outlet) == (
        "Troops deployed to Kursk",
        "Sam Lee",
        "Atom Wire",
    )
    assert article.published == datetime(2025, 6, 29, 10, 0, tzinfo=UTC)
