"""Article analysis: sentences, entities, quotes, attribution, quantities, times, claims.

Each stage is a :class:`~crosswire.pipeline.Stage` that adds one or more layers
to an :class:`~crosswire.document.Article` whose clean ``text`` is set::

    from crosswire.analyse import analyse, analyse_many, AnalysisOptions

    article = analyse(article)                       # one article
    for article in analyse_many(articles):           # many, parsed in batches
        ...

=================  ====================  ===========================================
stage              requires              assigns
=================  ====================  ===========================================
``language``       text                  language (detected; a warning in
                                         ``meta["warnings"]`` when not English)
``parse``          text                  sentences, entities (spaCy)
``attribution``    sentences             attributions (source, cue, content, chain)
``quotes``         attributions          quotes (direct and indirect, with speakers)
``quantities``     sentences             quantities (values or ranges, units)
``times``          sentences             times (resolved against ``published``)
``claims``         attributions          claims (atomic, wrapped in their frames)
``certainty``      claims                certainty, certainty_cue, kind of claims
``checkworthiness``  claims              checkworthiness of claims
=================  ====================  ===========================================

The spaCy parse is shared by the stages on the article itself (``Article.parse``, see
:mod:`crosswire.analyse.parse`), never serialised; it is dropped once the article has
been through every stage.

:func:`analyse_many` reports how far it has got within each article through
``progress(step, done, total)``: ``parse``, characters of text parsed (all the
articles together; a long text moves every batch of pieces, about 50,000
characters), and ``claims``, claims scored for check-worthiness (the claims of the
articles reached so far; every :data:`~crosswire.analyse.checkworthiness.PROGRESS_CHUNK`
claims). The callback may raise to stop the work.

The analysis is written for English. An article in another language is still
analysed (it is not an error), but the ``language`` stage leaves a warning on it
naming the language, which the report carries (``report.warnings``).
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import Any

from ..document import Article
from ..errors import CrosswireError
from ..pipeline import BASE_LAYERS, Failed, Failure, Pipeline, Stage, stage
from .attribution import extract_attributions
from .certainty import set_certainty
from .checkworthiness import CheckworthinessScorer, default_scorer, score_claims
from .claims import segment_claims
from .facts import add_facts
from .language import set_language
from .parse import (
    DEFAULT_MODEL,
    cache_doc,
    doc_for,
    forget_doc,
    load_nlp,
    parse_article,
    parse_texts,
    too_long,
)
from .quantities import extract_quantities
from .quotes import quote_layer
from .times import extract_times

__all__ = [
    "AnalysisOptions",
    "CheckworthinessScorer",
    "analyse",
    "analyse_many",
    "analysis_stages",
    "default_scorer",
]

#: the layers an article comes to the analysis with: read and cleaned
CLEANED = (*BASE_LAYERS, "text", "removed")

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class AnalysisOptions:
    """How articles are analysed.

    ``model``: the spaCy pipeline to load. ``batch_size``: texts per ``nlp.pipe``
    batch in :func:`analyse_many`. ``n_process``: worker processes of
    :func:`analyse_many` (1 or more; one per free core pays off for many articles): each
    worker runs every stage over a share of the articles (where the system forks
    processes; elsewhere the workers only parse), with the scorer it inherits: a scorer given
    to :func:`analyse_many` must work in a forked process (the bundled ones do; an
    onnxruntime session of several threads does not). ``checkworthiness``:
    ``"auto"`` (the fine-tuned MiniLM model where installed, else the n-gram
    model), ``"model"``, ``"ngram"``, or ``"none"`` to leave scores at 0. ``replace``: stages
    that take the place of the analysis stages of the same name (see :func:`analysis_stages`
    for the names); the pipeline checks their ``requires`` and ``assigns`` as it checks its own.
    """

    model: str = DEFAULT_MODEL
    batch_size: int = 16
    n_process: int = 1
    checkworthiness: str = "auto"
    replace: tuple[Stage, ...] = ()

    def __post_init__(self) -> None:
        if not self.model:
            raise ValueError("AnalysisOptions.model must name a spaCy pipeline")
        if self.batch_size < 1:
            raise ValueError(f"AnalysisOptions.batch_size must be at least 1, not {self.batch_size}")
        if self.n_process < 1:
            raise ValueError(f"AnalysisOptions.n_process must be at least 1, not {self.n_process}")
        if not all(isinstance(s, Stage) for s in self.replace):
            raise ValueError("AnalysisOptions.replace takes pipeline stages (crosswire.stage)")
        if self.checkworthiness not in {"auto", "model", "ngram", "none"}:
            raise ValueError(
                f"AnalysisOptions.checkworthiness must be auto, model, ngram or none, "
                f"not {self.checkworthiness!r}"
            )


Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: how far the analysis has got (see the module docstring)."""


