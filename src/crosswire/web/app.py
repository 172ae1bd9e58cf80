"""The web app: the report views in a browser, every page with a JSON twin, and a REST API.

:func:`create_app` builds a FastAPI app around a :class:`~crosswire.store.Store`,
a compare function (``crosswire.api.compare`` unless one is given, which is
how tests and other front ends swap it) and a fetch function for URLs
(:func:`crosswire.web.inputs.fetch_urls` unless one is given). Comparisons run
in a bounded pool of their own, their URLs fetched first, each refused with 429
when the pool and its queue are full (see :mod:`crosswire.web.jobs`)::

    from crosswire.store import open_store
    from crosswire.web import WebSettings, create_app

    app = create_app(store=open_store("news.db"), settings=WebSettings())

Pages are rendered by Jinja2 with autoescape on; the report pages use the same
templates as the standalone HTML report, with their CSS and JavaScript served
from ``/static`` under a Content-Security-Policy that allows nothing else (see
:mod:`crosswire.web.security`). The OpenAPI description is at
``/openapi.json`` and rendered at ``/docs`` by the app itself, so the docs too
load nothing from elsewhere.

Errors name the input and the reason, never a server path: the database's
location is left out of storage messages (a 404 says ``no saved report with id
'x'``), and uploads are named by their file name (see
:mod:`crosswire.web.inputs`). A comparison over a limit of one comparison
(``max_texts``, ``max_total_chars``) is answered 413 with the limit named. A
client that goes away before its request has been read, or while its
comparison waits or runs, is logged on one line at INFO, not as an application
error.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse, Response

from .. import (
    CrosswireError,
    InputError,
    NoArticleError,
    NotFoundError,
    RequestTooLargeError,
    StorageError,
    Store,
    __version__,
    configure_report_templates,
    load_schema,
    warm_up,
)
from .inputs import FetchFn, fetch_urls
from .jobs import Abandoned
from .routes import router
from .security import Guard, error_response, wants_json
from .settings import WebSettings
from .state import AppState, CompareFn, no_article_status

if TYPE_CHECKING:
    from .. import Options

__all__ = ["AppState", "CompareFn", "create_app"]

logger = logging.getLogger(__name__)


def create_app(
    *,
    store: Store,
    compare: CompareFn | None = None,
    fetch: FetchFn | None = None,
    options: Options | None = None,
    settings: WebSettings | None = None,
) -> FastAPI:
    """The web app over ``store``; ``compare`` defaults to :func:`crosswire.api.compare`,
    ``fetch`` to :func:`crosswire.web.inputs.fetch_urls`."""
    warm = compare is None
    if compare is None:
        from .. import compare as api_compare

        compare = api_compare
    settings = settings or WebSettings()
    app = FastAPI(
        title="crosswire",
        version=__version__,
        description=(
            "Compare news coverage of one event across outlets, claim by claim, with evidence. "
            "Reports follow the versioned JSON contract (schema v1, component ReportV1)."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan,
    )
    app.state.crosswire = AppState(
        store=store,
        compare=compare,
        options=options,
        settings=settings,
        env=_environment(),
        fetch=fetch or fetch_urls,
        warm_up=warm,
    )
    app.include_router(router)
    _add_error_handlers(app)
    app.add_middleware(Guard, settings=settings)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On start, the comparison's models begin to load on a thread of their own (with the
    API's compare), so the first request does not wait for all of them; on shutdown,
    comparisons not started are cancelled (see :mod:`crosswire.web.jobs`)."""
    state = app.state.crosswire
    if state.warm_up:
        warm_up(state.options, background=True)
    yield
    app.state.crosswire.comparisons.close()


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("crosswire.web", "templates"),
                jinja2.PackageLoader("crosswire.report", "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    configure_report_templates(env)
    env.filters["schema_type"] = _schema_type
    return env


def _schema_type(schema: dict[str, Any] | None) -> str:
    if not schema:
        return ""
    if "anyOf" in schema:
        return " or ".join(_schema_type(s) for s in schema["anyOf"])
    kind = str(schema.get("type", schema.get("$ref", "").rsplit("/", 1)[-1]))
    if kind == "array":
        return f"array of {_schema_type(schema.get('items'))}"
    return kind


def _add_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        response = error_response(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return error_response(request, 422, f"invalid request: {problems}")

    async def crosswire_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CrosswireError)
        location = request.app.state.crosswire.store.location
        message = without_location(str(exc), location)
        if isinstance(exc, NotFoundError):
            return error_response(request, 404, message)
        if isinstance(exc, NoArticleError):
            return _no_article(request, exc, message)
        if isinstance(exc, RequestTooLargeError):
            return error_response(request, 413, message)
        if isinstance(exc, InputError):
            return error_response(request, 400, message)
        if isinstance(exc, StorageError):
            logger.error("storage error: %s", exc)
            return error_response(request, 503, message)
        logger.error("%s", exc)
        return error_response(request, 500, message)

    async def client_gone(request: Request, exc: Exception) -> Response:
        path = request.url.path
        logger.info("%s %s: the client went away before the request was read", request.method, path)
        return Response(status_code=400)  # sent to no one: the connection is closed

    async def abandoned(request: Request, exc: Exception) -> Response:
        path = request.url.path
        logger.info(
            "%s %s: the client went away; its comparison was abandoned", request.method, path
        )
        return Response(status_code=400)  # sent to no one: the connection is closed

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(CrosswireError, crosswire_error)
    app.add_exception_handler(ClientDisconnect, client_gone)
    app.add_exception_handler(Abandoned, abandoned)


def _no_article(request: Request, exc: NoArticleError, message: str) -> Response:
    """400 or 422 (:func:`no_article_status`) with every input's stage and reason."""
    status = no_article_status(exc)
    if not wants_json(request.url.path, request.headers.get("accept", "")):
        return error_response(request, status, message)
    failures = [f.to_dict() for f in exc.failures]
    body = {"error": {"status": status, "message": message, "failures": failures}}
    return JSONResponse(body, status_code=status)


def without_location(message: str, location: str) -> str:
    """A storage message without the database's location (a server path or address)."""
    if not location:
        return message
    if message.startswith(f"{location}: "):
        message = message[len(location) + 2 :]
    return message.replace(location, "the database")


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's description, with the report contract's JSON Schema as ``ReportV1``."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    report = json.loads(
        json.dumps(load_schema()).replace('"#/$defs/', '"#/components/schemas/ReportV1/$defs/')
    )
    report.pop("$schema", None)
    report.pop("$id", None)
    schema.setdefault("components", {}).setdefault("schemas", {})["ReportV1"] = report
    app.openapi_schema = schema
    return schema
