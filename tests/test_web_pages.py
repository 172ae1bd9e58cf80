"""Every page renders, and every page has a JSON twin that says the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from crosswire.document import Article
from crosswire.store import Store
from crosswire.web.routes import router
from report_factory import make_report
from web_support import client, make_app

pytestmark = pytest.mark.anyio

TWINS = {"/": "/index.json", "/docs": "/openapi.json"}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[FastAPI, Store, dict[str, str]]]:
    app, store = make_app(tmp_path)
    report = make_report()
    article = Article.from_text(
        report["articles"][0]["raw_text"], source="gb.txt", outlet="GB News"
    )
    store.add_article(article)
    ids = {"report": store.save_report(report, title="Kim and Kursk"), "article": article.id}
    yield app, store, ids
    store.close()


def _pages() -> list[str]:
    return [
        r.path
        for r in router.routes
        if isinstance(r, APIRoute)
        and "GET" in r.methods
        and not r.include_in_schema
        and not r.path.startswith("/static")
        and not r.path.endswith((".md", ".html"))
    ]


def _fill(path: str, ids: dict[str, str]) -> str:
    return path.replace("{report_id}", ids["report"]).replace("{article_id}", ids["article"])


def _twin(path: str) -> str:
    return TWINS.get(path, path + ".json")


def test_web_pages_listed() -> None:
    assert sorted(_pages()) == sorted(
        [
            "/",
            "/compare",
            "/reports",
            "/reports/{report_id}",
            "/articles",
            "/articles/{article_id}",
            "/docs",
        ]
    )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/compare",
        "/reports",
        "/reports/{report_id}",
        "/articles",
        "/articles/{article_id}",
        "/docs",
    ],
)
async def test_web_pages_render_html(
    served: tuple[FastAPI, Store, dict[str, str]], path: str
) -> None:
    app, _, ids = served
    async with client(app) as http:
        response = await http.get(_fill(path, ids))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text.startswith("<!doctype html>")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/compare",
        "/reports",
        "/reports/{report_id}",
        "/articles",
        "/articles/{article_id}",
        "/docs",
    ],
)
async def test_web_pages_have_json_twin(
    served: tuple[FastAPI, Store, dict[str, str]], path: str
) -> None:
    app, _, ids = served
    async with client(app) as http:
        page = await http.get(_fill(path, ids))
        twin = await http.get(_fill(_twin(path), ids))
    assert twin.status_code == 200
    assert twin.headers["content-type"] == "application/json"
    assert isinstance(twin.json(), dict)
    assert f'href="{_fill(_twin(path), ids)}' in page.text


async def test_web_pages_report_json_is_the_stored_report(
    served: tuple[FastAPI, Store, dict[str, str]],
) -> None:
    app, _, ids = served
    async with client(app) as http:
        response = await http.get(f"/reports/{ids['report']}.json")
    assert response.json() == make_report()


async def test_web_pages_report_page_shows_claims(
    served: tuple[FastAPI, Store, dict[str, str]],
) -> None:
    app, _, ids = served
    async with client(app) as http:
        response = await http.get(f"/reports/{ids['report']}")
    assert 'id="claim-c2" tabindex="0" role="button"' in response.text
    assert '<script src="/static/report.js"></script>' in response.text


@pytest.mark.parametrize(
    ("suffix", "media", "needle"),
    [
        (".md", "text/markdown; charset=utf-8", "## ✗ Contested claims"),
        ("/standalone.html", "text/html; charset=utf-8", "Content-Security-Policy"),
    ],
)
async def test_web_pages_report_downloads(
    served: tuple[FastAPI, Store, dict[str, str]], suffix: str, media: str, needle: str
) -> None:
    app, _, ids = served
    async with client(app) as http:
        response = await http.get(f"/reports/{ids['report']}{suffix}")
    assert response.status_code == 200
    assert response.headers["content-type"] == media
    assert needle in response.text


async def test_web_pages_standalone_download_keeps_its_own_policy(
    served: tuple[FastAPI, Store, dict[str, str]],
) -> None:
    app, _, ids = served
    async with client(app) as http:
        response = await http.get(f"/reports/{ids['report']}/standalone.html")
    assert "script-src 'sha256-" in response.headers["content-security-policy"]
    assert response.headers["content-disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/reports/nope", "text/html"),
        ("/reports/nope.json", "application/json"),
        ("/articles/nope", "text/html"),
        ("/articles/nope.json", "application/json"),
        ("/reports/nope.md", "text/html"),
        ("/static/secret.py", "text/html"),
    ],
)
async def test_web_pages_unknown_id_is_404(
    served: tuple[FastAPI, Store, dict[str, str]], path: str, kind: str
) -> None:
    async with client(served[0]) as http:
        response = await http.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(kind)


async def test_web_pages_error_json_names_the_id(
    served: tuple[FastAPI, Store, dict[str, str]],
) -> None:
    async with client(served[0]) as http:
        response = await http.get("/reports/nope.json")
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == 404
    assert "'nope'" in error["message"]


@pytest.mark.parametrize("name", ["report.css", "report.js", "web.css"])
async def test_web_pages_static_assets(
    served: tuple[FastAPI, Store, dict[str, str]], name: str
) -> None:
    async with client(served[0]) as http:
        response = await http.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_web_pages_listing_pages(tmp_path: Path) -> None:
    app, store = make_app(tmp_path)
    try:
        for n in range(3):
            store.add_article(
                Article.from_text(f"Article number {n} says something.", source=f"{n}.txt")
            )
        async with client(app) as http:
            first = (await http.get("/articles.json?limit=2")).json()
            second = (await http.get("/articles.json?limit=2&offset=2")).json()
    finally:
        store.close()
    assert [len(first["articles"]), first["next"], first["total"]] == [2, 2, 3]
    assert [len(second["articles"]), second["next"]] == [1, None]


async def test_web_pages_comparisons_list_their_counts(
    served: tuple[FastAPI, Store, dict[str, str]],
) -> None:
    app, store, ids = served
    saved = store.get_report(ids["report"])
    statuses = [g["status"] for g in saved["groups"]]
    async with client(app) as http:
        page = await http.get("/reports")
        listed = (await http.get("/reports.json")).json()
    counts = {"claims": len(saved["claims"]), "corroborated": statuses.count("corroborated"),
              "contested": statuses.count("contested"),
              "single_source": statuses.count("single_source")}
    entry = next(r for r in listed["reports"] if r["id"] == ids["report"])
    assert entry["counts"] == counts
    assert "<th scope=\"col\">✓ Corroborated</th>" in page.text
    row = page.text[page.text.index(f'href="/reports/{ids["report"]}"'):]
    row = row[: row.index("</tr>")]
    assert f"<td>{counts['claims']}</td><td>{counts['corroborated']}</td>" in row
