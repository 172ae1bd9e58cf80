"""Build the web app over a real SQLite store in a temporary folder, for the web tests.

``compare_read_only`` stands in for the full comparison where a test is about
the web layer, not the analysis: it reads the inputs as crosswire does (texts
as articles, files by path) and compares nothing, so no model is loaded. Tests
that need real claims save a hand-written report (``report_factory``) into the
store, and the seed tests run ``crosswire.api.compare`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from crosswire.document import Article
from crosswire.errors import InputError
from crosswire.report import Report
from crosswire.store import Store, open_store
from crosswire.web import WebSettings, create_app

BASE_URL = "http://127.0.0.1:8000"


def compare_read_only(inputs: Sequence[Any], *, options: Any = None) -> Report:
    """Read every input into an article (texts stay as given) and compare nothing."""
    articles: list[Article] = []
    for item in inputs:
        if isinstance(item, Article):
            articles.append(item)
        elif str(item).startswith(("http://", "https://")):
            raise InputError(str(item), "this test app fetches nothing")
        else:
            text = Path(item).read_text("utf-8")
            articles.append(Article.from_text(text, source=str(item)))
    return Report(articles=articles)


def make_app(
    tmp_path: Path, *, settings: WebSettings | None = None, compare: Any = compare_read_only
) -> tuple[FastAPI, Store]:
    store = open_store(tmp_path / "web.db")
    app = create_app(store=store, compare=compare, settings=settings or WebSettings())
    return app, store


def client(app: FastAPI, **kwargs: Any) -> httpx.AsyncClient:
    """An httpx client that talks to ``app`` in-process."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL, **kwargs)
