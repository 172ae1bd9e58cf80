"""The storage interface over SQLAlchemy Core, shared by the SQL backends.

:class:`SQLStore` implements every :class:`crosswire.store.base.Store` method
with portable Core statements. A backend subclass (SQLite now, PostgreSQL
later) creates the two engines (one for the single writer, one for the
readers), says how to insert a row unless its key exists, and translates its
driver's errors into words.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.sql.dml import Insert

from ..document import ARTICLE_FIELDS, Article, article_from_dict, article_to_dict
from ..errors import NotFoundError, StorageError
from . import schema
from .base import ArticleSummary, FailureRecord, IngestRun, ReportSummary, RunStatus
from .owner import process_gone, this_process
from .stories import StoryQueries

__all__ = ["SQLStore"]

logger = logging.getLogger(__name__)

T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC)


def _run(row: Any) -> IngestRun:
    return IngestRun(
        id=row["id"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        status=row["status"],
        sources=tuple(row["sources"]),
        added=row["added"],
        skipped=row["skipped"],
        failed=row["failed"],
        pid=row["pid"],
        host=row["host"],
    )


#: what the ``text`` and ``raw_text`` columns hold, left out of an article's ``data`` (revision
#: 0005): the text is stored once
TEXT_COLUMNS = ("raw_text", "text")


#: the article's fields that have columns of their own (``data`` holds the others)
COLUMNS = ("id", "source", "outlet", "url", "title", "author", "published", "language",
           *TEXT_COLUMNS)
#: what ``data`` holds: every field but the text (the ids and names stay, as before 0005)
DATA_FIELDS = tuple(name for name in ARTICLE_FIELDS if name not in TEXT_COLUMNS)


def _article_row(article: Article) -> dict[str, Any]:
    return {
        **article_to_dict(article, fields=COLUMNS),
        "data": article_to_dict(article, fields=DATA_FIELDS),
    }


def _removal_rows(article: Article) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article.id,
            "position": position,
            "start": removal.start,
            "end": removal.end,
            "text": removal.text,
            "reason": removal.reason,
        }
        for position, removal in enumerate(article.removed)
    ]


def _inserted_id(connection: Connection, statement: Insert) -> int:
    key = connection.execute(statement).inserted_primary_key
    if key is None or key[0] is None:
        raise StorageError("the database did not report the new row's id")
    return int(key[0])


def _report_article_ids(report: dict[str, Any]) -> list[str]:
    entries = report.get("articles")
    if not isinstance(entries, list):
        return []
    return [str(e["id"]) for e in entries if isinstance(e, dict) and "id" in e]


def _stored_texts(connection: Connection, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """The ``text`` and ``raw_text`` columns of the stored articles among ``ids``."""
    table = schema.articles
    found: dict[str, tuple[str, str]] = {}
    wanted = sorted(set(ids))
    for begin in range(0, len(wanted), 500):
        query = sa.select(table.c.id, table.c.text, table.c.raw_text).where(
            table.c.id.in_(wanted[begin : begin + 500])
        )
        found.update({row.id: (row.text, row.raw_text) for row in connection.execute(query)})
    return found


def _by_reference(report: dict[str, Any], texts: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The report to store: an article entry whose text is the stored article's own holds
    ``null`` in its ``text`` and ``raw_text`` (read back from the article); any other keeps them.
    """
    entries = report.get("articles")
    if not isinstance(entries, list):
        return report
    stored = []
    for entry in entries:
        known = texts.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        if known is not None and (entry.get("text"), entry.get("raw_text")) == known:
            entry = {**entry, "text": None, "raw_text": None}
        stored.append(entry)
    return {**report, "articles": stored}


