"""Several ingests into one database: all succeed, nothing stored twice, killed runs are named.

The process tests run the real ``crosswire ingest`` command on small text
files into one real SQLite file; the in-process ones use two stores on one
file, as two processes would.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.corpus import update_stories
from crosswire.document import Article, content_hash
from crosswire.store import Store, open_store
from stories_fixtures import corpus

CROSSWIRE = Path(sys.executable).with_name("crosswire")
pytestmark = pytest.mark.skipif(not CROSSWIRE.exists(), reason="needs the crosswire command")

FERRY = (
    "Report {n}: the ferry to island {n} sailed at dawn from harbour {h}, the port office said.\n"
)
COUNCIL = (
    "Dispatch {n}: the council of town {n} voted on the budget for road {h}, officials said.\n"
)


def write_texts(folder: Path, template: str, count: int) -> set[str]:
    folder.mkdir(parents=True)
    ids = set()
    for n in range(count):
        text = template.format(n=n, h=n % 5)
        (folder / f"{n:03d}.txt").write_text(text, encoding="utf-8")
        ids.add(content_hash(text))
    return ids


def ingest_command(db: Path, *paths: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(CROSSWIRE), "ingest", *map(str, paths), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error", "COLUMNS": "200"},
    )


def finish(child: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = child.communicate(timeout=300)
    return child.returncode, out + err


def check_consistent(db: Path, expected: set[str]) -> None:
    """Every article stored once, in exactly one story; stories and saved state agree."""
    with sqlite3.connect(db) as raw:
        stored = [row[0] for row in raw.execute("SELECT id FROM articles")]
        members = [row[0] for row in raw.execute("SELECT article_id FROM story_members")]
        sizes = dict(raw.execute("SELECT id, size FROM stories"))
        counted = dict(
            raw.execute("SELECT story_id, count(*) FROM story_members GROUP BY story_id")
        )
        (state_articles,) = raw.execute("SELECT articles FROM story_state").fetchone()
        positions = [row[0] for row in raw.execute("SELECT position FROM story_members")]
    assert len(stored) == len(set(stored)) and set(stored) == expected
    assert len(members) == len(set(members)) and set(members) == expected
    assert sizes == counted
    assert state_articles == len(expected)
    assert len(set(positions)) == len(positions)
    with open_store(db) as store:
        assert store.check() == []


@pytest.mark.parametrize("split", ["same-folder", "two-halves"])
def test_store_concurrent_ingest_two_commands_both_succeed(tmp_path: Path, split: str) -> None:
    ferries = write_texts(tmp_path / "ferries", FERRY, 30)
    councils = write_texts(tmp_path / "councils", COUNCIL, 30)
    db = tmp_path / "news.db"
    inputs: list[tuple[Path, ...]]
    if split == "same-folder":
        inputs = [(tmp_path / "ferries", tmp_path / "councils")] * 2
    else:
        inputs = [(tmp_path / "ferries",), (tmp_path / "councils",)]
    children = [ingest_command(db, *paths) for paths in inputs]
    results = [finish(child) for child in children]
    for status, output in results:
        assert status == 0, output
        assert "error" not in output.lower(), output
    check_consistent(db, ferries | councils)
    with open_store(db) as store:
        runs = store.list_runs()
        assert [r.status for r in runs] == ["finished", "finished"]
        assert sum(r.added for r in runs) == len(ferries | councils)


def test_store_concurrent_ingest_killed_run_is_reported_by_the_next(tmp_path: Path) -> None:
    expected = write_texts(tmp_path / "ferries", FERRY, 40)
    db = tmp_path / "news.db"
    child = ingest_command(db, tmp_path / "ferries")
    deadline = time.monotonic() + 120
    running = None
    while running is None and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.02)
        if db.exists():
            try:
                with sqlite3.connect(db) as raw:
                    running = raw.execute(
                        "SELECT id, pid FROM ingest_runs WHERE status = 'running'"
                    ).fetchone()
            except sqlite3.OperationalError:
                running = None  # the schema is being created
    assert running is not None, "the ingest never recorded its run"
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    run_id, pid = running
    assert pid == child.pid

    status, output = finish(ingest_command(db, tmp_path / "ferries"))
    assert status == 0, output
    assert f"ingest run {run_id}" in output and "interrupted" in output
    with open_store(db) as store:
        killed, again = sorted(store.list_runs(), key=lambda r: r.id)
        assert (killed.id, killed.status, killed.finished_at) == (run_id, "interrupted", None)
        assert again.status == "finished"
        assert store.count_articles() == len(expected)


# --- in process -------------------------------------------------------------------------------


def test_store_concurrent_ingest_stories_reload_when_another_update_wrote(tmp_path: Path) -> None:
    """A second store updates the stories between two batches of the first: no article twice."""
    articles: list[Article] = corpus()
    db = tmp_path / "news.db"
    with open_store(db) as first, open_store(db) as second:
        for item in articles:
            first.add_article(item)
        interleaved: list[int] = []

        def meanwhile(done: int, total: int) -> None:
            if not interleaved:
                interleaved.append(update_stories(second).articles)

        update = update_stories(first, batch_size=2, on_progress=meanwhile)
        assert update.articles == 2  # its first batch; the second store placed the rest
        assert interleaved == [len(articles) - 2]
        placed = [i for story in first.list_stories() for i in first.story_article_ids(story.id)]
    assert sorted(placed) == sorted(a.id for a in articles)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "news.db") as opened:
        yield opened


def set_owner(store: Store, run_id: int, pid: int, host: str) -> None:
    store.execute_write_fn(
        lambda c: c.exec_driver_sql(
            "UPDATE ingest_runs SET pid = ?, host = ? WHERE id = ?", (pid, host, run_id)
        )
    )


def exited_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize(
    ("owner", "interrupted"),
    [
        ("exited process", True),
        ("this process", False),
        ("live child", False),
        ("other host", False),
    ],
)
def test_store_concurrent_ingest_abandoned_runs(
    store: Store, owner: str, interrupted: bool
) -> None:
    run_id = store.start_run(["in/"])
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        here = socket.gethostname()
        pid, host = {
            "exited process": (exited_pid(), here),
            "this process": (os.getpid(), here),
            "live child": (sleeper.pid, here),
            "other host": (exited_pid(), f"not-{here}"),
        }[owner]
        set_owner(store, run_id, pid, host)
        found = store.interrupt_abandoned_runs()
    finally:
        sleeper.kill()
        sleeper.wait()
    (run,) = store.list_runs()
    assert [r.id for r in found] == ([run_id] if interrupted else [])
    assert run.status == ("interrupted" if interrupted else "running")
    assert (run.pid, run.host) == (pid, host)


def test_store_concurrent_ingest_runs_record_their_process(store: Store) -> None:
    store.start_run(["in/"])
    (run,) = store.list_runs()
    assert (run.pid, run.host) == (os.getpid(), socket.gethostname())
    assert store.interrupt_abandoned_runs() == []
