"""Alembic environment for crosswire's migrations.

crosswire runs the migrations itself when a store is opened
(:func:`crosswire.store.migrate.upgrade`), handing over an open connection in
``config.attributes["connection"]``, inside a transaction. For developer use
from the command line (``alembic -c src/crosswire/store/alembic.ini ...``) the
database is named with ``-x db=PATH``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from crosswire.store.schema import metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    if context.is_offline_mode():
        context.configure(url="sqlite://", target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    db = context.get_x_argument(as_dictionary=True).get("db")
    if not db:
        raise SystemExit("name the database: alembic -x db=PATH ...")
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.begin() as connection:
            _configure_and_run(connection)
    finally:
        engine.dispose()


_run()
