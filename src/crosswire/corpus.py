"""Read, clean and store articles: the resumable ingest of a corpus
(``crosswire.ingest_sources``).

:func:`ingest` reads its sources with :func:`crosswire.ingest.read_many`, skips
every article already stored (by content hash, before cleaning it, so a
re-run costs little), cleans the rest with the pipeline's clean stage
(:func:`crosswire.clean.clean_stage`) and stores each in its own transaction. An
input that cannot be read or cleaned is recorded in the store's failures table with its
stage and reason, and the run goes on. A run killed midway keeps every article it stored;
running it again stores the rest, and marks the killed run ``interrupted``
(:meth:`~crosswire.store.base.Store.interrupt_abandoned_runs`, logged as a warning).
Several processes may ingest into one database at once: an article stored by
two of them is stored once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .clean import CleanOptions, clean_stage
from .document import Article
from .errors import CrosswireError, InputError, StorageError
from .ingest import IngestOptions, read_many
from .pipeline import Failure, Stage
from .store.base import RunStatus, Store

__all__ = ["IngestResult", "ProgressCallback", "ingest"]

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int | None], None]
"""``on_progress(done, total)``: called after each input; ``total`` is ``None`` while unknown."""


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
    cleaning = clean_stage(clean_options)
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
    cleaning: Stage,
) -> None:
    if isinstance(item, InputError):
        _fail(store, result, item.source, item.reason, "ingest", type(item).__name__)
        return
    if store.has_article(item.id):
        result.skipped += 1
        result.article_ids.append(item.id)
        logger.debug("%s: already stored as %s", item.source, item.id)
        return
    try:
        article = cleaning(item)
    except CrosswireError as exc:
        _fail(store, result, item.source, _reason(exc), "clean", type(exc).__name__)
        return
    if store.add_article(article, run_id=result.run_id):
        result.added += 1
    else:  # stored meanwhile by another process
        result.skipped += 1
    result.article_ids.append(article.id)


def _fail(
    store: Store, result: IngestResult, source: str, reason: str, stage: str, error: str
) -> None:
    store.record_failure(source, reason, stage, error=error, run_id=result.run_id)
    result.failed.append(Failure(source, reason, stage))


def _reason(exc: CrosswireError) -> str:
    if isinstance(exc, InputError):
        return exc.reason
    return str(exc)