def _referenced(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The article entries of a stored report whose text is read from the articles table."""
    entries = report.get("articles")
    return [
        e
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, dict) and "id" in e and e.get("text") is None and "text" in e
    ]


def _fill_texts(connection: Connection, report: dict[str, Any], where: str) -> dict[str, Any]:
    """A stored report with the text of each article entry that refers to its article."""
    entries = _referenced(report)
    if not entries:
        return report
    texts = _stored_texts(connection, [str(e["id"]) for e in entries])
    for entry in entries:
        known = texts.get(str(entry["id"]))
        if known is None:
            raise StorageError(f"{where}: the text of article {entry['id']!r} is not stored")
        entry["text"], entry["raw_text"] = known
    return report


def _inline_texts(connection: Connection, article_id: str, texts: tuple[str, str]) -> None:
    """Copy a stored article's ``(text, raw_text)`` into every saved report that refers to it.

    Run before the article is deleted or its text changes, in the same
    transaction, so that no saved report loses a text it shows.
    """
    table = schema.reports
    rows = connection.execute(sa.select(table.c.id, table.c.article_ids)).all()
    for report_id in [row.id for row in rows if article_id in (row.article_ids or ())]:
        data = connection.execute(sa.select(table.c.data).where(table.c.id == report_id)).scalar()
        entries = [e for e in _referenced(data or {}) if e["id"] == article_id]
        if not entries:
            continue
        for entry in entries:
            entry["text"], entry["raw_text"] = texts
        connection.execute(table.update().where(table.c.id == report_id).values(data=data))


def _report_counts(report: dict[str, Any]) -> dict[str, int]:
    """How many claims a report has, and how many fact clusters of each status."""
    claims = report.get("claims")
    groups = report.get("groups")
    counts = {"claims": len(claims) if isinstance(claims, list) else 0,
              "corroborated": 0, "contested": 0, "single_source": 0}
    for group in groups if isinstance(groups, list) else []:
        status = group.get("status") if isinstance(group, dict) else None
        if status in counts:
            counts[status] += 1
    return counts


class SQLStore(StoryQueries):
    """A :class:`~crosswire.store.base.Store` over SQLAlchemy Core engines.

    ``writer`` must hand out at most one connection whose transactions take
    the database's write lock when they begin; ``reader`` may hand out many.
    """

    location: str
    #: Exceptions that mean the database failed (translated into StorageError).
    driver_errors: tuple[type[BaseException], ...] = (SQLAlchemyError,)

    def __init__(self, *, location: str, writer: Engine, reader: Engine) -> None:
        self.location = location
        self._writer = writer
        self._reader = reader
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._closed = False

    # --- what a backend provides ----------------------------------------------------------

    def insert_ignoring_duplicates(self, table: sa.Table, key: Sequence[str]) -> Insert:
        """An INSERT that does nothing when a row with the same ``key`` exists."""
        raise NotImplementedError

    def describe_error(self, exc: BaseException) -> str:
        """The reason a driver error gives, in words."""
        if isinstance(exc, DBAPIError) and exc.orig is not None:
            return str(exc.orig)
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__

    def check(self) -> list[str]:
        raise NotImplementedError

    # --- transactions ---------------------------------------------------------------------

    def storage_error(self, action: str, exc: BaseException) -> StorageError:
        return StorageError(f"{self.location}: cannot {action}: {self.describe_error(exc)}")

    def _ensure_open(self) -> None:
        if self._closed:
            raise StorageError(f"{self.location}: the store is closed")

    def execute_write_fn(self, fn: Callable[[Connection], T]) -> T:
        return self._write(fn, "write")

    def execute_read_fn(self, fn: Callable[[Connection], T]) -> T:
        return self._read(fn, "read")

    def _write(self, fn: Callable[[Connection], T], action: str) -> T:
        self._ensure_open()
        if getattr(self._local, "writing", False):
            raise StorageError(
                f"{self.location}: a write function cannot start another write "
                "(run both in one function instead)"
            )
        with self._write_lock:
            self._local.writing = True
            try:
                with self._writer.begin() as connection:
                    return fn(connection)
            except self.driver_errors as exc:
                raise self.storage_error(action, exc) from exc
            finally:
                self._local.writing = False

    def _read(self, fn: Callable[[Connection], T], action: str) -> T:
        self._ensure_open()
        try:
            with self._reader.connect() as connection, connection.begin():
                return fn(connection)
        except self.driver_errors as exc:
            raise self.storage_error(action, exc) from exc

    # --- articles -------------------------------------------------------------------------

    def add_article(self, article: Article, *, run_id: int | None = None) -> bool:
        row = _article_row(article) | {"added_at": _now(), "run_id": run_id}
        removal_rows = _removal_rows(article)
        insert = self.insert_ignoring_duplicates(schema.articles, ["id"]).values(**row)

        def write(connection: Connection) -> bool:
            if connection.execute(insert).rowcount == 0:
                return False
            if removal_rows:
                connection.execute(schema.removals.insert(), removal_rows)
            return True

        added = self._write(write, f"store article {article.id} ({article.source})")
        logger.debug("%s: article %s %s", self.location, article.id, "added" if added else "known")
        return added

    def update_article(self, article: Article) -> None:
        row = _article_row(article) | {"updated_at": _now()}
        del row["id"]
        removal_rows = _removal_rows(article)
        table = schema.articles

        def write(connection: Connection) -> None:
            stored = _stored_texts(connection, [article.id]).get(article.id)
            if stored is not None and stored != (article.text, article.raw_text):
                _inline_texts(connection, article.id, stored)
            result = connection.execute(table.update().where(table.c.id == article.id).values(row))
            if result.rowcount == 0:
                raise NotFoundError(f"{self.location}: no stored article with id {article.id!r}")
            connection.execute(
                schema.removals.delete().where(schema.removals.c.article_id == article.id)
            )
            if removal_rows:
                connection.execute(schema.removals.insert(), removal_rows)

        self._write(write, f"update article {article.id} ({article.source})")

    def has_article(self, article_id: str) -> bool:
        query = sa.select(sa.literal(1)).where(schema.articles.c.id == article_id)
        return self.execute_read_fn(lambda c: c.execute(query).first() is not None)

    def get_article(self, article_id: str) -> Article:
        table = schema.articles
        query = sa.select(table.c.data, table.c.raw_text, table.c.text).where(
            table.c.id == article_id)
        row = self.execute_read_fn(lambda c: c.execute(query).first())
        if row is None:
            raise NotFoundError(f"{self.location}: no stored article with id {article_id!r}")
        try:
            return article_from_dict({**row.data, "raw_text": row.raw_text, "text": row.text})
        except (KeyError, TypeError, ValueError) as exc:
            raise StorageError(
                f"{self.location}: stored article {article_id!r} cannot be read back: "
                f"{type(exc).__name__}: {exc}"
            ) from exc

    def delete_article(self, article_id: str) -> bool:
        statement = schema.articles.delete().where(schema.articles.c.id == article_id)

        def write(connection: Connection) -> bool:
            stored = _stored_texts(connection, [article_id]).get(article_id)
            if stored is None:
                return False
            _inline_texts(connection, article_id, stored)
            return bool(connection.execute(statement).rowcount > 0)

        return self._write(write, f"delete article {article_id}")

    def list_articles(self, *, limit: int = 100, offset: int = 0) -> list[ArticleSummary]:
        table = schema.articles
        query = (
            sa.select(
                table.c.id,
                table.c.source,
                table.c.title,
                table.c.outlet,
                table.c.url,
                table.c.published,
                table.c.added_at,
                sa.func.length(table.c.text),
            )
            .order_by(table.c.added_at, table.c.id)
            .limit(limit)
            .offset(offset)
        )
        rows = self.execute_read_fn(lambda c: c.execute(query).all())
        return [ArticleSummary(*row) for row in rows]

    def count_articles(self) -> int:
        query = sa.select(sa.func.count()).select_from(schema.articles)
        return int(self.execute_read_fn(lambda c: c.execute(query).scalar_one()))

    # --- ingest runs and failures ---------------------------------------------------------

    def start_run(self, sources: Sequence[str]) -> int:
        pid, host = this_process()
        statement = schema.ingest_runs.insert().values(
            started_at=_now(),
            status="running",
            sources=[str(s) for s in sources],
            added=0,
            skipped=0,
            failed=0,
            pid=pid,
            host=host,
        )
        return self.execute_write_fn(lambda c: _inserted_id(c, statement))

    def interrupt_abandoned_runs(self) -> list[IngestRun]:
        table = schema.ingest_runs

        def write(connection: Connection) -> list[IngestRun]:
            running = connection.execute(
                sa.select(table.c.id, table.c.pid, table.c.host, table.c.started_at).where(
                    table.c.status == "running"
                )
            ).all()
            gone = [row.id for row in running if process_gone(row.pid, row.host, row.started_at)]
            if not gone:
                return []
            connection.execute(
                table.update().where(table.c.id.in_(gone)).values(status="interrupted")
            )
            query = sa.select(table).where(table.c.id.in_(gone)).order_by(table.c.id)
            return [_run(row) for row in connection.execute(query).mappings()]

        runs = self.execute_write_fn(write)
        for run in runs:
            logger.warning(
                "%s: ingest run %d (process %s on %s, started %s) was interrupted: "
                "its process is gone",
                self.location,
                run.id,
                run.pid,
                run.host,
                run.started_at.isoformat(timespec="seconds"),
            )
        return runs

    def finish_run(
        self, run_id: int, *, added: int, skipped: int, failed: int, status: RunStatus = "finished"
    ) -> None:
        table = schema.ingest_runs
        statement = (
            table.update()
            .where(table.c.id == run_id)
            .values(finished_at=_now(), status=status, added=added, skipped=skipped, failed=failed)
        )

        def write(connection: Connection) -> None:
            if connection.execute(statement).rowcount == 0:
                raise NotFoundError(f"{self.location}: no ingest run with id {run_id}")

        self.execute_write_fn(write)

    def list_runs(self, *, limit: int = 100, offset: int = 0) -> list[IngestRun]:
        table = schema.ingest_runs
        query = sa.select(table).order_by(table.c.id.desc()).limit(limit).offset(offset)
        rows = self.execute_read_fn(lambda c: c.execute(query).mappings().all())
        return [_run(row) for row in rows]

    def record_failure(
        self,
        source: str,
        reason: str,
        stage: str,
        *,
        error: str = "",
        run_id: int | None = None,
    ) -> int:
        statement = schema.failures.insert().values(
            run_id=run_id, source=source, reason=reason, stage=stage, error=error, at=_now()
        )
        failure_id = self.execute_write_fn(lambda c: _inserted_id(c, statement))
        logger.info("%s: %s failed at %s: %s", self.location, source, stage, reason)
        return failure_id

    def list_failures(
        self, *, run_id: int | None = None, limit: int = 1000, offset: int = 0
    ) -> list[FailureRecord]:
        table = schema.failures
        query = sa.select(table).order_by(table.c.id).limit(limit).offset(offset)
        if run_id is not None:
            query = query.where(table.c.run_id == run_id)
        rows = self.execute_read_fn(lambda c: c.execute(query).mappings().all())
        return [
            FailureRecord(
                id=row["id"],
                source=row["source"],
                reason=row["reason"],
                stage=row["stage"],
                error=row["error"],
                at=row["at"],
                run_id=row["run_id"],
            )
            for row in rows
        ]

    # --- reports --------------------------------------------------------------------------

    def save_report(self, report: dict[str, Any], *, title: str | None = None) -> str:
        if not isinstance(report, dict):
            raise StorageError(
                f"{self.location}: a report must be a JSON object, not {type(report).__name__}"
            )
        report_id = secrets.token_hex(8)
        article_ids = _report_article_ids(report)
        values = {
            "id": report_id,
            "created_at": _now(),
            "title": title,
            "article_ids": article_ids,
            "counts": _report_counts(report),
        }

        def write(connection: Connection) -> None:
            data = _by_reference(report, _stored_texts(connection, article_ids))
            connection.execute(schema.reports.insert().values(**values, data=data))

        self._write(write, "save the report")
        return report_id

    def get_report(self, report_id: str) -> dict[str, Any]:
        query = sa.select(schema.reports.c.data).where(schema.reports.c.id == report_id)
        where = f"{self.location}: saved report {report_id!r}"

        def read(connection: Connection) -> dict[str, Any]:
            data = connection.execute(query).scalar_one_or_none()
            if data is None:
                raise NotFoundError(f"{self.location}: no saved report with id {report_id!r}")
            if not isinstance(data, dict):
                raise StorageError(f"{where} is not an object")
            return _fill_texts(connection, data, where)

        return self._read(read, "read the report")

    def list_reports(self, *, limit: int = 100, offset: int = 0) -> list[ReportSummary]:
        table = schema.reports
        query = (
            sa.select(table.c.id, table.c.title, table.c.created_at, table.c.article_ids,
                      table.c.counts)
            .order_by(table.c.created_at.desc(), table.c.id)
            .limit(limit)
            .offset(offset)
        )
        rows = self.execute_read_fn(lambda c: c.execute(query).all())
        return [
            ReportSummary(id=row[0], title=row[1], created_at=row[2], article_ids=tuple(row[3]),
                          counts=dict(row[4]) if isinstance(row[4], dict) else None)
            for row in rows
        ]

    def delete_report(self, report_id: str) -> bool:
        statement = schema.reports.delete().where(schema.reports.c.id == report_id)
        return self.execute_write_fn(lambda c: c.execute(statement).rowcount > 0)

    # --- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._reader.dispose()
        self._writer.dispose()
        logger.debug("%s: closed", self.location)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"
