"""Build the web app over a real SQLite store in a temporary folder, for the web tests.

``compare_read_only`` stands in for the full comparison where a test is about
the web layer, not the analysis: it reads the inputs as crosswire does (texts
as articles, files by path) and compares nothing, so no model is loaded;
``fetch_nothing`` stands in for URL fetches, each of which fails. Tests
that need real claims save a hand-written report (``report_factory``) into the
store, and the seed tests run ``crosswire.api.compare`` itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from crosswire.document import Article
from crosswire.errors import InputError
from crosswire.report import Report
from crosswire.store import Store, open_store
from crosswire.web import WebSettings, create_app

BASE_URL = "http://127.0.0.1:8000"


def compare_read_only(
    inputs: Sequence[Any], *, options: Any = None, progress: Any = None
) -> Report:
    """Read every input into an article (texts stay as given) and compare nothing."""
    articles: list[Article] = []
    for item in inputs:
        if isinstance(item, Article):
            articles.append(item)
        else:
            text = Path(item).read_text("utf-8")
            articles.append(Article.from_text(text, source=str(item)))
    return Report(articles=articles)


def fetch_nothing(urls: list[str], options: Any = None) -> list[Article | InputError]:
    """Stands in for URL fetches: every URL fails (mocks stop at the network boundary)."""
    return [InputError(url, "this test app fetches nothing") for url in urls]


def make_app(
    tmp_path: Path,
    *,
    settings: WebSettings | None = None,
    compare: Any = compare_read_only,
    fetch: Any = fetch_nothing,
) -> tuple[FastAPI, Store]:
    store = open_store(tmp_path / "web.db")
    app = create_app(store=store, compare=compare, fetch=fetch, settings=settings or WebSettings())
    return app, store


def client(app: FastAPI, **kwargs: Any) -> httpx.AsyncClient:
    """An httpx client that talks to ``app`` in-process."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL, **kwargs)


@contextmanager
def uvicorn_serving(app: FastAPI) -> Iterator[int]:
    """``app`` under a real uvicorn on a free loopback port (yielded), stopped afterwards."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(10)


class GatedCompare:
    """A compare that reports some progress (``articles`` analysed of, by default, as many as
    it was given; 64 of 200 claims scored), then waits until the test opens ``gate`` and
    reads the inputs as :func:`compare_read_only` does."""

    def __init__(self, articles: int | None = None) -> None:
        self.gate = threading.Event()
        self.articles = articles

    def __call__(
        self, inputs: Sequence[Any], *, options: Any = None, progress: Any = None
    ) -> Report:
        progress("analyse", 0, len(inputs) if self.articles is None else self.articles)
        progress("claims", 64, 200)
        self.gate.wait(60)
        return compare_read_only(inputs, options=options, progress=progress)
