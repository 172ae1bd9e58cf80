"""The ``crosswire`` command: a thin layer over the Python API.

Each command parses its arguments, calls one API function, renders the result
and maps crosswire's errors to an exit status:

====  ===========================================================
0     everything went through
1     done, but some inputs failed (each is listed with its stage and reason), or an
      output file could not be written (the output is kept in a temporary file, named)
2     usage error (unknown option, missing argument, a number out of range, an unknown
      evaluation task, report or story, an output path that cannot be written, more
      ``--outlet`` than inputs, settings that cannot work, a port already in use);
      given before any work starts
3     no input could be read, or none of those read could be analysed, or the inputs
      are more than one comparison takes (``--max-texts``, ``--max-chars``)
4     storage, model or evaluation error (also an output that could not be written,
      nor kept in a temporary file)
====  ===========================================================

A finished comparison is never lost: output paths are checked before any work
(:func:`crosswire.check_output`), and a write that still fails leaves the
output in a temporary file (:func:`crosswire.write_output`), named in one line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import crosswire
from crosswire import (
    AddressInUseError,
    ConfigurationError,
    CrosswireError,
    InputError,
    NoArticleError,
    NotFoundError,
    OutputError,
)

app = typer.Typer(
    name="crosswire",
    help="Compare news coverage of one event across outlets, claim by claim, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console()


#: The largest id, count or limit a command takes (a larger one is a usage error).
_MAX_ID = 1_000_000_000
#: The limits of one comparison, as the API sets them by default.
_LIMITS = crosswire.Limits()


class ExitStatus(IntEnum):
    OK = 0
    PARTIAL = 1
    USAGE = 2
    NO_INPUT = 3
    FAILURE = 4


def _fail(exc: CrosswireError) -> typer.Exit:
    if isinstance(exc, NoArticleError) and exc.failures:
        console.print(f"[bold red]error:[/] {escape(exc.reason)}:")
        for failure in exc.failures:
            stage = f" ({failure.stage})" if failure.stage else ""
            console.print(
                f"  {escape(failure.source)}{escape(stage)}: {escape(_for_cli(failure.reason))}",
                soft_wrap=True,
                highlight=False,
            )
        return typer.Exit(ExitStatus.NO_INPUT)
    message = str(exc)
    if isinstance(exc, AddressInUseError):
        message += "; pick another with --port"
    console.print(
        f"[bold red]error:[/] {escape(_for_cli(message))}", soft_wrap=True, highlight=False
    )
    if isinstance(exc, InputError):
        return typer.Exit(ExitStatus.NO_INPUT)
    if isinstance(exc, NotFoundError | ConfigurationError):
        # an id that names nothing, settings that cannot work: the command line is wrong
        return typer.Exit(ExitStatus.USAGE)
    return typer.Exit(ExitStatus.FAILURE)


def _usage(message: str) -> NoReturn:
    """Say what is wrong with the command line, in one line, and exit with a usage error."""
    console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True, highlight=False)
    raise typer.Exit(ExitStatus.USAGE)


#: The API's words for a setting, and the option that sets it on the command line.
_API_TO_CLI = {"set allow_private": "pass --allow-private"}


def _for_cli(reason: str) -> str:
    """A reason from the API, with the settings it names put as this command's options."""
    for api_words, cli_words in _API_TO_CLI.items():
        reason = reason.replace(api_words, cli_words)
    return reason


def _plural(count: int, word: str, plural: str | None = None) -> str:
    """``1 group``, ``2 groups``; ``plural`` for words that take more than an s."""
    return f"{count} {word if count == 1 else plural or word + 's'}"


#: The output options given, each with its path: ``{"--json": Path("r.json")}``.
Outputs = dict[str, Path]


def _outputs(**given: Path | None) -> Outputs:
    """The output options given (``json=``, ``html=``, ``md=``), as ``{"--json": path}``, each
    checked before any work starts: a path that cannot be written is a usage error."""
    outputs = {f"--{name}": path for name, path in given.items() if path is not None}
    seen: dict[Path, str] = {}
    for option, path in outputs.items():
        try:
            crosswire.check_output(path)
        except OutputError as exc:
            _usage(f"{option} {path}: {exc.reason}")
        resolved = path.resolve()
        if resolved in seen:
            _usage(f"{option} {path}: {seen[resolved]} writes the same file")
        seen[resolved] = option
    return outputs


