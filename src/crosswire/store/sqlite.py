"""The SQLite backend: one file, nothing to start.

:class:`SQLiteStore` opens the file in write-ahead-log mode (readers never
wait for the writer), turns foreign keys on and waits up to a busy timeout for
another process's write lock instead of failing at once. Writes run on a
single connection whose transactions begin with ``BEGIN IMMEDIATE`` (they
take the write lock first, so two writers never deadlock upgrading a read
lock); reads run on a pool of ``query_only`` connections.

Opening a store brings its schema up to date (:mod:`crosswire.store.migrate`)
in one transaction, with foreign keys off while tables are rebuilt and a
``foreign_key_check`` before the commit, as SQLite's documentation asks.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool, QueuePool
from sqlalchemy.sql.dml import Insert

from ..errors import StorageError
from . import migrate
from .sql import SQLStore

__all__ = ["SQLITE_HEADER", "SQLiteOptions", "SQLiteStore"]

logger = logging.getLogger(__name__)

#: The first 16 bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"

Synchronous = Literal["NORMAL", "FULL", "EXTRA"]
Role = Literal["migrate", "write", "read"]


@dataclass(frozen=True, kw_only=True)
class SQLiteOptions:
    """How a :class:`SQLiteStore` uses its file.

    ``busy_timeout``
        seconds to wait for another process's write lock before failing;
    ``synchronous``
        SQLite's ``PRAGMA synchronous``: ``FULL`` (the default) makes every
        committed article survive a power cut as well as a killed process;
        ``NORMAL`` survives a killed process but may lose the last commits on a
        power cut, and syncs less;
    ``readers``
        how many read connections the pool keeps open.
    """

    busy_timeout: float = 30.0
    synchronous: Synchronous = "FULL"
    readers: int = 4

    def __post_init__(self) -> None:
        if not self.busy_timeout >= 0:
            raise ValueError(f"busy_timeout must be >= 0 seconds, got {self.busy_timeout!r}")
        if self.synchronous not in ("NORMAL", "FULL", "EXTRA"):
            raise ValueError(f"synchronous must be NORMAL, FULL or EXTRA, got {self.synchronous!r}")
        if self.readers < 1:
            raise ValueError(f"readers must be at least 1, got {self.readers!r}")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _check_file(path: Path) -> None:
    """Refuse, in words, a path that cannot be or does not hold a SQLite database."""
    if path.is_dir():
        raise StorageError(f"{path}: is a folder, not a database file")
    if not path.parent.is_dir():
        raise StorageError(f"{path}: the folder {path.parent} does not exist")
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"{path}: cannot read the database file: {exc.strerror}") from exc
    if header and header != SQLITE_HEADER:
        raise StorageError(
            f"{path}: not a SQLite database (the file does not start with its header)"
        )


def _primary_code(exc: BaseException | None) -> int | None:
    """SQLite's primary result code of a driver error (extended codes folded)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _use_wal(cursor: sqlite3.Cursor, location: str, timeout: float) -> None:
    """Put the file in write-ahead-log mode, waiting for other processes doing the same.

    The mode is a property of the file, so once set there is nothing to do and
    no lock is taken. Converting a file needs it to itself, and SQLite answers
    ``SQLITE_BUSY`` at once, without its busy handler, when another connection
    opens the same new file meanwhile; the conversion is then tried again, with
    growing pauses, until ``timeout`` seconds have passed. A file that keeps its mode
    without a lock in the way (a network file system) is refused at once.
    """
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            mode = str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            if mode != "wal":
                mode = str(cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
            break
        except sqlite3.OperationalError as exc:
            if _primary_code(exc) != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                raise
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, 0.2)
    if mode != "wal":
        raise StorageError(
            f"{location}: cannot use write-ahead logging "
            f"(journal mode stays {mode!r}; is it on a network file system?)"
        )


