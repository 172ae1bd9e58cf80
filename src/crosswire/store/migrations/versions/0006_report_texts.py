"""A saved report no longer repeats the text of the stored articles it compares.

Each saved report's article entry whose ``text`` and ``raw_text`` are the same strings as
the stored article's columns holds ``null`` in both (the store reads them back from the
article, and copies them into the report before the article is deleted or its text
changes); an entry for an article that is not stored, or whose text differs, keeps its
text, so nothing is lost. Downgrading puts the texts back from the articles.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

articles = sa.table(
    "articles",
    sa.column("id", sa.String),
    sa.column("raw_text", sa.Text),
    sa.column("text", sa.Text),
)
reports = sa.table(
    "reports",
    sa.column("id", sa.String),
    sa.column("data", sa.JSON),
)


def _texts(connection: sa.Connection, ids: set[str]) -> dict[str, tuple[str, str]]:
    wanted = sorted(ids)
    found: dict[str, tuple[str, str]] = {}
    for begin in range(0, len(wanted), 500):
        query = sa.select(articles.c.id, articles.c.text, articles.c.raw_text).where(
            articles.c.id.in_(wanted[begin : begin + 500])
        )
        found.update({row.id: (row.text, row.raw_text) for row in connection.execute(query)})
    return found


def _entries(data: Any) -> list[dict[str, Any]]:
    entries = data.get("articles") if isinstance(data, dict) else None
    return [e for e in entries or () if isinstance(e, dict) and isinstance(e.get("id"), str)]


def _rewrite(by_reference: bool) -> None:
    connection = op.get_bind()
    for report_id in connection.execute(sa.select(reports.c.id)).scalars().all():
        data = connection.execute(
            sa.select(reports.c.data).where(reports.c.id == report_id)
        ).scalar()
        entries = _entries(data)
        texts = _texts(connection, {e["id"] for e in entries})
        changed = False
        for entry in entries:
            known = texts.get(entry["id"])
            if known is None:
                continue
            if by_reference and (entry.get("text"), entry.get("raw_text")) == known:
                entry["text"] = entry["raw_text"] = None
                changed = True
            elif not by_reference and "text" in entry and entry["text"] is None:
                entry["text"], entry["raw_text"] = known
                changed = True
        if changed:
            connection.execute(reports.update().where(reports.c.id == report_id).values(data=data))


def upgrade() -> None:
    _rewrite(by_reference=True)


def downgrade() -> None:
    _rewrite(by_reference=False)
