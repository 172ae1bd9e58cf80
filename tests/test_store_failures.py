"""Ingest runs and failures: recorded per run, listed in order, kept across opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.errors import NotFoundError
from crosswire.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "news.db") as opened:
        yield opened


def test_store_failures_recorded_and_listed_in_order(store: Store) -> None:
    store.record_failure("a.html", "no text found", "read", error="EmptyInputError")
    store.record_failure("b.txt", "only boilerplate", "clean")
    failures = store.list_failures()
    assert [(f.source, f.reason, f.stage, f.error) for f in failures] == [
        ("a.html", "no text found", "read", "EmptyInputError"),
        ("b.txt", "only boilerplate", "clean", ""),
    ]
    assert failures[0].at.tzinfo is not None
    assert failures[0].to_dict()["source"] == "a.html"


def test_store_failures_listed_per_run(store: Store) -> None:
    first = store.start_run(["one/"])
    second = store.start_run(["two/"])
    store.record_failure("one/x.txt", "empty", "read", run_id=first)
    store.record_failure("two/y.txt", "binary", "read", run_id=second)
    assert [f.source for f in store.list_failures(run_id=second)] == ["two/y.txt"]
    assert len(store.list_failures()) == 2


def test_store_failures_survive_reopening(tmp_path: Path) -> None:
    with open_store(tmp_path / "news.db") as store:
        store.record_failure("a.html", "no text found", "read")
    with open_store(tmp_path / "news.db") as store:
        assert [f.source for f in store.list_failures()] == ["a.html"]


def test_store_failures_runs_record_their_counts(store: Store) -> None:
    run_id = store.start_run(["articles/", "feed.xml"])
    (running,) = store.list_runs()
    assert running.status == "running"
    assert running.finished_at is None
    store.finish_run(run_id, added=3, skipped=2, failed=1)
    (finished,) = store.list_runs()
    assert (finished.status, finished.added, finished.skipped, finished.failed) == (
        "finished",
        3,
        2,
        1,
    )
    assert finished.sources == ("articles/", "feed.xml")
    assert finished.finished_at is not None
    assert finished.finished_at >= finished.started_at


def test_store_failures_runs_newest_first(store: Store) -> None:
    ids = [store.start_run([f"{i}/"]) for i in range(3)]
    assert [r.id for r in store.list_runs()] == ids[::-1]


def test_store_failures_finish_unknown_run(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.finish_run(404, added=0, skipped=0, failed=0)
