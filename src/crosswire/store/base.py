"""The storage interface every backend implements, and the records it returns.

:class:`Store` is what the rest of crosswire programs against; the SQLite
backend (:class:`crosswire.store.sqlite.SQLiteStore`) implements it, and a
PostgreSQL backend can implement it by subclassing
:class:`crosswire.store.sql.SQLStore` the same way. Only a store opens database
connections. Writes are functions run inside a transaction
(:meth:`Store.execute_write_fn`), one writer at a time; reads may run
concurrently (:meth:`Store.execute_read_fn`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Literal, Protocol, Self, TypeVar, runtime_checkable

from sqlalchemy.engine import Connection

from ..document import Article
from .stories import PlacedArticle, StateVersion, StoryRecord, StorySummary

__all__ = [
    "ArticleSummary",
    "FailureRecord",
    "IngestRun",
    "ReportSummary",
    "RunStatus",
    "Store",
]

T = TypeVar("T")

#: Values of ``IngestRun.status``. A run killed midway stays ``"running"`` until a
#: later run finds its process gone and marks it ``"interrupted"``.
RunStatus = Literal["running", "finished", "failed", "interrupted"]
RUN_STATUSES: tuple[str, ...] = ("running", "finished", "failed", "interrupted")


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What a listing shows of a stored article."""

    id: str
    source: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    added_at: datetime
    length: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "added_at": self.added_at.isoformat(),
            "length": self.length,
        }


@dataclass(frozen=True, slots=True)
class FailureRecord:
    """An input that could not be ingested: where, at which stage, and why."""

    id: int
    source: str
    reason: str
    stage: str
    error: str
    at: datetime
    run_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "reason": self.reason,
            "stage": self.stage,
            "error": self.error,
            "at": self.at.isoformat(),
            "run_id": self.run_id,
        }


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What a listing shows of a saved report."""

    id: str
    title: str | None
    created_at: datetime
    article_ids: tuple[str, ...]
    #: ``claims`` and the fact clusters of each status (``corroborated``, ``contested``,
    #: ``single_source``); ``None`` for reports saved before the store kept them
    counts: dict[str, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "created_at": self.created_at.isoformat(),
            "article_ids": list(self.article_ids),
            "counts": self.counts,
        }


@dataclass(frozen=True, slots=True)
class IngestRun:
    """One ingest run and its counts."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    status: RunStatus
    sources: tuple[str, ...]
    added: int
    skipped: int
    failed: int
    #: The process running it and its host (``None`` for runs recorded before they were kept).
    pid: int | None = None
    host: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "status": self.status,
            "sources": list(self.sources),
            "added": self.added,
            "skipped": self.skipped,
            "failed": self.failed,
            "pid": self.pid,
            "host": self.host,
        }


