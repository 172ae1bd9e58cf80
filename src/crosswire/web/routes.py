"""The pages and their JSON twins, and the comparison endpoints.

==============================  ==================================  =========================
page                            JSON twin                           what
==============================  ==================================  =========================
``/``                           ``/index.json``                     recent comparisons, articles
``/compare``                    ``/compare.json``                   the form (GET), a run (POST)
                                ``/compare/jobs/{job}.json``        how far a run has got
``/reports``                    ``/reports.json``                   saved comparisons
``/reports/{id}``               ``/reports/{id}.json``              one report (contract v1)
``/articles``                   ``/articles.json``                  stored articles
``/articles/{id}``              ``/articles/{id}.json``             one article, every layer
``/docs``                       ``/openapi.json``                   the API
==============================  ==================================  =========================

``/reports/{id}.md`` and ``/reports/{id}/standalone.html`` download the
Markdown and the standalone HTML report.

Listings take ``limit`` (1-500) and ``offset`` (0 to :data:`MAX_OFFSET`); a value
out of range, or not a number, is answered 422 with the parameter named. A
comparison in which no input could be read is answered 400, one in which inputs
were read but none could be analysed 422, each with every input's stage and
reason (``error.failures`` in JSON); one over the limits of one comparison
(``max_texts``, ``max_total_chars``) 413. Comparisons run in a bounded pool of
their own, their URLs fetched before (:mod:`crosswire.web.jobs`): a full pool is
answered 429 with ``Retry-After``, a comparison past ``compare_deadline`` 503.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field, ValidationError, model_validator
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import Response

from .. import (
    Failure,
    InputError,
    Limits,
    NoArticleError,
    Options,
    Progress,
    RequestTooLargeError,
    article_to_dict,
    build_view,
    render_html,
    render_markdown,
    report_context,
    standalone_csp,
)
from .inputs import Batch, Upload, collect, read_uploads
from .jobs import JOB_ID, JobStatus
from .state import AppState, no_article_status, paged, read_static

__all__ = ["router"]

logger = logging.getLogger(__name__)

router = APIRouter()
page = router.get  # shorthand for pages; their twins carry the API docs

#: The largest ``offset`` a listing takes (larger is answered 422, not passed to the database).
MAX_OFFSET = 1_000_000_000


class CompareRequest(BaseModel):
    """Articles to compare: pasted texts, URLs and ids of stored articles, in any mix."""

    texts: list[str] = Field(default_factory=list, description="article texts")
    outlets: list[str | None] = Field(
        default_factory=list,
        description="the outlet of each text, in the order of texts (null, empty or "
        "missing: read off the text, e.g. a '(Reuters) -' dateline)",
    )
    urls: list[str] = Field(default_factory=list, description="http(s) addresses to fetch")
    article_ids: list[str] = Field(default_factory=list, description="ids of stored articles")
    title: str | None = Field(default=None, max_length=200, description="a title for the report")
    job: str | None = Field(
        default=None,
        pattern=JOB_ID.pattern,
        description="an id of the client's choosing (8 to 64 letters, digits, - or _): "
        "GET /compare/jobs/{job}.json tells how far the comparison has got while it runs",
    )

    @model_validator(mode="after")
    def _outlets_fit(self) -> CompareRequest:
        if len(self.outlets) > len(self.texts):
            raise ValueError(
                f"{len(self.outlets)} outlets given for {len(self.texts)} texts: "
                "the Nth outlet names the Nth text"
            )
        if any(o is not None and len(o) > 200 for o in self.outlets):
            raise ValueError("an outlet's name is at most 200 characters")
        return self


class CompareResult(BaseModel):
    """A comparison that was run and saved."""

    id: str
    url: str
    report: dict[str, Any] = Field(description="the report (JSON contract v1, see ReportV1)")


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.crosswire
    return state


def _limits(state: AppState) -> dict[str, Any]:
    s = state.settings
    return {
        "max_request_bytes": s.max_request_bytes,
        "max_file_bytes": s.max_file_bytes,
        "max_file_mib": round(s.max_file_bytes / (1024 * 1024), 1),
        "max_files": s.max_files,
        "max_urls": s.max_urls,
        "max_text_chars": s.max_text_chars,
        "max_texts": s.max_texts,
        "max_total_chars": s.max_total_chars,
    }


@dataclass(frozen=True)
class _Page:
    """One page of a listing: its size (the settings' page size unless asked) and offset."""

    state: AppState
    limit: int
    offset: int

    def fetch(self, listing: Callable[..., list[Any]]) -> tuple[list[Any], bool]:
        """This page's rows from ``listing(limit=, offset=)``, and whether more follow."""
        rows = listing(limit=self.limit + 1, offset=self.offset)
        return rows[: self.limit], len(rows) > self.limit

    def twin(self, name: str, rows: list[Any], more: bool, **extra: Any) -> dict[str, Any]:
        """The listing ``name`` in JSON: its rows, ``extra``, and where the next page starts."""
        return {
            name: [row.to_dict() for row in rows],
            **extra,
            "limit": self.limit,
            "offset": self.offset,
            "next": self.offset + self.limit if more else None,
        }

    def render(self, name: str, rows: list[Any], more: bool, **extra: Any) -> Response:
        """The listing ``name`` as a page (``name.html.j2``), linked to its twin and neighbours."""
        return self.state.render(
            f"{name}.html.j2",
            json_url=f"/{name}.json?limit={self.limit}&offset={self.offset}",
            active=name,
            page=paged(rows, self.limit, self.offset, more=more),
            **{name: rows},
            **extra,
        )


def _page(
    request: Request,
    limit: int | None = Query(None, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> _Page:
    """The paging arguments every listing takes (a FastAPI dependency)."""
    state = _state(request)
    return _Page(state, min(limit or state.settings.page_size, 500), max(offset, 0))


# --- home ----------------------------------------------------------------------------------


def _home(state: AppState) -> dict[str, Any]:
    return {
        "reports": state.store.list_reports(limit=10),
        "articles": state.store.list_articles(limit=10),
        "article_count": state.store.count_articles(),
    }


@page("/", include_in_schema=False)
def index(request: Request) -> Response:
    state = _state(request)
    form = _blank_form(state)
    return state.render(
        "index.html.j2",
        json_url="/index.json",
        active="",
        form=form,
        error=None,
        limits=_limits(state),
        **_home(state),
    )


@router.get("/index.json", tags=["pages"], summary="Recent comparisons and articles")
def index_json(request: Request) -> dict[str, Any]:
    home = _home(_state(request))
    return {
        "reports": [r.to_dict() for r in home["reports"]],
        "articles": [a.to_dict() for a in home["articles"]],
        "article_count": home["article_count"],
    }


# --- static files --------------------------------------------------------------------------


@page("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    try:
        text, media = read_static(name)
    except KeyError:
        raise HTTPException(404, f"no static file {name!r}") from None
    return Response(text, media_type=media, headers={"cache-control": "max-age=3600"})


# --- comparing -----------------------------------------------------------------------------


@page("/compare", include_in_schema=False)
def compare_form(request: Request, boxes: int = Query(2, ge=1, le=500)) -> Response:
    """The form, with ``boxes`` boxes for pasted articles (the "add another article" link
    asks for one more where no script adds it in place)."""
    state = _state(request)
    form = _blank_form(state, boxes)
    return state.render(
        "compare.html.j2",
        json_url="/compare.json",
        active="compare",
        form=form,
        error=None,
        limits=_limits(state),
    )


def _blank_form(state: AppState, boxes: int = 2) -> dict[str, Any]:
    count = min(max(boxes, 2), state.settings.max_texts)
    return {"title": "", "texts": [""] * count, "outlets": [""] * count, "urls": ""}


@router.get(
    "/compare/jobs/{job}.json",
    tags=["compare"],
    summary="How far a comparison has got",
    responses={422: {"description": "not a job id (8 to 64 letters, digits, - or _)"}},
)
def compare_job(request: Request, job: str) -> dict[str, Any]:
    """The state of the comparison posted with this ``job`` id: ``state`` (``unknown``:
    not arrived yet, or ended more than two minutes ago; ``fetching``, ``waiting``,
    ``running``, ``done``, ``failed``, ``abandoned``, ``refused``), the current ``step``
    (read, analyse, parse, claims, compare, save) with ``done`` and ``total``, every step's
    counts, a ``message`` in words and the seconds ``elapsed``."""
    if not JOB_ID.match(job):
        raise HTTPException(422, "job must be 8 to 64 letters, digits, '-' or '_'")
    found = _state(request).comparisons.status(job)
    if found is None:
        return JobStatus(job, state="unknown").to_dict() | {"elapsed": 0.0}
    return found


@router.get("/compare.json", tags=["compare"], summary="What a comparison may take")
def compare_limits(request: Request) -> dict[str, Any]:
    """The limits a comparison request must keep to (sizes in bytes)."""
    limits = _limits(_state(request))
    limits.pop("max_file_mib")
    return {
        "limits": limits,
        "fields": ["texts", "outlets", "urls", "files", "article_ids", "title", "job"],
    }


async def _read_request(request: Request, state: AppState) -> tuple[CompareRequest, list[Upload]]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            return CompareRequest.model_validate_json(await request.body()), []
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise HTTPException(422, f"invalid request: {problems}") from None
    if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise HTTPException(415, "send JSON, or a form (multipart/form-data)")
    settings = state.settings
    form = await request.form(
        max_files=settings.max_files + 1,
        max_fields=200,
        max_part_size=max(settings.max_text_chars * 4, 1024 * 1024),
    )
    try:
        uploads = await read_uploads(form.getlist("files"), settings)
        urls = [
            line
            for item in form.getlist("urls")
            if isinstance(item, str)
            for line in item.splitlines()
        ]
        title = form.get("title")
        job = form.get("job")
        texts = [t for t in form.getlist("text") if isinstance(t, str)]
        outlets: list[str | None] = [
            o.strip()[:200] for o in form.getlist("outlet") if isinstance(o, str)
        ]
        try:
            fields = CompareRequest(
                texts=texts,
                outlets=outlets[: len(texts)],
                urls=urls,
                article_ids=[i for i in form.getlist("article_id") if isinstance(i, str)],
                title=title.strip()[:200] or None if isinstance(title, str) else None,
                job=job.strip() or None if isinstance(job, str) else None,
            )
        except ValidationError as exc:
            problems = "; ".join(e["msg"] for e in exc.errors())
            raise HTTPException(422, f"invalid request: {problems}") from None
    finally:
        for item in form.getlist("files"):
            if isinstance(item, UploadFile):
                await item.close()
    return fields, uploads


def _options(state: AppState) -> Options:
    """The app's options, with the limits of one comparison from the web settings."""
    settings = state.settings
    limits = Limits(max_texts=settings.max_texts, max_total_chars=settings.max_total_chars)
    return replace(state.options or Options(), limits=limits)


async def _compare(
    request: Request, state: AppState, fields: CompareRequest, uploads: list[Upload]
) -> tuple[str, dict[str, Any]]:
    """Check the request, fetch its URLs, compare and save, in the comparison pool (429 when
    it is full, 503 past its deadline; see :mod:`crosswire.web.jobs`)."""
    options = _options(state)
    batches: list[Batch] = []

    def fetch() -> tuple[Batch, list[Any], list[Failure]]:
        batch = collect(
            texts=fields.texts,
            outlets=fields.outlets,
            urls=fields.urls,
            uploads=uploads,
            article_ids=fields.article_ids,
            settings=state.settings,
            store=state.store,
        )
        batches.append(batch)
        inputs, failures = batch.fetch(state.fetch, options.ingest)
        return batch, inputs, failures

    def work(
        fetched: tuple[Batch, list[Any], list[Failure]], progress: Progress
    ) -> tuple[str, dict[str, Any]]:
        batch, inputs, failures = fetched
        return _compare_and_save(state, fields, batch, inputs, failures, options, progress)

    try:
        return await state.comparisons.run(request, fetch, work, job=fields.job)
    finally:
        for batch in batches:  # the work closes it too; an abandoned worker finds it gone
            batch.close()


def _compare_and_save(
    state: AppState,
    fields: CompareRequest,
    batch: Batch,
    inputs: list[Any],
    failures: list[Failure],
    options: Options,
    progress: Progress,
) -> tuple[str, dict[str, Any]]:
    try:
        if not inputs:
            raise NoArticleError("inputs", "no article could be read", failures, step="read")
        try:
            report = state.compare(inputs, options=options, progress=progress)
        except NoArticleError as exc:
            every = [*failures, *exc.failures]
            raise NoArticleError(exc.source, exc.reason, every, step=exc.step) from exc
        report.failures = [*failures, *report.failures]
        batch.rename(report)
        data = batch.public_data(report.to_dict())
    except InputError as exc:
        raise batch.rename_error(exc) from exc
    finally:
        batch.close()
    progress("save", 0, len(report.articles))  # abandoned work saves nothing
    for article in report.articles:
        state.store.add_article(article)
    if fields.title:
        data["title"] = fields.title
    report_id = state.store.save_report(data, title=build_view(data).title)
    logger.info("saved report %s (%d articles)", report_id, len(report.articles))
    return report_id, data


_COMPARE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/CompareRequest"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "array", "items": {"type": "string"}},
                        "outlet": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "the outlet of each text, in order (empty: read "
                            "off the text)",
                        },
                        "job": {"type": "string", "description": "see CompareRequest.job"},
                        "urls": {"type": "string", "description": "one URL a line"},
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "article_id": {"type": "array", "items": {"type": "string"}},
                        "title": {"type": "string"},
                    },
                }
            },
        },
    }
}


