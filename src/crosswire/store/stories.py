"""Stories of a stored corpus: kept up to date as articles arrive, listed, compared.

::

    from crosswire.store import open_store
    from crosswire.store.stories import list_stories, update_stories
    from crosswire import compare_story

    with open_store("news.db") as store:
        update = update_stories(store)          # cluster the articles not in a story yet
        for story in list_stories(store, limit=20):
            print(story.id, story.size, story.headline)
        comparison = compare_story(store, story_id=3)   # runs and saves the report

:func:`update_stories` loads the clusterer's saved state, places only the
articles that no story holds yet (in publication order, then in the order they
were stored), and writes, per batch and in one transaction, the memberships,
the stories they touched and the new state: a run that is killed keeps every
batch it finished, and the next run goes on from there.

Several processes may update the stories of one database at once (two
``crosswire ingest`` runs). Each batch is clustered inside the write
transaction, which holds the write lock, after checking that the saved state is
still the one the update loaded (its article count and time). When another
process wrote meanwhile, nothing is written: the update loads the new state and
the articles still unplaced, and goes on from there (features already computed
are kept).

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

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..document import Article
from ..errors import NotFoundError, StorageError
from .base import Store
from .schema import articles, stories, story_members, story_state

if TYPE_CHECKING:
    from ..stories import StoryClusterer, StoryOptions

__all__ = [
    "StorySummary",
    "StoryUpdate",
    "count_stories",
    "get_story",
    "list_stories",
    "record_story_report",
    "stories",
    "story_article_ids",
    "story_articles",
    "story_members",
    "story_state",
    "update_stories",
]

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
"""``on_progress(done, total)``: called after each batch of articles is placed."""

#: Version of the saved-state row layout (the state carries its own version too).
STATE_ROW = 1

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


@dataclass
class StoryUpdate:
    """What :func:`update_stories` did."""

    articles: int = 0
    new_stories: int = 0
    grown_stories: int = 0
    duplicates: int = 0
    stories: int = 0
    topics: int = 0
    rebuilt: bool = False
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "new_stories": self.new_stories,
            "grown_stories": self.grown_stories,
            "duplicates": self.duplicates,
            "stories": self.stories,
            "topics": self.topics,
            "rebuilt": self.rebuilt,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def _now() -> datetime:
    return datetime.now(UTC)


# --- updating -------------------------------------------------------------------------------------


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


StateVersion = tuple[int, datetime] | None
"""Which saved state a clusterer was loaded from: its article count and time (``None``: none)."""

#: How many times an update loads the state again after another process wrote it.
MAX_RELOADS = 100


def _state_version(connection: Connection) -> StateVersion:
    row = connection.execute(
        sa.select(story_state.c.articles, story_state.c.updated_at).where(story_state.c.id == 1)
    ).first()
    return None if row is None else (int(row[0]), row[1])


def _load_clusterer(
    store: Store, options: StoryOptions
) -> tuple[StoryClusterer, StateVersion, bool]:
    """The saved clusterer (or a new one), its version, and whether the stories must be rebuilt."""
    from ..stories import StoryClusterer

    def read(connection: Connection) -> tuple[Any, StateVersion]:
        row = connection.execute(sa.select(story_state.c.data).where(story_state.c.id == 1)).first()
        return row, _state_version(connection)

    row, version = store.execute_read_fn(read)
    if row is None:
        return StoryClusterer(options), version, False
    try:
        return StoryClusterer.from_bytes(bytes(row[0]), options), version, False
    except ValueError as exc:
        logger.warning("%s: story state not reusable (%s): clustering again", store.location, exc)
        return StoryClusterer(options), version, True


def _unplaced(connection: Connection) -> list[Any]:
    """Articles that no story holds yet: their ids and dates, to put them in order."""
    query = (
        sa.select(articles.c.id, articles.c.published, articles.c.added_at)
        .select_from(articles.outerjoin(story_members, story_members.c.article_id == articles.c.id))
        .where(story_members.c.article_id.is_(None))
    )
    return list(connection.execute(query).all())


def _load_batch(connection: Connection, ids: Sequence[str]) -> list[Article]:
    """The articles with these ids, in this order, with the columns the features need."""
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


def update_stories(
    store: Store,
    *,
    options: StoryOptions | None = None,
    batch_size: int = 500,
    rebuild: bool = False,
    on_progress: ProgressCallback | None = None,
) -> StoryUpdate:
    """Place every stored article that no story holds yet; returns what changed.

    ``rebuild`` clusters every article again from nothing (also done when the
    saved state was made with other feature settings). Articles are placed in
    publication order (unknown dates sort by when they were stored) in
    batches of ``batch_size``, each written in one transaction; another
    process updating the same stories meanwhile is waited for, not
    overwritten (see the module docstring). Raises
    :class:`~crosswire.errors.StorageError` when the database fails and
    :class:`~crosswire.errors.ModelError` when a bundled model is missing.
    """
    from ..stories import StoryClusterer, StoryOptions

    options = options or StoryOptions()
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    started = time.perf_counter()
    run = _Run(store, options, batch_size, on_progress, StoryUpdate())
    for attempt in range(MAX_RELOADS + 1):
        tick = time.perf_counter()
        clusterer, version, unusable = _load_clusterer(store, options)
        if unusable or (rebuild and attempt == 0):
            store.execute_write_fn(_clear)
            clusterer, version = StoryClusterer(options), None
            run.update.rebuilt = True
        run.seconds["load"] += time.perf_counter() - tick
        if run.place_unplaced(clusterer, version):
            break
        logger.info(
            "%s: another process updated the stories meanwhile: reading them again",
            store.location,
        )
    else:
        raise StorageError(
            f"{store.location}: the stories changed under this update {MAX_RELOADS + 1} times "
            "(is another process clustering them with other settings?)"
        )
    update = run.update
    update.grown_stories = len(run.grown)
    update.stories = clusterer.story_count
    update.topics = len({clusterer.topic_of(s) for s in range(1, clusterer.story_count + 1)})
    update.seconds = run.seconds | {"total": time.perf_counter() - started}
    logger.info(
        "%s: %d article(s) placed: %d new stories, %d grown, %d near duplicates",
        store.location,
        update.articles,
        update.new_stories,
        update.grown_stories,
        update.duplicates,
    )
    return update


@dataclass
class _Placed:
    """What one batch written by :func:`_place` did."""

    version: StateVersion
    known: int
    touched: set[int]
    placed: list[Any]
    seconds: float


@dataclass
class _Run:
    """One :func:`update_stories` call: its settings, counts, and the features computed so far."""

    store: Store
    options: StoryOptions
    batch_size: int
    on_progress: ProgressCallback | None
    update: StoryUpdate
    grown: set[int] = field(default_factory=set)
    features: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(
        default_factory=lambda: {"load": 0.0, "features": 0.0, "cluster": 0.0, "write": 0.0}
    )

    def place_unplaced(self, clusterer: StoryClusterer, version: StateVersion) -> bool:
        """Place the unplaced articles by batches; ``False`` when another process wrote first."""
        rows = self.store.execute_read_fn(_unplaced)
        rows.sort(key=lambda r: (_published(r.published) or r.added_at, r.added_at, r.id))
        logger.info("%s: %d article(s) to place in stories", self.store.location, len(rows))
        for begin in range(0, len(rows), self.batch_size):
            ids = [row.id for row in rows[begin : begin + self.batch_size]]
            features = self._features(ids)
            if not features:  # deleted meanwhile
                continue
            tick = time.perf_counter()
            placed = self.store.execute_write_fn(
                partial(
                    _place,
                    clusterer=clusterer,
                    features=features,
                    expected=version,
                    first_position=begin,
                )
            )
            if placed is None:
                return False
            self.seconds["cluster"] += placed.seconds
            self.seconds["write"] += time.perf_counter() - tick - placed.seconds
            version = placed.version
            self.update.articles += len(features)
            self.update.new_stories += clusterer.story_count - placed.known
            self.grown |= {s for s in placed.touched if s <= placed.known}
            self.update.duplicates += sum(1 for a in placed.placed if a.duplicate_of)
            if self.on_progress is not None:
                self.on_progress(self.update.articles, len(rows))
        return True

    def _features(self, ids: Sequence[str]) -> list[Any]:
        """The features of the articles still stored among ``ids``, computed once per update."""
        from ..stories import extract_features

        missing = [i for i in ids if i not in self.features]
        if missing:
            batch = self.store.execute_read_fn(partial(_load_batch, ids=missing))
            tick = time.perf_counter()
            for feature in extract_features(batch, options=self.options):
                self.features[feature.article_id] = feature
            self.seconds["features"] += time.perf_counter() - tick
        return [self.features[i] for i in ids if i in self.features]


def _place(
    connection: Connection,
    *,
    clusterer: StoryClusterer,
    features: Sequence[Any],
    expected: StateVersion,
    first_position: int,
) -> _Placed | None:
    """Cluster one batch and write it, under the write lock; ``None`` if the state moved on."""
    if _state_version(connection) != expected:
        return None
    tick = time.perf_counter()
    known = clusterer.story_count
    topics_before = {s: clusterer.topic_of(s) for s in range(1, known + 1)}
    touched = {clusterer.add(f) for f in features}
    placed = [clusterer.assignment(f.article_id) for f in features]
    changed = {s for s, t in topics_before.items() if clusterer.topic_of(s) != t}
    state = clusterer.to_bytes()
    seconds = time.perf_counter() - tick
    _write(
        connection,
        clusterer=clusterer,
        placed=placed,
        touched=touched | changed,
        state=state,
        first_position=first_position,
    )
    return _Placed(_state_version(connection), known, touched, placed, seconds)


def _clear(connection: Connection) -> None:
    connection.execute(story_members.delete())
    connection.execute(stories.delete())
    connection.execute(story_state.delete())


def _write(
    connection: Connection,
    *,
    clusterer: StoryClusterer,
    placed: Sequence[Any],
    touched: set[int],
    state: bytes,
    first_position: int,
) -> None:
    now = _now()
    existing = {
        row[0]
        for row in connection.execute(
            sa.select(stories.c.id).where(stories.c.id.in_(sorted(touched)))
        )
    }
    outlets = _outlets(connection, clusterer, touched, placed)
    for story_id in sorted(touched):
        info = clusterer.story(story_id)
        values = {
            "topic_id": info.topic,
            "headline": info.headline or "(no headline)",
            "size": len(info.article_ids),
            "duplicates": info.duplicates,
            "outlets": outlets.get(story_id, []),
            "first_published": info.first_published,
            "last_published": info.last_published,
            "updated_at": now,
        }
        if story_id in existing:
            connection.execute(stories.update().where(stories.c.id == story_id).values(values))
        else:
            connection.execute(stories.insert().values(id=story_id, created_at=now, **values))
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
    row = {"articles": len(clusterer), "data": state, "updated_at": now}
    if connection.execute(story_state.update().where(story_state.c.id == 1).values(row)).rowcount:
        return
    connection.execute(story_state.insert().values(id=1, **row))


def _next_position(connection: Connection, fallback: int) -> int:
    top = connection.execute(sa.select(sa.func.max(story_members.c.position))).scalar_one()
    return fallback if top is None else int(top) + 1


def _outlets(
    connection: Connection, clusterer: StoryClusterer, touched: set[int], placed: Sequence[Any]
) -> dict[int, list[str]]:
    """Outlet names of each touched story, most articles first."""
    ids = {story_id: clusterer.story(story_id).article_ids for story_id in touched}
    wanted = sorted({a for members in ids.values() for a in members})
    outlet_of: dict[str, str] = {}
    for chunk in range(0, len(wanted), 500):
        part = wanted[chunk : chunk + 500]
        query = sa.select(articles.c.id, articles.c.outlet).where(articles.c.id.in_(part))
        outlet_of.update({row[0]: row[1] for row in connection.execute(query) if row[1]})
    result: dict[int, list[str]] = {}
    for story_id, members in ids.items():
        counts = Counter(outlet_of[a] for a in members if a in outlet_of)
        result[story_id] = [name for name, _ in counts.most_common()]
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


def list_stories(
    store: Store,
    *,
    limit: int = 100,
    offset: int = 0,
    min_size: int = 1,
    topic_id: int | None = None,
) -> list[StorySummary]:
    """Stories, largest first (then the most recently updated), of ``min_size`` articles or more."""
    query = sa.select(stories).where(stories.c.size >= min_size)
    if topic_id is not None:
        query = query.where(stories.c.topic_id == topic_id)
    query = (
        query.order_by(stories.c.size.desc(), stories.c.updated_at.desc(), stories.c.id)
        .limit(limit)
        .offset(offset)
    )
    rows = store.execute_read_fn(lambda c: c.execute(query).all())
    return [_summary(row) for row in rows]


def count_stories(store: Store, *, min_size: int = 1) -> int:
    query = sa.select(sa.func.count()).select_from(stories).where(stories.c.size >= min_size)
    return int(store.execute_read_fn(lambda c: c.execute(query).scalar_one()))


def get_story(store: Store, story_id: int) -> StorySummary:
    """One story; :class:`~crosswire.errors.NotFoundError` for an unknown id."""
    query = sa.select(stories).where(stories.c.id == story_id)
    row = store.execute_read_fn(lambda c: c.execute(query).first())
    if row is None:
        raise NotFoundError(f"{store.location}: no story with id {story_id}")
    return _summary(row)


def story_article_ids(store: Store, story_id: int, *, include_duplicates: bool = True) -> list[str]:
    """The ids of a story's articles in the order they joined it."""
    get_story(store, story_id)
    query = (
        sa.select(story_members.c.article_id)
        .where(story_members.c.story_id == story_id)
        .order_by(story_members.c.position)
    )
    if not include_duplicates:
        query = query.where(story_members.c.duplicate_of.is_(None))
    return [row[0] for row in store.execute_read_fn(lambda c: c.execute(query).all())]


def story_articles(
    store: Store, story_id: int, *, include_duplicates: bool = True
) -> list[Article]:
    """A story's stored articles (every layer), in the order they joined it.

    ``include_duplicates=False`` leaves out near-duplicate copies of another
    member. Raises :class:`~crosswire.errors.NotFoundError` for an unknown story.
    """
    ids = story_article_ids(store, story_id, include_duplicates=include_duplicates)
    return [store.get_article(article_id) for article_id in ids]


def record_story_report(store: Store, story_id: int, report_id: str) -> None:
    """Remember a saved report as the story's comparison, with its groups' status counts."""
    data = store.get_report(report_id)
    groups = data.get("groups") or []
    counts = Counter(g.get("status") for g in groups if isinstance(g, dict) and g.get("status"))
    statement = (
        stories.update()
        .where(stories.c.id == story_id)
        .values(report_id=report_id, status_counts=dict(counts))
    )

    def write(connection: Connection) -> None:
        if connection.execute(statement).rowcount == 0:
            raise NotFoundError(f"{store.location}: no story with id {story_id}")

    store.execute_write_fn(write)
