"""JSON Lines: one article a line; a bad line fails alone."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from crosswire.document import Article
from crosswire.errors import BinaryInputError, InputError, MalformedInputError
from crosswire.ingest import read, read_many

TEXT = "Kim Jong-un was visibly emotional at a ceremony for soldiers killed in Kursk."
HTML = (
    "<html><head><title>Treaty</title></head><body><article>"
    + "<p>The ceremony marked the first anniversary of the treaty between Pyongyang and "
    "Moscow, state media said on Monday, and was attended by senior officials.</p>"
    * 3
    + "</article></body></html>"
)


def write_lines(path: Path, lines: list[object]) -> Path:
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


def test_ingest_jsonl_text_and_metadata(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "a.jsonl",
        [
            {
                "text": TEXT,
                "title": "Kim weeps",
                "url": "https://example.org/kim",
                "outlet": "Example News",
                "published": "2025-06-30",
                "author": "Jane Doe",
                "section": "world",
            }
        ],
    )
    [article] = read(path)
    assert article.raw_text == TEXT
    assert (article.title, article.url, article.outlet, article.author) == (
        "Kim weeps",
        "https://example.org/kim",
        "Example News",
        "Jane Doe",
    )
    assert article.published == datetime(2025, 6, 30)
    assert article.meta["section"] == "world"
    assert article.source == f"{path}:1"


@pytest.mark.parametrize(
    ("record", "field", "value"),
    [
        ({"body": TEXT, "headline": "Kim weeps"}, "title", "Kim weeps"),
        ({"content": TEXT, "source": "Wire"}, "outlet", "Wire"),
        ({"text": TEXT, "date": "2025-06-30T08:00:00"}, "published", datetime(2025, 6, 30, 8)),
        ({"text": TEXT, "authors": ["A. One", "B. Two"]}, "author", "A. One, B. Two"),
    ],
)
def test_ingest_jsonl_field_aliases(
    tmp_path: Path, record: dict[str, object], field: str, value: object
) -> None:
    [article] = read(write_lines(tmp_path / "a.jsonl", [record]))
    assert getattr(article, field) == value


def test_ingest_jsonl_html_field_is_extracted(tmp_path: Path) -> None:
    [article] = read(write_lines(tmp_path / "a.ndjson", [{"html": HTML, "outlet": "Example"}]))
    assert "first anniversary of the treaty" in article.raw_text
    assert "<p>" not in article.raw_text
    assert article.outlet == "Example"


def test_ingest_jsonl_bad_lines_fail_alone(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "mixed.jsonl",
        [
            {"text": TEXT},
            "{not json",
            "",
            ["a", "list"],
            {"title": "no text"},
            {"text": "   "},
            {"text": TEXT + " Again."},
        ],
    )
    items = list(read_many([path]))
    kinds = [type(item).__name__ for item in items]
    assert kinds == [
        "Article",
        "MalformedInputError",
        "MalformedInputError",
        "MalformedInputError",
        "MalformedInputError",
        "Article",
    ]
    errors = [item for item in items if isinstance(item, InputError)]
    assert [e.source for e in errors] == [f"{path}:{n}" for n in (2, 4, 5, 6)]
    assert "not valid JSON" in errors[0].reason
    assert "no 'text', 'paragraphs' or 'html' field" in errors[2].reason


def test_ingest_jsonl_strict_read_raises(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "bad.jsonl", [{"text": TEXT}, "{oops"])
    with pytest.raises(MalformedInputError, match=r"bad\.jsonl:2: not valid JSON"):
        read(path)


@pytest.mark.parametrize(
    "bad",
    [
        b'{"text": "Officials said\x00 the talks ended."}',
        b"\x00\x00\x00\x00\x00\x00\x00\x00",
        b'{"text": "half a line\x00\x00\x01\x02',
    ],
    ids=["nul-in-a-string", "nul-block", "nul-and-control-bytes"],
)
def test_ingest_jsonl_nul_line_fails_alone(tmp_path: Path, bad: bytes) -> None:
    good = [json.dumps({"text": TEXT}).encode(), json.dumps({"text": TEXT + " Again."}).encode()]
    path = tmp_path / "nul.jsonl"
    path.write_bytes(b"\n".join([good[0], bad, good[1]]) + b"\n")
    items = list(read_many([path]))
    assert [type(item).__name__ for item in items] == ["Article", "BinaryInputError", "Article"]
    assert isinstance(items[1], InputError)
    assert (items[1].source, items[1].reason) == (
        f"{path}:2",
        "NUL bytes in the line: binary data, not JSON",
    )
    assert [item.source for item in items if not isinstance(item, InputError)] == [
        f"{path}:1",
        f"{path}:3",
    ]


def test_ingest_jsonl_mostly_nul_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x00\x01\x02\n\x00\x00\n" + json.dumps({"text": TEXT}).encode() + b"\n\x00")
    [item] = list(read_many([path]))
    assert isinstance(item, BinaryInputError)
    assert item.source == str(path)
    assert "NUL bytes in 3 of 4 lines" in item.reason


def test_ingest_jsonl_line_separator_in_a_string_keeps_the_line_whole(tmp_path: Path) -> None:
    text = TEXT + "\u2028Second paragraph.\x85Third."
    path = tmp_path / "sep.jsonl"
    path.write_bytes(
        (json.dumps({"text": text}, ensure_ascii=False) + "\n").encode()
        + (json.dumps({"text": TEXT + " Again."}) + "\n").encode()
    )
    items = list(read_many([path]))
    assert [item.source for item in items] == [f"{path}:1", f"{path}:2"]
    assert isinstance(items[0], Article)
    assert items[0].raw_text == text
