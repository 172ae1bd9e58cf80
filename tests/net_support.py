"""Real local HTTP(S) servers and a test network, for the URL-fetch tests.

Nothing here leaves the machine. :class:`LocalServer` is a real HTTP server on
127.0.0.1 that records what reaches it. :class:`TestNetwork` is the network
boundary handed to the fetch (``IngestOptions.network``): it routes a few
made-up public addresses to local servers (reporting the public address as the
peer, as a router would) and refuses every other non-loopback address, so the
tests cannot reach the internet. :class:`SequenceResolver` answers a name with
one address list after another, as a rebinding DNS server does.
"""

from __future__ import annotations

import ipaddress
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpcore

PUBLIC = "93.184.216.34"  # a public address; the test network routes it to a local server


@dataclass
class Seen:
    """One request that reached a :class:`LocalServer`."""

    path: str
    host: str
    sni: str | None


Handler = Callable[[BaseHTTPRequestHandler], None]


def page(
    body: str, *, status: int = 200, content_type: str = "text/html; charset=utf-8"
) -> Handler:
    def send(request: BaseHTTPRequestHandler) -> None:
        data = body.encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    return send


def redirect(location: str) -> Handler:
    def send(request: BaseHTTPRequestHandler) -> None:
        request.send_response(302)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return send


def trickle(*, every: float = 0.05, limit: float = 10.0) -> Handler:
    """Headers at once, then one byte every ``every`` seconds for up to ``limit`` seconds."""

    def send(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/plain; charset=utf-8")
        request.end_headers()
        request.wfile.flush()
        stop = time.monotonic() + limit
        try:
            while time.monotonic() < stop:
                request.wfile.write(b"x")
                request.wfile.flush()
                time.sleep(every)
        except OSError:
            return  # the client went away

    return send


def silent(*, limit: float = 10.0) -> Handler:
    """Never answer (for up to ``limit`` seconds)."""

    def send(request: BaseHTTPRequestHandler) -> None:
        time.sleep(limit)

    return send


class LocalServer:
    """A real HTTP server on 127.0.0.1 (HTTPS with ``tls``); ``routes`` maps paths to handlers."""

    def __init__(self, routes: dict[str, Handler], *, tls: ssl.SSLContext | None = None) -> None:
        self.routes = routes
        self.seen: list[Seen] = []
        self.sni: list[str | None] = []
        owner = self

        class Request(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                sni = getattr(self.connection, "crosswire_sni", None)
                owner.seen.append(Seen(self.path, self.headers.get("Host", ""), sni))
                owner.routes.get(self.path, page("not here", status=404))(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        if tls is not None:

            def remember(sock: ssl.SSLObject | ssl.SSLSocket, name: str | None, _: Any) -> None:
                owner.sni.append(name)
                sock.crosswire_sni = name  # type: ignore[union-attr]

            tls.sni_callback = remember
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Request)
        self.server.daemon_threads = True
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def serving(
    routes: dict[str, Handler], *, tls: ssl.SSLContext | None = None
) -> Iterator[LocalServer]:
    with LocalServer(routes, tls=tls) as server:
        yield server


class SequenceResolver:
    """A resolver (``IngestOptions.resolver``) that answers each name from a list, in turn."""

    def __init__(self, answers: dict[str, Sequence[list[str]]]) -> None:
        self.answers = {name: list(lists) for name, lists in answers.items()}
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        lists = self.answers.get(host)
        if not lists:
            raise OSError(f"unknown host {host}")
        return lists.pop(0) if len(lists) > 1 else lists[0]


class _PeerStream(httpcore.NetworkStream):
    """A stream that reports ``peer`` as the address it reached (what a router shows)."""

    def __init__(self, stream: httpcore.NetworkStream, peer: tuple[str, int]) -> None:
        self._stream = stream
        self._peer = peer

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _PeerStream(
            self._stream.start_tls(ssl_context, server_hostname, timeout), self._peer
        )

    def get_extra_info(self, info: str) -> Any:
        return self._peer if info == "server_addr" else self._stream.get_extra_info(info)


class _TrustingStream(_PeerStream):
    """A stream whose TLS handshake trusts the test certificate (the host name check stays on)."""

    def __init__(self, stream: httpcore.NetworkStream, trust: ssl.SSLContext) -> None:
        super().__init__(stream, stream.get_extra_info("server_addr"))
        self._trust = trust

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return self._stream.start_tls(self._trust, server_hostname, timeout)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


@dataclass
class TestNetwork(httpcore.NetworkBackend):
    """The network boundary for tests (see the module docstring).

    ``routes`` maps ``(address, port)`` to a local port; ``disguise`` reports the
    routed address as the peer (a router), otherwise the peer is 127.0.0.1 as
    it really is. A host *name* is resolved with ``resolver``, as the system
    would, so a transport that connected by name would follow a rebinding
    answer. ``trust`` replaces the TLS context's trust store (the host name
    check stays).
    """

    __test__ = False

    routes: dict[tuple[str, int], int] = field(default_factory=dict)
    disguise: bool = True
    resolver: Callable[[str, int], list[str]] | None = None
    trust: ssl.SSLContext | None = None
    connects: list[tuple[str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        self.connects.append((host, port))
        address = host
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if self.resolver is None:
                raise httpcore.ConnectError(f"{host}: the test network resolves no names") from None
            address = self.resolver(host, port)[0]
        stream: httpcore.NetworkStream
        if (address, port) in self.routes:
            local = self.routes[(address, port)]
            stream = self._inner.connect_tcp("127.0.0.1", local, timeout=timeout)
            if self.disguise:
                stream = _PeerStream(stream, (address, port))
        elif ipaddress.ip_address(address).is_loopback:
            stream = self._inner.connect_tcp(address, port, timeout=timeout)
        else:
            raise httpcore.ConnectError(f"{address}:{port}: no route in the test network")
        return _TrustingStream(stream, self.trust) if self.trust is not None else stream


def self_signed(folder: Path, name: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context with a self-signed certificate for ``name``; a client one trusting it."""
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}",
            "-addext", f"subjectAltName=DNS:{name}",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,digitalSignature,keyCertSign",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client