@runtime_checkable
class Store(Protocol):
    """Where crosswire keeps articles, ingest failures and reports.

    Every method raises :class:`crosswire.errors.StorageError` (naming the
    database and the reason) when the database cannot be read or written, and
    :class:`crosswire.errors.NotFoundError` for an unknown article or report id.
    A store is a context manager that closes itself.
    """

    #: The database, as messages name it (a path, or a URL without password).
    location: str

    # --- transactions ---------------------------------------------------------------------

    def execute_write_fn(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(connection)`` in a write transaction; commit if it returns, roll back if not.

        Writes are serialised: one at a time in this process, and other
        processes wait for the database lock (up to the busy timeout).
        """
        ...

    def execute_read_fn(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(connection)`` in a read-only transaction (a consistent snapshot)."""
        ...

    # --- articles -------------------------------------------------------------------------

    def add_article(self, article: Article, *, run_id: int | None = None) -> bool:
        """Store an article and its removals in one transaction.

        Returns ``False`` (and changes nothing) when an article with the same
        id is already stored.
        """
        ...

    def update_article(self, article: Article) -> None:
        """Replace a stored article's fields and layers (e.g. after analysis)."""
        ...

    def has_article(self, article_id: str) -> bool: ...

    def get_article(self, article_id: str) -> Article:
        """The stored article with every layer, rebuilt by ``article_from_dict``."""
        ...

    def delete_article(self, article_id: str) -> bool:
        """Delete an article and its removals; ``False`` when it was not stored. A saved report
        that shows the article keeps its text (copied into the report first)."""
        ...

    def list_articles(self, *, limit: int = 100, offset: int = 0) -> list[ArticleSummary]:
        """Stored articles in the order they were added."""
        ...

    def count_articles(self) -> int: ...

    # --- ingest runs and failures ---------------------------------------------------------

    def start_run(self, sources: Sequence[str]) -> int:
        """Record the start of an ingest run by this process; returns its id."""
        ...

    def interrupt_abandoned_runs(self) -> list[IngestRun]:
        """Mark ``interrupted`` the runs recorded as running whose process is gone.

        Returns them as they are now. See :mod:`crosswire.store.owner` for how
        a gone process is told from a live one.
        """
        ...

    def finish_run(
        self, run_id: int, *, added: int, skipped: int, failed: int, status: RunStatus = "finished"
    ) -> None: ...

    def list_runs(self, *, limit: int = 100, offset: int = 0) -> list[IngestRun]:
        """Ingest runs, newest first."""
        ...

    def record_failure(
        self,
        source: str,
        reason: str,
        stage: str,
        *,
        error: str = "",
        run_id: int | None = None,
    ) -> int:
        """Record an input that could not be ingested; returns the failure's id."""
        ...

    def list_failures(
        self, *, run_id: int | None = None, limit: int = 1000, offset: int = 0
    ) -> list[FailureRecord]:
        """Recorded failures in the order they happened, of one run or of all."""
        ...

    # --- reports --------------------------------------------------------------------------

    def save_report(self, report: dict[str, Any], *, title: str | None = None) -> str:
        """Store a report (the JSON contract's object); returns its new id. The text of an
        article the store holds is kept once, with the article, and put back by
        :meth:`get_report`."""
        ...

    def get_report(self, report_id: str) -> dict[str, Any]:
        """A saved report as it was saved; :class:`~crosswire.errors.NotFoundError` for an
        unknown id."""
        ...

    def list_reports(self, *, limit: int = 100, offset: int = 0) -> list[ReportSummary]:
        """Saved reports, newest first."""
        ...

    def delete_report(self, report_id: str) -> bool: ...

    # --- stories (see :mod:`crosswire.store.stories`) -------------------------------------

    def list_stories(
        self, *, limit: int = 100, offset: int = 0, min_size: int = 1,
        topic_id: int | None = None,
    ) -> list[StorySummary]:
        """Stories, largest first, of ``min_size`` articles or more."""
        ...

    def count_stories(self, *, min_size: int = 1) -> int: ...

    def get_story(self, story_id: int) -> StorySummary:
        """One story; :class:`~crosswire.errors.NotFoundError` for an unknown id."""
        ...

    def story_article_ids(self, story_id: int, *, include_duplicates: bool = True) -> list[str]:
        """The ids of a story's articles in the order they joined it."""
        ...

    def story_articles(self, story_id: int, *, include_duplicates: bool = True) -> list[Article]:
        """A story's stored articles (every layer), in the order they joined it."""
        ...

    def record_story_report(self, story_id: int, report_id: str) -> None:
        """Remember a saved report as the story's comparison."""
        ...

    def story_state_version(self, connection: Connection) -> StateVersion:
        """The version of the saved clusterer state, inside the caller's transaction."""
        ...

    def read_story_state(self, connection: Connection) -> tuple[bytes | None, StateVersion]:
        """The saved clusterer state and its version, inside the caller's transaction."""
        ...

    def unplaced_article_ids(self, connection: Connection) -> list[str]:
        """Articles that no story holds yet, in the order to place them."""
        ...

    def articles_to_cluster(self, connection: Connection, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids still stored, with what clustering reads."""
        ...

    def clear_stories(self, connection: Connection) -> None:
        """Delete every story, membership and the saved state."""
        ...

    def write_story_batch(
        self,
        connection: Connection,
        *,
        touched: Sequence[StoryRecord],
        placed: Sequence[PlacedArticle],
        state: bytes,
        articles_in_state: int,
        first_position: int,
    ) -> None:
        """Write one clustered batch inside the caller's write transaction."""
        ...

    # --- upkeep ---------------------------------------------------------------------------

    def check(self) -> list[str]:
        """Problems the database's own consistency check finds; empty when healthy."""
        ...

    def close(self) -> None:
        """Close every connection; the store cannot be used afterwards."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
