"""The web app over the real pipeline: the demo articles uploaded, compared and stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.api import demo_paths
from crosswire.report import validate
from crosswire.store import open_store
from crosswire.web import create_app
from web_support import client

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


async def test_web_seed_upload_compares_with_crosswire(tmp_path: Path) -> None:
    store = open_store(tmp_path / "web.db")
    try:
        app = create_app(store=store)  # crosswire.compare itself
        files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in demo_paths()]
        async with client(app, timeout=600) as http:
            response = await http.post("/compare.json", files=files)
            assert response.status_code == 201, response.text
            report = response.json()["report"]
            page = await http.get(response.json()["url"])
    finally:
        store.close()
    validate(report)
    assert [a["source"] for a in report["articles"]] == [p.name for p in demo_paths()]
    assert report["claims"] and report["groups"]
    assert {g["status"] for g in report["groups"]} >= {"corroborated", "single_source"}
    assert page.text.count('tabindex="0" role="button"') >= len(report["claims"]) // 2
