"""Comparing through the web: pasted texts, uploaded files, stored articles, JSON or a form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from crosswire.document import Article
from crosswire.report import validate
from crosswire.store import Store
from web_support import client, make_app

pytestmark = pytest.mark.anyio

TEXT_A = "Officials said on Sunday that the bridge had reopened to traffic.\n"
TEXT_B = "The bridge remains closed, the city council said on Monday.\n"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[FastAPI, Store]]:
    app, store = make_app(tmp_path)
    yield app, store
    store.close()


async def test_web_compare_json_texts(served: tuple[FastAPI, Store]) -> None:
    app, store = served
    async with client(app) as http:
        response = await http.post("/compare.json", json={"texts": [TEXT_A, TEXT_B]})
    assert response.status_code == 201
    body = response.json()
    validate(body["report"])
    assert [a["source"] for a in body["report"]["articles"]] == ["pasted text 1", "pasted text 2"]
    assert response.headers["location"] == f"/reports/{body['id']}.json"
    assert store.get_report(body["id"]) == body["report"]


async def test_web_compare_stores_articles(served: tuple[FastAPI, Store]) -> None:
    app, store = served
    async with client(app) as http:
        await http.post("/compare.json", json={"texts": [TEXT_A, TEXT_B]})
    assert store.count_articles() == 2


async def test_web_compare_title_kept(served: tuple[FastAPI, Store]) -> None:
    app, store = served
    async with client(app) as http:
        response = await http.post("/compare.json", json={"texts": [TEXT_A], "title": "Bridge"})
        page = await http.get(response.json()["url"])
    assert store.list_reports()[0].title == "Bridge"
    assert "<h1>Bridge</h1>" in page.text


async def test_web_compare_form_redirects_to_report(served: tuple[FastAPI, Store]) -> None:
    app, store = served
    async with client(app) as http:
        response = await http.post(
            "/compare",
            data={"text": [TEXT_A, TEXT_B], "urls": ""},
            files={"files": ("", b"", "application/octet-stream")},
        )
    assert response.status_code == 303
    report_id = store.list_reports()[0].id
    assert response.headers["location"] == f"/reports/{report_id}"


async def test_web_compare_upload_named_as_uploaded(served: tuple[FastAPI, Store]) -> None:
    app, _ = served
    files = [
        ("files", ("../../etc/a story.txt", TEXT_A.encode(), "text/plain")),
        ("files", ("b.txt", TEXT_B.encode(), "text/plain")),
    ]
    async with client(app) as http:
        response = await http.post("/compare.json", files=files)
    assert response.status_code == 201
    sources = [a["source"] for a in response.json()["report"]["articles"]]
    assert sources == ["a story.txt", "b.txt"]


async def test_web_compare_stored_articles(served: tuple[FastAPI, Store]) -> None:
    app, store = served
    ids = []
    for n, text in enumerate([TEXT_A, TEXT_B]):
        article = Article.from_text(text, source=f"{n}.txt", outlet=f"Outlet {n}")
        store.add_article(article)
        ids.append(article.id)
    async with client(app) as http:
        response = await http.post("/compare", data={"article_id": ids})
        report = store.get_report(store.list_reports()[0].id)
    assert response.status_code == 303
    assert [a["outlet"] for a in report["articles"]] == ["Outlet 0", "Outlet 1"]


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({}, 400, "nothing to compare"),
        ({"texts": ["   "]}, 400, "nothing to compare"),
        ({"urls": ["ftp://example.org/a"]}, 400, "URL 1 is not an http(s) address"),
        ({"urls": ["https://example.org/a"]}, 400, "this test app fetches nothing"),
        ({"texts": "not a list"}, 422, "invalid request: texts"),
        ({"article_ids": ["0000"]}, 404, "no stored article"),
    ],
)
async def test_web_compare_json_errors(
    served: tuple[FastAPI, Store], payload: dict[str, object], status: int, message: str
) -> None:
    async with client(served[0]) as http:
        response = await http.post("/compare.json", json=payload)
    assert response.status_code == status
    assert message in response.json()["error"]["message"]


async def test_web_compare_form_error_keeps_what_was_typed(served: tuple[FastAPI, Store]) -> None:
    async with client(served[0]) as http:
        response = await http.post(
            "/compare", data={"text": ["", ""], "urls": "ftp://x/<b>", "title": "My <title>"}
        )
    assert response.status_code == 400
    assert "URL 1 is not an http(s) address" in response.text
    assert "ftp://x/&lt;b&gt;</textarea>" in response.text
    assert 'value="My &lt;title&gt;"' in response.text


async def test_web_compare_wrong_content_type(served: tuple[FastAPI, Store]) -> None:
    async with client(served[0]) as http:
        response = await http.post(
            "/compare.json", content=b"hello", headers={"content-type": "text/plain"}
        )
    assert response.status_code == 415


async def test_web_compare_openapi_documents_the_contract(served: tuple[FastAPI, Store]) -> None:
    async with client(served[0]) as http:
        api = (await http.get("/openapi.json")).json()
    assert api["components"]["schemas"]["ReportV1"]["required"][:2] == [
        "schema_version",
        "articles",
    ]
    body = api["paths"]["/compare.json"]["post"]["requestBody"]["content"]
    assert sorted(body) == ["application/json", "multipart/form-data"]
    report = api["paths"]["/reports/{report_id}.json"]["get"]["responses"]["200"]
    assert report["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ReportV1"
    }


async def test_web_compare_docs_page_lists_endpoints(served: tuple[FastAPI, Store]) -> None:
    async with client(served[0]) as http:
        page = (await http.get("/docs")).text
    for path in ("/compare.json", "/reports/{report_id}.json", "/articles.json"):
        assert f"<code>{path}</code>" in page


THREE = (
    "Harbour reopens after storm\n\nThe port of Marlow reopened on Tuesday after a storm closed "
    "it for three days, the harbour office said. Two ferries sailed in the afternoon.\n",
    "Ferries sail again\n\nFerries left Marlow on Tuesday afternoon for the first time since "
    "Saturday, when the storm shut the port. The harbour master said repairs to the pier would "
    "take a month.\n",
    "Storm damage in Marlow\n\nThe storm that closed Marlow's port for three days damaged the "
    "pier, officials said on Tuesday. The council will meet on Friday to discuss the cost.\n",
)


async def test_web_compare_same_claims_by_every_route(tmp_path: Path) -> None:
    """The same three articles give the same claims through the API on files (the CLI's path),
    the web's pasted texts, and the web's "compare the selected articles"."""
    from crosswire.api import compare

    paths = []
    for number, text in enumerate(THREE, start=1):
        path = tmp_path / f"{number}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    by_files = [[c.text for c in a.claims] for a in compare(paths).articles]
    app, store = make_app(tmp_path, compare=compare)
    async with client(app) as http:
        pasted = await http.post("/compare.json", json={"texts": list(THREE)})
        ids = [a["id"] for a in pasted.json()["report"]["articles"]]
        selected = await http.post("/compare.json", json={"article_ids": ids})
    assert pasted.status_code == 201 and selected.status_code == 201
    for response in (pasted, selected):
        report = response.json()["report"]
        claims = [[c["text"] for c in report["claims"] if c["article"] == a["id"]]
                  for a in report["articles"]]
        assert claims == by_files
    assert all(by_files)
    store.close()
