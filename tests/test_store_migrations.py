"""The migrations build exactly the schema crosswire.store.schema describes, and can be undone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from crosswire.store import open_store
from crosswire.store.migrate import MIGRATIONS, alembic_config, head_revision
from crosswire.store.schema import metadata


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows} - {"alembic_version", "sqlite_sequence"}


def test_store_migrations_match_the_schema_module(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    open_store(path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_store_migrations_form_one_line_of_history() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert revisions[-1].down_revision is None
    assert head_revision() == revisions[0].revision
    for revision in revisions:
        assert revision.doc, f"{revision.path}: say what the migration does in its docstring"


def test_store_migrations_live_inside_the_package() -> None:
    assert (MIGRATIONS / "env.py").is_file()
    assert (MIGRATIONS / "script.py.mako").is_file()
    assert any((MIGRATIONS / "versions").glob("0001_*.py"))


def _migrate(path: Path, step: str, revision: str) -> None:
    """Run alembic's ``upgrade`` or ``downgrade`` to ``revision`` on the database at ``path``."""
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            getattr(command, step)(config, revision)
    finally:
        engine.dispose()


def test_store_migrations_downgrade_to_nothing_and_back(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    open_store(path).close()
    _migrate(path, "downgrade", "base")
    assert _tables(path) == set()
    with open_store(path) as store:
        assert store.count_articles() == 0
    assert _tables(path) == set(metadata.tables)


def _article_data(path: Path) -> dict[str, object]:
    import json

    with sqlite3.connect(path) as raw:
        (data,) = raw.execute("SELECT data FROM articles").fetchone()
    return dict(json.loads(data))


def test_store_migrations_article_text_is_stored_once(tmp_path: Path) -> None:
    from crosswire.document import Article, article_to_dict

    path = tmp_path / "news.db"
    article = Article.from_text("Storm closes port\n\nThe storm closed the port on Monday.",
                                source="storm.txt")
    article.set_text(article.raw_text.strip(), list(range(len(article.raw_text.strip()) + 1)))
    with open_store(path) as store:
        store.add_article(article)
    assert "text" not in _article_data(path) and "raw_text" not in _article_data(path)

    _migrate(path, "downgrade", "0004")
    # before revision 0005 the data held the text too
    assert _article_data(path)["text"] == article.text
    assert _article_data(path)["raw_text"] == article.raw_text
    _migrate(path, "upgrade", "head")
    assert "text" not in _article_data(path)
    with open_store(path) as store:
        assert article_to_dict(store.get_article(article.id)) == article_to_dict(article)
