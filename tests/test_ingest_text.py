"""Plain text: raw text is the file content; headline and outlet are read off the text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from crosswire.document import content_hash
from crosswire.ingest import read, read_text
from crosswire.ingest.text import infer_outlet, infer_title

BODY = (
    "Officials said the bridge at the border crossing reopened on Monday after repairs.\n"
    "Traffic was light, according to the regional transport office.\n"
)


def test_ingest_text_raw_text_is_the_file_content(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        [article] = read(path)
        assert article.raw_text == path.read_text(encoding="utf-8")
        assert article.id == content_hash(article.raw_text)
        assert article.source == str(path)


@pytest.mark.parametrize(("index", "outlet"), [(0, "GB News"), (1, None)])
def test_ingest_text_seed_outlet(seed_paths: list[Path], index: int, outlet: str | None) -> None:
    [article] = read(seed_paths[index])
    assert article.outlet == outlet


def test_ingest_text_seed_teaser_is_not_a_headline(seed_paths: list[Path]) -> None:
    [article] = read(seed_paths[0])
    assert article.title is None


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Trending on GB News", "GB News"),
        ("More from Reuters", "Reuters"),
        ("Most Read on The Independent", "The Independent"),
        ("\u00a9 2025 The Guardian. All rights reserved.", "The Guardian"),
        (
            "Copyright \u00a9 2019 Dow Jones & Company, Inc. All Rights Reserved",
            "Dow Jones & Company",
        ),
        ("Sign up to the Politico Playbook newsletter", "Politico"),
        ("Follow John Nolte on Twitter @NolteNC.", None),
        ("More than 200 people were killed.", None),
    ],
)
def test_ingest_text_infer_outlet(line: str, outlet: str | None) -> None:
    assert infer_outlet(BODY + line + "\n") == outlet


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Next plague outbreak in Madagascar could be 'stronger': WHO\n\n" + BODY,
            "Next plague outbreak in Madagascar could be 'stronger': WHO",
        ),
        ("Is the bridge safe?\n" + BODY, "Is the bridge safe?"),
        (BODY, None),  # the first line is a sentence
        ("Officials said the bridge at the border crossing reopened\n" + BODY, None),  # a teaser
        ("Most Read\n" + BODY, None),  # boilerplate
        ("Bridge reopens", None),  # nothing after it
    ],
)
def test_ingest_text_infer_title(text: str, title: str | None) -> None:
    assert infer_title(text) == title


def test_ingest_text_metadata_given_wins() -> None:
    article = read_text(
        "Trending on GB News\n" + BODY,
        source="memo",
        title="Bridge reopens",
        outlet="Example News",
        published="2025-06-30T08:15:00Z",
        desk="world",
    )
    assert (article.title, article.outlet, article.source) == (
        "Bridge reopens",
        "Example News",
        "memo",
    )
    assert article.published == datetime.fromisoformat("2025-06-30T08:15:00+00:00")
    assert article.meta["desk"] == "world"


@pytest.mark.parametrize(
    "published",
    ["Mon, 30 Jun 2025 08:15:00 +0000", "2025-06-30T08:15:00+00:00", datetime(2025, 6, 30, 8, 15)],
)
def test_ingest_text_published_forms(published: object) -> None:
    article = read_text(BODY, published=published)
    assert article.published is not None
    assert (article.published.year, article.published.month, article.published.day) == (2025, 6, 30)


def test_ingest_text_unreadable_date_is_kept_as_text() -> None:
    article = read_text(BODY, published="last Tuesday")
    assert article.published is None
    assert article.meta["published_text"] == "last Tuesday"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Caf\u00e9 owners said the bridge reopened.\n".encode(), "Caf\u00e9 owners"),
        (b"\xef\xbb\xbfCaf\xc3\xa9 owners said the bridge reopened.\n", "Caf\u00e9 owners"),
        (
            "Caf\u00e9 owners said the bridge reopened \u2013 at last.\n".encode("cp1252"),
            "Caf\u00e9 owners",
        ),
        ("Caf\u00e9 owners said the bridge reopened.\n".encode("utf-16"), "Caf\u00e9 owners"),
        (
            "P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl "
            "\u010f\u00e1belsk\u00e9 \u00f3dy. Most byl znovu otev\u0159en v pond\u011bl\u00ed, "
            "\u0159ekl starosta.".encode("cp1250"),
            "P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd",
        ),
        (
            "\u041c\u043e\u0441\u0442 \u043e\u0442\u043a\u0440\u044b\u043b\u0438 \u0432 "
            "\u043f\u043e\u043d\u0435\u0434\u0435\u043b\u044c\u043d\u0438\u043a, \u0441\u043a\u0430"
            "\u0437\u0430\u043b \u043c\u044d\u0440 \u0433\u043e\u0440\u043e\u0434\u0430.".encode(
                "cp1251"
            ),
            "\u041c\u043e\u0441\u0442 \u043e\u0442\u043a\u0440\u044b\u043b\u0438",
        ),
    ],
)
def test_ingest_text_encodings(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    [article] = read(path)
    assert article.raw_text.startswith(expected)
