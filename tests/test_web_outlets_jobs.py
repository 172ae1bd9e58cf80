"""The web app: outlets named beside pasted texts, any number of texts, and how far a
comparison has got (/compare/jobs/{job}.json)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from crosswire.store import Store
from web_support import GatedCompare, client, make_app

pytestmark = pytest.mark.anyio

TEXT_A = "Officials said on Sunday that the bridge had reopened to traffic.\n"
TEXT_B = "The bridge remains closed, the city council said on Monday.\n"
TEXT_C = "LONDON (Reuters) - Engineers said the bridge would need another week of repairs.\n"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[FastAPI, Store]]:
    app, store = make_app(tmp_path)
    yield app, store
    store.close()


def _outlets(report: dict[str, Any]) -> dict[str, str | None]:
    return {a["source"]: a["outlet"] for a in report["articles"]}


async def test_web_outlets_json_outlets_parallel_to_texts(served: tuple[FastAPI, Store]) -> None:
    app, _ = served
    async with client(app) as http:
        response = await http.post(
            "/compare.json",
            json={"texts": [TEXT_A, TEXT_B, TEXT_C], "outlets": ["Example News", None]},
        )
    assert response.status_code == 201, response.text
    assert _outlets(response.json()["report"]) == {
        "pasted text 1": "Example News",
        "pasted text 2": None,
        "pasted text 3": "Reuters",  # read off its dateline
    }


async def test_web_outlets_more_outlets_than_texts_is_422(served: tuple[FastAPI, Store]) -> None:
    app, _ = served
    async with client(app) as http:
        response = await http.post(
            "/compare.json", json={"texts": [TEXT_A], "outlets": ["A", "B"]}
        )
    assert response.status_code == 422
    assert "2 outlets given for 1 texts" in response.json()["error"]["message"]


async def test_web_outlets_form_three_texts_keep_their_outlets(
    served: tuple[FastAPI, Store],
) -> None:
    app, store = served
    async with client(app) as http:
        response = await http.post(
            "/compare",
            data={
                "text": [TEXT_A, "", TEXT_B, TEXT_C],
                "outlet": ["Example News", "Ignored", "", "Wire copy"],
                "urls": "",
            },
        )
    assert response.status_code == 303
    report = store.get_report(response.headers["location"].rsplit("/", 1)[-1])
    assert _outlets(report) == {
        "pasted text 1": "Example News",
        "pasted text 2": None,
        "pasted text 3": "Wire copy",
    }


async def test_web_outlets_form_error_keeps_outlets(served: tuple[FastAPI, Store]) -> None:
    app, _ = served
    async with client(app) as http:
        response = await http.post(
            "/compare",
            data={"text": [TEXT_A, TEXT_B, TEXT_C], "outlet": ["A", "B <i>", "C"], "urls": "ftp://x"},
        )
    assert response.status_code == 400
    assert len(re.findall(r'<textarea id="cw-text-\d+" name="text"', response.text)) == 3
    assert 'value="B &lt;i&gt;"' in response.text


@pytest.mark.parametrize(("boxes", "shown"), [(None, 2), (4, 4), (500, 20)])
async def test_web_outlets_form_boxes(
    served: tuple[FastAPI, Store], boxes: int | None, shown: int
) -> None:
    app, _ = served
    async with client(app) as http:
        page = await http.get("/compare" + (f"?boxes={boxes}" if boxes else ""))
    assert len(re.findall(r'name="text"', page.text)) == shown
    assert len(re.findall(r'name="outlet"', page.text)) == shown
    if shown < 20:
        assert f'href="/compare?boxes={shown + 1}">Add another article</a>' in page.text
    else:
        assert "Add another article" not in page.text


async def _status_until(http: Any, job: str, state: str) -> dict[str, Any]:
    for _ in range(400):
        status: dict[str, Any] = (await http.get(f"/compare/jobs/{job}.json")).json()
        if status["state"] == state:
            return status
        await asyncio.sleep(0.025)
    raise AssertionError(f"job {job} never reached {state}: {status}")


async def test_web_outlets_job_status_while_running(tmp_path: Path) -> None:
    compare = GatedCompare(articles=3)
    app, store = make_app(tmp_path, compare=compare)
    job = "job-0123456789abcdef"
    try:
        async with client(app) as http:
            unknown = (await http.get(f"/compare/jobs/{job}.json")).json()
            assert unknown["state"] == "unknown"
            posted = asyncio.ensure_future(
                http.post("/compare.json", json={"texts": [TEXT_A, TEXT_B], "job": job})
            )
            running = await _status_until(http, job, "running")
            assert (running["step"], running["done"], running["total"]) == ("claims", 64, 200)
            assert running["message"] == (
                "Scoring the claims: 64 of 200 (articles analysed: 0 of 3)"
            )
            again = await http.post("/compare.json", json={"texts": [TEXT_A], "job": job})
            assert again.status_code == 409
            compare.gate.set()
            response = await posted
            assert response.status_code == 201
            done = await _status_until(http, job, "done")
            assert done["steps"]["save"] == [0, 2]
    finally:
        compare.gate.set()
        store.close()


async def test_web_outlets_job_id_checked(served: tuple[FastAPI, Store]) -> None:
    app, _ = served
    async with client(app) as http:
        status = await http.get("/compare/jobs/short.json")
        posted = await http.post("/compare.json", json={"texts": [TEXT_A], "job": "a b"})
    assert status.status_code == 422
    assert posted.status_code == 422


async def test_web_outlets_form_script_served(served: tuple[FastAPI, Store]) -> None:
    app, _ = served
    async with client(app) as http:
        page = await http.get("/compare")
        script = await http.get("/static/compare.js")
    assert '<script src="/static/compare.js" defer></script>' in page.text
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "/compare/jobs/" in script.text