class SQLiteStore(SQLStore):
    """A :class:`~crosswire.store.base.Store` in one SQLite file.

    The file is created (with its schema) when it does not exist; its folder
    must. An existing file that is not a SQLite database, is damaged, or was
    written by a newer crosswire gives a :class:`StorageError`.
    """

    driver_errors = (SQLAlchemyError, sqlite3.Error)

    def __init__(self, path: str | Path, *, options: SQLiteOptions | None = None) -> None:
        self.path = Path(path).expanduser()
        self.options = options or SQLiteOptions()
        location = str(self.path)
        _check_file(self.path)
        url = sa.engine.URL.create("sqlite+pysqlite", database=str(self.path))
        self.location = location
        self._migrate(url)
        writer = self._engine(url, "write", poolclass=QueuePool, pool_size=1, max_overflow=0)
        reader = self._engine(
            url, "read", poolclass=QueuePool, pool_size=self.options.readers, max_overflow=8
        )
        super().__init__(location=location, writer=writer, reader=reader)
        logger.debug("%s: opened", location)

    # --- engines --------------------------------------------------------------------------

    def _engine(self, url: sa.engine.URL, role: Role, **pool: Any) -> Engine:
        engine = sa.create_engine(
            url,
            connect_args={"timeout": self.options.busy_timeout, "check_same_thread": False},
            json_serializer=_dumps,
            **pool,
        )
        busy_ms = int(self.options.busy_timeout * 1000)
        synchronous = self.options.synchronous

        def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            # crosswire, not the sqlite3 module, says when transactions begin.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
                if role != "read":
                    _use_wal(cursor, self.location, self.options.busy_timeout)
                cursor.execute(f"PRAGMA foreign_keys = {'OFF' if role == 'migrate' else 'ON'}")
                cursor.execute(f"PRAGMA synchronous = {synchronous}")
                if role == "read":
                    cursor.execute("PRAGMA query_only = ON")
            finally:
                cursor.close()

        def on_begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN" if role == "read" else "BEGIN IMMEDIATE")

        event.listen(engine, "connect", on_connect)
        event.listen(engine, "begin", on_begin)
        return engine

    def _migrate(self, url: sa.engine.URL) -> None:
        engine = self._engine(url, "migrate", poolclass=NullPool)
        try:
            with engine.begin() as connection:
                before = migrate.upgrade(connection, location=self.location)
                if before == migrate.current_revision(connection):
                    return  # nothing migrated, nothing to re-check
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if problems:
                    raise StorageError(
                        f"{self.location}: migrating would break {len(problems)} foreign key(s), "
                        f"first in table {problems[0][0]!r}; nothing was changed"
                    )
        except self.driver_errors as exc:
            raise self.storage_error("open the database", exc) from exc
        finally:
            engine.dispose()

    # --- what SQLStore asks of a backend --------------------------------------------------

    def insert_ignoring_duplicates(self, table: sa.Table, key: Sequence[str]) -> Insert:
        return sqlite_insert(table).on_conflict_do_nothing(index_elements=list(key))

    def describe_error(self, exc: BaseException) -> str:
        original = exc.orig if isinstance(exc, DBAPIError) else exc
        message = str(original)
        code = _primary_code(original)
        if code == sqlite3.SQLITE_NOTADB:
            return "not a SQLite database"
        if code == sqlite3.SQLITE_CORRUPT:
            return f"the database file is damaged ({message})"
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return (
                f"{message}: another connection held the database for longer than the "
                f"busy timeout ({self.options.busy_timeout:g} s)"
            )
        return super().describe_error(exc)

    def check(self) -> list[str]:
        """What ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` find.

        A file too damaged for the check to run gives that as its one problem.
        """

        def run(connection: Connection) -> list[str]:
            found = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA integrity_check")]
            problems = [p for p in found if p != "ok"]
            if problems:
                # Foreign keys cannot be checked reliably in a damaged file.
                return problems
            for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid}: no matching row in {parent}")
            return problems

        try:
            return self._read(run, "check the database")
        except StorageError as exc:
            cause = exc.__cause__
            original = cause.orig if isinstance(cause, DBAPIError) else cause
            if _primary_code(original) == sqlite3.SQLITE_CORRUPT and original is not None:
                return [self.describe_error(original)]
            raise
