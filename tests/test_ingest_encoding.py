"""Mostly-valid UTF-8 stays UTF-8 with its bad bytes named; legacy code pages are still found."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from crosswire.document import Article
from crosswire.ingest import read, read_many
from crosswire.ingest.common import decode_noted

QUOTED = (
    "\u201cWe will rebuild the bridge,\u201d the mayor said on Monday \u2013 a promise "
    "repeated by the regional council\u2019s spokeswoman, who called the damage "
    "\u201cserious but repairable\u201d.\n"
)


def with_bad_byte(bad: bytes) -> tuple[bytes, int]:
    """The quoted text in UTF-8 with ``bad`` put after "bridge"; the bad byte's offset."""
    data = QUOTED.encode("utf-8")
    at = data.index(b"bridge") + len(b"bridge")
    return data[:at] + bad + data[at:], at


@pytest.mark.parametrize(
    "bad",
    [b"\x92", b"\xff", b"\xe2\x80"],
    ids=["cp1252-apostrophe", "invalid-byte", "cut-sequence"],
)
def test_ingest_encoding_one_bad_byte_keeps_utf8(
    tmp_path: Path, bad: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    data, at = with_bad_byte(bad)
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    with caplog.at_level(logging.WARNING, logger="crosswire.ingest"):
        [article] = read(path)
    assert article.raw_text == QUOTED.replace("bridge", "bridge\ufffd", 1)
    assert f"not valid UTF-8 at byte {at}" in article.meta["decoding"]
    assert f"{path}: not valid UTF-8 at byte {at}" in caplog.text


def test_ingest_encoding_html_with_one_bad_byte_keeps_utf8(tmp_path: Path) -> None:
    body, _ = with_bad_byte(b"\x92")
    html = (
        b"<!doctype html><html><head><meta charset='utf-8'><title>Bridge</title></head><body>"
        b"<article><p>" + body * 3 + b"</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html)
    [article] = read(path)
    assert "\u201cWe will rebuild the bridge\ufffd,\u201d" in article.raw_text
    assert "\u00e2\u20ac" not in article.raw_text  # no mojibake of the curly quotes
    assert "not valid UTF-8 at byte" in article.meta["decoding"]


def test_ingest_encoding_jsonl_line_with_a_bad_byte(tmp_path: Path) -> None:
    good = json.dumps({"text": QUOTED}, ensure_ascii=False).encode("utf-8")
    bad = good.replace(b"bridge", b"bridge\xff", 1)
    path = tmp_path / "a.jsonl"
    path.write_bytes(good + b"\n" + bad + b"\n")
    items = list(read_many([path]))
    assert all(isinstance(item, Article) for item in items)
    assert [item.raw_text for item in items if isinstance(item, Article)] == [
        QUOTED,
        QUOTED.replace("bridge", "bridge\ufffd", 1),
    ]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_ingest_encoding_legacy_code_page_is_still_detected(tmp_path: Path, encoding: str) -> None:
    text = "Caf\u00e9 owners in the old town said the bridge had reopened at last.\n"
    if encoding == "cp1252":
        text = QUOTED + text
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    [article] = read(path)
    assert article.raw_text == text
    assert "decoding" not in article.meta


def test_ingest_encoding_more_bad_bytes_than_good_characters_is_not_utf8() -> None:
    # cp1252 text in which "\u00df\u201d" (bytes DF 94) happens to be a valid UTF-8 pair.
    text = "Die Stra\u00df\u201d, sagte er. \u201eNein\u201c, \u201evielleicht\u201c."
    data = text.encode("cp1252")
    decoded, note = decode_noted(data, "<test>")
    assert decoded == text
    assert note is None