def _write(option: str, path: Path, text: str, what: str) -> ExitStatus:
    """Write one output; when that fails, say in one line where ``what`` was kept instead."""
    try:
        crosswire.write_output(path, text)
    except OutputError as exc:
        where = "is lost" if exc.kept is None else f"is kept in {exc.kept}"
        message = f"{option} {path}: {exc.reason}; the {what} {where}"
        console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True, highlight=False)
        return ExitStatus.FAILURE if exc.kept is None else ExitStatus.PARTIAL
    console.print(f"wrote {escape(str(path))}", highlight=False)
    return ExitStatus.OK


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        # off a terminal (a pipe, a log) there are no bars to draw, and no blank lines left
        disable=not console.is_terminal,
    )


class _Bars:
    """Turns the API's ``progress(step, done, total)`` calls into rich progress bars."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, Any] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        if step not in self.tasks:
            self.tasks[step] = self.progress.add_task(step, total=total)
        self.progress.update(self.tasks[step], completed=done, total=total)


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each step does.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@app.command()
def compare(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Articles: paths (text, HTML, JSON, JSONL, feed), URLs, or - for stdin."),
    ] = None,
    demo: Annotated[bool, typer.Option(help="Compare the two bundled demo articles.")] = False,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the report (contract v1) here.")
    ] = None,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Write a standalone HTML report here.")
    ] = None,
    md_out: Annotated[Path | None, typer.Option("--md", help="Write a Markdown report here.")] = None,
    outlet: Annotated[
        list[str] | None,
        typer.Option(
            help="The outlet of an input, in the report (repeat it: the Nth --outlet names "
            "the Nth input, --demo's two first)."
        ),
    ] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow URLs on private and loopback addresses.")
    ] = False,
    db: Annotated[
        Path | None, typer.Option(help="Also store the articles and the report in this SQLite file.")
    ] = None,
    story: Annotated[
        int | None,
        typer.Option(
            min=1, max=_MAX_ID, help="Compare a stored story's articles (see `crosswire stories`)."
        ),
    ] = None,
    keep_related: Annotated[
        bool, typer.Option(help="Also report plain 'related' links (pairs about the same thing "
                                "that neither corroborate, contradict nor differ on a fact).")
    ] = False,
    max_texts: Annotated[
        int,
        typer.Option(min=1, max=_MAX_ID, help="Refuse to compare more articles than this."),
    ] = _LIMITS.max_texts,
    max_chars: Annotated[
        int,
        typer.Option(
            min=1, max=_MAX_ID, help="Refuse to compare more characters of text than this, "
            "all articles together."
        ),
    ] = _LIMITS.max_total_chars,
) -> None:
    """Compare articles about one event: claims, sources, certainty, agreement, framing."""
    outputs = _outputs(json=json_out, html=html_out, md=md_out)
    if story is not None:
        if inputs or demo or outlet:
            _usage("--story compares a stored story's articles: give no inputs, --demo or --outlet")
        _compare_story(story, db=db, outputs=outputs)
        return
    sources: list[str] = [str(p) for p in crosswire.demo_paths()] if demo else []
    sources += inputs or []
    if not sources:
        _usage("give articles to compare, or --demo")
    outlets = outlet or []
    if len(outlets) > len(sources):
        _usage(
            f"{_plural(len(outlets), '--outlet option')} for {_plural(len(sources), 'input')}: "
            "the Nth --outlet names the Nth input"
        )
    from crosswire import CompareOptions, IngestOptions, open_store

    options = crosswire.Options(
        ingest=IngestOptions(allow_private=allow_private),
        comparison=CompareOptions(keep_related=keep_related),
        limits=crosswire.Limits(max_texts=max_texts, max_total_chars=max_chars),
    )
    try:
        # the store is opened before the comparison, so that one it cannot take is never run
        with open_store(db) if db is not None else nullcontext() as store:
            with _progress() as progress:
                report = crosswire.compare(
                    sources, options=options, outlets=outlets, progress=_Bars(progress)
                )
            data = report.to_dict()
            written = _write_report(data, outputs)
            _print_summary(data)
            stored = ExitStatus.OK if store is None else _store(report, store, db, data, outputs)
    except CrosswireError as exc:
        raise _fail(exc) from exc
    _exit(written, stored, ExitStatus.PARTIAL if report.failures else ExitStatus.OK)


def _store(
    report: Any, store: Any, db: Path | None, data: dict[str, Any], outputs: Outputs
) -> ExitStatus:
    """Store a finished report; when that fails and no --json file holds it, keep it in a
    temporary file, named in one line."""
    try:
        report_id = crosswire.save_report(report, store)
    except CrosswireError as exc:
        message = f"[bold red]error:[/] {escape(str(exc))}"
        if not ("--json" in outputs and outputs["--json"].is_file()):
            text = json.dumps(data, ensure_ascii=False, indent=2)
            try:
                kept = crosswire.keep_output(text, "report.json")
            except OSError as keep_exc:
                message += f"; nor could the report be kept ({escape(str(keep_exc))})"
            else:
                message += f"; the report is kept in {escape(str(kept))}"
        console.print(message, soft_wrap=True, highlight=False)
        return ExitStatus.FAILURE
    out.print(f"stored as report {report_id} in {db}")
    return ExitStatus.OK


def _exit(*statuses: ExitStatus) -> None:
    """Exit with the gravest of ``statuses`` (a failure over a partial success), if any."""
    worst = max(statuses)
    if worst != ExitStatus.OK:
        raise typer.Exit(worst)


def _compare_story(story_id: int, *, db: Path | None, outputs: Outputs) -> None:
    from crosswire import compare_story, open_store

    try:
        with open_store(db) as store, _progress() as progress:
            done = compare_story(store, story_id, progress=_Bars(progress))
    except CrosswireError as exc:
        raise _fail(exc) from exc
    data = done.report.to_dict()
    written = _write_report(data, outputs)
    _print_summary(data)
    out.print(f"story {story_id} compared; stored as report {done.report_id}")
    _exit(written, ExitStatus.PARTIAL if done.report.failures else ExitStatus.OK)


def _render(option: str) -> Callable[[dict[str, Any]], str]:
    if option == "--html":
        from crosswire import render_html

        return render_html
    if option == "--md":
        from crosswire import render_markdown

        return render_markdown
    return lambda data: json.dumps(data, ensure_ascii=False, indent=2)


def _write_report(data: dict[str, Any], outputs: Outputs) -> ExitStatus:
    """Write the report in each format asked for; the gravest status of the writes."""
    statuses = [
        _write(option, path, _render(option)(data), "report") for option, path in outputs.items()
    ]
    return max(statuses, default=ExitStatus.OK)


def _print_summary(data: dict[str, Any]) -> None:
    summary = data["summary"]
    table = Table(title="crosswire comparison", show_header=True, header_style="bold")
    table.add_column("article")
    table.add_column("outlet")
    table.add_column("claims", justify="right")
    table.add_column("removed", justify="right")
    claims_per_article: dict[str, int] = {}
    for claim in data["claims"]:
        claims_per_article[claim["article"]] = claims_per_article.get(claim["article"], 0) + 1
    for article in data["articles"]:
        name = _input_name(article["source"])
        table.add_row(
            escape(name),
            # no outlet known: the input's own name, dimmed, never a bare "-"
            escape(article["outlet"]) if article.get("outlet") else f"[dim]{escape(name)}[/]",
            str(claims_per_article.get(article["id"], 0)),
            str(len(article["removed"])),
        )
    out.print(table)
    groups = summary["groups"]
    links = summary["links"]
    out.print(
        f"{_plural(summary['claims'], 'claim')} in {_plural(sum(groups.values()), 'group')}: "
        f"{groups['corroborated']} corroborated, "
        f"{groups['contested']} contested, {groups['single_source']} single-source; "
        f"links: {links['corroborates']} corroborate, {links['contradicts']} contradict, "
        f"{links['related']} related; {_plural(summary['framing'], 'framing difference')}"
    )
    if len(data["articles"]) == 1:
        out.print(
            "[yellow]warning[/] only one article: nothing to compare it with, so every claim "
            "is single-source",
            soft_wrap=True,
            highlight=False,
        )
    for failure in data.get("failures", []):
        stage = f" ({failure['stage']})" if failure.get("stage") else ""
        out.print(
            f"[yellow]skipped[/] {escape(failure['source'])}{escape(stage)}: "
            f"{escape(_for_cli(failure['reason']))}",
            soft_wrap=True,
            highlight=False,
        )
    for warning in data.get("warnings", []):
        out.print(
            f"[yellow]warning[/] {escape(warning['source'])}: {escape(warning['reason'])}",
            soft_wrap=True,
            highlight=False,
        )


def _input_name(source: str) -> str:
    """What a reader calls an input: a file's name (``list.json#2``), ``pasted text 2``."""
    return Path(source).name or source


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), JSONL, feeds, URLs.")],
    db: Annotated[Path | None, typer.Option(help="SQLite file (default: user data dir).")] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow URLs on private and loopback addresses.")
    ] = False,
    stories: Annotated[
        bool, typer.Option(help="Place the new articles into stories once they are stored.")
    ] = True,
) -> None:
    """Read, clean and store articles, then group them into stories; re-running resumes."""
    from crosswire import IngestOptions, open_store
    from crosswire import ingest_sources as ingest_into

    try:
        with open_store(db) as store, _progress() as progress:
            bars = _Bars(progress)
            result = ingest_into(
                paths,
                store,
                options=IngestOptions(allow_private=allow_private),
                on_progress=lambda done, total: bars("ingest", done, total),
            )
            update = _update_stories(store, bars) if stories else None
    except CrosswireError as exc:
        raise _fail(exc) from exc
    out.print(
        f"{result.added} added, {result.skipped} already stored, {len(result.failed)} failed"
    )
    if update is not None:
        out.print(
            f"stories: {_plural(update.articles, 'article')} placed, {update.new_stories} new, "
            f"{update.grown_stories} grown, {_plural(update.duplicates, 'near-duplicate')}; "
            f"{_plural(update.stories, 'story', 'stories')} in all"
        )
    for failure in result.failed:
        out.print(
            f"[yellow]failed[/] {escape(failure.source)}: {escape(_for_cli(failure.reason))}",
            soft_wrap=True,
            highlight=False,
        )
    if result.failed:
        raise typer.Exit(ExitStatus.NO_INPUT if not (result.added or result.skipped) else ExitStatus.PARTIAL)


