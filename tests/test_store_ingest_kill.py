"""A killed ingest loses nothing it stored, and running it again completes the work.

Each test runs the ingest in a real subprocess and kills it with SIGKILL (no
clean-up of any kind runs), then checks the database file with SQLite's own
``PRAGMA integrity_check`` and re-runs the ingest.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crosswire.corpus import ingest
from crosswire.document import content_hash
from crosswire.store import open_store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

COUNT = 200
BODY = "Report {n}: the ferry to island {n} sailed at dawn, the harbour office said.\n"

# Prints one line per input once it is stored (or skipped), so the parent
# knows how far the ingest got before it kills it.
INGEST_CHILD = textwrap.dedent(
    """
    import sys
    from crosswire.store import open_store
    from crosswire.corpus import ingest

    def report(done, total):
        print(done, flush=True)

    with open_store(sys.argv[1]) as store:
        ingest([sys.argv[2]], store, on_progress=report)
    print("finished", flush=True)
    """
)

# Opens a write transaction, inserts an article row, says so, and waits to be killed.
OPEN_TRANSACTION_CHILD = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from crosswire.document import Article, article_to_dict
    from crosswire.store import open_store
    from crosswire.store.schema import articles

    article = Article.from_text("Never committed.", source="uncommitted.txt")
    row = dict(id=article.id, source=article.source, raw_text=article.raw_text,
               text=article.text, data=article_to_dict(article), added_at=datetime.now(UTC))

    def write(connection):
        connection.execute(articles.insert().values(**row))
        print("inside", flush=True)
        time.sleep(600)

    with open_store(sys.argv[1]) as store:
        store.execute_write_fn(write)
    """
)


def write_articles(folder: Path, count: int = COUNT) -> set[str]:
    folder.mkdir()
    ids = set()
    for n in range(count):
        text = BODY.format(n=n)
        (folder / f"report_{n:03d}.txt").write_text(text, encoding="utf-8")
        ids.add(content_hash(text))
    return ids


def start(script: str, *args: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )


def kill_when(child: subprocess.Popen[str], line: str) -> list[str]:
    """Kill ``child`` with SIGKILL as soon as it prints ``line``; return what it printed."""
    assert child.stdout is not None
    seen = []
    for printed in child.stdout:
        seen.append(printed.strip())
        if seen[-1] == line:
            child.send_signal(signal.SIGKILL)
            break
    rest, errors = child.communicate(timeout=60)
    seen += rest.split()
    assert child.returncode == -signal.SIGKILL, f"child ended by itself: {seen[-3:]} {errors}"
    return seen


def stored_ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as raw:
        return [row[0] for row in raw.execute("SELECT id FROM articles")]


def integrity(db: Path) -> list[str]:
    with sqlite3.connect(db) as raw:
        return [row[0] for row in raw.execute("PRAGMA integrity_check")]


@pytest.mark.parametrize("kill_after", [1, 50, 100])
def test_store_ingest_kill_midway_then_rerun_completes(tmp_path: Path, kill_after: int) -> None:
    expected = write_articles(tmp_path / "in")
    db = tmp_path / "news.db"
    printed = kill_when(start(INGEST_CHILD, db, tmp_path / "in"), str(kill_after))
    assert "finished" not in printed

    survived = stored_ids(db)
    assert integrity(db) == ["ok"]
    assert kill_after <= len(survived) < COUNT
    assert set(survived) <= expected

    with open_store(db) as store:
        result = ingest([tmp_path / "in"], store)
        assert (result.skipped, result.added) == (len(survived), COUNT - len(survived))
        assert store.count_articles() == COUNT
        assert store.check() == []
        killed_run = store.list_runs()[-1]
        assert killed_run.status == "interrupted" and killed_run.finished_at is None
        assert result.interrupted_runs == [killed_run.id]
    ids = stored_ids(db)
    assert len(ids) == len(set(ids)) == COUNT
    assert set(ids) == expected
    assert integrity(db) == ["ok"]


def test_store_ingest_kill_inside_a_transaction_keeps_what_was_committed(tmp_path: Path) -> None:
    expected = write_articles(tmp_path / "in", 20)
    db = tmp_path / "news.db"
    with open_store(db) as store:
        assert ingest([tmp_path / "in"], store).added == 20

    kill_when(start(OPEN_TRANSACTION_CHILD, db), "inside")

    assert integrity(db) == ["ok"]
    assert set(stored_ids(db)) == expected
    with open_store(db) as store:
        assert store.count_articles() == 20
        assert ingest([tmp_path / "in"], store).skipped == 20
        assert store.check() == []


def test_store_ingest_kill_holding_the_write_lock_does_not_block_the_next_writer(
    tmp_path: Path,
) -> None:
    expected = write_articles(tmp_path / "in", 10)
    db = tmp_path / "news.db"
    open_store(db).close()
    kill_when(start(OPEN_TRANSACTION_CHILD, db), "inside")
    with open_store(db) as store:
        assert ingest([tmp_path / "in"], store).added == 10
    assert set(stored_ids(db)) == expected
