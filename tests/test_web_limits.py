"""What one web comparison may cost: 413 over its limits, its own bounded pool, 429 when full,
URLs fetched outside the pool, work abandoned past the deadline or when the client goes."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from crosswire.api import compare as api_compare
from crosswire.document import Article
from crosswire.errors import InputError
from crosswire.report import Report
from crosswire.web import WebSettings
from web_support import client, compare_read_only, make_app, uvicorn_serving

pytestmark = pytest.mark.anyio

TEXT_A = "Officials said on Sunday that the bridge had reopened to traffic.\n"
TEXT_B = "The bridge remains closed, the city council said on Monday.\n"
TEXT_C = "Engineers found cracks in the bridge's supports last week, the agency said.\n"


class Blocking:
    """A compare function that holds its worker until released, counting its calls."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def __call__(self, inputs: list[Any], *, options: Any = None, progress: Any = None) -> Report:
        self.calls += 1
        self.started.set()
        assert self.release.wait(20), "never released"
        return compare_read_only(inputs, options=options, progress=progress)


async def _until(check: Callable[[], bool], seconds: float = 20) -> None:
    with anyio.fail_after(seconds):
        while not check():
            await anyio.sleep(0.01)


async def _in_background(
    tasks: anyio.abc.TaskGroup, request: Callable[[], Awaitable[httpx.Response]]
) -> dict[str, httpx.Response]:
    answer: dict[str, httpx.Response] = {}

    async def run() -> None:
        answer["response"] = await request()

    tasks.start_soon(run)
    return answer


def _admitted(app: Any) -> int:
    return int(app.state.crosswire.comparisons.admitted)


# --- limits of one comparison ----------------------------------------------------------------


async def test_web_limits_too_many_inputs_is_413_before_comparing(tmp_path: Path) -> None:
    blocking = Blocking()
    app, _ = make_app(tmp_path, compare=blocking, settings=WebSettings(max_texts=2))
    async with client(app) as http:
        response = await http.post("/compare.json", json={"texts": [TEXT_A, TEXT_B, TEXT_C]})
    assert response.status_code == 413
    assert "3 texts, URLs, files and stored articles given" in response.json()["error"]["message"]
    assert "(max_texts)" in response.json()["error"]["message"]
    assert blocking.calls == 0


async def test_web_limits_pasted_characters_over_the_total_is_413(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, settings=WebSettings(max_total_chars=100))
    async with client(app) as http:
        response = await http.post("/compare.json", json={"texts": [TEXT_A, TEXT_B]})
    assert response.status_code == 413
    message = response.json()["error"]["message"]
    assert "pasted text 2 brings the comparison to 126 characters" in message
    assert "(max_total_chars)" in message


async def test_web_limits_uploaded_text_over_the_total_is_413_naming_the_file(
    tmp_path: Path,
) -> None:
    """The real comparison counts uploads once read, and refuses before any analysis."""
    app, store = make_app(tmp_path, compare=api_compare, settings=WebSettings(max_total_chars=100))
    files = [("files", ("long.txt", (TEXT_A + TEXT_B + TEXT_C).encode(), "text/plain"))]
    async with client(app) as http:
        response = await http.post("/compare.json", data={"text": [TEXT_A]}, files=files)
        form = await http.post("/compare", data={"text": [TEXT_A]}, files=files)
    assert response.status_code == 413
    message = response.json()["error"]["message"]
    assert message.startswith("long.txt: brings the comparison to")
    assert "(max_total_chars)" in message and str(tmp_path) not in message
    assert form.status_code == 413 and "max_total_chars" in form.text
    assert store.list_reports() == []


# --- the comparison pool ---------------------------------------------------------------------


async def test_web_limits_full_pool_is_429_with_retry_after(tmp_path: Path) -> None:
    blocking = Blocking()
    settings = WebSettings(compare_workers=1, compare_queue=0)
    app, store = make_app(tmp_path, compare=blocking, settings=settings)
    async with client(app) as http, anyio.create_task_group() as tasks:
        first = await _in_background(
            tasks, lambda: http.post("/compare.json", json={"texts": [TEXT_A]})
        )
        await _until(blocking.started.is_set)
        refused = await http.post("/compare.json", json={"texts": [TEXT_B]})
        form = await http.post("/compare", data={"text": [TEXT_B]})
        blocking.release.set()
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert "(compare_workers + compare_queue)" in refused.json()["error"]["message"]
    assert form.status_code == 429 and "retry-after" in form.headers
    assert first["response"].status_code == 201
    assert blocking.calls == 1 and len(store.list_reports()) == 1


