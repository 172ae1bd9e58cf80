"""One writer, many readers: readers never wait for the writer, writers wait their turn."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from crosswire.document import Article
from crosswire.errors import StorageError
from crosswire.store import SQLiteOptions, SQLiteStore, Store, open_store
from crosswire.store.schema import articles, removals


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "news.db") as opened:
        yield opened


def article(n: int) -> Article:
    return Article.from_text(f"Dispatch {n}: the convoy reached the border.", source=f"{n}.txt")


def hold_write_lock(store: Store, inside: threading.Event, release: threading.Event) -> None:
    """Store one article in a transaction that stays open until ``release`` is set."""

    def write(connection: sa.Connection) -> None:
        connection.execute(
            articles.insert().values(
                id="held",
                source="held.txt",
                raw_text="held",
                text="held",
                data={},
                added_at=sa.func.current_timestamp(),
            )
        )
        inside.set()
        assert release.wait(timeout=30)

    store.execute_write_fn(write)


def test_store_concurrency_readers_do_not_wait_for_an_open_write(store: Store) -> None:
    store.add_article(article(1))
    inside, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=hold_write_lock, args=(store, inside, release))
    writer.start()
    try:
        assert inside.wait(timeout=30)
        # The write is open and uncommitted: readers see the last committed state.
        assert store.count_articles() == 1
        assert not store.has_article("held")
    finally:
        release.set()
        writer.join()
    assert store.has_article("held")


def test_store_concurrency_threads_writing_at_once_all_land(store: Store) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        added = list(pool.map(lambda n: store.add_article(article(n % 100)), range(200)))
    assert added.count(True) == 100
    assert store.count_articles() == 100
    assert store.check() == []


def test_store_concurrency_second_store_writes_once_the_lock_is_released(tmp_path: Path) -> None:
    with open_store(tmp_path / "news.db") as first, open_store(tmp_path / "news.db") as second:
        inside, release = threading.Event(), threading.Event()
        holder = threading.Thread(target=hold_write_lock, args=(first, inside, release))
        holder.start()
        assert inside.wait(timeout=30)
        waiter_result: list[bool] = []
        waiter = threading.Thread(
            target=lambda: waiter_result.append(second.add_article(article(2)))
        )
        waiter.start()
        release.set()
        holder.join()
        waiter.join()
        assert waiter_result == [True]
        assert second.count_articles() == 2


def test_store_concurrency_busy_timeout_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    impatient = SQLiteOptions(busy_timeout=0.05)
    with open_store(path) as first, SQLiteStore(path, options=impatient) as second:
        inside, release = threading.Event(), threading.Event()
        holder = threading.Thread(target=hold_write_lock, args=(first, inside, release))
        holder.start()
        try:
            assert inside.wait(timeout=30)
            with pytest.raises(StorageError, match="busy timeout") as caught:
                second.add_article(article(3))
            assert str(path) in str(caught.value)
        finally:
            release.set()
            holder.join()
        assert second.add_article(article(3)) is True


def test_store_concurrency_nested_write_is_refused(store: Store) -> None:
    def outer(connection: sa.Connection) -> None:
        store.add_article(article(4))

    with pytest.raises(StorageError, match="cannot start another write"):
        store.execute_write_fn(outer)
    assert store.count_articles() == 0


def test_store_concurrency_failed_write_function_rolls_back(store: Store) -> None:
    def write_then_fail(connection: sa.Connection) -> None:
        connection.execute(
            articles.insert().values(
                id="x", source="x", raw_text="x", text="x", data={}, added_at=sa.func.now()
            )
        )
        raise ValueError("changed my mind")

    with pytest.raises(ValueError, match="changed my mind"):
        store.execute_write_fn(write_then_fail)
    assert store.count_articles() == 0


def test_store_concurrency_readers_cannot_write(store: Store) -> None:
    statement = articles.delete()
    with pytest.raises(StorageError, match="readonly|read-only|query_only"):
        store.execute_read_fn(lambda connection: connection.execute(statement))


def test_store_concurrency_foreign_keys_are_enforced(store: Store) -> None:
    statement = removals.insert().values(
        article_id="missing", position=0, start=0, end=1, text="x", reason="r"
    )
    with pytest.raises(StorageError, match="FOREIGN KEY"):
        store.execute_write_fn(lambda connection: connection.execute(statement))


def test_store_concurrency_opening_a_new_file_waits_for_another_writer(tmp_path: Path) -> None:
    # Converting a file to write-ahead logging needs it to itself; while
    # another connection (another process opening the same new file) holds a
    # write transaction SQLite refuses the conversion at once, without its busy
    # handler. Opening waits for the writer instead of failing.
    path = tmp_path / "news.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with open_store(path) as store:
            mode = store.execute_read_fn(
                lambda c: c.exec_driver_sql("PRAGMA journal_mode").scalar()
            )
            assert mode == "wal"
            assert store.count_articles() == 0
    finally:
        release.join()
        other.close()


def test_store_concurrency_opening_gives_up_after_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(
            StorageError, match="news.db: cannot open the database: database is locked"
        ):
            SQLiteStore(path, options=SQLiteOptions(busy_timeout=0.3))
    finally:
        other.execute("ROLLBACK")
        other.close()
