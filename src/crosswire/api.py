"""The public entry points: read, analyse and compare articles.

Everything the CLI and the web app do goes through these functions::

    import crosswire

    report = crosswire.compare(["a.html", "https://example.org/b", "c.txt"])
    report.to_json()

    text = crosswire.read_text("Officials said on Sunday ...", outlet="Example News")
    report = crosswire.compare([text, "d.txt"])

    report = crosswire.compare(["a.txt", "b.txt"], outlets=["GB News", None])

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

A finished report is written out with :func:`write_output`, which never loses
it: when the file cannot be written, the text goes to a temporary file that
the :class:`~crosswire.errors.OutputError` names. :func:`check_output` refuses
a path that cannot be written (no such folder, a folder in its place) before
any work starts.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .document import Article
from .errors import (
    CrosswireError,
    InputError,
    NoArticleError,
    OutputError,
    RequestTooLargeError,
    StorageError,
)
from .pipeline import Failure
from .report import Notice, Report

if TYPE_CHECKING:
    from .analyse import AnalysisOptions
    from .clean import CleanOptions
    from .comparison import CompareOptions
    from .ingest import IngestOptions
    from .store import Store

__all__ = [
    "DEMO_DIR",
    "Limits",
    "Options",
    "StoryComparison",
    "analyse_articles",
    "check_limits",
    "check_output",
    "compare",
    "compare_story",
    "demo_paths",
    "keep_output",
    "read_inputs",
    "save_report",
    "warm_up",
    "write_output",
]

logger = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).parent / "demo"

Input = str | os.PathLike[str] | Article
Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: called as work advances (the CLI draws bars with it, the
web app shows it while a comparison runs). The steps, in the order they start:

- ``read``: inputs read;
- ``analyse``: articles analysed;
- ``parse``: characters of text parsed, all articles together (a long text moves every
  batch of pieces it is parsed in, about 50,000 characters);
- ``claims``: claims scored for check-worthiness, of the articles reached so far (moves
  every 32 claims);
- ``compare``: 0 of 1 while the claims are compared, then 1 of 1.

``parse`` and ``claims`` move within an article, so a long one is seen advancing. The
callback may raise to stop the work (the web app does when a client goes away).
"""


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
    inputs: Iterable[Input],
    *,
    options: Options | None = None,
    outlets: Sequence[str | None] | None = None,
) -> tuple[list[Article], list[Failure]]:
    """Read and clean every input; unreadable inputs come back as failures with their reason.

    An input whose text repeats an earlier one's is read once (see :func:`compare`,
    which also reports it). ``outlets`` names the outlet of each input, as in
    :func:`compare`.
    """
    articles, failures, _ = _read(list(inputs), options=options, outlets=outlets)
    return articles, failures


def _read(
    given: list[Input], *, options: Options | None, outlets: Sequence[str | None] | None = None
) -> tuple[list[Article], list[Failure], list[Notice]]:
    from .clean import clean_stage
    from .ingest import read_many
    from .pipeline import Pipeline

    options = options or Options()
    names = _outlet_names(outlets, len(given))
    articles: list[Article] = []
    failures: list[Failure] = []
    ready = [
        _named(item, name) for item, name in zip(given, names, strict=True)
        if isinstance(item, Article)
    ]
    read: list[Article | InputError] = []
    for item, name in zip(given, names, strict=True):
        if isinstance(item, Article):
            continue
        for found in read_many([os.fspath(item)], options=options.ingest):
            if isinstance(found, Article) and name is not None:
                found.outlet = name
                found.meta["outlet_source"] = "given"
            read.append(found)
    cleaning = Pipeline([clean_stage(options.clean)])
    for item in [*ready, *read]:
        if isinstance(item, InputError):
            failures.append(Failure(item.source, item.reason, "ingest"))
            continue
        done = cleaning.run(item)
        if isinstance(done, Failure):
            failures.append(done)
        else:
            articles.append(done)
    unique, repeats = _unique(articles)
    return unique, failures, repeats