@router.post(
    "/compare.json",
    tags=["compare"],
    summary="Compare articles and save the report",
    status_code=201,
    response_model=CompareResult,
    openapi_extra=_COMPARE_BODY,
    responses={
        400: {
            "description": "nothing to compare, or no input could be read "
            "(error.failures lists each input with its stage and reason)"
        },
        413: {
            "description": "over a size limit, or over a limit of one comparison "
            "(max_texts, max_total_chars)"
        },
        422: {
            "description": "a malformed request, or inputs read but none could be analysed "
            "(error.failures lists each input with its stage and reason)"
        },
        429: {
            "description": "as many comparisons as the server takes at once are running or "
            "waiting; Retry-After says when to try again"
        },
        503: {
            "description": "the comparison passed its deadline (compare_deadline) and was abandoned"
        },
    },
)
async def compare_json(request: Request) -> JSONResponse:
    """Send JSON (a CompareRequest) or the form the compare page posts (texts, URLs, files)."""
    state = _state(request)
    fields, uploads = await _read_request(request, state)
    report_id, data = await _compare(request, state, fields, uploads)
    body = CompareResult(id=report_id, url=f"/reports/{report_id}", report=data)
    return JSONResponse(
        body.model_dump(), status_code=201, headers={"location": f"/reports/{report_id}.json"}
    )


