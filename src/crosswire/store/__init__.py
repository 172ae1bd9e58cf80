"""Storage: where crosswire keeps articles, ingest failures and reports.

Open a store with :func:`open_store` and use it as a context manager::

    from crosswire.store import open_store
    from crosswire.corpus import ingest

    with open_store("news.db") as store:
        result = ingest(["articles/"], store)
        for summary in store.list_articles(limit=20):
            ...

Every backend implements :class:`Store` (see :mod:`crosswire.store.base`);
SQLite (:class:`SQLiteStore`) is the default, in one file under the user's data
folder unless a path is given. Only a store opens database connections.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from ..errors import StorageError
from .base import ArticleSummary, FailureRecord, IngestRun, ReportSummary, Store
from .sqlite import SQLiteOptions, SQLiteStore

__all__ = [
    "ArticleSummary",
    "FailureRecord",
    "IngestRun",
    "ReportSummary",
    "SQLiteOptions",
    "SQLiteStore",
    "Store",
    "default_db_path",
    "open_store",
]

#: URL schemes :func:`open_store` understands, and the backend that serves each.
_SQLITE_SCHEMES = ("sqlite://", "sqlite+pysqlite://")
_POSTGRES_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def default_db_path() -> Path:
    """``crosswire.db`` in the user's data folder (e.g. ``~/.local/share/crosswire``)."""
    return Path(user_data_dir("crosswire", appauthor=False)) / "crosswire.db"


def open_store(path_or_url: str | Path | None = None) -> Store:
    """Open (creating and migrating when needed) the store at ``path_or_url``.

    ``None`` opens :func:`default_db_path`, creating its folder. A path, or a
    ``sqlite:///PATH`` URL, opens a SQLite file (its folder must exist).
    Anything that cannot be opened gives a :class:`StorageError` naming it and
    the reason.
    """
    if path_or_url is None:
        path = default_db_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{path}: cannot create the data folder: {exc.strerror}") from exc
        return SQLiteStore(path)
    if isinstance(path_or_url, Path):
        return SQLiteStore(path_or_url)
    target = path_or_url.strip()
    if not target:
        raise StorageError("no database given (an empty path)")
    for scheme in _SQLITE_SCHEMES:
        if target.startswith(scheme):
            rest = target[len(scheme) :]
            if not rest.startswith("/") or rest in ("/", "/:memory:"):
                raise StorageError(
                    f"{target}: name a database file, as sqlite:///relative.db "
                    "or sqlite:////absolute/path.db"
                )
            return SQLiteStore(rest[1:])
    if target.startswith(_POSTGRES_SCHEMES):
        raise StorageError(
            f"{_without_password(target)}: PostgreSQL storage is not available yet; "
            "use a SQLite file"
        )
    if "://" in target:
        raise StorageError(f"{_without_password(target)}: unknown kind of database URL")
    if target == ":memory:":
        raise StorageError(
            ":memory:: crosswire stores need a file (readers and the writer share it)"
        )
    return SQLiteStore(target)


def _without_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
