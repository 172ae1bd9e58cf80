"""The public entry points: read, analyse and compare articles.

Everything the CLI and the web app do goes through these functions::

    import crosswire

    report = crosswire.compare(["a.html", "https://example.org/b", "c.txt"])
    report.to_json()

    text = crosswire.read_text("Officials said on Sunday ...", outlet="Example News")
    report = crosswire.compare([text, "d.txt"])

Inputs are paths (text, HTML, JSONL, feeds; ``-`` for stdin), URLs, or
:class:`~crosswire.document.Article` objects made by :func:`read_text`. An input
that cannot be read, cleaned or analysed is recorded in ``report.failures`` with
its stage and reason, and the others go on; nothing is dropped without an entry
there. What went through but deserves a word (an article in a language the
analysis does not support, an input with the same text as another, bytes
replaced in decoding) is in ``report.warnings``.

One comparison takes at most :attr:`Limits.max_texts` articles and
:attr:`Limits.max_total_chars` characters of clean text (``Options(limits=...)``);
more is refused before any analysis with
:class:`~crosswire.errors.RequestTooLargeError`, which names the limit and the
input that went over it. Within those limits the cost of a comparison grows
linearly with its length: the analysis parses a long text in pieces and finds
what lies inside each sentence or claim by bisection, never by pairing every
sentence with every other (see ``bench/bench_long_input.py``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .document import Article
from .errors import CrosswireError, InputError, NoArticleError, RequestTooLargeError
from .pipeline import Failure
from .report import Notice, Report

if TYPE_CHECKING:
    from .analyse import AnalysisOptions
    from .store import Store
    from .clean import CleanOptions
    from .comparison import CompareOptions
    from .ingest import IngestOptions

__all__ = [
    "DEMO_DIR",
    "Limits",
    "Options",
    "analyse_articles",
    "check_limits",
    "compare",
    "demo_paths",
    "read_inputs",
    "save_report",
]

logger = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).parent / "demo"

Input = str | os.PathLike[str] | Article
Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: called as work advances (the CLI draws bars with it)."""


@dataclass(frozen=True, kw_only=True)
class Limits:
    """What one comparison may take (:func:`compare` refuses more, before any analysis).

    ``max_texts``
        articles compared at once, 20 by default: the inputs given, and then the
        articles read from them (a JSONL file or a feed may bring several);
    ``max_total_chars``
        characters of clean text of all those articles together, 300,000 by
        default (about 50 long news articles; the analysis of that many takes
        about a minute on two cores). An article over the analysis limit by
        itself is a failure of its own (see ``report.failures``) and does not
        count.
    """

    max_texts: int = 20
    max_total_chars: int = 300_000

    def __post_init__(self) -> None:
        for name in ("max_texts", "max_total_chars"):
            if getattr(self, name) < 1:
                raise ValueError(f"Limits.{name} must be at least 1, not {getattr(self, name)}")


@dataclass(frozen=True, kw_only=True)
class Options:
    """Settings for each step of :func:`compare`; ``None`` takes that step's defaults."""

    ingest: IngestOptions | None = None
    clean: CleanOptions | None = None
    analysis: AnalysisOptions | None = None
    comparison: CompareOptions | None = None
    limits: Limits | None = None


def demo_paths() -> list[Path]:
    """The bundled demo articles: a GB News page and an unnamed outlet's re-telling."""
    return sorted(DEMO_DIR.glob("*.txt"))


def read_inputs(
    inputs: Iterable[Input], *, options: Options | None = None
) -> tuple[list[Article], list[Failure]]:
    """Read and clean every input; unreadable inputs come back as failures with their reason.

    An input whose text repeats an earlier one's is read once (see :func:`compare`,
    which also reports it).
    """
    articles, failures, _ = _read(inputs, options=options)
    return articles, failures


def _read(
    inputs: Iterable[Input], *, options: Options | None
) -> tuple[list[Article], list[Failure], list[Notice]]:
    from .clean import clean_article
    from .ingest import read_many

    options = options or Options()
    articles: list[Article] = []
    failures: list[Failure] = []
    given = [item for item in inputs]
    ready = [item for item in given if isinstance(item, Article)]
    sources = [item for item in given if not isinstance(item, Article)]
    read = list(read_many([os.fspath(s) for s in sources], options=options.ingest))
    for item in [*ready, *read]:
        if isinstance(item, InputError):
            failures.append(Failure(item.source, item.reason, "ingest"))
            continue
        try:
            articles.append(clean_article(item, options=options.clean))
        except CrosswireError as exc:
            reason = exc.reason if isinstance(exc, InputError) else str(exc)
            failures.append(Failure(item.source, reason, "clean"))
    unique, repeats = _unique(articles)
    return unique, failures, repeats


def analyse_articles(
    articles: Sequence[Article],
    *,
    options: Options | None = None,
    failures: list[Failure] | None = None,
) -> list[Article]:
    """Run the analysis stages (sentences, attribution, certainty, claims, ...) over articles.

    An article that cannot be analysed (a text over the analysis limit, say) is
    left out of the result; when ``failures`` is given, it is added there with
    the stage and the reason. An article in a language the analysis does not
    support is analysed, with a warning in ``article.meta["warnings"]``.
    """
    from .analyse import analyse_many

    options = options or Options()
    return list(analyse_many(articles, options=options.analysis, failures=failures))


