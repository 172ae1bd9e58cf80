"""The stories of a stored corpus: their tables and queries.

::

    from crosswire import compare_story, open_store, update_stories

    with open_store("news.db") as store:
        update = update_stories(store)          # cluster the articles not in a story yet
        for story in store.list_stories(limit=20):
            print(story.id, story.size, story.headline)
        comparison = compare_story(store, story_id=3)   # runs and saves the report

Every query is a method of the store (:class:`StoryQueries`, which the SQL stores take
in). Clustering is not done here: :func:`crosswire.corpus.update_stories` runs the
clusterer and writes each batch through :meth:`StoryQueries.write_story_batch`, inside a
write transaction that first checks :meth:`StoryQueries.story_state_version`. This module
reads and writes rows only.

Tables (revision ``0002``):

``stories``
    one row per story: its topic (the id of the topic's earliest story),
    headline, size, near duplicates, outlets, time span, and the last
    comparison's report and status counts;
``story_members``
    one row per clustered article: its story, arrival position, score, and
    the article it nearly copies (``duplicate_of``); deleted with the article;
``story_state``
    the clusterer's saved state (:meth:`StoryClusterer.to_bytes`), one row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..document import Article
from ..errors import NotFoundError
from .schema import articles, stories, story_members, story_state

__all__ = [
    "PlacedArticle",
    "StateVersion",
    "StoryQueries",
    "StoryRecord",
    "StorySummary",
    "stories",
    "story_members",
    "story_state",
]


# --- records --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StorySummary:
    """What a listing shows of a story."""

    id: int
    topic_id: int
    headline: str
    size: int
    duplicates: int
    outlets: tuple[str, ...]
    first_published: datetime | None
    last_published: datetime | None
    updated_at: datetime
    report_id: str | None
    status_counts: dict[str, int] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "topic_id": self.topic_id,
            "headline": self.headline,
            "size": self.size,
            "duplicates": self.duplicates,
            "outlets": list(self.outlets),
            "first_published": _iso(self.first_published),
            "last_published": _iso(self.last_published),
            "updated_at": self.updated_at.isoformat(),
            "report_id": self.report_id,
            "status_counts": dict(self.status_counts) if self.status_counts else None,
        }


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def _now() -> datetime:
    return datetime.now(UTC)


# --- the clusterer's state and its batches --------------------------------------------------


class StoryRecord(Protocol):
    """A story as the clusterer holds it (:class:`crosswire.stories.StoryInfo`)."""

    @property
    def id(self) -> int: ...
    @property
    def topic(self) -> int: ...
    @property
    def headline(self) -> str: ...
    @property
    def article_ids(self) -> tuple[str, ...]: ...
    @property
    def duplicates(self) -> int: ...
    @property
    def first_published(self) -> datetime | None: ...
    @property
    def last_published(self) -> datetime | None: ...


class PlacedArticle(Protocol):
    """Where the clusterer put one article (:class:`crosswire.stories.Assignment`)."""

    @property
    def article_id(self) -> str: ...
    @property
    def story(self) -> int: ...
    @property
    def score(self) -> float | None: ...
    @property
    def duplicate_of(self) -> str | None: ...


StateVersion = tuple[int, datetime] | None
"""Which saved state a clusterer was loaded from: its article count and time (``None``: none)."""


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _article(row: Any) -> Article:
    return Article(
        id=row.id,
        source=row.source,
        raw_text=row.text,
        text=row.text,
        title=row.title,
        outlet=row.outlet,
        url=row.url,
        published=_published(row.published),
    )


def _next_position(connection: Connection, fallback: int) -> int:
    top = connection.execute(sa.select(sa.func.max(story_members.c.position))).scalar_one()
    return fallback if top is None else int(top) + 1


def _outlets(connection: Connection, touched: Sequence[StoryRecord]) -> dict[int, list[str]]:
    """Outlet names of each touched story, most articles first."""
    wanted = sorted({a for info in touched for a in info.article_ids})
    outlet_of: dict[str, str] = {}
    for chunk in range(0, len(wanted), 500):
        part = wanted[chunk : chunk + 500]
        query = sa.select(articles.c.id, articles.c.outlet).where(articles.c.id.in_(part))
        outlet_of.update({row[0]: row[1] for row in connection.execute(query) if row[1]})
    result: dict[int, list[str]] = {}
    for info in touched:
        counts = Counter(outlet_of[a] for a in info.article_ids if a in outlet_of)
        result[info.id] = [name for name, _ in counts.most_common()]
    return result


# --- reading --------------------------------------------------------------------------------------


def _summary(row: Any) -> StorySummary:
    return StorySummary(
        id=row.id,
        topic_id=row.topic_id,
        headline=row.headline,
        size=row.size,
        duplicates=row.duplicates,
        outlets=tuple(row.outlets or ()),
        first_published=row.first_published,
        last_published=row.last_published,
        updated_at=row.updated_at,
        report_id=row.report_id,
        status_counts=dict(row.status_counts) if row.status_counts else None,
    )


T = TypeVar("T")


class StoryQueries:
    """The story queries of a store, as its methods (the SQL stores take them in).

    The methods that take a ``connection`` run inside a transaction the caller holds (through
    ``execute_write_fn``), so that one batch of the clusterer is checked and written at once.
    """

    if TYPE_CHECKING:
        location: str

        def execute_read_fn(self, fn: Callable[[Connection], T]) -> T: ...
        def execute_write_fn(self, fn: Callable[[Connection], T]) -> T: ...
        def get_article(self, article_id: str) -> Article: ...
        def get_report(self, report_id: str) -> dict[str, Any]: ...

    # --- the clusterer's state and its batches ----------------------------------------------

    def story_state_version(self, connection: Connection) -> StateVersion:
        """The version of the saved clusterer state (``None`` when there is none)."""
        row = connection.execute(
            sa.select(story_state.c.articles, story_state.c.updated_at)
            .where(story_state.c.id == 1)
        ).first()
        return None if row is None else (int(row[0]), row[1])

    def read_story_state(self, connection: Connection) -> tuple[bytes | None, StateVersion]:
        """The saved clusterer state (``None`` when there is none) and its version."""
        row = connection.execute(
            sa.select(story_state.c.data).where(story_state.c.id == 1)
        ).first()
        return (None if row is None else bytes(row[0])), self.story_state_version(connection)

    def unplaced_article_ids(self, connection: Connection) -> list[str]:
        """Articles that no story holds yet, in the order to place them.

        That is publication order; an article without a known date sorts by when
        it was stored.
        """
        query = (
            sa.select(articles.c.id, articles.c.published, articles.c.added_at)
            .select_from(
                articles.outerjoin(story_members, story_members.c.article_id == articles.c.id)
            )
            .where(story_members.c.article_id.is_(None))
        )
        rows = list(connection.execute(query).all())
        rows.sort(key=lambda r: (_published(r.published) or r.added_at, r.added_at, r.id))
        return [row.id for row in rows]

    def articles_to_cluster(self, connection: Connection, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids still stored, in this order, with what clustering reads.

        That is the text, title, outlet, address and date, without the analysis layers.
        """
        query = sa.select(
            articles.c.id,
            articles.c.source,
            articles.c.title,
            articles.c.outlet,
            articles.c.url,
            articles.c.published,
            articles.c.text,
        ).where(articles.c.id.in_(list(ids)))
        found = {row.id: _article(row) for row in connection.execute(query)}
        return [found[i] for i in ids if i in found]

    def clear_stories(self, connection: Connection) -> None:
        """Delete every story, membership and the saved state."""
        connection.execute(story_members.delete())
        connection.execute(stories.delete())
        connection.execute(story_state.delete())

    def write_story_batch(
        self,
        connection: Connection,
        *,
        touched: Sequence[StoryRecord],
        placed: Sequence[PlacedArticle],
        state: bytes,
        articles_in_state: int,
        first_position: int,
    ) -> None:
        """Write one clustered batch: the stories it touched, its memberships and the new
        state. Run it inside a write transaction that also checked
        :meth:`story_state_version`."""
        now = _now()
        existing = {
            row[0]
            for row in connection.execute(
                sa.select(stories.c.id).where(stories.c.id.in_(sorted(s.id for s in touched)))
            )
        }
        outlets = _outlets(connection, touched)
        for info in sorted(touched, key=lambda s: s.id):
            values = {
                "topic_id": info.topic,
                "headline": info.headline or "(no headline)",
                "size": len(info.article_ids),
                "duplicates": info.duplicates,
                "outlets": outlets.get(info.id, []),
                "first_published": info.first_published,
                "last_published": info.last_published,
                "updated_at": now,
            }
            if info.id in existing:
                connection.execute(stories.update().where(stories.c.id == info.id).values(values))
            else:
                connection.execute(stories.insert().values(id=info.id, created_at=now, **values))
        position = _next_position(connection, first_position)
        connection.execute(
            story_members.insert(),
            [
                {
                    "article_id": a.article_id,
                    "story_id": a.story,
                    "position": position + i,
                    "score": a.score,
                    "duplicate_of": a.duplicate_of,
                    "added_at": now,
                }
                for i, a in enumerate(placed)
            ],
        )
        row = {"articles": articles_in_state, "data": state, "updated_at": now}
        update = story_state.update().where(story_state.c.id == 1).values(row)
        if connection.execute(update).rowcount:
            return
        connection.execute(story_state.insert().values(id=1, **row))

    # --- reading ------------------------------------------------------------------------------

    def list_stories(
        self,
        *,
        limit: int = 100,
        offset: int = 0,
        min_size: int = 1,
        topic_id: int | None = None,
    ) -> list[StorySummary]:
        """Stories, largest first (then the most recently updated), of ``min_size`` articles
        or more."""
        query = sa.select(stories).where(stories.c.size >= min_size)
        if topic_id is not None:
            query = query.where(stories.c.topic_id == topic_id)
        query = (
            query.order_by(stories.c.size.desc(), stories.c.updated_at.desc(), stories.c.id)
            .limit(limit)
            .offset(offset)
        )
        rows = self.execute_read_fn(lambda c: c.execute(query).all())
        return [_summary(row) for row in rows]

    def count_stories(self, *, min_size: int = 1) -> int:
        """How many stories hold ``min_size`` articles or more."""
        query = sa.select(sa.func.count()).select_from(stories).where(stories.c.size >= min_size)
        return int(self.execute_read_fn(lambda c: c.execute(query).scalar_one()))

    def get_story(self, story_id: int) -> StorySummary:
        """One story; :class:`~crosswire.errors.NotFoundError` for an unknown id."""
        query = sa.select(stories).where(stories.c.id == story_id)
        row = self.execute_read_fn(lambda c: c.execute(query).first())
        if row is None:
            raise NotFoundError(f"{self.location}: no story with id {story_id}")
        return _summary(row)

    def story_article_ids(self, story_id: int, *, include_duplicates: bool = True) -> list[str]:
        """The ids of a story's articles in the order they joined it."""
        self.get_story(story_id)
        query = (
            sa.select(story_members.c.article_id)
            .where(story_members.c.story_id == story_id)
            .order_by(story_members.c.position)
        )
        if not include_duplicates:
            query = query.where(story_members.c.duplicate_of.is_(None))
        return [row[0] for row in self.execute_read_fn(lambda c: c.execute(query).all())]

    def story_articles(self, story_id: int, *, include_duplicates: bool = True) -> list[Article]:
        """A story's stored articles (every layer), in the order they joined it.

        ``include_duplicates=False`` leaves out near-duplicate copies of another
        member. Raises :class:`~crosswire.errors.NotFoundError` for an unknown story.
        """
        ids = self.story_article_ids(story_id, include_duplicates=include_duplicates)
        return [self.get_article(article_id) for article_id in ids]

    def record_story_report(self, story_id: int, report_id: str) -> None:
        """Remember a saved report as the story's comparison, with its groups' status
        counts."""
        data = self.get_report(report_id)
        groups = data.get("groups") or []
        counts = Counter(g.get("status") for g in groups
                         if isinstance(g, dict) and g.get("status"))
        statement = (
            stories.update()
            .where(stories.c.id == story_id)
            .values(report_id=report_id, status_counts=dict(counts))
        )

        def write(connection: Connection) -> None:
            if connection.execute(statement).rowcount == 0:
                raise NotFoundError(f"{self.location}: no story with id {story_id}")

        self.execute_write_fn(write)