def analysis_stages(
    options: AnalysisOptions | None = None,
    *,
    scorer: CheckworthinessScorer | None = None,
    on_claims: Callable[[int, int], None] | None = None,
    on_parsed: Callable[[int], None] | None = None,
    beside_parse: bool = True,
) -> list[Stage]:
    """The analysis stages in order; ``scorer`` replaces the default check-worthiness scorer,
    ``on_claims(done, total)`` hears how many of an article's claims have been scored and
    ``on_parsed(chars)`` how many characters each piece of text parsed in a batch had.
    ``beside_parse=False`` scores the claims on the parse's own thread (a worker process
    with one core to itself, where a second thread only contends for it).

    Over a stream (:meth:`~crosswire.pipeline.Pipeline.pipe`), ``parse`` parses the
    articles as one ``nlp.pipe`` stream (a long text in pieces, see
    :func:`~crosswire.analyse.parse.parse_texts`) and ``checkworthiness`` scores each
    article's claims on a thread of its own while the next articles are parsed (unless
    ``beside_parse`` is false).
    """
    options = options or AnalysisOptions()
    model = options.model

    @stage("language", requires=("text",), assigns=("language",))
    def language(article: Article) -> Article:
        return set_language(article)

    def parse_many(articles: Iterator[Article]) -> Iterator[Article | Failed]:
        too_large: deque[Failed] = deque()

        def fitting() -> Iterator[tuple[str, Article]]:
            for article in articles:
                error = too_long(article, model)
                if error is None:
                    yield article.text, article
                else:
                    too_large.append(Failed(article, error))

        parsed = parse_texts(
            load_nlp(model),
            fitting(),
            batch_size=options.batch_size,
            n_process=options.n_process,
            progress=on_parsed,
        )
        for doc, article in parsed:
            while too_large:
                yield too_large.popleft()
            cache_doc(article, doc)
            try:
                yield parse_article(article, model=model)
            except CrosswireError as exc:
                yield Failed(article, exc)
        yield from too_large

    @stage("parse", requires=("text",), assigns=("sentences", "entities"), batch=parse_many)
    def parse(article: Article) -> Article:
        return parse_article(article, model=model)

    @stage("attribution", requires=("sentences",), assigns=("attributions",))
    def attribution(article: Article) -> Article:
        article.attributions = extract_attributions(article, doc_for(article, model))
        return article

    @stage("quotes", requires=("attributions",), assigns=("quotes",))
    def quotes(article: Article) -> Article:
        article.quotes = quote_layer(article)
        return article

    @stage("quantities", requires=("sentences",), assigns=("quantities",))
    def quantities(article: Article) -> Article:
        article.quantities = extract_quantities(article, doc_for(article, model))
        return article

    @stage("times", requires=("sentences",), assigns=("times",))
    def times(article: Article) -> Article:
        article.times = extract_times(article, doc_for(article, model))
        return article

    @stage("claims", requires=("attributions",), assigns=("claims",))
    def claims(article: Article) -> Article:
        article.claims = segment_claims(article, doc_for(article, model))
        return article

    @stage("certainty", requires=("claims",), assigns=("certainty",))
    def certainty(article: Article) -> Article:
        return set_certainty(article, doc_for(article, model))

    @stage("facts", requires=("claims",), assigns=("facts",))
    def facts(article: Article) -> Article:
        return add_facts(article, doc_for(article, model))

    steps = [language, parse, attribution, quotes, quantities, times, claims, certainty, facts]
    if scorer is None and options.checkworthiness != "none":
        scorer = default_scorer(options.checkworthiness)
    if scorer is not None:
        chosen = scorer

        def score(article: Article) -> Article:
            return score_claims(article, chosen, progress=on_claims)

        def score_ahead(articles: Iterator[Article]) -> Iterator[Article | Failed]:
            # the model's calls run outside the interpreter lock: one article's claims are
            # scored on a thread while the stages before read the next articles
            yield from _on_a_thread(score, articles, depth=max(2, options.batch_size))

        checkworthiness = stage(
            "checkworthiness",
            requires=("claims",),
            assigns=("checkworthiness",),
            batch=score_ahead if beside_parse else None,
        )(score)
        steps.append(checkworthiness)
    names = [s.name for s in steps]
    for replacement in options.replace:
        if replacement.name not in names:
            raise ValueError(f"no analysis stage is named {replacement.name!r} "
                             f"(the stages: {', '.join(names)})")
        steps[names.index(replacement.name)] = replacement
    return steps


