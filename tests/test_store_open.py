"""Opening a store: the file it creates, its settings, clear errors for what cannot be opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from crosswire.document import Article
from crosswire.errors import StorageError
from crosswire.store import SQLiteOptions, SQLiteStore, Store, default_db_path, open_store
from crosswire.store.migrate import head_revision


def _pragma(store: Store, name: str, *, write: bool = False) -> object:
    def run(connection: sa.Connection) -> object:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

    return store.execute_write_fn(run) if write else store.execute_read_fn(run)


def test_store_open_creates_a_migrated_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with open_store(path) as store:
        assert isinstance(store, Store)
        assert store.count_articles() == 0
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    with sqlite3.connect(path) as raw:
        (revision,) = raw.execute("SELECT version_num FROM alembic_version").fetchone()
        tables = {
            row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert revision == head_revision()
    assert {"articles", "removals", "failures", "reports", "ingest_runs"} <= tables


@pytest.mark.parametrize(
    ("name", "expected", "write"),
    [
        ("journal_mode", "wal", False),
        ("foreign_keys", 1, True),
        ("foreign_keys", 1, False),
        ("busy_timeout", 30000, True),
        ("synchronous", 2, True),  # FULL
        ("query_only", 1, False),
        ("query_only", 0, True),
    ],
)
def test_store_open_sets_connection_pragmas(
    tmp_path: Path, name: str, expected: object, write: bool
) -> None:
    with open_store(tmp_path / "news.db") as store:
        assert _pragma(store, name, write=write) == expected


def test_store_open_options_change_the_pragmas(tmp_path: Path) -> None:
    options = SQLiteOptions(busy_timeout=2.5, synchronous="NORMAL")
    with SQLiteStore(tmp_path / "news.db", options=options) as store:
        assert _pragma(store, "busy_timeout", write=True) == 2500
        assert _pragma(store, "synchronous", write=True) == 1


@pytest.mark.parametrize("kwargs", [{"busy_timeout": -1.0}, {"synchronous": "OFF"}, {"readers": 0}])
def test_store_open_options_are_validated(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        SQLiteOptions(**kwargs)  # type: ignore[arg-type]


def test_store_open_default_path_is_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "crosswire" / "crosswire.db"
    with open_store() as store:
        assert store.location == str(default_db_path())
    assert default_db_path().is_file()


@pytest.mark.parametrize("form", ["path", "str", "url"])
def test_store_open_accepts_paths_and_sqlite_urls(tmp_path: Path, form: str) -> None:
    path = tmp_path / "news.db"
    target: str | Path = {"path": path, "str": str(path), "url": f"sqlite:///{path}"}[form]
    with open_store(target) as store:
        assert store.location == str(path)
    assert path.is_file()


def test_store_open_keeps_what_was_stored(tmp_path: Path) -> None:
    article = Article.from_text("One sentence that lasts.", source="one.txt")
    with open_store(tmp_path / "news.db") as store:
        store.add_article(article)
    with open_store(tmp_path / "news.db") as store:
        assert store.get_article(article.id).text == article.text


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: _write(d / "notes.db", b"just some text, not a database\n"), "not a SQLite"),
        (lambda d: _write(d / "noise.db", bytes(range(256)) * 16), "not a SQLite"),
        (
            lambda d: _write(d / "fake.db", b"SQLite format 3\x00" + b"\xff" * 4080),
            "not a SQLite database",
        ),
        (lambda d: d, "is a folder"),
        (lambda d: d / "missing" / "news.db", "does not exist"),
    ],
    ids=["text", "binary", "bad-header-fields", "folder", "missing-folder"],
)
def test_store_open_refuses_what_is_not_a_database(
    tmp_path: Path, make: object, reason: str
) -> None:
    target = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(StorageError, match=reason) as caught:
        open_store(target)
    assert str(target) in str(caught.value)


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("", "empty path"),
        ("   ", "empty path"),
        (":memory:", "need a file"),
        ("sqlite://", "name a database file"),
        ("sqlite:///:memory:", "name a database file"),
        ("postgresql://user:secret@db.example/news", "not available yet"),
        ("mysql://db.example/news", "unknown kind"),
    ],
)
def test_store_open_refuses_unusable_targets(target: str, reason: str) -> None:
    with pytest.raises(StorageError, match=reason) as caught:
        open_store(target)
    assert "secret" not in str(caught.value)


def test_store_open_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    open_store(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StorageError, match="newer"):
        open_store(path)


def test_store_open_closed_store_refuses_work(tmp_path: Path) -> None:
    store = open_store(tmp_path / "news.db")
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StorageError, match="closed"):
        store.count_articles()


def test_store_open_check_reports_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with open_store(path) as store:
        for n in range(300):
            store.add_article(Article.from_text(f"Item {n}. " + "word " * 600, source=f"{n}.txt"))
        assert store.check() == []
    data = bytearray(path.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    data[middle * page : (middle + 4) * page] = b"\x5a" * (4 * page)
    path.write_bytes(data)
    with open_store(path) as store:
        problems = store.check()
        assert problems
        assert "damaged" in problems[0]
        with pytest.raises(StorageError, match="damaged"):
            for summary in store.list_articles(limit=1000):
                store.get_article(summary.id)
