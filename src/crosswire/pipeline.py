"""Runs stages over articles in order, checking what each needs and assigns.

A stage is a callable ``(article) -> article`` wrapped by :func:`stage`, which
records the layers it requires and the layers it assigns::

    @stage("clean", requires=("raw_text",), assigns=("text", "removed"))
    def clean(article: Article) -> Article: ...

:class:`Pipeline` refuses, before running anything, an order in which a stage
needs a layer no earlier stage assigns. Failures are per article: by default a
failing article is recorded with its reason in :attr:`Pipeline.failures` and the
others go on; :meth:`Pipeline.set_error_handler` can make the handler raise.

A stage may also work on a stream of articles (``batch``, as a spaCy component
has ``pipe``): :meth:`Pipeline.pipe` hands it the articles the stages before it
let through and takes back each article, or a :class:`Failed` one, in order. The
analysis parses its articles in batches this way, and scores their claims on a
thread of its own while the next ones are parsed; run on one article
(:meth:`Pipeline.run`), the same stage calls its function.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .document import LAYERS, Article
from .errors import CrosswireError, InputError, PipelineError

__all__ = ["Batch", "Failed", "Failure", "Pipeline", "Stage", "stage"]

logger = logging.getLogger(__name__)

#: Layers every article has from the moment it is read.
BASE_LAYERS = ("raw_text",)


@dataclass(frozen=True)
class Failed:
    """An article a stage's ``batch`` could not process, and the error it met."""

    article: Article
    error: CrosswireError


Batch = Callable[[Iterator[Article]], Iterator["Article | Failed"]]
"""A stage's work over a stream: each article given, or :class:`Failed`, in the same order."""


@dataclass(frozen=True)
class Stage:
    """A named step of the pipeline and the layers it needs and writes.

    ``batch``, when given, does the stage's work over a stream of articles in
    :meth:`Pipeline.pipe` (giving each the same result ``func`` would); it must
    record ``assigns`` on the articles as ``func`` does, which :meth:`run_batch`
    takes care of.
    """

    name: str
    func: Callable[[Article], Article]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    batch: Batch | None = None

    def __post_init__(self) -> None:
        _check_layers(f"stage {self.name!r}", (*self.requires, *self.assigns))

    def __call__(self, article: Article) -> Article:
        return self._assigned(self.func(article))

    def run_batch(self, articles: Iterator[Article]) -> Iterator[Article | Failed]:
        """The stage over a stream: its ``batch`` when it has one, else ``func`` on each."""
        if self.batch is None:
            for article in articles:
                try:
                    yield self(article)
                except CrosswireError as exc:
                    yield Failed(article, exc)
            return
        for item in self.batch(articles):
            yield item if isinstance(item, Failed) else self._assigned(item)

    def _assigned(self, article: Article) -> Article:
        article.layers.extend(layer for layer in self.assigns if layer not in article.layers)
        return article


def _check_layers(owner: str, names: Sequence[str]) -> None:
    """Raise :class:`PipelineError` naming ``owner`` when a name is no layer of an article."""
    unknown = [name for name in names if name not in LAYERS]
    if unknown:
        raise PipelineError(f"{owner} names {', '.join(map(repr, unknown))}, which is no layer "
                            f"of an article (the layers: {', '.join(sorted(LAYERS))})")


def stage(
    name: str,
    *,
    requires: Sequence[str] = (),
    assigns: Sequence[str] = (),
    batch: Batch | None = None,
) -> Callable[[Callable[[Article], Article]], Stage]:
    """Declare a function as a pipeline stage (``batch``: its work over a stream, see
    :class:`Stage`)."""

    def wrap(func: Callable[[Article], Article]) -> Stage:
        return Stage(name, func, tuple(requires), tuple(assigns), batch)

    return wrap


@dataclass(frozen=True)
class Failure:
    """An article (or input) that could not be processed, and why."""

    source: str
    reason: str
    stage: str = ""
    #: the name of the error's class, where one was raised (kept in the store's failure log;
    #: not part of the report)
    error: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason, "stage": self.stage}

    @classmethod
    def of(cls, source: str, error: CrosswireError, stage: str) -> Failure:
        """The failure of ``source`` in ``stage``: an input error's own reason (it names the
        input already), else the error's message."""
        reason = error.reason if isinstance(error, InputError) else str(error)
        return cls(source, reason, stage, type(error).__name__)


ErrorHandler = Callable[[Article, Stage, CrosswireError], None]


@dataclass
class Pipeline:
    """An ordered list of stages, validated on construction."""

    stages: list[Stage]
    failures: list[Failure] = field(default_factory=list)
    _handler: ErrorHandler | None = None
    #: the layers the articles come with (an analysis starts from articles already cleaned)
    given: tuple[str, ...] = BASE_LAYERS

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise :class:`PipelineError` if a stage needs a layer no earlier stage assigns."""
        _check_layers("the pipeline's given layers", self.given)
        available = set(self.given)
        for step in self.stages:
            missing = [layer for layer in step.requires if layer not in available]
            if missing:
                raise PipelineError(
                    f"stage {step.name!r} requires {', '.join(missing)}, "
                    f"which no earlier stage assigns"
                )
            available.update(step.assigns)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def set_error_handler(self, handler: ErrorHandler) -> None:
        """Call ``handler(article, stage, error)`` on a failure; it may re-raise."""
        self._handler = handler

    def __call__(self, article: Article) -> Article:
        for step in self.stages:
            article = step(article)
        return article

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Run every stage over a stream of articles, in order; a failed article is recorded in
        :attr:`failures` (after the error handler, which may raise) and skipped.

        Each stage takes the stream the stages before it let through: a stage with a
        ``batch`` works on it as a whole (parsing in batches, say), the others one
        article at a time. The articles come out in the order they went in.
        """
        stream: Iterator[Article] = iter(articles)
        for step in self.stages:
            stream = self._through(step, stream)
        yield from stream

    def _through(self, step: Stage, articles: Iterator[Article]) -> Iterator[Article]:
        for item in step.run_batch(articles):
            if not isinstance(item, Failed):
                yield item
                continue
            if self._handler is not None:
                self._handler(item.article, step, item.error)
            failure = Failure.of(item.article.source, item.error, step.name)
            logger.info("%s: stage %s failed: %s", failure.source, failure.stage, failure.reason)
            self.failures.append(failure)

    def run(self, article: Article) -> Article | Failure:
        """Every stage over one article: the article, or the :class:`Failure` of the stage that
        raised a :class:`~crosswire.errors.CrosswireError` (after the error handler, which may
        raise it again)."""
        for step in self.stages:
            try:
                article = step(article)
            except CrosswireError as exc:
                if self._handler is not None:
                    self._handler(article, step, exc)
                return Failure.of(article.source, exc, step.name)
        return article