def analyse(
    article: Article,
    *,
    options: AnalysisOptions | None = None,
    scorer: CheckworthinessScorer | None = None,
) -> Article:
    """Run every analysis stage over one article (its clean ``text`` must be set).

    Raises :class:`~crosswire.errors.InputTooLargeError` for a text over spaCy's
    length limit.
    """
    pipeline = Pipeline(analysis_stages(options, scorer=scorer), given=CLEANED)
    try:
        return pipeline(article)
    finally:
        forget_doc(article)


def analyse_many(
    articles: Iterable[Article],
    *,
    options: AnalysisOptions | None = None,
    scorer: CheckworthinessScorer | None = None,
    failures: list[Failure] | None = None,
    progress: Progress | None = None,
) -> Iterator[Article]:
    """Analyse articles in order, parsing them as one stream with ``nlp.pipe`` (a long
    text in pieces, see :func:`~crosswire.analyse.parse.parse_texts`).

    An article that fails (a text over the length limit, say) is added to
    ``failures`` (with the stage and the reason) when a list is given, else
    logged as a warning, and skipped; the others go on. The check-worthiness
    scorer reads each article's claims on a thread of its own while the next
    articles are parsed; articles come out in their order, each once scored.
    ``progress(step, done, total)`` hears the ``parse`` and ``claims`` steps (see
    the module docstring).
    """
    options = options or AnalysisOptions()
    meter = _Meter(progress) if progress is not None else None
    if meter is not None:
        articles = list(articles)
        meter.chars_total = sum(
            len(a.text) for a in articles if too_long(a, options.model) is None
        )
    found = failures if failures is not None else []
    if options.n_process > 1 and _FORK in multiprocessing.get_all_start_methods():
        yield from _in_processes(articles, options, scorer, found, meter)
    else:
        stages = analysis_stages(
            options,
            scorer=scorer,
            on_claims=meter.claims if meter is not None else None,
            on_parsed=meter.parsed if meter is not None else None,
        )
        for article in _pipeline(stages, found).pipe(articles):
            forget_doc(article)
            yield article
    if failures is None:
        for failure in found:
            logger.warning(
                "%s: analysis failed in %s: %s", failure.source, failure.stage, failure.reason
            )

_FORK = "fork"

#: the most characters of text one worker process is handed at once (see :func:`_in_processes`)
CHUNK_CHARS = 8_000

#: what each worker process analyses with, set before the workers start (they inherit it)
_WORKER: dict[str, Any] = {}


def _pipeline(stages: list[Stage], failures: list[Failure]) -> Pipeline:
    pipeline = Pipeline(stages, given=CLEANED, failures=failures)
    # a failed article leaves the analysis here: its parse goes with it
    pipeline.set_error_handler(lambda article, _stage, _error: forget_doc(article))
    return pipeline


