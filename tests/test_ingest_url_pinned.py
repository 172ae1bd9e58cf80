"""Fetches connect to the address the guard approved, and end by one deadline.

Real servers on 127.0.0.1 stand for the internal page and for the public
site; the resolver and the network backend are injected through
``IngestOptions`` (see ``net_support``). Nothing leaves the machine.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from crosswire.errors import BlockedURLError, FetchError
from crosswire.ingest import IngestOptions, read
from crosswire.ingest.url import fetch
from net_support import (
    PUBLIC,
    SequenceResolver,
    TestNetwork,
    page,
    redirect,
    self_signed,
    serving,
    silent,
    trickle,
)

SECRET = "internal admin page: the secret is 0xC0FFEE"
PUBLIC_PAGE = (
    "<html><head><title>Ferry news</title></head><body><article>"
    + "<p>The ferry to the island sailed at dawn, the harbour office said on Monday.</p>" * 3
    + "</article></body></html>"
)


def test_ingest_url_pinned_rebinding_name_gets_the_approved_address() -> None:
    """The name answers a public address, then 127.0.0.1: the fetch stays on the public one."""
    with (
        serving({"/secret": page(SECRET)}) as internal,
        serving({"/secret": page(PUBLIC_PAGE)}) as public,
    ):
        resolver = SequenceResolver({"rebind.example": [[PUBLIC], ["127.0.0.1"]]})
        # A transport that connected by name would resolve it again here and reach 127.0.0.1.
        network = TestNetwork(routes={(PUBLIC, internal.port): public.port}, resolver=resolver)
        options = IngestOptions(resolver=resolver, network=network)
        fetched = fetch(f"http://rebind.example:{internal.port}/secret", options=options)
    assert "ferry to the island" in fetched.data.decode()
    assert network.connects == [(PUBLIC, internal.port)]
    assert resolver.asked == ["rebind.example"]
    assert internal.seen == []
    assert [(s.path, s.host) for s in public.seen] == [
        ("/secret", f"rebind.example:{internal.port}")
    ]


def test_ingest_url_pinned_rebinding_on_a_redirect_is_refused() -> None:
    """Each hop is resolved again: the second answer, 127.0.0.1, is refused."""
    with serving({"/secret": page(SECRET)}) as internal, serving({}) as public:
        url = f"http://rebind.example:{internal.port}"
        public.routes["/start"] = redirect(f"{url}/secret")
        resolver = SequenceResolver({"rebind.example": [[PUBLIC], ["127.0.0.1"]]})
        network = TestNetwork(routes={(PUBLIC, internal.port): public.port}, resolver=resolver)
        options = IngestOptions(resolver=resolver, network=network)
        with pytest.raises(BlockedURLError, match="rebind.example resolves to 127.0.0.1") as caught:
            read(f"{url}/start", options=options)
    assert caught.value.source == f"{url}/start"
    assert internal.seen == []
    assert network.connects == [(PUBLIC, internal.port)]


def test_ingest_url_pinned_peer_address_is_checked() -> None:
    """A connection that ends at 127.0.0.1 although the guard approved a public address."""
    with serving({"/": page(SECRET)}) as internal:
        resolver = SequenceResolver({"news.example": [[PUBLIC]]})
        network = TestNetwork(routes={(PUBLIC, 80): internal.port}, disguise=False)
        options = IngestOptions(resolver=resolver, network=network)
        with pytest.raises(BlockedURLError, match=r"reached 127\.0\.0\.1: .*loopback"):
            fetch("http://news.example/", options=options)
    assert internal.seen == []


def test_ingest_url_pinned_unroutable_address_is_a_fetch_error() -> None:
    resolver = SequenceResolver({"news.example": [[PUBLIC]]})
    options = IngestOptions(resolver=resolver, network=TestNetwork())
    with pytest.raises(FetchError, match="no route in the test network"):
        fetch("http://news.example/", options=options)


@pytest.mark.parametrize("host", ["127.0.0.1", "local.test"])
def test_ingest_url_pinned_loopback_allowed_fetches(host: str) -> None:
    """With ``allow_private`` a local server is fetched over the real network."""
    with serving({"/story": page(PUBLIC_PAGE)}) as server:
        resolver = SequenceResolver({"local.test": [["127.0.0.1"]]})
        options = IngestOptions(allow_private=True, resolver=resolver)
        [article] = read(f"http://{host}:{server.port}/story", options=options)
    assert "ferry to the island" in article.raw_text
    assert [(s.path, s.host) for s in server.seen] == [("/story", f"{host}:{server.port}")]


def test_ingest_url_pinned_loopback_refused_without_allow_private() -> None:
    with serving({"/story": page(PUBLIC_PAGE)}) as server:
        resolver = SequenceResolver({"local.test": [["127.0.0.1"]]})
        with pytest.raises(BlockedURLError, match="loopback"):
            fetch(
                f"http://local.test:{server.port}/story", options=IngestOptions(resolver=resolver)
            )
    assert server.seen == []


@pytest.mark.parametrize("handler", [trickle(), silent()], ids=["trickles-bytes", "never-answers"])
def test_ingest_url_pinned_deadline_ends_a_slow_fetch(handler: object) -> None:
    """Every read is within ``timeout``; only the deadline for the whole fetch stops it."""
    with serving({"/slow": handler}) as server:  # type: ignore[dict-item]
        options = IngestOptions(allow_private=True, timeout=30.0, deadline=0.5)
        with pytest.raises(FetchError, match="deadline of 0.5 s") as caught:
            fetch(f"http://127.0.0.1:{server.port}/slow", options=options)
    assert caught.value.source == f"http://127.0.0.1:{server.port}/slow"


@pytest.mark.parametrize("deadline", [0, -1.0])
def test_ingest_url_pinned_deadline_must_be_positive(deadline: float) -> None:
    with pytest.raises(ValueError, match="deadline must be positive"):
        IngestOptions(deadline=deadline)


needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@needs_openssl
def test_ingest_url_pinned_tls_keeps_the_host_name(tmp_path: Path) -> None:
    """Connected to the pinned address, TLS still sends and checks the host name."""
    server_tls, client_tls = self_signed(tmp_path, "news.test")
    with serving({"/story": page(PUBLIC_PAGE)}, tls=server_tls) as server:
        resolver = SequenceResolver({"news.test": [["127.0.0.1"]]})
        network = TestNetwork(trust=client_tls)
        options = IngestOptions(allow_private=True, resolver=resolver, network=network)
        fetched = fetch(f"https://news.test:{server.port}/story", options=options)
    assert "ferry to the island" in fetched.data.decode()
    assert network.connects == [("127.0.0.1", server.port)]
    assert server.sni == ["news.test"]
    assert [s.host for s in server.seen] == [f"news.test:{server.port}"]


@needs_openssl
def test_ingest_url_pinned_tls_certificate_of_another_name_is_refused(tmp_path: Path) -> None:
    server_tls, client_tls = self_signed(tmp_path, "news.test")
    with serving({"/story": page(PUBLIC_PAGE)}, tls=server_tls) as server:
        resolver = SequenceResolver({"other.test": [["127.0.0.1"]]})
        network = TestNetwork(trust=client_tls)
        options = IngestOptions(allow_private=True, resolver=resolver, network=network)
        with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED|certificate"):
            fetch(f"https://other.test:{server.port}/story", options=options)
    assert server.seen == []


def test_ingest_url_pinned_lookup_without_answer_is_a_fetch_error() -> None:
    """A name lookup that never answers ends the fetch by the per-operation timeout."""
    release = threading.Event()
    asked: list[str] = []

    def hanging(host: str, port: int) -> list[str]:
        asked.append(host)
        release.wait(30)
        return [PUBLIC]

    options = IngestOptions(resolver=hanging, network=TestNetwork(), timeout=0.2)
    try:
        with pytest.raises(FetchError, match=r"cannot resolve news\.example: no answer within 0\.2 s"):
            fetch("http://news.example/", options=options)
    finally:
        release.set()
    assert asked == ["news.example"]
