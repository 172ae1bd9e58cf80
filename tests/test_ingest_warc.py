"""The WARC reader: pages in web archives become articles; bad records and archives are named."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.document import Article
from crosswire.errors import (
    EmptyInputError,
    InputError,
    InputTooLargeError,
    MalformedInputError,
)
from crosswire.ingest import IngestOptions
from crosswire.ingest.warc import is_warc, read_warc

PARAGRAPHS = (
    "Rescue teams in the coastal town of Marlow worked through the night after the river "
    "burst its banks on Tuesday, flooding more than two hundred homes.",
    "The regional council said emergency shelters had opened in three schools and that "
    "about four hundred residents had spent the night there.",
    "Officials warned that more rain was expected on Wednesday and urged people living "
    "near the water to leave while the roads were still open.",
    "A spokeswoman for the fire service said crews had rescued eleven people from the "
    "upper floors of their houses using boats borrowed from a local sailing club.",
)


def page(title: str, paragraphs: tuple[str, ...] = PARAGRAPHS, *, date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title>{meta}</head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        f"<footer>Copyright Example News</footer></body></html>"
    ).encode()


def response(
    writer: WARCWriter,
    uri: str,
    payload: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    date: str = "2024-03-05T10:00:00Z",
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(payload),
        length=len(payload),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


def write_warc(path: Path, build, *, gzipped: bool) -> Path:  # type: ignore[no-untyped-def]
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        build(writer)
    return path


def two_pages(writer: WARCWriter) -> None:
    response(writer, "https://example.org/news/flood", page("Floods hit Marlow"))
    get = b"GET /news/flood HTTP/1.1\r\nHost: example.org\r\n\r\n"
    request = writer.create_warc_record(
        "https://example.org/news/flood", "request", payload=BytesIO(get), length=len(get)
    )
    writer.write_record(request)
    response(writer, "https://example.org/logo.png", b"\x89PNG\r\n", content_type="image/png")
    response(writer, "https://example.org/old", b"", status="301 Moved Permanently")
    response(
        writer,
        "https://example.org/news/shelters",
        page("Shelters open", PARAGRAPHS[1:] + PARAGRAPHS[:1], date="2024-03-04"),
    )


def articles(items: list[Article | InputError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_ingest_warc_reads_each_html_response(tmp_path: Path, gzipped: bool) -> None:
    name = "crawl.warc.gz" if gzipped else "crawl.warc"
    path = write_warc(tmp_path / name, two_pages, gzipped=gzipped)
    items = list(read_warc(path))
    assert [type(item) for item in items] == [Article, Article]
    found = articles(items)
    assert [a.url for a in found] == [
        "https://example.org/news/flood",
        "https://example.org/news/shelters",
    ]
    assert found[0].source == f"{path}#https://example.org/news/flood"
    assert "two hundred homes" in found[0].text
    assert "Copyright Example News" not in found[0].text


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, datetime(2024, 3, 5, 10, 0, tzinfo=UTC)),  # no date in the page: the WARC-Date
        (1, datetime(2024, 3, 4)),  # the page's own date wins
    ],
)
def test_ingest_warc_date_is_the_fallback_publication_date(
    tmp_path: Path, index: int, expected: datetime
) -> None:
    path = write_warc(tmp_path / "crawl.warc", two_pages, gzipped=False)
    found = articles(list(read_warc(path)))
    assert found[index].published == expected


def test_ingest_warc_record_without_article_text_is_named_and_others_go_on(
    tmp_path: Path,
) -> None:
    def build(writer: WARCWriter) -> None:
        empty = b"<html><head><title>Menu</title></head><body><script>go()</script></body></html>"
        response(writer, "https://example.org/empty", empty)
        response(writer, "https://example.org/news/flood", page("Floods hit Marlow"))

    path = write_warc(tmp_path / "crawl.warc.gz", build, gzipped=True)
    items = list(read_warc(path))
    assert isinstance(items[0], EmptyInputError)
    assert items[0].source == f"{path}#https://example.org/empty"
    assert isinstance(items[1], Article)


def test_ingest_warc_record_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc", two_pages, gzipped=False)
    items = list(read_warc(path, options=IngestOptions(max_bytes=200)))
    assert items
    assert all(isinstance(item, InputTooLargeError) for item in items)
    assert items[0].source.endswith("#https://example.org/news/flood")


def test_ingest_warc_text_conversion_records_are_read(tmp_path: Path) -> None:
    def build(writer: WARCWriter) -> None:
        text = "\n".join(PARAGRAPHS).encode()
        record = writer.create_warc_record(
            "https://example.org/news/flood",
            "conversion",
            payload=BytesIO(text),
            length=len(text),
            warc_content_type="text/plain",
        )
        writer.write_record(record)

    path = write_warc(tmp_path / "crawl.warc.wet.gz", build, gzipped=True)
    (article,) = list(read_warc(path))
    assert isinstance(article, Article)
    assert article.url == "https://example.org/news/flood"
    assert article.text.startswith("Rescue teams")


def test_ingest_warc_damaged_archive_keeps_what_came_before(tmp_path: Path) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", two_pages, gzipped=True).read_bytes()
    second_record = whole.index(b"\x1f\x8b", 10)  # each record is its own gzip member
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(whole[:second_record] + b"\x1f\x8b\x08\x00garbage" * 4)
    items = list(read_warc(damaged))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], MalformedInputError)
    assert items[-1].source == str(damaged)
    assert f"damaged record at byte {second_record}" in items[-1].reason


@pytest.mark.parametrize(
    ("content", "error", "reason"),
    [
        (b"", EmptyInputError, "empty file"),
        (b"This is a plain text file, not an archive.\n", MalformedInputError, "not a readable"),
    ],
    ids=["empty", "not-an-archive"],
)
def test_ingest_warc_bad_file_gives_one_error(
    tmp_path: Path, content: bytes, error: type[InputError], reason: str
) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(content)
    (item,) = list(read_warc(path))
    assert isinstance(item, error)
    assert item.source == str(path)
    assert reason in item.reason


def test_ingest_warc_only_non_pages_is_empty(tmp_path: Path) -> None:
    def build(writer: WARCWriter) -> None:
        response(writer, "https://example.org/logo.png", b"\x89PNG\r\n", content_type="image/png")

    path = write_warc(tmp_path / "images.warc", build, gzipped=False)
    (item,) = list(read_warc(path))
    assert isinstance(item, EmptyInputError)
    assert "none of its 1 WARC records holds a page" in item.reason


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("crawl.warc", True),
        ("CRAWL.WARC.GZ", True),
        ("old.arc.gz", True),
        ("CC-NEWS-20240101.warc.wet.gz", True),
        ("page.html", False),
        ("notes.warcx", False),
    ],
)
def test_ingest_warc_names(name: str, expected: bool) -> None:
    assert is_warc(name) is expected