def _analyse_chunk(chunk: list[Article]) -> tuple[list[Article], list[Failure]]:
    failures: list[Failure] = []
    stages = analysis_stages(_WORKER["options"], scorer=_WORKER["scorer"], beside_parse=False)
    done = []
    for article in _pipeline(stages, failures).pipe(chunk):
        forget_doc(article)
        done.append(article)
    return done, failures


def _chunks(articles: Iterable[Article], most: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    size = 0
    for article in articles:
        if chunk and (len(chunk) >= most or size + len(article.text) > CHUNK_CHARS):
            yield chunk
            chunk, size = [], 0
        chunk.append(article)
        size += len(article.text)
    if chunk:
        yield chunk


def _in_processes(
    articles: Iterable[Article],
    options: AnalysisOptions,
    scorer: CheckworthinessScorer | None,
    failures: list[Failure],
    meter: _Meter | None,
) -> Iterator[Article]:
    """The analysis of ``articles`` in ``options.n_process`` forked worker processes, each
    running every stage on one thread over a few articles at a time
    (at most ``batch_size`` and :data:`CHUNK_CHARS` characters): the articles come back
    analysed, in their order, as one process would give them; the failures of each chunk go
    to ``failures``. The spaCy pipeline and the scorer are loaded before the workers start,
    so that each inherits them loaded."""
    single = dataclasses.replace(options, n_process=1)
    load_nlp(options.model)
    if scorer is None and options.checkworthiness != "none":
        scorer = default_scorer(options.checkworthiness)
    _WORKER.update(options=single, scorer=scorer)
    context = multiprocessing.get_context(_FORK)
    pending: deque[AsyncResult[tuple[list[Article], list[Failure]]]] = deque()
    try:
        with context.Pool(options.n_process) as pool:
            for chunk in _chunks(articles, options.batch_size):
                pending.append(pool.apply_async(_analyse_chunk, (chunk,)))
                while len(pending) >= 2 * options.n_process or (pending and pending[0].ready()):
                    yield from _collected(pending.popleft(), failures, meter)
            while pending:
                yield from _collected(pending.popleft(), failures, meter)
    finally:
        _WORKER.clear()


def _collected(
    result: AsyncResult[tuple[list[Article], list[Failure]]],
    failures: list[Failure],
    meter: _Meter | None,
) -> Iterator[Article]:
    done, failed = result.get()
    failures.extend(failed)
    if meter is not None:
        meter.parsed(sum(len(a.text) for a in done))
    for article in done:
        if meter is not None:
            meter.claims(0, len(article.claims))
            meter.claims(len(article.claims), len(article.claims))
        yield article


def _on_a_thread(
    func: Callable[[Article], Article], articles: Iterator[Article], *, depth: int
) -> Iterator[Article | Failed]:
    """``func`` over each article on a thread of its own, reading up to ``depth`` articles
    ahead; the results in the articles' order."""
    pending: deque[tuple[Article, Future[Article]]] = deque()
    pool = ThreadPoolExecutor(1, thread_name_prefix="crosswire-checkworthiness")

    def result(article: Article, future: Future[Article]) -> Article | Failed:
        try:
            return future.result()
        except CrosswireError as exc:
            return Failed(article, exc)

    try:
        for article in articles:
            forget_doc(article)  # no later stage reads the parse
            pending.append((article, pool.submit(func, article)))
            while len(pending) >= depth or (pending and pending[0][1].done()):
                yield result(*pending.popleft())
        while pending:
            yield result(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Meter:
    """Turns the parse's and the check-worthiness scorer's counts into ``progress`` calls."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.chars_total = 0
        self.chars_done = 0
        self.claims_before = 0  # the claims of the articles scored before
        self.claims_now = 0  # the claims of the article being scored

    def parsed(self, chars: int) -> None:
        self.chars_done = min(self.chars_done + chars, self.chars_total)
        self.progress("parse", self.chars_done, self.chars_total)

    def claims(self, done: int, total: int) -> None:
        # the scorer reads the articles one after another, each from 0: a new article's
        # first call closes the one before
        if done == 0:
            self.claims_before += self.claims_now
        self.claims_now = total
        self.progress("claims", self.claims_before + done, self.claims_before + total)
