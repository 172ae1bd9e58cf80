"""The ``crosswire`` command: a thin layer over the Python API.

Each command parses its arguments, calls one API function, renders the result
and maps crosswire's errors to an exit status:

====  ===========================================================
0     everything went through
1     done, but some inputs failed (each is listed with its stage and reason)
2     usage error (unknown option, missing argument, a number out of range)
3     no input could be read, or none of those read could be analysed, or the inputs
      are more than one comparison takes (``--max-texts``, ``--max-chars``)
4     storage, model or evaluation error
====  ===========================================================
"""

from __future__ import annotations

import json
import logging
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import api
from .errors import (
    CrosswireError,
    EvaluationError,
    InputError,
    ModelError,
    NoArticleError,
    StorageError,
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
_LIMITS = api.Limits()


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
            console.print(f"  {escape(failure.source)}{escape(stage)}: {escape(failure.reason)}")
        return typer.Exit(ExitStatus.NO_INPUT)
    console.print(f"[bold red]error:[/] {escape(str(exc))}")
    if isinstance(exc, InputError):
        return typer.Exit(ExitStatus.NO_INPUT)
    if isinstance(exc, StorageError | ModelError | EvaluationError):
        return typer.Exit(ExitStatus.FAILURE)
    return typer.Exit(ExitStatus.FAILURE)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
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
        typer.Argument(help="Articles: paths (text, HTML, JSONL, feed), URLs, or - for stdin."),
    ] = None,
    demo: Annotated[bool, typer.Option(help="Compare the two bundled demo articles.")] = False,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the report (contract v1) here.")
    ] = None,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Write a standalone HTML report here.")
    ] = None,
    md_out: Annotated[Path | None, typer.Option("--md", help="Write a Markdown report here.")] = None,
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
    if story is not None:
        _compare_story(story, db=db, json_out=json_out, html_out=html_out, md_out=md_out)
        return
    sources: list[str] = [str(p) for p in api.demo_paths()] if demo else []
    sources += inputs or []
    if not sources:
        console.print("[bold red]error:[/] give articles to compare, or --demo")
        raise typer.Exit(ExitStatus.USAGE)
    from .comparison import CompareOptions
    from .ingest import IngestOptions

    options = api.Options(ingest=IngestOptions(allow_private=allow_private),
                          comparison=CompareOptions(keep_related=keep_related),
                          limits=api.Limits(max_texts=max_texts, max_total_chars=max_chars))
    try:
        with _progress() as progress:
            report = api.compare(sources, options=options, progress=_Bars(progress))
    except CrosswireError as exc:
        raise _fail(exc) from exc
    data = report.to_dict()
    _write_outputs(data, json_out=json_out, html_out=html_out, md_out=md_out)
    _print_summary(data)
    if db is not None:
        from .store import open_store

        try:
            with open_store(db) as store:
                report_id = api.save_report(report, store)
        except CrosswireError as exc:
            raise _fail(exc) from exc
        out.print(f"stored as report {report_id} in {db}")
    if report.failures:
        raise typer.Exit(ExitStatus.PARTIAL)


def _compare_story(
    story_id: int,
    *,
    db: Path | None,
    json_out: Path | None,
    html_out: Path | None,
    md_out: Path | None,
) -> None:
    from .store import open_store
    from .store.stories import compare_story

    try:
        with open_store(db) as store, _progress() as progress:
            done = compare_story(store, story_id, progress=_Bars(progress))
    except CrosswireError as exc:
        raise _fail(exc) from exc
    data = done.report.to_dict()
    _write_outputs(data, json_out=json_out, html_out=html_out, md_out=md_out)
    _print_summary(data)
    out.print(f"story {story_id} compared; stored as report {done.report_id}")
    if done.report.failures:
        raise typer.Exit(ExitStatus.PARTIAL)


