"""The web app over the real compare: dropped inputs listed by uploaded name; 400 or 422."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from crosswire.analyse import AnalysisOptions
from crosswire.api import Options
from crosswire.document import article_to_dict
from crosswire.report import validate
from crosswire.store import Store, open_store
from crosswire.web import create_app
from languages import KOREAN, one_line_text
from web_support import client

pytestmark = pytest.mark.anyio

TEXT = "Officials said on Sunday that the bridge had reopened to traffic after repairs.\n"
UPLOAD_FOLDER = "crosswire-upload-"


@pytest.fixture
def real(tmp_path: Path) -> Iterator[tuple[FastAPI, Store]]:
    store = open_store(tmp_path / "web.db")
    options = Options(analysis=AnalysisOptions(checkworthiness="none"))
    yield create_app(store=store, options=options), store  # crosswire.compare itself
    store.close()


@pytest.fixture(scope="module")
def big_upload(seed_paths: list[Path]) -> tuple[str, bytes, str]:
    """A 1.5 MB one-line text file (under max_file_bytes, over the analysis limit)."""
    return ("big.txt", one_line_text(seed_paths[1], 1_500_000).encode(), "text/plain")


async def test_web_compare_upload_over_analysis_limit_is_listed(
    real: tuple[FastAPI, Store], big_upload: tuple[str, bytes, str]
) -> None:
    app, store = real
    files = [("files", big_upload), ("files", ("bridge.txt", TEXT.encode(), "text/plain"))]
    async with client(app, timeout=600) as http:
        response = await http.post("/compare.json", files=files)
        page = await http.get(response.json()["url"])
    assert response.status_code == 201, response.text
    report = response.json()["report"]
    validate(report)
    assert [a["source"] for a in report["articles"]] == ["bridge.txt"]
    assert [(f["source"], f["stage"]) for f in report["failures"]] == [("big.txt", "parse")]
    assert "over the analysis limit" in report["failures"][0]["reason"]
    assert UPLOAD_FOLDER not in response.text
    assert "big.txt" in page.text and "Inputs that could not be read or analysed" in page.text
    stored = store.get_report(response.json()["id"])
    assert stored["failures"] == report["failures"]


async def test_web_compare_nothing_analysed_is_422_with_the_reasons(
    real: tuple[FastAPI, Store], big_upload: tuple[str, bytes, str]
) -> None:
    app, store = real
    async with client(app, timeout=600) as http:
        response = await http.post("/compare.json", files=[("files", big_upload)])
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["status"] == 422
    assert [(f["source"], f["stage"]) for f in error["failures"]] == [("big.txt", "parse")]
    assert "no article could be analysed" in error["message"]
    assert "big.txt" in error["message"] and UPLOAD_FOLDER not in response.text
    assert store.list_reports() == []


async def test_web_compare_form_nothing_analysed_shows_the_reasons(
    real: tuple[FastAPI, Store], big_upload: tuple[str, bytes, str]
) -> None:
    async with client(real[0], timeout=600) as http:
        response = await http.post("/compare", data={"urls": ""}, files=[("files", big_upload)])
    assert response.status_code == 422
    assert "big.txt" in response.text and "over the analysis limit" in response.text
    assert UPLOAD_FOLDER not in response.text


async def test_web_compare_nothing_read_is_400_with_the_reasons(
    real: tuple[FastAPI, Store],
) -> None:
    files = [("files", ("empty.txt", b"  \n", "text/plain"))]
    async with client(real[0], timeout=600) as http:
        response = await http.post("/compare.json", files=files)
    assert response.status_code == 400
    error = response.json()["error"]
    assert [f["source"] for f in error["failures"]] == ["empty.txt"]
    assert UPLOAD_FOLDER not in response.text


async def test_web_compare_jsonl_upload_stored_under_its_own_name(
    real: tuple[FastAPI, Store],
) -> None:
    app, store = real
    lines = [json.dumps({"text": TEXT, "outlet": "A"}), "{not json", json.dumps({"text": KOREAN})]
    upload = ("wire.jsonl", "\n".join(lines).encode(), "application/jsonl")
    async with client(app, timeout=600) as http:
        response = await http.post("/compare.json", files=[("files", upload)])
    assert response.status_code == 201, response.text
    report = response.json()["report"]
    assert [a["source"] for a in report["articles"]] == ["wire.jsonl:1", "wire.jsonl:3"]
    assert [f["source"] for f in report["failures"]] == ["wire.jsonl:2"]
    assert [(w["source"], w["stage"]) for w in report["warnings"]] == [("wire.jsonl:3", "language")]
    stored = store.list_articles()
    assert sorted(a.source for a in stored) == ["wire.jsonl:1", "wire.jsonl:3"]
    full = [article_to_dict(store.get_article(a.id)) for a in stored]
    assert UPLOAD_FOLDER not in json.dumps(full, ensure_ascii=False)
    assert UPLOAD_FOLDER not in response.text


async def test_web_report_page_shows_language_warning(real: tuple[FastAPI, Store]) -> None:
    async with client(real[0], timeout=600) as http:
        response = await http.post("/compare.json", json={"texts": [TEXT, KOREAN]})
        page = await http.get(response.json()["url"])
    assert response.status_code == 201, response.text
    assert "Warnings" in page.text and "written in Korean" in page.text