@router.post("/compare", include_in_schema=False)
async def compare_submit(request: Request) -> Response:
    state = _state(request)
    fields = CompareRequest()
    try:
        fields, uploads = await _read_request(request, state)
        report_id, _ = await _compare(request, state, fields, uploads)
    except HTTPException as exc:
        if exc.status_code not in (400, 409, 413, 415, 422, 429, 503):
            raise
        again = _form_again(state, fields, exc.status_code, str(exc.detail))
        again.headers.update(exc.headers or {})
        return again
    except NoArticleError as exc:
        return _form_again(state, fields, no_article_status(exc), str(exc))
    except RequestTooLargeError as exc:
        return _form_again(state, fields, 413, str(exc))
    except InputError as exc:
        return _form_again(state, fields, 400, str(exc))
    return RedirectResponse(f"/reports/{report_id}", status_code=303)


def _form_again(state: AppState, fields: CompareRequest, status: int, message: str) -> Response:
    count = max(len(fields.texts), 2)
    outlets = [o or "" for o in fields.outlets]
    form = {
        "title": fields.title or "",
        "texts": fields.texts + [""] * (count - len(fields.texts)),
        "outlets": outlets + [""] * (count - len(outlets)),
        "urls": "\n".join(fields.urls),
    }
    return state.render(
        "compare.html.j2",
        status=status,
        json_url="/compare.json",
        active="compare",
        form=form,
        error=message,
        limits=_limits(state),
    )


