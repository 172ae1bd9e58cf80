"""Storing articles: every field and layer comes back, each article is stored once."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crosswire.document import (
    Article,
    Attribution,
    Claim,
    Entity,
    Quantity,
    Quote,
    Removal,
    TimeExpression,
    article_to_dict,
)
from crosswire.errors import NotFoundError, StorageError
from crosswire.store import Store, open_store

RAW = (
    "Most Read\n"
    "Kim Jong-un wept at a ceremony on 12 June 2025, Reuters reported.\n"
    '"They fought bravely," he said. About 6,000 soldiers may have been killed or wounded.\n'
)


def layered_article() -> Article:
    """An article with every layer filled in, as the analysis stages would leave it."""
    article = Article.from_text(
        RAW,
        source="gbnews.txt",
        title="Kim mourns soldiers",
        outlet="GB News",
        url="https://example.com/kim",
        author="A. Reporter",
        published=datetime(2025, 6, 30, 9, 15, tzinfo=timezone(timedelta(hours=1))),
        language="en",
    )
    cut = len("Most Read\n")
    article.set_text(RAW[cut:], list(range(cut, len(RAW) + 1)))
    article.removed = [Removal(0, cut, RAW[:cut], "boilerplate: most read")]
    text = article.text
    first_end = text.index("\n")
    article.sentences = [article.span(0, first_end)]
    kim = text.index("Kim Jong-un")
    article.entities = [Entity(article.span(kim, kim + len("Kim Jong-un")), "PERSON")]
    quote_start = text.index('"They')
    quote_end = text.index('" he') + 1
    article.quotes = [Quote(article.span(quote_start, quote_end), "Kim Jong-un", None, True)]
    reuters = text.index("Reuters")
    cue = text.index("reported")
    attribution = Attribution(
        source="Reuters",
        cue=article.span(cue, cue + len("reported")),
        content=article.span(0, text.index(", Reuters")),
        source_span=article.span(reuters, reuters + len("Reuters")),
        chain=("GB News", "Reuters"),
        source_kind="agency",
    )
    article.attributions = [attribution]
    number = text.index("6,000")
    article.quantities = [
        Quantity(article.span(number, number + 5), 6000.0, 6000.0, "soldiers", "about")
    ]
    date = text.index("12 June 2025")
    article.times = [
        TimeExpression(
            article.span(date, date + len("12 June 2025")),
            datetime(2025, 6, 12, tzinfo=UTC),
            datetime(2025, 6, 13, tzinfo=UTC),
            "day",
        )
    ]
    may = text.index("may")
    article.claims = [
        Claim(
            id="c1",
            span=article.span(0, text.index(", Reuters")),
            attribution=attribution,
            certainty="reported",
            checkworthiness=0.8125,
        ),
        Claim(
            id="c2",
            span=article.span(text.index("About"), len(text) - 1),
            certainty="hedged",
            certainty_cue=article.span(may, may + 3),
            checkworthiness=0.5,
            kind="quantity",
        ),
    ]
    article.meta = {"feed": "world", "tags": ["korea", "russia"], "ünïcode": "✓"}
    article.layers = ["raw_text", "text", "removed", "sentences", "claims"]
    article.check_spans()
    return article


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "news.db") as opened:
        yield opened


def test_store_articles_round_trip_every_layer(store: Store) -> None:
    article = layered_article()
    assert store.add_article(article) is True
    stored = store.get_article(article.id)
    assert article_to_dict(stored) == article_to_dict(article)
    stored.check_spans()


def test_store_articles_round_trip_the_seed_articles(store: Store, seed_paths: list[Path]) -> None:
    articles = [Article.from_text(p.read_text(encoding="utf-8"), source=p.name) for p in seed_paths]
    for article in articles:
        assert store.add_article(article)
    for article in articles:
        assert store.get_article(article.id).text == article.text


def test_store_articles_add_twice_stores_once(store: Store) -> None:
    article = layered_article()
    assert store.add_article(article) is True
    assert store.add_article(article) is False
    assert store.count_articles() == 1


def test_store_articles_duplicate_keeps_the_first_version(store: Store) -> None:
    article = layered_article()
    store.add_article(article)
    article.title = "A different title"
    assert store.add_article(article) is False
    assert store.get_article(article.id).title == "Kim mourns soldiers"


def test_store_articles_removals_are_rows(store: Store, tmp_path: Path) -> None:
    article = layered_article()
    store.add_article(article)
    with sqlite3.connect(tmp_path / "news.db") as raw:
        rows = raw.execute(
            'SELECT article_id, start, "end", text, reason FROM removals ORDER BY position'
        ).fetchall()
    assert rows == [(article.id, 0, 10, "Most Read\n", "boilerplate: most read")]


def test_store_articles_columns_hold_the_metadata(store: Store, tmp_path: Path) -> None:
    article = layered_article()
    store.add_article(article)
    with sqlite3.connect(tmp_path / "news.db") as raw:
        row = raw.execute(
            "SELECT source, outlet, url, title, author, published, raw_text, text FROM articles"
        ).fetchone()
    assert row == (
        "gbnews.txt",
        "GB News",
        "https://example.com/kim",
        "Kim mourns soldiers",
        "A. Reporter",
        "2025-06-30T09:15:00+01:00",
        article.raw_text,
        article.text,
    )


def test_store_articles_has_article(store: Store) -> None:
    article = layered_article()
    assert not store.has_article(article.id)
    store.add_article(article)
    assert store.has_article(article.id)


@pytest.mark.parametrize("method", ["get_article", "delete_article"])
def test_store_articles_unknown_id(store: Store, method: str) -> None:
    if method == "delete_article":
        assert store.delete_article("0123456789abcdef") is False
        return
    with pytest.raises(NotFoundError, match="0123456789abcdef") as caught:
        store.get_article("0123456789abcdef")
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, StorageError)


def test_store_articles_list_in_insertion_order_with_paging(store: Store) -> None:
    articles = [Article.from_text(f"Story number {i}.", source=f"{i}.txt") for i in range(7)]
    for article in articles:
        store.add_article(article)
    assert store.count_articles() == 7
    first = store.list_articles(limit=3)
    rest = store.list_articles(limit=10, offset=3)
    assert [s.id for s in first + rest] == [a.id for a in articles]
    assert first[0].length == len(articles[0].text)
    assert first[0].added_at.tzinfo is not None


def test_store_articles_update_replaces_layers_and_removals(store: Store) -> None:
    article = layered_article()
    store.add_article(article)
    article.claims = article.claims[:1]
    article.removed = []
    article.layers.append("framing")
    store.update_article(article)
    stored = store.get_article(article.id)
    assert article_to_dict(stored) == article_to_dict(article)


def test_store_articles_update_unknown_article(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.update_article(layered_article())


def test_store_articles_delete_removes_its_removals(store: Store, tmp_path: Path) -> None:
    article = layered_article()
    store.add_article(article)
    assert store.delete_article(article.id) is True
    assert not store.has_article(article.id)
    with sqlite3.connect(tmp_path / "news.db") as raw:
        assert raw.execute("SELECT count(*) FROM removals").fetchone() == (0,)


def test_store_articles_unserialisable_meta_is_a_storage_error(store: Store) -> None:
    article = layered_article()
    article.meta = {"when": datetime(2025, 1, 1)}
    with pytest.raises(StorageError, match=article.id):
        store.add_article(article)
    assert not store.has_article(article.id)