def compare(
    inputs: Iterable[Input],
    *,
    options: Options | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read, clean, analyse and compare articles about one event.

    Returns a :class:`~crosswire.report.Report`; inputs that could not be read,
    cleaned or analysed are in ``report.failures`` with their stage and reason,
    and warnings (unsupported language, repeated inputs, replaced bytes) in
    ``report.warnings``. Raises :class:`~crosswire.errors.NoArticleError`, which
    lists every failure, when no input could be read or none could be analysed.
    """
    from .analyse import analyse_many
    from .comparison import compare_articles

    options = options or Options()
    limits = options.limits or Limits()
    notify = progress or _no_progress
    given = list(inputs)
    if len(given) > limits.max_texts:
        raise RequestTooLargeError(
            "inputs",
            f"{len(given)} inputs given: the limit is {limits.max_texts} per comparison "
            "(max_texts)",
            limit="max_texts",
            allowed=limits.max_texts,
        )
    notify("read", 0, len(given))
    articles, failures, notices = _read(given, options=options)
    notify("read", len(given), len(given))
    if not articles:
        raise _nothing("read", failures)
    check_limits(articles, limits, model=_analysis_model(options))
    notify("analyse", 0, len(articles))
    analysed: list[Article] = []
    for article in analyse_many(articles, options=options.analysis, failures=failures):
        analysed.append(article)
        notify("analyse", len(analysed), len(articles))
    if not analysed:
        raise _nothing("analyse", failures)
    notify("compare", 0, 1)
    found = compare_articles(analysed, options=options.comparison)
    notify("compare", 1, 1)
    return Report(
        articles=analysed,
        links=list(found.links),
        groups=list(found.groups),
        framing=list(found.framing),
        failures=failures,
        warnings=notices,
    )


def check_limits(articles: Sequence[Article], limits: Limits, *, model: str | None = None) -> None:
    """Raise :class:`~crosswire.errors.RequestTooLargeError` when ``articles`` are more, or
    longer together, than one comparison may take; it names the article that went over.

    An article longer than the analysis limit of ``model`` (the spaCy pipeline; ``None``:
    the default) is not counted: the analysis records it as a failure of its own.
    """
    from .analyse.parse import DEFAULT_MODEL, analysis_limit

    if len(articles) > limits.max_texts:
        extra = articles[limits.max_texts]
        raise RequestTooLargeError(
            extra.source,
            f"article {limits.max_texts + 1} of {len(articles)} read: the limit is "
            f"{limits.max_texts} per comparison (max_texts)",
            limit="max_texts",
            allowed=limits.max_texts,
        )
    if sum(len(article.text) for article in articles) <= limits.max_total_chars:
        return
    ceiling = analysis_limit(model or DEFAULT_MODEL)
    total = 0
    for article in articles:
        if len(article.text) > ceiling:
            continue
        total += len(article.text)
        if total > limits.max_total_chars:
            raise RequestTooLargeError(
                article.source,
                f"brings the comparison to {total:,} characters of text: the limit is "
                f"{limits.max_total_chars:,} per comparison (max_total_chars)",
                limit="max_total_chars",
                allowed=limits.max_total_chars,
            )


def _analysis_model(options: Options) -> str | None:
    return options.analysis.model if options.analysis is not None else None


def _nothing(step: str, failures: list[Failure]) -> NoArticleError:
    if not failures:
        return NoArticleError("inputs", "no inputs given", step=step)
    done = "read" if step == "read" else "analysed"
    return NoArticleError("inputs", f"no article could be {done}", failures, step=step)


def save_report(report: Report, store: Store, *, title: str | None = None) -> str:
    """Store a report's articles (with their analysis) and the report; returns the report's id.

    Articles already stored are kept as they are; each is written in its own transaction.
    """
    for article in report.articles:
        store.add_article(article)
    return store.save_report(report.to_dict(), title=title or _title(report))


def _title(report: Report) -> str:
    names = [a.title or a.outlet or Path(a.source).name for a in report.articles]
    return " / ".join(names[:3]) + (f" (+{len(names) - 3})" if len(names) > 3 else "")


def _unique(articles: list[Article]) -> tuple[list[Article], list[Notice]]:
    """Exact repeats of an article (same content hash) left out, the first kept; a notice each."""
    first: dict[str, Article] = {}
    unique: list[Article] = []
    repeats: list[Notice] = []
    for article in articles:
        kept = first.get(article.id)
        if kept is not None:
            reason = f"same text as {kept.source}; compared once, as that input"
            logger.info("%s: %s", article.source, reason)
            repeats.append(Notice(article.source, reason, "read", article=kept.id))
            continue
        first[article.id] = article
        unique.append(article)
    return unique, repeats


def _no_progress(step: str, done: int, total: int) -> Any:
    return None