# --- reports -------------------------------------------------------------------------------


@router.get("/reports.json", tags=["reports"], summary="Saved comparisons, newest first")
def reports_json(paging: Annotated[_Page, Depends(_page)]) -> dict[str, Any]:
    return paging.twin("reports", *paging.fetch(paging.state.store.list_reports))


@page("/reports", include_in_schema=False)
def reports_page(paging: Annotated[_Page, Depends(_page)]) -> Response:
    return paging.render("reports", *paging.fetch(paging.state.store.list_reports))


@router.get(
    "/reports/{report_id}.json",
    tags=["reports"],
    summary="One report (JSON contract v1)",
    response_class=JSONResponse,
    responses={
        200: {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportV1"}}}
        },
        404: {"description": "no such report"},
    },
)
def report_json(request: Request, report_id: str) -> JSONResponse:
    return JSONResponse(_state(request).store.get_report(report_id))


@page("/reports/{report_id}.md", include_in_schema=False)
def report_markdown(request: Request, report_id: str) -> Response:
    state = _state(request)
    text = render_markdown(state.store.get_report(report_id))
    return Response(text, media_type="text/markdown; charset=utf-8")


@page("/reports/{report_id}/standalone.html", include_in_schema=False)
def report_standalone(request: Request, report_id: str) -> Response:
    state = _state(request)
    html = render_html(state.store.get_report(report_id))
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={
            "content-security-policy": standalone_csp(),
            "content-disposition": f'attachment; filename="crosswire-{_filename(report_id)}.html"',
        },
    )


