"""Dispatch: paths by suffix or content, folders recursively, stdin, batches that go on."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from crosswire.errors import EmptyInputError, InputError
from crosswire.ingest import read, read_bytes, read_many, read_stream

TEXT = "Officials said the bridge reopened on Monday after repairs, local media reported.\n"
HTML = (
    "<!DOCTYPE html><html><head><title>Bridge</title></head><body><article>"
    + "<p>Officials said the bridge at the border crossing reopened on Monday after two months "
    "of repairs, the regional transport office said in a statement.</p>"
    * 3
    + "</article></body></html>"
)
FEED = (
    "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
    "<item><title>One</title><description>Entry text.</description></item></channel></rss>"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    (root / "deeper" / "deepest").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "deeper" / "b.html").write_text(HTML, encoding="utf-8")
    (root / "deeper" / "deepest" / "c.jsonl").write_text(
        json.dumps({"text": "Second text about the bridge."}) + "\n", encoding="utf-8"
    )
    (root / "deeper" / "d.rss").write_text(FEED, encoding="utf-8")
    (root / "deeper" / "empty.txt").write_text("", encoding="utf-8")
    (root / ".hidden" / "skip.txt").write_text("hidden", encoding="utf-8")
    (root / ".skip.txt").write_text("hidden", encoding="utf-8")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    return root


def test_ingest_read_folder_is_walked_recursively(folder: Path) -> None:
    items = list(read_many([folder]))
    sources = [Path(item.source).name for item in items]
    assert sources == ["a.txt", "b.html", "d.rss#1", "c.jsonl:1", "empty.txt"]
    assert isinstance(items[-1], EmptyInputError)


def test_ingest_read_strict_folder_raises_on_the_bad_file(folder: Path) -> None:
    with pytest.raises(EmptyInputError, match="empty.txt"):
        read(folder)


def test_ingest_read_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no readable files"):
        read(tmp_path)


def test_ingest_read_many_goes_on_after_failures(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    items = list(read_many([tmp_path / "missing.txt", empty, str(good), "ftp://x.example/"]))
    assert [type(item).__name__ for item in items] == [
        "InputError",
        "EmptyInputError",
        "Article",
        "BlockedURLError",
    ]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (HTML.encode(), "html"),
        (FEED.encode(), "feed"),
        (json.dumps({"text": TEXT}).encode(), "jsonl"),
        (TEXT.encode(), "text"),
    ],
)
def test_ingest_read_odd_suffix_is_sniffed(tmp_path: Path, data: bytes, kind: str) -> None:
    path = tmp_path / "download.bin"
    path.write_bytes(data)
    [article] = read(path)
    expected = {
        "html": "border crossing",
        "feed": "Entry text.",
        "jsonl": "Officials said",
        "text": "Officials said",
    }[kind]
    assert expected in article.raw_text


def test_ingest_read_stream() -> None:
    [article] = read_stream(io.BytesIO(TEXT.encode()), source="<pipe>")
    assert (article.raw_text, article.source) == (TEXT, "<pipe>")


def test_ingest_read_bytes_with_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        list(read_bytes(b"x", source="<b>", kind="pdf"))


@pytest.mark.parametrize(("data", "needle"), [(TEXT, "Officials said"), (HTML, "border crossing")])
def test_ingest_read_stdin(data: str, needle: str) -> None:
    script = (
        "from crosswire.ingest import read\n[a] = read('-')\nprint(a.source)\nprint(a.raw_text)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], input=data.encode(), capture_output=True, check=True
    )
    out = done.stdout.decode()
    assert out.startswith("<stdin>\n")
    assert needle in out


def test_ingest_read_stdin_empty_is_refused() -> None:
    script = (
        "from crosswire.ingest import read\n"
        "from crosswire.errors import EmptyInputError\n"
        "try:\n    read('-')\nexcept EmptyInputError as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], input=b"", capture_output=True, check=True
    )
    assert done.stdout.decode().strip() == "<stdin>: empty input"
