"""The guard: hostile articles stay text, tokens, hosts, cross-site writes, size limits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from crosswire.api import Options
from crosswire.errors import ConfigurationError
from crosswire.ingest import IngestOptions
from crosswire.store import Store, open_store
from crosswire.web import WebSettings, create_app, is_loopback
from crosswire.web.security import CSP
from net_support import PUBLIC, SequenceResolver, TestNetwork, page, redirect, serving
from report_factory import make_report
from web_support import client, make_app

pytestmark = pytest.mark.anyio

TOKEN = "s3cret-token-for-tests-0123456789"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[FastAPI, Store]]:
    app, store = make_app(tmp_path)
    yield app, store
    store.close()


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[FastAPI]:
    app, store = make_app(tmp_path, settings=WebSettings(host="0.0.0.0", token=TOKEN))
    yield app
    store.close()


@pytest.fixture
def small(tmp_path: Path) -> Iterator[FastAPI]:
    settings = WebSettings(
        max_request_bytes=4096, max_file_bytes=1024, max_text_chars=500, max_files=2, max_urls=2
    )
    app, store = make_app(tmp_path, settings=settings)
    yield app
    store.close()


# --- hostile articles --------------------------------------------------------------------


async def test_web_security_hostile_report_page_escaped(served: tuple[FastAPI, Store]) -> None:
    app, store = served
    report_id = store.save_report(make_report(hostile=True))
    async with client(app) as http:
        page = (await http.get(f"/reports/{report_id}")).text
    assert page.count("<script") == 2  # the JSON data block and /static/report.js
    for raw in ("<script>window.__pwned", "<img src=x onerror", 'href="javascript:', "<svg"):
        assert raw not in page


@pytest.mark.parametrize(
    "path", ["/", "/reports", "/articles", "/docs", "/index.json", "/static/report.js", "/nope"]
)
async def test_web_security_headers_on_every_response(
    served: tuple[FastAPI, Store], path: str
) -> None:
    async with client(served[0]) as http:
        response = await http.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


def test_web_security_csp_allows_only_self() -> None:
    assert "default-src 'none'" in CSP
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    assert "frame-ancestors 'none'" in CSP


# --- token --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/index.json", "/reports.json", "/openapi.json"])
async def test_web_security_token_required(guarded: FastAPI, path: str) -> None:
    async with client(guarded) as http:
        response = await http.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("token", ["wrong-token-0123456789", TOKEN[:-1], TOKEN + "x", ""])
async def test_web_security_wrong_token_refused(guarded: FastAPI, token: str) -> None:
    async with client(guarded, headers={"authorization": f"Bearer {token}"}) as http:
        response = await http.get("/index.json")
    assert response.status_code == 401


async def test_web_security_bearer_token_accepted(guarded: FastAPI) -> None:
    async with client(guarded, headers={"authorization": f"Bearer {TOKEN}"}) as http:
        response = await http.get("/index.json")
    assert response.status_code == 200


async def test_web_security_token_in_address_becomes_cookie(guarded: FastAPI) -> None:
    async with client(guarded) as http:
        first = await http.get(f"/reports?token={TOKEN}&offset=0")
        assert first.status_code == 303
        assert first.headers["location"] == "/reports?offset=0"
        assert "httponly" in first.headers["set-cookie"].lower()
        assert "samesite=strict" in first.headers["set-cookie"].lower()
        second = await http.get("/reports?offset=0")
    assert second.status_code == 200


# --- host and origin ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8000", 200),
        ("localhost:8000", 200),
        ("[::1]:8000", 200),
        ("evil.example", 400),
        ("evil.example:8000", 400),
        ("127.0.0.1.evil.example", 400),
    ],
)
async def test_web_security_host_checked_on_loopback(
    served: tuple[FastAPI, Store], host: str, status: int
) -> None:
    async with client(served[0]) as http:
        response = await http.get("/index.json", headers={"host": host})
    assert response.status_code == status


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
    ],
)
async def test_web_security_cross_site_write_refused(
    served: tuple[FastAPI, Store], headers: dict[str, str]
) -> None:
    async with client(served[0]) as http:
        response = await http.post("/compare.json", json={"texts": ["a b c"]}, headers=headers)
    assert response.status_code == 403


async def test_web_security_same_origin_write_allowed(served: tuple[FastAPI, Store]) -> None:
    headers = {"origin": "http://127.0.0.1:8000", "sec-fetch-site": "same-origin"}
    async with client(served[0]) as http:
        response = await http.post("/compare.json", json={"texts": ["A text."]}, headers=headers)
    assert response.status_code == 201


# --- size limits --------------------------------------------------------------------------


async def test_web_security_declared_body_over_limit(small: FastAPI) -> None:
    async with client(small) as http:
        response = await http.post("/compare.json", json={"texts": ["x" * 5000]})
    assert response.status_code == 413
    assert "the limit is 4.0 KiB (max_request_bytes)" in response.json()["error"]["message"]


async def test_web_security_streamed_body_over_limit(small: FastAPI) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"texts": ["'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"]}'

    async with client(small) as http:
        response = await http.post(
            "/compare.json", content=chunks(), headers={"content-type": "application/json"}
        )
    assert response.status_code == 413
    assert "max_request_bytes" in response.json()["error"]["message"]


async def test_web_security_file_over_limit(small: FastAPI) -> None:
    files = {"files": ("big.html", b"<p>" + b"x" * 2000 + b"</p>", "text/html")}
    async with client(small) as http:
        response = await http.post("/compare.json", files=files)
    assert response.status_code == 413
    message = response.json()["error"]["message"]
    assert "file big.html" in message and "max_file_bytes" in message


async def test_web_security_file_over_limit_form_says_why(small: FastAPI) -> None:
    files = {"files": ("big.html", b"x" * 2000, "text/html")}
    async with client(small) as http:
        response = await http.post("/compare", files=files)
    assert response.status_code == 413
    assert 'role="alert"' in response.text and "max_file_bytes" in response.text


@pytest.mark.parametrize(
    ("payload", "setting"),
    [
        ({"texts": ["y" * 501]}, "max_text_chars"),
        ({"urls": ["https://a.example/", "https://b.example/", "https://c.example/"]}, "max_urls"),
    ],
)
async def test_web_security_count_limits(
    small: FastAPI, payload: dict[str, list[str]], setting: str
) -> None:
    async with client(small) as http:
        response = await http.post("/compare.json", json=payload)
    assert response.status_code == 413
    assert setting in response.json()["error"]["message"]


async def test_web_security_too_many_files(small: FastAPI) -> None:
    files = [("files", (f"{n}.txt", b"some text", "text/plain")) for n in range(3)]
    async with client(small) as http:
        response = await http.post("/compare.json", files=files)
    assert response.status_code == 413
    assert "max_files" in response.json()["error"]["message"]


# --- URL fetches -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "why"),
    [("/secret", "HTTP 404 from"), ("/start", "rebind.example resolves to 127.0.0.1")],
    ids=["direct", "redirect"],
)
async def test_web_security_rebinding_url_never_reaches_loopback(
    tmp_path: Path, path: str, why: str
) -> None:
    """A name that answers a public address, then 127.0.0.1, through the real compare.

    The public site (the test network's public address) has no ``/secret``:
    the direct fetch gets its 404; the redirect's second lookup is refused.
    """
    secret = "internal admin page: the secret is 0xC0FFEE"
    with serving({"/secret": page(secret)}) as internal, serving({}) as public:
        url = f"http://rebind.example:{internal.port}"
        public.routes["/start"] = redirect(f"{url}/secret")
        resolver = SequenceResolver({"rebind.example": [[PUBLIC], ["127.0.0.1"]]})
        network = TestNetwork(routes={(PUBLIC, internal.port): public.port}, resolver=resolver)
        options = Options(ingest=IngestOptions(resolver=resolver, network=network))
        with open_store(tmp_path / "web.db") as store:
            app = create_app(store=store, options=options)
            async with client(app) as http:
                response = await http.post("/compare.json", json={"urls": [f"{url}{path}"]})
    assert response.status_code == 400
    assert why in response.json()["error"]["message"]
    assert "0xC0FFEE" not in response.text
    assert internal.seen == []
    assert network.connects == [(PUBLIC, internal.port)]


# --- settings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("::", False),
        ("example.org", False),
    ],
)
def test_web_security_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "example.org"])
def test_web_security_public_host_needs_token(host: str) -> None:
    with pytest.raises(ConfigurationError, match="give an API token"):
        WebSettings(host=host)


def test_web_security_short_token_refused() -> None:
    with pytest.raises(ConfigurationError, match="at least 16 characters"):
        WebSettings(token="short")


def test_web_security_serve_refuses_before_binding(tmp_path: Path) -> None:
    from crosswire.web import serve

    with pytest.raises(ConfigurationError):
        serve(host="0.0.0.0", port=0, db=tmp_path / "x.db", token=None)
    assert not (tmp_path / "x.db").exists()