@page("/reports/{report_id}", include_in_schema=False)
def report_page(request: Request, report_id: str) -> Response:
    state = _state(request)
    data = state.store.get_report(report_id)
    context = report_context(data)
    return state.render(
        "report.html.j2",
        json_url=f"/reports/{report_id}.json",
        active="reports",
        report_id=report_id,
        standalone=False,
        **context,
    )


def _filename(value: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in value)[:80]


# --- articles ------------------------------------------------------------------------------


@router.get("/articles.json", tags=["articles"], summary="Stored articles in the order added")
def articles_json(paging: Annotated[_Page, Depends(_page)]) -> dict[str, Any]:
    rows, more = paging.fetch(paging.state.store.list_articles)
    return paging.twin("articles", rows, more, total=paging.state.store.count_articles())


@page("/articles", include_in_schema=False)
def articles_page(paging: Annotated[_Page, Depends(_page)]) -> Response:
    rows, more = paging.fetch(paging.state.store.list_articles)
    return paging.render("articles", rows, more, total=paging.state.store.count_articles())


@router.get(
    "/articles/{article_id}.json",
    tags=["articles"],
    summary="One stored article with every layer",
    responses={404: {"description": "no such article"}},
)
def article_json(request: Request, article_id: str) -> dict[str, Any]:
    return article_to_dict(_state(request).store.get_article(article_id))


@page("/articles/{article_id}", include_in_schema=False)
def article_page(request: Request, article_id: str) -> Response:
    state = _state(request)
    article = state.store.get_article(article_id)
    reports = [r for r in state.store.list_reports(limit=200) if article_id in r.article_ids]
    return state.render(
        "article.html.j2",
        json_url=f"/articles/{article_id}.json",
        active="articles",
        article=article,
        reports=reports,
    )


# --- API docs ------------------------------------------------------------------------------


@page("/docs", include_in_schema=False)
def docs(request: Request) -> Response:
    state = _state(request)
    return state.render(
        "docs.html.j2",
        json_url="/openapi.json",
        active="docs",
        api=request.app.openapi(),
        token_required=bool(state.settings.token),
    )