def warm_up(options: Options | None = None, *, background: bool = False) -> None:
    """Load what :func:`compare` with ``options`` needs, so that the first comparison of the
    process does not wait for it: the language identifier, the spaCy pipeline, the
    check-worthiness scorer and, where the comparison asks the model, the sentence embedder
    and the NLI model, each with one small call (the first call of each costs more than the
    next). Each is loaded once per process, however many threads ask for it at once.

    With ``background``, the work runs on a thread of its own (once per process for each set
    of models) and this returns at once; an error there is logged, and met again where the
    comparison loads the same thing. :func:`compare` does this while it fetches URLs, and
    ``crosswire serve`` as the app starts. Otherwise raises
    :class:`~crosswire.errors.ModelError` when a model cannot be loaded.
    """
    from .analyse import AnalysisOptions, default_scorer
    from .analyse.language import detect_language
    from .analyse.parse import load_nlp
    from .comparison import CompareOptions

    options = options or Options()
    analysis = options.analysis or AnalysisOptions()
    comparison = options.comparison or CompareOptions()
    if background:
        key = (analysis.model, analysis.checkworthiness, comparison.use_nli)
        with _warming:
            if key in _warmed:
                return
            _warmed.add(key)
        # not a daemon: the process waits for it at exit rather than stopping it mid-load
        threading.Thread(target=_warm_up_quietly, args=(options,),
                         name="crosswire-warm-up").start()
        return
    detect_language("Officials said on Friday that the port was closed.")
    load_nlp(analysis.model)("Officials said on Friday that the port was closed.")
    if analysis.checkworthiness != "none":
        default_scorer(analysis.checkworthiness).predict(["The port was closed on Friday."])
    if comparison.use_nli:
        from .models import load_embedder, load_nli

        load_embedder().encode(["The port was closed on Friday."])
        load_nli().predict([("The port was closed.", "The port was shut.")])


_warming = threading.Lock()
_warmed: set[tuple[str, str, bool]] = set()


def _warm_up_quietly(options: Options) -> None:
    try:
        warm_up(options)
    except CrosswireError as exc:  # the comparison meets it again where it loads the model
        logger.warning("could not load the models ahead of the first comparison: %s", exc)


def _outlet_names(outlets: Sequence[str | None] | None, count: int) -> list[str | None]:
    """One outlet name (or ``None``: as read) per input; more names than inputs is an error."""
    given = list(outlets or [])
    if len(given) > count:
        raise ValueError(
            f"{len(given)} outlets given for {count} input{'' if count == 1 else 's'}: "
            "name at most one outlet per input"
        )
    names = [(name.strip() or None) if name is not None else None for name in given]
    return names + [None] * (count - len(names))


