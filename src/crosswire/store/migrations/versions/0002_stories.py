"""Story tables: stories, their member articles, and the story clusterer's saved state.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# The tables this revision creates are described by crosswire.store.stories;
# importing it puts them into crosswire.store.schema.metadata next to the others.
import crosswire.store.stories  # noqa: F401

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("topic_id", sa.Integer, nullable=False),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("duplicates", sa.Integer, nullable=False),
        sa.Column("outlets", sa.JSON, nullable=False),
        sa.Column("first_published", TIMESTAMP, nullable=True),
        sa.Column("last_published", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("report_id", sa.String(64), nullable=True),
        sa.Column("status_counts", sa.JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_stories_report_id_reports"),
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_stories_topic_id", "stories", ["topic_id"])
    op.create_index("ix_stories_updated_at", "stories", ["updated_at"])

    op.create_table(
        "story_members",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("story_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("duplicate_of", sa.String(64), nullable=True),
        sa.Column("added_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_story_members")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_story_members_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_members_story_id_stories"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_story_members_story_id", "story_members", ["story_id"])

    op.create_table(
        "story_state",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_state")),
    )


def downgrade() -> None:
    op.drop_table("story_state")
    op.drop_table("story_members")
    op.drop_table("stories")