def _write_outputs(
    data: dict[str, Any], *, json_out: Path | None, html_out: Path | None, md_out: Path | None
) -> None:
    if json_out:
        json_out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        console.print(f"wrote {json_out}")
    if html_out:
        from .report.html import render_html

        html_out.write_text(render_html(data), encoding="utf-8")
        console.print(f"wrote {html_out}")
    if md_out:
        from .report.markdown import render_markdown

        md_out.write_text(render_markdown(data), encoding="utf-8")
        console.print(f"wrote {md_out}")


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
        table.add_row(
            Path(article["source"]).name,
            article.get("outlet") or "-",
            str(claims_per_article.get(article["id"], 0)),
            str(len(article["removed"])),
        )
    out.print(table)
    groups = summary["groups"]
    links = summary["links"]
    out.print(
        f"{summary['claims']} claims in {sum(groups.values())} groups: "
        f"{groups['corroborated']} corroborated, "
        f"{groups['contested']} contested, {groups['single_source']} single-source; "
        f"links: {links['corroborates']} corroborate, {links['contradicts']} contradict, "
        f"{links['related']} related; {summary['framing']} framing differences"
    )
    for failure in data.get("failures", []):
        stage = f" ({failure['stage']})" if failure.get("stage") else ""
        out.print(
            f"[yellow]skipped[/] {escape(failure['source'])}{escape(stage)}: "
            f"{escape(failure['reason'])}",
            highlight=False,
        )
    for warning in data.get("warnings", []):
        out.print(
            f"[yellow]warning[/] {escape(warning['source'])}: {escape(warning['reason'])}",
            highlight=False,
        )


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
    from .ingest import IngestOptions
    from .store import open_store
    from .store.ingest import ingest as ingest_into

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
            f"stories: {update.articles} articles placed, {update.new_stories} new, "
            f"{update.grown_stories} grown, {update.duplicates} near-duplicates; "
            f"{update.stories} stories in all"
        )
    for failure in result.failed:
        out.print(f"[yellow]failed[/] {failure.source}: {failure.reason}")
    if result.failed:
        raise typer.Exit(ExitStatus.NO_INPUT if not (result.added or result.skipped) else ExitStatus.PARTIAL)


def _update_stories(store: Any, bars: _Bars) -> Any:
    from .store.stories import update_stories

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
    from .store import open_store
    from .store.stories import list_stories

    try:
        with open_store(db) as store, _progress() as progress:
            if update:
                _update_stories(store, _Bars(progress))
            found = list_stories(store, limit=limit, min_size=min_size)
    except CrosswireError as exc:
        raise _fail(exc) from exc
    if json_out:
        payload = [story.to_dict() for story in found]
        json_out.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
        console.print(f"wrote {json_out}")
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
    from .store import open_store

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
        for column in ("id", "created", "articles", "title"):
            table.add_column(column)
        for summary in summaries:
            table.add_row(
                summary.id,
                summary.created_at.isoformat(timespec="seconds"),
                str(len(summary.article_ids)),
                summary.title or "",
            )
        out.print(table)
        return
    _write_outputs(data, json_out=json_out, html_out=html_out, md_out=md_out)
    if not (json_out or html_out or md_out):
        _print_summary(data)


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
    task: Annotated[str, typer.Argument(help="extraction, attribution, checkworthy, nli, relations, stories")],
    data: Annotated[
        Path | None, typer.Option(help="Dataset folder (default: ../shared/data beside the project).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the scores here.")] = None,
) -> None:
    """Score one capability on a public dataset."""
    from .eval import evaluate

    try:
        scores = evaluate(task, data)
    except CrosswireError as exc:
        raise _fail(exc) from exc
    text = json.dumps(scores, indent=2, ensure_ascii=False, default=str)
    if json_out:
        json_out.write_text(text + "\n", encoding="utf-8")
        console.print(f"wrote {json_out}")
    headline = _headline(scores)
    table = Table(title=f"eval {task}", show_header=True, header_style="bold")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in headline.items():
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
    out.print(table)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report contract (v1)."""
    from .report import load_schema

    typer.echo(json.dumps(load_schema(), indent=2, ensure_ascii=False))


@app.command()
def serve(
    db: Annotated[Path | None, typer.Option(help="SQLite file (default: user data dir).")] = None,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind.")] = 8000,
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
    from .web import WebSettings
    from .web import serve as run_server

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
