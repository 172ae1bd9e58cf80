"""A .json file: one JSON document (an article, or a list of them), else JSON Lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from crosswire.document import Article
from crosswire.errors import MalformedInputError
from crosswire.ingest import read, read_many, read_stream

TEXT = "Officials said on Sunday that the bridge had reopened to traffic."
OTHER = "The bridge remains closed, the city council said on Monday."


def write(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def test_ingest_json_pretty_printed_article(tmp_path: Path) -> None:
    record = {"title": "Bridge reopens", "text": TEXT, "site": "Example"}
    path = write(tmp_path / "one.json", record)
    [article] = read(path)
    assert (article.raw_text, article.title, article.outlet) == (TEXT, "Bridge reopens", "Example")
    assert article.source == str(path)


def test_ingest_json_list_of_articles(tmp_path: Path) -> None:
    path = write(
        tmp_path / "list.json",
        [{"text": TEXT, "outlet": "A"}, {"text": OTHER, "source": "B"}],
    )
    articles = read(path)
    assert [(a.raw_text, a.outlet, a.source) for a in articles] == [
        (TEXT, "A", f"{path}#1"),
        (OTHER, "B", f"{path}#2"),
    ]


def test_ingest_json_list_item_fails_alone(tmp_path: Path) -> None:
    path = write(tmp_path / "list.json", [{"text": TEXT}, {"title": "no text"}, "oops"])
    items = list(read_many([path]))
    assert isinstance(items[0], Article)
    assert [str(i) for i in items[1:]] == [
        f"{path}#2: no 'text', 'paragraphs' or 'html' field",
        f"{path}#3: expected a JSON object, got str",
    ]


def test_ingest_json_broken_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "title": "Bridge",\n  "text": "x"\n  "outlet": "y"\n}\n', "utf-8")
    items = list(read_many([path]))
    assert len(items) == 1
    assert isinstance(items[0], MalformedInputError)
    assert str(items[0]) == (
        f"{path}: not valid JSON (Expecting ',' delimiter at line 4, column 3), "
        "nor JSON lines (no line holds a JSON object)"
    )


def test_ingest_json_lines_in_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text(json.dumps({"text": TEXT}) + "\n" + json.dumps({"text": OTHER}) + "\n")
    assert [a.source for a in read(path)] == [f"{path}:1", f"{path}:2"]


@pytest.mark.parametrize(
    ("value", "reason"),
    [([], "an empty JSON list: no article in it"), ("text", "a JSON str: expected an article")],
)
def test_ingest_json_not_articles(tmp_path: Path, value: object, reason: str) -> None:
    path = write(tmp_path / "odd.json", value)
    with pytest.raises(MalformedInputError, match=reason):
        read(path)


def test_ingest_json_sniffed_from_a_stream() -> None:
    data = json.dumps([{"text": TEXT}, {"text": OTHER}], indent=2).encode()
    articles = read_stream(io.BytesIO(data), source="<stdin>")
    assert [a.source for a in articles] == ["<stdin>#1", "<stdin>#2"]


def test_ingest_json_paragraphs_of_sentences(tmp_path: Path) -> None:
    """An article held as paragraphs of sentences (as BASIL holds its articles): the text joins
    sentences by a space and paragraphs by a blank line; the metadata is read as usual."""
    record = {
        "source": "fox",
        "title": "Bridge reopens",
        "date": "2019-03-25",
        "main-event": "Bridge reopens",
        "body-paragraphs": [[TEXT, " ", "Traffic was light."], [], [OTHER]],
    }
    [article] = read(write(tmp_path / "basil.json", record))
    assert article.raw_text == f"{TEXT} Traffic was light.\n\n{OTHER}"
    assert (article.outlet, article.title) == ("fox", "Bridge reopens")
    assert article.published is not None and article.published.date().isoformat() == "2019-03-25"
    assert article.meta["main-event"] == "Bridge reopens"


def test_ingest_json_paragraphs_as_strings(tmp_path: Path) -> None:
    [article] = read(write(tmp_path / "p.json", {"paragraphs": [TEXT, OTHER]}))
    assert article.raw_text == f"{TEXT}\n\n{OTHER}"


def test_ingest_json_paragraphs_not_text_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.json", [{"paragraphs": [[TEXT, 3]]}, {"text": TEXT}])
    items = list(read_many([path]))
    assert str(items[0]) == (f"{path}#1: the 'paragraphs' field is empty, or neither a string "
                             "nor a list of paragraphs")
    assert isinstance(items[1], Article)