def _update_stories(store: Any, bars: _Bars) -> Any:
    from crosswire import update_stories

    return update_stories(store, on_progress=lambda done, total: bars("stories", done, total))


@app.command()
def stories(
    db: Annotated[Path | None, typer.Option(help="SQLite file (default: user data dir).")] = None,
    update: Annotated[
        bool, typer.Option(help="First place stored articles that no story holds yet.")
    ] = True,
    min_size: Annotated[
        int, typer.Option(min=1, max=_MAX_ID, help="Only stories with at least this many articles.")
    ] = 1,
    limit: Annotated[int, typer.Option(min=1, max=_MAX_ID, help="How many stories to list.")] = 50,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the listing here.")] = None,
) -> None:
    """List the stories of a stored corpus: headline, outlets, time span, size, statuses."""
    from crosswire import list_stories, open_store

    outputs = _outputs(json=json_out)

    try:
        with open_store(db) as store, _progress() as progress:
            if update:
                _update_stories(store, _Bars(progress))
            found = list_stories(store, limit=limit, min_size=min_size)
    except CrosswireError as exc:
        raise _fail(exc) from exc
    written = ExitStatus.OK
    for option, path in outputs.items():
        payload = [story.to_dict() for story in found]
        text = json.dumps(payload, indent=2, ensure_ascii=False)
        written = _write(option, path, text, "listing")
    table = Table(title="stories", show_header=True, header_style="bold")
    for column in ("id", "headline", "outlets", "from", "to", "size", "statuses"):
        table.add_column(column)
    for story in found:
        statuses = story.status_counts or {}
        table.add_row(
            str(story.id),
            story.headline,
            ", ".join(story.outlets[:4]) + (" ..." if len(story.outlets) > 4 else ""),
            story.first_published.date().isoformat() if story.first_published else "-",
            story.last_published.date().isoformat() if story.last_published else "-",
            str(story.size),
            ", ".join(f"{k} {v}" for k, v in statuses.items()) or "not compared",
        )
    out.print(table)
    _exit(written)