async def test_web_limits_reads_are_answered_while_a_comparison_runs(tmp_path: Path) -> None:
    blocking = Blocking()
    app, _ = make_app(tmp_path, compare=blocking)
    async with client(app) as http, anyio.create_task_group() as tasks:
        first = await _in_background(
            tasks, lambda: http.post("/compare.json", json={"texts": [TEXT_A]})
        )
        await _until(blocking.started.is_set)
        reads = [await http.get("/articles.json") for _ in range(5)]
        still_running = "response" not in first
        blocking.release.set()
    assert [r.status_code for r in reads] == [200] * 5
    assert still_running
    assert first["response"].status_code == 201


async def test_web_limits_url_fetches_run_outside_the_comparison_pool(tmp_path: Path) -> None:
    """A URL that takes its time holds no comparison worker: a text comparison goes first."""
    fetching, fetched = threading.Event(), threading.Event()

    def slow_fetch(urls: list[str], options: Any = None) -> list[Article | InputError]:
        fetching.set()
        assert fetched.wait(20), "never released"
        return [Article.from_text(TEXT_C, source=url) for url in urls]

    settings = WebSettings(compare_workers=1, compare_queue=1)
    app, _ = make_app(tmp_path, fetch=slow_fetch, settings=settings)
    async with client(app) as http, anyio.create_task_group() as tasks:
        slow = await _in_background(
            tasks, lambda: http.post("/compare.json", json={"urls": ["https://example.org/a"]})
        )
        await _until(fetching.is_set)
        quick = await http.post("/compare.json", json={"texts": [TEXT_A, TEXT_B]})
        quick_done_first = "response" not in slow
        fetched.set()
    assert quick.status_code == 201 and quick_done_first
    assert slow["response"].status_code == 201
    sources = [a["source"] for a in slow["response"].json()["report"]["articles"]]
    assert sources == ["https://example.org/a"]


# --- abandoned work ----------------------------------------------------------------------------


async def test_web_limits_deadline_is_503_and_nothing_is_saved(tmp_path: Path) -> None:
    """The running comparison is dropped at its next step; the waiting one never runs."""
    blocking = Blocking()
    settings = WebSettings(compare_workers=1, compare_queue=1, compare_deadline=0.3)
    app, store = make_app(tmp_path, compare=blocking, settings=settings)
    async with client(app) as http, anyio.create_task_group() as tasks:
        running = await _in_background(
            tasks, lambda: http.post("/compare.json", json={"texts": [TEXT_A]})
        )
        await _until(blocking.started.is_set)
        waiting = await http.post("/compare.json", json={"texts": [TEXT_B]})
    assert running["response"].status_code == 503
    assert waiting.status_code == 503
    message = running["response"].json()["error"]["message"]
    assert "longer than 0.3 s (compare_deadline) and was abandoned" in message
    assert _admitted(app) == 1  # the running one keeps its place until it stops
    blocking.release.set()
    await _until(lambda: _admitted(app) == 0)
    assert blocking.calls == 1
    assert store.list_reports() == [] and store.count_articles() == 0


def _post_and_leave(port: int, texts: list[str]) -> socket.socket:
    body = json.dumps({"texts": texts}).encode()
    head = (
        f"POST /compare.json HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(head.encode() + body)
    return sock


def _wait(check: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_web_limits_client_gone_abandons_its_comparison(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Through a real server: the running comparison saves nothing, the waiting one never runs."""
    caplog.set_level(logging.INFO, logger="crosswire")
    blocking = Blocking()
    settings = WebSettings(compare_workers=1, compare_queue=1)
    app, store = make_app(tmp_path, compare=blocking, settings=settings)
    with uvicorn_serving(app) as port:
        running = _post_and_leave(port, [TEXT_A])
        _wait(blocking.started.is_set)
        waiting = _post_and_leave(port, [TEXT_B])
        _wait(lambda: _admitted(app) == 2)
        running.close()
        waiting.close()
        _wait(lambda: caplog.text.count("its comparison was abandoned") == 2)
        blocking.release.set()
        _wait(lambda: _admitted(app) == 0)
    assert blocking.calls == 1
    assert store.list_reports() == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
