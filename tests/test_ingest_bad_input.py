"""Bad input gets a clear InputError subclass naming the input and the reason."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crosswire.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    MalformedInputError,
)
from crosswire.ingest import IngestOptions, read

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.mark.parametrize(
    ("name", "data", "error", "reason"),
    [
        ("empty.txt", b"", EmptyInputError, "empty"),
        ("blank.txt", b" \n\t\r\n ", EmptyInputError, "empty"),
        ("empty.html", b"", EmptyInputError, "empty"),
        ("picture.txt", PNG, BinaryInputError, "PNG image"),
        ("report.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", BinaryInputError, "PDF"),
        ("nul.txt", b"some words\x00\x00\x01\x02 more words", BinaryInputError, "NUL bytes"),
        ("noise.txt", bytes(range(0x80, 0x100)) * 3, EncodingError, "cannot decode"),
        ("controls.txt", bytes(range(1, 9)) * 40, BinaryInputError, "control characters"),
        ("broken.gz.txt", b"\x1f\x8b\x08\x00garbage", BinaryInputError, "gzip"),
        (
            "tags.html",
            b"<html><body><script>x()</script></body></html>",
            EmptyInputError,
            "no article text",
        ),
        ("words.html", b"just some words, no markup at all", MalformedInputError, "parse the HTML"),
        (
            "data.xml",
            b"<?xml version='1.0'?><catalog><book>1</book></catalog>",
            MalformedInputError,
            "not an RSS or Atom feed",
        ),
        (
            "cut.rss",
            b"<rss><channel><title>T</title><item><title>a</ti",
            MalformedInputError,
            "feed",
        ),
        (
            "none.rss",
            b"<rss version='2.0'><channel><title>T</title></channel></rss>",
            EmptyInputError,
            "no entries",
        ),
    ],
)
def test_ingest_bad_input_is_refused_with_reason(
    tmp_path: Path, name: str, data: bytes, error: type[InputError], reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        read(path)
    assert caught.value.source == str(path)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(str(path))


def test_ingest_bad_input_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 2000)
    with pytest.raises(InputTooLargeError, match="over the limit of 1,000 bytes"):
        read(path, options=IngestOptions(max_bytes=1000))


def test_ingest_bad_input_gzip_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5_000_000))
    assert path.stat().st_size < 20_000
    with pytest.raises(InputTooLargeError):
        read(path, options=IngestOptions(max_bytes=100_000))


def test_ingest_bad_input_default_limit_is_twenty_megabytes() -> None:
    assert IngestOptions().max_bytes == 20_000_000


def test_ingest_bad_input_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nowhere.txt")


@pytest.mark.parametrize(
    "kwargs",
    [{"max_bytes": 0}, {"timeout": 0}, {"max_redirects": -1}, {"user_agent": " "}],
)
def test_ingest_bad_input_options_are_validated(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        IngestOptions(**kwargs)  # type: ignore[arg-type]


def test_ingest_bad_input_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        IngestOptions(1000)  # type: ignore[misc]
