"""What every route of the web app shares: the app's state and small helpers (a module of
its own, so that the routes and the app that mounts them need not import each other)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
from starlette.responses import Response

from .. import NoArticleError, Report, Store
from .inputs import FetchFn, fetch_urls
from .jobs import Comparisons
from .settings import WebSettings

if TYPE_CHECKING:
    from .. import Options

__all__ = ["AppState", "CompareFn", "no_article_status", "paged", "read_static"]

CompareFn = Callable[..., Report]
"""``compare(inputs, *, options=None, progress=None) -> Report``, as
:func:`crosswire.api.compare` (``progress`` may raise to stop the work)."""


@dataclass
class AppState:
    """What every route needs; kept on ``app.state.crosswire``."""

    store: Store
    compare: CompareFn
    options: Options | None
    settings: WebSettings
    env: jinja2.Environment
    fetch: FetchFn = fetch_urls
    #: whether the app loads the comparison's models as it starts (the API's own compare)
    warm_up: bool = False
    #: Where comparisons run (see :mod:`crosswire.web.jobs`); made from ``settings``.
    comparisons: Comparisons = field(init=False)

    def __post_init__(self) -> None:
        self.comparisons = Comparisons(self.settings)

    def render(self, name: str, status: int = 200, **context: Any) -> Response:
        html = self.env.get_template(name).render(**context)
        return Response(html, status_code=status, media_type="text/html; charset=utf-8")


def no_article_status(exc: NoArticleError) -> int:
    """400 when no input could be read, 422 when inputs were read but none could be analysed."""
    return 422 if exc.step == "analyse" else 400


def static_files() -> dict[str, tuple[str, str]]:
    """The files ``/static`` serves: name -> (package folder, media type)."""
    return {
        "report.css": ("crosswire.report:templates", "text/css"),
        "report.js": ("crosswire.report:templates", "text/javascript"),
        "web.css": ("crosswire.web:static", "text/css"),
        "compare.js": ("crosswire.web:static", "text/javascript"),
    }


def read_static(name: str) -> tuple[str, str]:
    """The text and media type of a static file, or ``KeyError``."""
    where, media = static_files()[name]
    package, folder = where.split(":")
    text = resources.files(package).joinpath(folder, name).read_text("utf-8")
    return text, media


def paged(items: Iterable[Any], limit: int, offset: int, *, more: bool) -> dict[str, Any]:
    """Links to the previous and next pages of a listing."""
    return {
        "limit": limit,
        "offset": offset,
        "previous": max(0, offset - limit) if offset > 0 else None,
        "next": offset + limit if more else None,
        "count": len(list(items)),
    }