def _named(article: Article, outlet: str | None) -> Article:
    """``article``, or a copy of it with ``outlet`` (the caller's object is left as it is)."""
    if outlet is None:
        return article
    return replace(article, outlet=outlet, meta={**article.meta, "outlet_source": "given"})


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
    outlets: Sequence[str | None] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read, clean, analyse and compare articles about one event.

    ``outlets`` names the outlet of each input in order: the Nth name is the
    outlet of every article read from the Nth input, in place of the one the
    reader found (``None``, an empty name or a shorter list: as read). More
    names than inputs is a :class:`ValueError`. The outlet counts in the
    comparison (which sources are independent) and is in the report.

    Where no outlet is named, the readers find one: an HTML page's site name
    (``og:site_name``), a JSON ``outlet``/``source``/``site`` field, else what the
    text says (a dateline such as "(Reuters) -", a byline, a copyright line; see
    :mod:`crosswire.ingest.outlet`); ``article.meta["outlet_source"]`` says which
    (``"text: dateline"``, ``"given"``). An article with none has ``outlet``
    ``None``: the CLI's summary names it by its input (``b.txt``, ``pasted text 2``),
    the reports by its title, else its input.

    Returns a :class:`~crosswire.report.Report`; inputs that could not be read,
    cleaned or analysed are in ``report.failures`` with their stage and reason,
    and warnings (unsupported language, repeated inputs, replaced bytes) in
    ``report.warnings``. Raises :class:`~crosswire.errors.NoArticleError`, which
    lists every failure, when no input could be read or none could be analysed.
    """
    from .analyse import analyse_many
    from .comparison import compare_articles
    from .ingest import is_url

    options = options or Options()
    limits = options.limits or Limits()
    notify = progress or _no_progress
    given = list(inputs)
    _outlet_names(outlets, len(given))
    if len(given) > limits.max_texts:
        raise RequestTooLargeError(
            "inputs",
            f"{len(given)} inputs given: the limit is {limits.max_texts} per comparison "
            "(max_texts)",
            limit="max_texts",
            allowed=limits.max_texts,
        )
    if any(not isinstance(g, Article) and is_url(g) for g in given):
        warm_up(options, background=True)  # the models load while the pages are fetched
    notify("read", 0, len(given))
    articles, failures, notices = _read(given, options=options, outlets=outlets)
    notify("read", len(given), len(given))
    if not articles:
        raise _nothing("read", failures)
    check_limits(articles, limits, model=_analysis_model(options))
    notify("analyse", 0, len(articles))
    analysed: list[Article] = []
    for article in analyse_many(
        articles, options=options.analysis, failures=failures, progress=progress
    ):
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


def check_output(path: str | os.PathLike[str]) -> None:
    """Raise :class:`~crosswire.errors.OutputError` when ``path`` cannot be written.

    Checked before any work, so that a comparison is never run for a file that
    cannot take it: the folder must exist and be writable, ``path`` must not be a
    folder, and a file already there must be writable (it is replaced).
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError(str(path), "it is a folder; name a file to write")
    folder = target.parent
    if not folder.exists():
        raise OutputError(str(path), f"the folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputError(str(path), f"{folder} is not a folder")
    if target.exists():
        if not os.access(target, os.W_OK):
            raise OutputError(str(path), "the file is not writable")
    elif not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(str(path), f"the folder {folder} is not writable")


def write_output(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (a report, a listing) to ``path`` as UTF-8; returns the path.

    When the write fails (a full disk, permissions changed since
    :func:`check_output`), the text is not lost: it is written to a temporary
    file instead, and :class:`~crosswire.errors.OutputError` names that file
    (``kept``) and the reason. ``kept`` is ``None`` only when the temporary
    file could not be written either (the reason then says why).
    """
    target = Path(path)
    try:
        with target.open("w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        reason = f"cannot be written ({_why(exc)})"
        logger.info("%s: %s", target, reason)
        try:
            kept = keep_output(text, target.name)
        except OSError as keep_exc:
            raise OutputError(
                str(path), f"{reason}; nor could it be kept in a temporary file ({_why(keep_exc)})"
            ) from exc
        raise OutputError(str(path), reason, kept=str(kept)) from exc
    return target


def keep_output(text: str, name: str = "report.json") -> Path:
    """Write ``text`` to a new temporary file (readable by its owner only) named after
    ``name``, its stem and suffix, and return its path; an :class:`OSError` when that fails.

    For a finished output that has nowhere else to go (see :func:`write_output`).
    """
    stem, suffix = Path(name).stem, Path(name).suffix
    handle, kept = tempfile.mkstemp(prefix=f"crosswire-{stem}-", suffix=suffix)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    return Path(kept)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


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


@dataclass(frozen=True)
class StoryComparison:
    """A story's comparison: the report, and the id it was saved under."""

    story_id: int
    report_id: str
    report: Report


def compare_story(
    store: Store,
    story_id: int,
    *,
    options: Options | None = None,
    include_duplicates: bool = False,
    progress: Progress | None = None,
) -> StoryComparison:
    """Compare a stored story's articles (:func:`compare`), save the report and link it to the
    story.

    Near-duplicate copies are left out unless ``include_duplicates``: they
    repeat another member's claims. Raises
    :class:`~crosswire.errors.NotFoundError` for an unknown story.
    """
    summary = store.get_story(story_id)
    members = store.story_articles(story_id, include_duplicates=include_duplicates)
    if not members:
        raise StorageError(f"{store.location}: story {story_id} has no stored articles left")
    report = compare(members, options=options, progress=progress)
    report_id = store.save_report(report.to_dict(), title=summary.headline)
    store.record_story_report(story_id, report_id)
    logger.info("%s: story %d compared as report %s", store.location, story_id, report_id)
    return StoryComparison(story_id=story_id, report_id=report_id, report=report)
