"""Small real web archives, written with warcio, for the ingest tests.

``Crawl`` builds an archive of HTML responses and remembers where each record
starts, so a test can cut one short and check the offset the reader names.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

STORIES = {
    "https://example.org/news/flood": (
        "Floods hit Marlow",
        "Rescue teams in the coastal town of Marlow worked through the night after the river "
        "burst its banks on Tuesday, flooding more than two hundred homes. The regional council "
        "said emergency shelters had opened in three schools.",
    ),
    "https://example.org/news/bridge": (
        "Bridge reopens after repairs",
        "The bridge at the border crossing reopened on Monday after two months of repairs, "
        "the regional transport office said in a statement. Traffic was light in the morning, "
        "officials said, and tolls will be waived until the end of the month.",
    ),
    "https://example.org/news/harvest": (
        "Harvest down a fifth",
        "Farmers in the northern valleys brought in about a fifth less grain than last year, "
        "the agriculture ministry said on Friday, blaming a dry spring. Prices at the regional "
        "market rose by eight percent over the week, traders said.",
    ),
}


def page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in body.rstrip(".").split(". "))
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright Example News</footer></body></html>"
    ).encode()


@dataclass
class Crawl:
    """An archive's bytes and the byte offset where each record starts, by target URI."""

    data: bytes
    offsets: dict[str, int] = field(default_factory=dict)
    ends: dict[str, int] = field(default_factory=dict)

    def cut(self, uri: str, count: int = 200) -> bytes:
        """The archive with the last ``count`` bytes of one record removed."""
        end = self.ends[uri]
        return self.data[: end - count] + self.data[end:]

    def write(self, path: Path, data: bytes | None = None) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.data if data is None else data)
        return path


def crawl(
    *,
    gzipped: bool,
    uris: tuple[str, ...] = tuple(STORIES),
    headers: dict[str, dict[str, str]] | None = None,
) -> Crawl:
    """An archive of one HTML response per uri (each its own gzip member when gzipped)."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    result = Crawl(b"")
    for uri in uris:
        title, body = STORIES[uri]
        payload = page(title, body)
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        extra = {"WARC-Date": "2024-03-05T10:00:00Z", **(headers or {}).get(uri, {})}
        record = writer.create_warc_record(
            uri,
            "response",
            payload=BytesIO(payload),
            length=len(payload),
            http_headers=http,
            warc_headers_dict=extra,
        )
        result.offsets[uri] = buffer.tell()
        writer.write_record(record)
        result.ends[uri] = buffer.tell()
    result.data = buffer.getvalue()
    return result


def one_member(plain: Crawl) -> bytes:
    """An uncompressed archive gzipped whole: one gzip member holding every record."""
    return gzip.compress(plain.data)
