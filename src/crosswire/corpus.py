"""A stored corpus: the resumable ingest of its articles (``crosswire.ingest_sources``)
and the stories they form (``crosswire.update_stories``).

:func:`ingest` reads its sources with :func:`crosswire.ingest.read_many`, skips
every article already stored (by content hash, before cleaning it, so a
re-run costs little), cleans the rest through the pipeline runner
(:meth:`crosswire.pipeline.Pipeline.run` over the clean stage,
:func:`crosswire.clean.clean_stage`) and stores each in its own transaction. An
input that cannot be read or cleaned is recorded in the store's failures table with its
stage and reason, and the run goes on. A run killed midway keeps every article it stored;
running it again stores the rest, and marks the killed run ``interrupted``
(:meth:`~crosswire.store.base.Store.interrupt_abandoned_runs`, logged as a warning).
Several processes may ingest into one database at once: an article stored by
two of them is stored once.

:func:`update_stories` loads the story clusterer's saved state, places only the
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
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from .clean import CleanOptions, clean_stage
from .document import Article
from .errors import InputError, StorageError
from .ingest import IngestOptions, read_many
from .pipeline import Failure, Pipeline
from .store.base import RunStatus, Store
from .store.stories import StateVersion, StorySummary

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from .stories import ArticleFeatures, Assignment, StoryClusterer, StoryOptions

__all__ = ["IngestResult", "ProgressCallback", "StoryUpdate", "ingest", "list_stories",
           "update_stories"]

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int | None], None]
"""``on_progress(done, total)``: called after each input, or each batch of articles placed in
stories; ``total`` is ``None`` while unknown."""

#: How many times a story update loads the state again after another process wrote it.
MAX_RELOADS = 100


@dataclass
class IngestResult:
    """What an ingest run did.

    ``article_ids`` lists, in reading order, every article the run read and
    that is now stored (added by this run or found already stored).
    ``interrupted_runs`` lists the earlier runs this one found killed midway
    (their process gone) and marked ``interrupted``.
    """

    run_id: int
    added: int = 0
    skipped: int = 0
    failed: list[Failure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    interrupted_runs: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "added": self.added,
            "skipped": self.skipped,
            "failed": [f.to_dict() for f in self.failed],
            "article_ids": list(self.article_ids),
            "interrupted_runs": list(self.interrupted_runs),
        }


def ingest(
    sources: Iterable[str | os.PathLike[str]],
    store: Store,
    *,
    options: IngestOptions | None = None,
    clean_options: CleanOptions | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestResult:
    """Read, clean and store every article of ``sources`` (files, folders, feeds, URLs).

    ``options`` go to the readers, ``clean_options`` to the cleaner. Articles
    already in ``store`` are counted as skipped and not cleaned again. Errors
    reading or cleaning one input are recorded (``store.list_failures()``) and
    returned in ``IngestResult.failed``; a :class:`~crosswire.errors.StorageError`
    stops the run (what was stored before it stays stored).
    """
    names = [os.fspath(s) for s in sources]
    interrupted = [run.id for run in store.interrupt_abandoned_runs()]
    run_id = store.start_run(names)
    result = IngestResult(run_id=run_id, interrupted_runs=interrupted)
    logger.info("ingest run %d: %d source(s) into %s", run_id, len(names), store.location)
    cleaning = Pipeline([clean_stage(clean_options)])
    try:
        for done, item in enumerate(read_many(names, options=options), start=1):
            _ingest_one(item, store, result, cleaning)
            if on_progress is not None:
                on_progress(done, None)
    except BaseException as exc:
        status: RunStatus = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
        try:
            _finish(store, result, status)
        except StorageError as finish_exc:
            logger.warning("ingest run %d: cannot record its end: %s", run_id, finish_exc)
        raise
    _finish(store, result, "finished")
    return result


def _finish(store: Store, result: IngestResult, status: RunStatus) -> None:
    store.finish_run(
        result.run_id,
        added=result.added,
        skipped=result.skipped,
        failed=len(result.failed),
        status=status,
    )
    logger.info(
        "ingest run %d %s: %d added, %d already stored, %d failed",
        result.run_id,
        status,
        result.added,
        result.skipped,
        len(result.failed),
    )


def _ingest_one(
    item: Article | InputError,
    store: Store,
    result: IngestResult,
    cleaning: Pipeline,
) -> None:
    if isinstance(item, InputError):
        _fail(store, result, Failure(item.source, item.reason, "ingest", type(item).__name__))
        return
    if store.has_article(item.id):
        result.skipped += 1
        result.article_ids.append(item.id)
        logger.debug("%s: already stored as %s", item.source, item.id)
        return
    article = cleaning.run(item)
    if isinstance(article, Failure):
        _fail(store, result, article)
        return
    if store.add_article(article, run_id=result.run_id):
        result.added += 1
    else:  # stored meanwhile by another process
        result.skipped += 1
    result.article_ids.append(article.id)


def _fail(store: Store, result: IngestResult, failure: Failure) -> None:
    store.record_failure(failure.source, failure.reason, failure.stage, error=failure.error,
                         run_id=result.run_id)
    result.failed.append(failure)


# --- stories ------------------------------------------------------------------------------------


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
    from .stories import StoryClusterer, StoryOptions

    options = options or StoryOptions()
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    started = time.perf_counter()
    run = _Run(store, options, batch_size, on_progress, StoryUpdate())
    for attempt in range(MAX_RELOADS + 1):
        tick = time.perf_counter()
        clusterer, version, unusable = _load_clusterer(store, options)
        if unusable or (rebuild and attempt == 0):
            store.execute_write_fn(store.clear_stories)
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
    placed: list[Assignment]
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
    features: dict[str, ArticleFeatures] = field(default_factory=dict)
    seconds: dict[str, float] = field(
        default_factory=lambda: {"load": 0.0, "features": 0.0, "cluster": 0.0, "write": 0.0}
    )

    def place_unplaced(self, clusterer: StoryClusterer, version: StateVersion) -> bool:
        """Place the unplaced articles by batches; ``False`` when another process wrote first."""
        unplaced = self.store.execute_read_fn(self.store.unplaced_article_ids)
        logger.info("%s: %d article(s) to place in stories", self.store.location, len(unplaced))
        for begin in range(0, len(unplaced), self.batch_size):
            ids = unplaced[begin : begin + self.batch_size]
            features = self._features(ids)
            if not features:  # deleted meanwhile
                continue
            tick = time.perf_counter()
            placed = self.store.execute_write_fn(
                partial(
                    _place,
                    store=self.store,
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
                self.on_progress(self.update.articles, len(unplaced))
        return True

    def _features(self, ids: Sequence[str]) -> list[ArticleFeatures]:
        """The features of the articles still stored among ``ids``, computed once per update."""
        from .stories import extract_features

        missing = [i for i in ids if i not in self.features]
        if missing:
            batch = self.store.execute_read_fn(
                partial(self.store.articles_to_cluster, ids=missing))
            tick = time.perf_counter()
            for feature in extract_features(batch, options=self.options):
                self.features[feature.article_id] = feature
            self.seconds["features"] += time.perf_counter() - tick
        return [self.features[i] for i in ids if i in self.features]


def _place(
    connection: Connection,
    *,
    store: Store,
    clusterer: StoryClusterer,
    features: Sequence[ArticleFeatures],
    expected: StateVersion,
    first_position: int,
) -> _Placed | None:
    """Cluster one batch and write it, under the write lock; ``None`` if the state moved on."""
    if store.story_state_version(connection) != expected:
        return None
    tick = time.perf_counter()
    known = clusterer.story_count
    topics_before = {s: clusterer.topic_of(s) for s in range(1, known + 1)}
    touched = {clusterer.add(f) for f in features}
    placed = [clusterer.assignment(f.article_id) for f in features]
    changed = {s for s, t in topics_before.items() if clusterer.topic_of(s) != t}
    state = clusterer.to_bytes()
    seconds = time.perf_counter() - tick
    store.write_story_batch(
        connection,
        touched=[clusterer.story(s) for s in sorted(touched | changed)],
        placed=placed,
        state=state,
        articles_in_state=len(clusterer),
        first_position=first_position,
    )
    return _Placed(store.story_state_version(connection), known, touched, placed, seconds)


def list_stories(
    store: Store,
    *,
    limit: int = 100,
    offset: int = 0,
    min_size: int = 1,
    topic_id: int | None = None,
) -> list[StorySummary]:
    """The stories of a stored corpus, largest first (then the most recently updated), of
    ``min_size`` articles or more (the store's :meth:`~crosswire.store.Store.list_stories`)."""
    return store.list_stories(limit=limit, offset=offset, min_size=min_size, topic_id=topic_id)


def _load_clusterer(
    store: Store, options: StoryOptions
) -> tuple[StoryClusterer, StateVersion, bool]:
    """The saved clusterer (or a new one), its version, and whether the stories must be rebuilt."""
    from .stories import StoryClusterer

    data, version = store.execute_read_fn(store.read_story_state)
    if data is None:
        return StoryClusterer(options), version, False
    try:
        return StoryClusterer.from_bytes(data, options), version, False
    except ValueError as exc:
        logger.warning("%s: story state not reusable (%s): clustering again", store.location, exc)
        return StoryClusterer(options), version, True
