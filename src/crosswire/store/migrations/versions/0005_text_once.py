"""An article's text is stored once: its ``data`` no longer repeats the ``raw_text`` and
``text`` columns.

Each stored article's ``data`` loses the two keys where they hold the same strings as the
columns (the store reads the text from the columns); a row where they differ keeps them, so
nothing is lost. Downgrading puts them back from the columns.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT_COLUMNS = ("raw_text", "text")
articles = sa.table(
    "articles",
    sa.column("id", sa.String),
    sa.column("raw_text", sa.Text),
    sa.column("text", sa.Text),
    sa.column("data", sa.JSON),
)


def _rewrite(keep_text: bool) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(articles.c.id, articles.c.raw_text, articles.c.text,
                                        articles.c.data)).all()
    for row in rows:
        data = dict(row.data)
        columns = {"raw_text": row.raw_text, "text": row.text}
        if keep_text:
            if all(key in data for key in TEXT_COLUMNS):
                continue
            data.update(columns)
        else:
            if any(data.get(key) != columns[key] for key in TEXT_COLUMNS):
                continue
            for key in TEXT_COLUMNS:
                del data[key]
        connection.execute(articles.update().where(articles.c.id == row.id).values(data=data))


def upgrade() -> None:
    _rewrite(keep_text=False)


def downgrade() -> None:
    _rewrite(keep_text=True)
