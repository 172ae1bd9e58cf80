"""Ingest into a store: idempotent, per-input failures recorded, every run on record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crosswire.corpus import ingest
from crosswire.document import content_hash
from crosswire.store import Store, open_store

BODY = (
    "Officials said the bridge at kilometre {n} reopened on Monday after repairs, "
    "local media reported.\nTraffic was light, according to the regional transport office.\n"
)


def write_articles(folder: Path, count: int, *, start: int = 0) -> list[str]:
    """``count`` small distinct articles as .txt files; returns their content hashes."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for n in range(start, start + count):
        text = BODY.format(n=n)
        (folder / f"article_{n:03d}.txt").write_text(text, encoding="utf-8")
        ids.append(content_hash(text))
    return ids


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "news.db") as opened:
        yield opened


def test_store_ingest_twice_stores_each_article_once(tmp_path: Path, store: Store) -> None:
    ids = write_articles(tmp_path / "in", 12)
    first = ingest([tmp_path / "in"], store)
    second = ingest([tmp_path / "in"], store)
    assert (first.added, first.skipped, first.failed) == (12, 0, [])
    assert (second.added, second.skipped, second.failed) == (0, 12, [])
    assert store.count_articles() == 12
    assert sorted(first.article_ids) == sorted(ids) == sorted(second.article_ids)
    with sqlite3.connect(tmp_path / "news.db") as raw:
        assert raw.execute("SELECT count(DISTINCT id), count(*) FROM articles").fetchone() == (
            12,
            12,
        )


def test_store_ingest_stores_identical_copies_once(tmp_path: Path, store: Store) -> None:
    write_articles(tmp_path / "in", 3)
    copy = tmp_path / "in" / "copy_of_article_000.txt"
    copy.write_text((tmp_path / "in" / "article_000.txt").read_text(encoding="utf-8"))
    result = ingest([tmp_path / "in"], store)
    assert (result.added, result.skipped) == (3, 1)
    assert store.count_articles() == 3


def test_store_ingest_new_files_are_added_on_rerun(tmp_path: Path, store: Store) -> None:
    write_articles(tmp_path / "in", 5)
    ingest([tmp_path / "in"], store)
    write_articles(tmp_path / "in", 3, start=5)
    result = ingest([tmp_path / "in"], store)
    assert (result.added, result.skipped) == (3, 5)
    assert store.count_articles() == 8


def test_store_ingest_stores_the_cleaned_article(tmp_path: Path, store: Store) -> None:
    write_articles(tmp_path / "in", 1)
    (article_id,) = ingest([tmp_path / "in"], store).article_ids
    stored = store.get_article(article_id)
    assert stored.text.startswith("Officials said the bridge at kilometre 0")
    assert len(stored.offset_map) == len(stored.text) + 1
    stored.check_spans()


def test_store_ingest_bad_inputs_are_recorded_and_the_rest_stored(
    tmp_path: Path, store: Store
) -> None:
    write_articles(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "blank.txt").write_text("   \n\t\n")
    result = ingest([tmp_path / "in"], store)
    assert result.added == 4
    failed = sorted(Path(f.source).name for f in result.failed)
    assert failed == ["blank.txt", "empty.txt"]
    recorded = store.list_failures(run_id=result.run_id)
    assert sorted(Path(f.source).name for f in recorded) == failed
    assert all(f.stage == "ingest" and f.reason for f in recorded)


def test_store_ingest_missing_source_is_a_failure(tmp_path: Path, store: Store) -> None:
    write_articles(tmp_path / "in", 2)
    result = ingest([tmp_path / "in", tmp_path / "nowhere.txt"], store)
    assert result.added == 2
    assert [Path(f.source).name for f in result.failed] == ["nowhere.txt"]
    assert [Path(f.source).name for f in store.list_failures()] == ["nowhere.txt"]


def test_store_ingest_records_the_run(tmp_path: Path, store: Store) -> None:
    write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_text("")
    result = ingest([tmp_path / "in"], store)
    (run,) = store.list_runs()
    assert run.id == result.run_id
    assert (run.status, run.added, run.skipped, run.failed) == ("finished", 3, 0, 1)
    assert run.sources == (str(tmp_path / "in"),)
    stored_by_run = {s.id for s in store.list_articles()}
    assert stored_by_run == set(result.article_ids)


def test_store_ingest_reports_progress_per_input(tmp_path: Path, store: Store) -> None:
    write_articles(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_text("")
    calls: list[tuple[int, int | None]] = []
    ingest([tmp_path / "in"], store, on_progress=lambda done, total: calls.append((done, total)))
    assert [done for done, _ in calls] == [1, 2, 3, 4, 5]


def test_store_ingest_failing_progress_marks_the_run_failed(tmp_path: Path, store: Store) -> None:
    write_articles(tmp_path / "in", 3)

    def stop(done: int, total: int | None) -> None:
        if done == 2:
            raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        ingest([tmp_path / "in"], store, on_progress=stop)
    (run,) = store.list_runs()
    assert (run.status, run.added) == ("failed", 2)
    assert store.count_articles() == 2
    assert ingest([tmp_path / "in"], store).added == 1


def test_store_ingest_article_left_empty_by_cleaning_is_a_failure(
    tmp_path: Path, store: Store
) -> None:
    write_articles(tmp_path / "in", 2)
    (tmp_path / "in" / "only_boilerplate.txt").write_text(
        "Most Read\nDon't Miss\nTrending on GB News\n", encoding="utf-8"
    )
    result = ingest([tmp_path / "in"], store)
    assert result.added == 2
    (failure,) = store.list_failures(run_id=result.run_id)
    assert (Path(failure.source).name, failure.stage) == ("only_boilerplate.txt", "clean")
    assert failure.error == "EmptyInputError"
    assert "nothing left" in failure.reason


def test_store_ingest_seed_articles_keep_their_removals(
    tmp_path: Path, store: Store, seed_paths: list[Path]
) -> None:
    result = ingest(seed_paths, store)
    assert (result.added, result.failed) == (2, [])
    stored = [store.get_article(i) for i in result.article_ids]
    for article in stored:
        article.check_spans()
    gbnews = next(a for a in stored if a.source.endswith(seed_paths[0].name))
    assert gbnews.removed and gbnews.text != gbnews.raw_text
    with sqlite3.connect(tmp_path / "news.db") as raw:
        (count,) = raw.execute("SELECT count(*) FROM removals").fetchone()
    assert count == sum(len(a.removed) for a in stored)
