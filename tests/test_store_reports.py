"""Saving reports: the JSON comes back as saved, listed newest first, with its article ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crosswire.errors import NotFoundError, StorageError
from crosswire.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "news.db") as opened:
        yield opened


def report(*ids: str) -> dict[str, Any]:
    return {
        "schema_version": "1",
        "articles": [{"id": i, "source": f"{i}.txt", "text": "…", "removed": []} for i in ids],
        "claims": [],
        "links": [],
        "groups": [],
        "framing": [{"referent": "Kursk", "terms": {ids[0]: ["liberation"]}}],
    }


def test_store_reports_round_trip(store: Store) -> None:
    saved = report("a1", "b2")
    report_id = store.save_report(saved, title="Kim mourns soldiers")
    assert store.get_report(report_id) == saved


def test_store_reports_list_newest_first_with_article_ids(store: Store) -> None:
    first = store.save_report(report("a1"), title="first")
    second = store.save_report(report("b2", "c3"))
    listed = store.list_reports()
    assert [r.id for r in listed] == [second, first]
    assert listed[0].article_ids == ("b2", "c3")
    assert listed[0].title is None
    assert listed[1].title == "first"
    assert listed[1].to_dict()["article_ids"] == ["a1"]


def test_store_reports_each_save_gets_its_own_id(store: Store) -> None:
    ids = {store.save_report(report("a1")) for _ in range(5)}
    assert len(ids) == 5


def test_store_reports_unknown_id(store: Store) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        store.get_report("nope")


def test_store_reports_delete(store: Store) -> None:
    report_id = store.save_report(report("a1"))
    assert store.delete_report(report_id) is True
    assert store.delete_report(report_id) is False
    assert store.list_reports() == []


@pytest.mark.parametrize("bad", [["not", "an", "object"], "text"])
def test_store_reports_refuse_what_is_not_an_object(store: Store, bad: Any) -> None:
    with pytest.raises(StorageError, match="JSON object"):
        store.save_report(bad)


def test_store_reports_listed_with_their_counts(store: Store) -> None:
    saved = report("a1", "b2")
    saved["claims"] = [{"id": f"a1:c{n}"} for n in range(5)]
    saved["groups"] = [
        {"id": "g1", "status": "corroborated"},
        {"id": "g2", "status": "contested"},
        {"id": "g3", "status": "single_source"},
        {"id": "g4", "status": "contested"},
    ]
    store.save_report(saved)
    (listed,) = store.list_reports()
    assert listed.counts == {"claims": 5, "corroborated": 1, "contested": 2, "single_source": 1}
    assert listed.to_dict()["counts"] == listed.counts


def test_store_reports_saved_before_counts_were_kept(tmp_path: Path) -> None:
    """A database at the revision before counts: its reports list without them, and new ones
    with them."""
    import sqlalchemy as sa
    from alembic import command

    from crosswire.store.migrate import alembic_config

    path = tmp_path / "old.db"
    with open_store(path) as fresh:
        fresh.save_report(report("a1"))
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")
            connection.execute(sa.text("UPDATE reports SET title = 'old'"))
    finally:
        engine.dispose()
    with open_store(path) as upgraded:
        upgraded.save_report(report("b2"), title="new")
        counts = {r.title: r.counts for r in upgraded.list_reports()}
    assert counts == {
        "old": None,
        "new": {"claims": 0, "corroborated": 0, "contested": 0, "single_source": 0},
    }


# --- the text of stored articles is stored once ------------------------------------------------

FERRY = (
    "Ferry service to the island resumed on Monday after a three-day storm, the port "
    "authority said. The first boat carried 120 passengers."
)
FERRY_2 = (
    "The island ferry sailed again on Monday, three days after the storm halted it. About "
    "120 people were on board the first crossing, officials said."
)


@pytest.fixture(scope="module")
def compared() -> Any:
    from crosswire import Article, compare

    articles = [
        Article.from_text(FERRY, source="a.txt"),
        Article.from_text(FERRY_2, source="b.txt"),
    ]
    return compare(articles)


def _stored_data(path: Path, report_id: str) -> dict[str, Any]:
    import json
    import sqlite3

    with sqlite3.connect(path) as raw:
        (data,) = raw.execute("SELECT data FROM reports WHERE id = ?", (report_id,)).fetchone()
    return dict(json.loads(data))


def test_store_reports_refer_to_the_text_of_stored_articles(tmp_path: Path, compared: Any) -> None:
    from crosswire import save_report

    path = tmp_path / "news.db"
    with open_store(path) as store:
        report_id = save_report(compared, store)
        assert store.get_report(report_id) == compared.to_dict()
    entries = _stored_data(path, report_id)["articles"]
    assert [(e["text"], e["raw_text"]) for e in entries] == [(None, None), (None, None)]
    assert [e["id"] for e in entries] == [a.id for a in compared.articles]


def test_store_reports_keep_the_text_of_articles_not_stored(tmp_path: Path, compared: Any) -> None:
    path = tmp_path / "news.db"
    with open_store(path) as store:
        store.add_article(compared.articles[0])
        report_id = store.save_report(compared.to_dict())
        assert store.get_report(report_id) == compared.to_dict()
    first, second = _stored_data(path, report_id)["articles"]
    assert first["text"] is None
    assert second["text"] == compared.articles[1].text


def test_store_reports_keep_their_text_when_an_article_is_deleted(
    tmp_path: Path, compared: Any
) -> None:
    from crosswire import save_report

    path = tmp_path / "news.db"
    with open_store(path) as store:
        report_id = save_report(compared, store)
        other_id = save_report(compared, store)
        assert store.delete_article(compared.articles[0].id)
        assert store.get_report(report_id) == compared.to_dict()
        assert store.get_report(other_id) == compared.to_dict()
    first, second = _stored_data(path, report_id)["articles"]
    assert first["text"] == compared.articles[0].text
    assert first["raw_text"] == compared.articles[0].raw_text
    assert second["text"] is None


def test_store_reports_keep_their_text_when_an_article_changes(
    tmp_path: Path, compared: Any
) -> None:
    import copy

    from crosswire import save_report

    with open_store(tmp_path / "news.db") as store:
        report_id = save_report(compared, store)
        changed = copy.deepcopy(compared.articles[1])
        changed.set_text(changed.text[:40], list(range(41)))
        store.update_article(changed)
        assert store.get_article(changed.id).text == changed.text[:40]
        assert store.get_report(report_id) == compared.to_dict()


def test_store_reports_texts_move_out_and_back_with_the_migration(
    tmp_path: Path, compared: Any
) -> None:
    from crosswire import save_report
    from test_store_migrations import _migrate

    path = tmp_path / "news.db"
    with open_store(path) as store:
        report_id = save_report(compared, store)
    _migrate(path, "downgrade", "0005")
    # before revision 0006 a report held every article's text
    entries = _stored_data(path, report_id)["articles"]
    assert [e["text"] for e in entries] == [a.text for a in compared.articles]
    assert [e["raw_text"] for e in entries] == [a.raw_text for a in compared.articles]
    with open_store(path) as store:  # upgrades to the head again
        assert store.get_report(report_id) == compared.to_dict()
    assert [e["text"] for e in _stored_data(path, report_id)["articles"]] == [None, None]
