"""The tables crosswire stores, as SQLAlchemy Core metadata.

This module describes the schema at the newest migration; the migrations in
``crosswire/store/migrations/versions`` build it step by step, and a test
(``tests/test_store_migrations.py``) checks that the two agree. Change both
together: edit the tables here, then add a migration (see
``crosswire/store/migrations/README.md``).

Tables
------
``ingest_runs``
    one row per call of :func:`crosswire.corpus.ingest`: when it started and
    finished, its status, the sources it was given, its counts, and the process
    id and host name of the process running it. A run whose process was killed
    keeps ``status = 'running'`` and no ``finished_at`` until a later run finds
    that process gone and marks it ``interrupted`` (``finished_at`` stays empty).
``articles``
    one row per article, keyed by its content hash (:attr:`Article.id`); the
    columns a listing needs, and ``data``, the full article as
    :func:`crosswire.document.article_to_dict` writes it (every layer).
``removals``
    what the cleaner removed from each article (offsets into ``raw_text``),
    one row per removal; deleted with their article.
``failures``
    inputs that could not be read or cleaned during an ingest, with the stage
    and the reason.
``reports``
    saved comparison reports: the report JSON, its title and the ids of the
    articles it compares.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

__all__ = [
    "UTCDateTime",
    "articles",
    "failures",
    "ingest_runs",
    "metadata",
    "removals",
    "reports",
    "stories",
    "story_members",
    "story_state",
]

#: Constraint names that are the same on every backend, so that migrations can
#: refer to them (SQLite needs names to alter constraints in batch mode).
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

#: Length of the ``id`` columns of articles (content hashes) and reports.
ID_LENGTH = 64


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend.

    SQLite has no timestamp type: the value is stored as UTC text without an
    offset and read back with ``tzinfo=UTC``. Naive datetimes are refused.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: crosswire stores UTC timestamps")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


ingest_runs = sa.Table(
    "ingest_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("sources", sa.JSON, nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("skipped", sa.Integer, nullable=False),
    sa.Column("failed", sa.Integer, nullable=False),
    # Who runs it (revision 0003; empty for runs recorded before).
    sa.Column("pid", sa.Integer, nullable=True),
    sa.Column("host", sa.String(255), nullable=True),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(ID_LENGTH), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("outlet", sa.Text, nullable=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("author", sa.Text, nullable=True),
    # ISO 8601 as the article gives it (with its offset when it has one).
    sa.Column("published", sa.String(40), nullable=True),
    sa.Column("language", sa.String(16), nullable=True),
    sa.Column("raw_text", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("added_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=True),
    sa.Column(
        "run_id",
        sa.Integer,
        sa.ForeignKey("ingest_runs.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Index("ix_articles_added_at", "added_at"),
    sa.Index("ix_articles_outlet", "outlet"),
    sa.Index("ix_articles_url", "url"),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_run_id", "run_id"),
)

removals = sa.Table(
    "removals",
    metadata,
    sa.Column(
        "article_id",
        sa.String(ID_LENGTH),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Index("ix_removals_reason", "reason"),
)

failures = sa.Table(
    "failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "run_id",
        sa.Integer,
        sa.ForeignKey("ingest_runs.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("stage", sa.String(32), nullable=False),
    # The exception's class name, e.g. "EmptyInputError" ("" when unknown).
    sa.Column("error", sa.String(64), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index("ix_failures_run_id", "run_id"),
    sa.Index("ix_failures_source", "source"),
)

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.String(ID_LENGTH), primary_key=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("article_ids", sa.JSON, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    # claims and fact clusters by status, for listings (revision 0004; empty before)
    sa.Column("counts", sa.JSON, nullable=True),
    sa.Index("ix_reports_created_at", "created_at"),
)

#: the stories of a stored corpus (revision 0002; see :mod:`crosswire.store.stories`)
stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("topic_id", sa.Integer, nullable=False),
    sa.Column("headline", sa.Text, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("duplicates", sa.Integer, nullable=False),
    # Outlet names, most articles first.
    sa.Column("outlets", sa.JSON, nullable=False),
    sa.Column("first_published", UTCDateTime, nullable=True),
    sa.Column("last_published", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column(
        "report_id",
        sa.String(ID_LENGTH),
        sa.ForeignKey("reports.id", ondelete="SET NULL"),
        nullable=True,
    ),
    # {"corroborated": n, "contested": n, "single_source": n} of that report's groups.
    sa.Column("status_counts", sa.JSON, nullable=True),
    sa.Index("ix_stories_topic_id", "topic_id"),
    sa.Index("ix_stories_updated_at", "updated_at"),
)

story_members = sa.Table(
    "story_members",
    metadata,
    sa.Column(
        "article_id",
        sa.String(ID_LENGTH),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "story_id",
        sa.Integer,
        sa.ForeignKey("stories.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("score", sa.Float, nullable=True),
    sa.Column("duplicate_of", sa.String(ID_LENGTH), nullable=True),
    sa.Column("added_at", UTCDateTime, nullable=False),
    sa.Index("ix_story_members_story_id", "story_id"),
)

story_state = sa.Table(
    "story_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("articles", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)
