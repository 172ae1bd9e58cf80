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

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from ..document import Article
from ..pipeline import BASE_LAYERS, Failure, Pipeline, Stage, stage
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
    batch in :func:`analyse_many`. ``n_process``: spaCy worker processes (1 or
    more; 2 pays off on two free cores for large batches). ``checkworthiness``:
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
) -> list[Stage]:
    """The analysis stages in order; ``scorer`` replaces the default check-worthiness scorer,
    ``on_claims(done, total)`` hears how many of an article's claims have been scored."""
    options = options or AnalysisOptions()
    model = options.model

    @stage("language", requires=("text",), assigns=("language",))
    def language(article: Article) -> Article:
        return set_language(article)

    @stage("parse", requires=("text",), assigns=("sentences", "entities"))
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

        @stage("checkworthiness", requires=("claims",), assigns=("checkworthiness",))
        def checkworthiness(article: Article) -> Article:
            return score_claims(article, chosen, progress=on_claims)

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
    on_claims = meter.claims if meter is not None else None
    # the check-worthiness model scores one article's claims on its own thread (the model's
    # calls run outside the interpreter lock) while this one parses and reads the next
    # articles; articles come out in order, each once its scores are in. Both pipelines are
    # checked here, before any text is parsed.
    stages = analysis_stages(options, scorer=scorer, on_claims=on_claims)
    early = [s for s in stages if s.name != "checkworthiness"]
    late = [s for s in stages if s.name == "checkworthiness"]
    reading = Pipeline(early, given=CLEANED)
    scored = Pipeline(late, given=(*CLEANED, *(layer for s in early for layer in s.assigns)))
    nlp = load_nlp(options.model)

    def fitting() -> Iterator[tuple[str, Article]]:
        for article in articles:
            error = too_long(article, options.model)
            if error is not None:
                _record(Failure(article.source, error.reason, "parse"), failures)
                continue
            yield article.text, article

    parsed = parse_texts(
        nlp,
        fitting(),
        batch_size=options.batch_size,
        n_process=options.n_process,
        progress=meter.parsed if meter is not None else None,
    )
    scoring = (ThreadPoolExecutor(1, thread_name_prefix="crosswire-checkworthiness")
               if late else None)
    pending: deque[Future[Article | Failure] | Article] = deque()
    depth = max(2, options.batch_size)

    def finish(item: Future[Article | Failure] | Article) -> Article | None:
        result = item.result() if isinstance(item, Future) else item
        if isinstance(result, Failure):
            _record(result, failures)
            return None
        return result

    try:
        for doc, article in parsed:
            cache_doc(article, doc)
            try:
                result = reading.run(article)
            finally:
                forget_doc(article)
            if isinstance(result, Failure):
                _record(result, failures)
                continue
            pending.append(scoring.submit(scored.run, result) if scoring is not None else result)
            while len(pending) >= depth or (pending and _ready(pending[0])):
                done = finish(pending.popleft())
                if done is not None:
                    yield done
        while pending:
            done = finish(pending.popleft())
            if done is not None:
                yield done
    finally:
        if scoring is not None:
            scoring.shutdown(wait=True, cancel_futures=True)


def _ready(item: Future[Article | Failure] | Article) -> bool:
    return not isinstance(item, Future) or item.done()


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


def _record(failure: Failure, failures: list[Failure] | None) -> None:
    """Add ``failure`` to ``failures``, whose owner reports it (logged at INFO), or, with no
    list to take it, log it as a warning."""
    level = logging.WARNING if failures is None else logging.INFO
    logger.log(
        level, "%s: analysis failed in %s: %s", failure.source, failure.stage, failure.reason
    )
    if failures is not None:
        failures.append(failure)
