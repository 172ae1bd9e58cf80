"""Bring a database's schema up to date with Alembic, from inside crosswire.

The migrations live in ``crosswire/store/migrations`` and ship with the
package; :func:`upgrade` applies the missing ones on a connection the store
has opened, inside the caller's transaction, so a store is never left half
migrated. Adding a migration is described in
``crosswire/store/migrations/README.md``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import Connection

from ..errors import StorageError

__all__ = ["MIGRATIONS", "alembic_config", "current_revision", "head_revision", "upgrade"]

logger = logging.getLogger(__name__)

#: The folder of the migration scripts (``env.py`` and ``versions/``).
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migrations, without an ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str:
    """The newest revision the migrations know."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StorageError(f"{MIGRATIONS}: no migrations found")
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, *, location: str, revision: str = "head") -> str | None:
    """Apply the migrations missing from the database on ``connection``.

    ``location`` names the database in messages. Returns the revision the
    database was at before (``None`` when it was empty). A database written
    by a newer crosswire (a revision these migrations do not know) gives a
    :class:`StorageError`.
    """
    script = ScriptDirectory.from_config(alembic_config())
    before = current_revision(connection)
    if before is not None:
        try:
            script.get_revision(before)
        except CommandError as exc:
            raise StorageError(
                f"{location}: the database is at schema revision {before!r}, which this "
                f"version of crosswire does not know (it was written by a newer one)"
            ) from exc
    if before == script.get_current_head() and revision == "head":
        return before
    config = alembic_config()
    config.attributes["connection"] = connection
    try:
        command.upgrade(config, revision)
    except CommandError as exc:
        raise StorageError(f"{location}: cannot migrate the database: {exc}") from exc
    logger.info("%s: schema migrated from %s to %s", location, before, current_revision(connection))
    return before
