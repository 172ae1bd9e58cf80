"""URLs: fetched through an injected transport, behind the private-address guard."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from crosswire.errors import BlockedURLError, FetchError, InputTooLargeError
from crosswire.ingest import IngestOptions, read, read_many
from crosswire.ingest.url import check_address

PAGE = (
    "<html><head><title>Kim weeps</title><meta property='og:site_name' content='Example News'>"
    "</head><body><article>"
    + "<p>Kim Jong-un was visibly emotional during a ceremony commemorating soldiers who "
    "perished while fighting for Russia in Ukraine, state media showed on Sunday.</p>"
    * 3
    + "</article></body></html>"
)
FEED = (
    "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
    "<item><title>One</title><description>First entry text.</description></item>"
    "<item><title>Two</title><description>Second entry text.</description></item>"
    "</channel></rss>"
)
DNS = {
    "news.example": ["93.184.216.34"],
    "cdn.example": ["2606:2800:220:1:248:1893:25c8:1946"],
    "intranet.example": ["10.0.0.7"],
    "mixed.example": ["93.184.216.34", "192.168.1.20"],
    "localhost": ["127.0.0.1", "::1"],
}


def resolver(host: str, port: int) -> list[str]:
    if host not in DNS:
        raise OSError(f"unknown host {host}")
    return DNS[host]


def options(handler: Callable[[httpx.Request], httpx.Response], **kwargs: object) -> IngestOptions:
    return IngestOptions(
        transport=httpx.MockTransport(handler),
        resolver=resolver,
        **kwargs,  # type: ignore[arg-type]
    )


def serve(routes: dict[str, httpx.Response]) -> Callable[[httpx.Request], httpx.Response]:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return routes.get(str(request.url), httpx.Response(404))

    handler.seen = seen  # type: ignore[attr-defined]
    return handler


def html(body: str = PAGE) -> httpx.Response:
    return httpx.Response(200, text=body, headers={"content-type": "text/html; charset=utf-8"})


def test_ingest_url_fetches_a_page() -> None:
    handler = serve({"https://news.example/kim": html()})
    [article] = read("https://news.example/kim", options=options(handler))
    assert "visibly emotional" in article.raw_text
    assert article.source == "https://news.example/kim"
    assert article.url == "https://news.example/kim"
    assert article.outlet == "Example News"


def test_ingest_url_sends_the_user_agent() -> None:
    agents: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        agents.append(request.headers["user-agent"])
        return html()

    read("https://news.example/kim", options=options(handler, user_agent="tester/1"))
    assert agents == ["tester/1"]


def test_ingest_url_feed_by_content_type() -> None:
    handler = serve(
        {
            "https://news.example/rss": httpx.Response(
                200, content=FEED.encode(), headers={"content-type": "application/rss+xml"}
            )
        }
    )
    articles = read("https://news.example/rss", options=options(handler))
    assert [a.raw_text for a in articles] == ["First entry text.", "Second entry text."]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1/admin", "loopback"),
        ("http://[::1]:8080/", "loopback"),
        ("http://localhost/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://intranet.example/wiki", "private"),
        ("http://mixed.example/", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://100.64.0.1/", "not a public address"),
        ("file:///etc/passwd", "only http and https"),
        ("ftp://news.example/file.txt", "only http and https"),
    ],
)
def test_ingest_url_guard_refuses_internal_addresses(url: str, why: str) -> None:
    handler = serve({})
    with pytest.raises(BlockedURLError, match=why) as caught:
        read(url, options=options(handler))
    assert caught.value.source == url
    assert handler.seen == []  # type: ignore[attr-defined]


def test_ingest_url_guard_checks_every_redirect() -> None:
    handler = serve(
        {
            "https://news.example/short": httpx.Response(
                302, headers={"location": "http://10.0.0.7/x"}
            ),
        }
    )
    with pytest.raises(BlockedURLError, match="private"):
        read("https://news.example/short", options=options(handler))
    assert handler.seen == ["https://news.example/short"]  # type: ignore[attr-defined]


def test_ingest_url_follows_public_redirects() -> None:
    handler = serve(
        {
            "https://news.example/a": httpx.Response(301, headers={"location": "/b"}),
            "https://news.example/b": httpx.Response(
                302, headers={"location": "https://cdn.example/c"}
            ),
            "https://cdn.example/c": html(),
        }
    )
    [article] = read("https://news.example/a", options=options(handler))
    assert article.url == "https://cdn.example/c"


def test_ingest_url_too_many_redirects() -> None:
    handler = serve(
        {
            "https://news.example/loop": httpx.Response(
                302, headers={"location": "https://news.example/loop"}
            )
        }
    )
    with pytest.raises(FetchError, match="more than 2 redirects"):
        read("https://news.example/loop", options=options(handler, max_redirects=2))


def test_ingest_url_allow_private() -> None:
    handler = serve({"http://10.0.0.7/story": html()})
    [article] = read("http://10.0.0.7/story", options=options(handler, allow_private=True))
    assert "visibly emotional" in article.raw_text


@pytest.mark.parametrize("status", [403, 404, 500])
def test_ingest_url_http_error_status(status: int) -> None:
    handler = serve({"https://news.example/x": httpx.Response(status)})
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        read("https://news.example/x", options=options(handler))


def test_ingest_url_network_error_is_a_fetch_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(FetchError, match="ConnectError"):
        read("https://news.example/x", options=options(handler))


def test_ingest_url_unresolvable_host() -> None:
    with pytest.raises(FetchError, match="cannot resolve nowhere.example"):
        read("https://nowhere.example/", options=options(serve({})))


@pytest.mark.parametrize("declared", [True, False])
def test_ingest_url_body_over_the_limit(declared: bool) -> None:
    body = b"<html><body>" + b"<p>word</p>" * 500 + b"</body></html>"

    def handler(request: httpx.Request) -> httpx.Response:
        if declared:
            return httpx.Response(200, content=body, headers={"content-type": "text/html"})
        return httpx.Response(
            200, content=iter([body[:3000], body[3000:]]), headers={"content-type": "text/html"}
        )

    with pytest.raises(InputTooLargeError):
        read("https://news.example/big", options=options(handler, max_bytes=2000))


def test_ingest_url_failures_do_not_stop_a_batch() -> None:
    handler = serve({"https://news.example/kim": html()})
    items = list(
        read_many(
            ["http://127.0.0.1/", "https://news.example/missing", "https://news.example/kim"],
            options=options(handler),
        )
    )
    assert [type(item).__name__ for item in items] == ["BlockedURLError", "FetchError", "Article"]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("192.168.0.1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("224.0.0.1", False),
        ("2002:7f00:1::1", False),  # 6to4 around 127.0.0.1
        ("not-an-ip", False),
    ],
)
def test_ingest_url_check_address(address: str, public: bool) -> None:
    assert (check_address(address) is None) is public