@app.command("report")
def report_(
    report_id: Annotated[
        str | None, typer.Argument(help="A stored report's id; leave out to list them.")
    ] = None,
    db: Annotated[Path | None, typer.Option(help="SQLite file (default: user data dir).")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the report here.")] = None,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Write a standalone HTML report here.")
    ] = None,
    md_out: Annotated[Path | None, typer.Option("--md", help="Write a Markdown report here.")] = None,
) -> None:
    """List stored reports, or write one out as JSON, HTML or Markdown."""
    from crosswire import open_store

    outputs = _outputs(json=json_out, html=html_out, md=md_out)
    if report_id is None and outputs:
        _usage("name the report to write out (see `crosswire report` for the ids)")

    try:
        with open_store(db) as store:
            if report_id is None:
                summaries = store.list_reports()
            else:
                data = store.get_report(report_id)
    except CrosswireError as exc:
        raise _fail(exc) from exc
    if report_id is None:
        table = Table(title="stored reports", show_header=True, header_style="bold")
        table.add_column("id", no_wrap=True, min_width=16)
        table.add_column("created (UTC)", no_wrap=True)
        table.add_column("articles", justify="right")
        table.add_column("claims (✓ / ✗)", justify="right", no_wrap=True)
        table.add_column("title")
        for summary in summaries:
            counts = summary.counts
            table.add_row(
                summary.id,
                summary.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
                str(len(summary.article_ids)),
                f"{counts['claims']} ({counts['corroborated']} / {counts['contested']})"
                if counts else "-",
                summary.title or "",
            )
        out.print(table)
        return
    written = _write_report(data, outputs)
    if not outputs:
        _print_summary(data)
    _exit(written)


