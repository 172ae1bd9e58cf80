"""Initial schema: ingest runs, articles, removals, failures, reports.

Revision ID: 0001
Revises:
Create Date: 2026-11-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", TIMESTAMP, nullable=False),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("skipped", sa.Integer, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_runs")),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text, nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("author", sa.Text, nullable=True),
        sa.Column("published", sa.String(40), nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("added_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=True),
        sa.Column("run_id", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ingest_runs.id"],
            name=op.f("fk_articles_run_id_ingest_runs"),
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_articles_added_at", "articles", ["added_at"])
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_url", "articles", ["url"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_run_id", "articles", ["run_id"])

    op.create_table(
        "removals",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "position", name=op.f("pk_removals")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_removals_article_id_articles"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_removals_reason", "removals", ["reason"])

    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("error", sa.String(64), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ingest_runs.id"],
            name=op.f("fk_failures_run_id_ingest_runs"),
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_failures_run_id", "failures", ["run_id"])
    op.create_index("ix_failures_source", "failures", ["source"])

    op.create_table(
        "reports",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("article_ids", sa.JSON, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    op.create_index("ix_reports_created_at", "reports", ["created_at"])


def downgrade() -> None:
    op.drop_table("reports")
    op.drop_table("failures")
    op.drop_table("removals")
    op.drop_table("articles")
    op.drop_table("ingest_runs")
