"""Errors and logs: 422 for out-of-range numbers, no server paths, no tokens, quiet disconnects."""

from __future__ import annotations

import html
import io
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from crosswire.store import Store
from crosswire.web import WebSettings
from crosswire.web.server import REDACTED, RedactTokens, server_options
from web_support import client, make_app

pytestmark = pytest.mark.anyio

TOKEN = "s3cret-token-for-tests-0123456789"
LISTINGS = ["/reports.json", "/reports", "/articles.json", "/articles"]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[FastAPI, Store]]:
    app, store = make_app(tmp_path)
    yield app, store
    store.close()


# --- out-of-range parameters ------------------------------------------------------------------


@pytest.mark.parametrize("path", LISTINGS)
@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("offset=9223372036854775808", "offset"),
        ("offset=1000000001", "offset"),
        ("offset=-1", "offset"),
        ("offset=1e3", "offset"),
        ("limit=9223372036854775808", "limit"),
        ("limit=0", "limit"),
    ],
)
async def test_web_errors_out_of_range_parameter_is_422(
    served: tuple[FastAPI, Store], path: str, query: str, name: str
) -> None:
    async with client(served[0]) as http:
        response = await http.get(f"{path}?{query}", headers={"accept": "application/json"})
    assert response.status_code == 422
    assert f"query.{name}" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", LISTINGS)
async def test_web_errors_largest_offset_is_an_empty_page(
    served: tuple[FastAPI, Store], path: str
) -> None:
    async with client(served[0]) as http:
        response = await http.get(f"{path}?offset=1000000000")
    assert response.status_code == 200


# --- no server paths --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/reports/nope.json", "no saved report with id 'nope'"),
        ("/reports/nope", "no saved report with id 'nope'"),
        ("/reports/nope.md", "no saved report with id 'nope'"),
        ("/articles/nope.json", "no stored article with id 'nope'"),
        ("/articles/nope", "no stored article with id 'nope'"),
    ],
)
async def test_web_errors_404_names_the_id_not_the_database(
    served: tuple[FastAPI, Store], tmp_path: Path, path: str, message: str
) -> None:
    async with client(served[0]) as http:
        response = await http.get(path)
    assert response.status_code == 404
    text = html.unescape(response.text)
    assert message in text
    assert str(tmp_path) not in text and "web.db" not in text


async def test_web_errors_unknown_article_id_in_compare_names_no_path(
    served: tuple[FastAPI, Store], tmp_path: Path
) -> None:
    async with client(served[0]) as http:
        response = await http.post("/compare.json", json={"article_ids": ["nope"]})
    assert response.status_code == 404
    assert "no stored article with id 'nope'" in response.json()["error"]["message"]
    assert str(tmp_path) not in response.text


# --- client disconnects ------------------------------------------------------------------------


async def test_web_errors_client_gone_mid_upload_logged_quietly(
    served: tuple[FastAPI, Store], caplog: pytest.LogCaptureFixture
) -> None:
    """The ASGI app itself, as a server drives it, with a client that leaves mid-body."""
    body = b'--xx\r\nContent-Disposition: form-data; name="text"\r\n\r\nOfficials said'
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/compare.json",
        "raw_path": b"/compare.json",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"multipart/form-data; boundary=xx"),
            (b"content-length", b"100000"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    messages = iter(
        [
            {"type": "http.request", "body": body, "more_body": True},
            {"type": "http.disconnect"},
        ]
    )

    async def receive() -> dict[str, Any]:
        return next(messages)

    async def send(message: dict[str, Any]) -> None:
        return None

    caplog.set_level(logging.DEBUG)
    await served[0](scope, receive, send)  # raises nothing
    assert [r.levelno for r in caplog.records if r.name.startswith("crosswire")] == [logging.INFO]
    assert "client went away" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert served[1].list_reports() == []


# --- tokens in the logs -----------------------------------------------------------------------


def test_web_errors_redact_tokens_filter_on_an_access_record() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/reports?limit=5&token={TOKEN}&offset=0", "1.1", 303), None,
    )  # fmt: skip
    assert RedactTokens().filter(record)
    line = record.getMessage()
    assert TOKEN not in line
    assert f"/reports?limit=5&token={REDACTED}&offset=0" in line


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[tuple[int, Store, io.StringIO]]:
    """The app under a real uvicorn, configured as ``crosswire serve`` configures it.

    uvicorn's own log handlers (with their filters) write into the ``StringIO``.
    """
    app, store = make_app(tmp_path, settings=WebSettings(token=TOKEN))
    server = uvicorn.Server(uvicorn.Config(app, **server_options(host="127.0.0.1", port=0)))
    logged = io.StringIO()
    for name in ("uvicorn", "uvicorn.access"):
        for handler in logging.getLogger(name).handlers:
            if type(handler) is logging.StreamHandler:
                handler.setStream(logged)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield port, store, logged
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
            logging.getLogger(name).handlers.clear()
            logging.getLogger(name).filters.clear()


def test_web_errors_token_never_in_the_served_logs(
    live_server: tuple[int, Store, io.StringIO],
) -> None:
    port, _, logged = live_server
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base) as http:
        assert http.get(f"/index.json?token={TOKEN}").status_code == 200
        assert http.get(f"/reports?token={TOKEN}&limit=5").status_code == 303
    assert httpx.get(f"{base}/index.json?token=wrong-guess-0123456789").status_code == 401
    time.sleep(0.2)
    lines = logged.getvalue()
    assert f"GET /index.json?token={REDACTED} HTTP/1.1" in lines
    assert f"GET /reports?token={REDACTED}&limit=5 HTTP/1.1" in lines
    assert TOKEN not in lines and "wrong-guess" not in lines


def test_web_errors_served_client_disconnect_is_one_quiet_line(
    live_server: tuple[int, Store, io.StringIO], caplog: pytest.LogCaptureFixture
) -> None:
    port, store, logged = live_server
    caplog.set_level(logging.INFO, logger="crosswire")
    head = (
        f"POST /compare.json HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {TOKEN}\r\n"
        "Content-Type: multipart/form-data; boundary=xx\r\nContent-Length: 100000\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(head.encode() + b'--xx\r\nContent-Disposition: form-data; name="text"\r\n\r\n')
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    while "client went away" not in caplog.text:
        assert time.monotonic() < deadline, "the disconnect was never logged"
        time.sleep(0.05)
    time.sleep(0.2)
    assert "Exception in ASGI application" not in logged.getvalue() + caplog.text
    assert "Traceback" not in logged.getvalue()
    assert '"POST /compare.json HTTP/1.1" 500' not in logged.getvalue()
    assert [r.levelno for r in caplog.records if "went away" in r.getMessage()] == [logging.INFO]
    assert store.list_reports() == []