#: nested scores the eval table leaves to the JSON file (matrices and settings, not scores)
_NOT_HEADLINE = frozenset({"confusion", "thresholds", "settings", "options"})


def _headline(scores: dict[str, Any], prefix: str = "", depth: int = 0) -> dict[str, float | int]:
    """The numbers of an eval result for the table, nested ones under dotted keys
    (``claimdiff_s.f1``), two levels deep."""
    found: dict[str, float | int] = {}
    for key, value in scores.items():
        name = f"{prefix}{key}"
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            found[name] = value
        elif isinstance(value, dict) and depth < 2 and key not in _NOT_HEADLINE:
            found.update(_headline(value, f"{name}.", depth + 1))
    return found


@app.command("eval")
def eval_(
    task: Annotated[str, typer.Argument(help="extraction, attribution, checkworthy, nli, relations, "
                                             "stories, crossdoc, framing, links")],
    data: Annotated[
        Path | None, typer.Option(help="Dataset folder (default: ../shared/data beside the project).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the scores here.")] = None,
) -> None:
    """Score one capability on a public dataset."""
    from crosswire import EVAL_TASKS as TASKS
    from crosswire import evaluate

    if task not in TASKS:
        _usage(f"unknown evaluation task {task!r}; choose one of {', '.join(TASKS)}")
    outputs = _outputs(json=json_out)
    try:
        scores = evaluate(task, data)
    except CrosswireError as exc:
        raise _fail(exc) from exc
    text = json.dumps(scores, indent=2, ensure_ascii=False, default=str)
    written = max(
        (_write(option, path, text + "\n", "scores") for option, path in outputs.items()),
        default=ExitStatus.OK,
    )
    headline = _headline(scores)
    table = Table(title=f"eval {task}", show_header=True, header_style="bold")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in headline.items():
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
    out.print(table)
    _exit(written)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report contract (v1)."""
    from crosswire import load_schema

    typer.echo(json.dumps(load_schema(), indent=2, ensure_ascii=False))


@app.command()
def serve(
    db: Annotated[Path | None, typer.Option(help="SQLite file (default: user data dir).")] = None,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to bind.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="CROSSWIRE_TOKEN", help="API token (required off 127.0.0.1)."),
    ] = None,
    max_texts: Annotated[
        int, typer.Option(min=1, max=_MAX_ID, help="Articles one comparison may take.")
    ] = _LIMITS.max_texts,
    max_chars: Annotated[
        int,
        typer.Option(min=1, max=_MAX_ID, help="Characters of text one comparison may take."),
    ] = _LIMITS.max_total_chars,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Comparisons run at once.")
    ] = 1,
    queue: Annotated[
        int,
        typer.Option(min=0, max=1000, help="Comparisons that may wait; more are answered 429."),
    ] = 4,
    deadline: Annotated[
        float,
        typer.Option(min=1, max=86_400, help="Seconds a comparison may take before it is "
                     "abandoned (503)."),
    ] = 300.0,
) -> None:
    """Run the local web app and REST API."""
    from crosswire.web import WebSettings
    from crosswire.web import serve as run_server

    try:
        settings = WebSettings(
            max_texts=max_texts, max_total_chars=max_chars, compare_workers=workers,
            compare_queue=queue, compare_deadline=deadline,
        )
        run_server(host=host, port=port, db=db, token=token, settings=settings)
    except CrosswireError as exc:
        raise _fail(exc) from exc


def main() -> None:
    app()


if __name__ == "__main__":
    main()
