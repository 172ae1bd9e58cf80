"""Connections pinned to the address the URL guard approved, under one deadline.

httpx resolves a host name itself when it connects. A name whose DNS answer
changes between the guard's check and that second resolution (DNS rebinding)
would reach whatever address the second answer gives, a loopback or private
one included. :class:`PinnedTransport` closes that gap with httpcore's public
extension point, a custom :class:`httpcore.NetworkBackend`:

* :func:`crosswire.ingest.url.fetch` resolves and checks each URL (the first
  and every redirect), then :meth:`PinnedTransport.pin` s the approved
  addresses for that host and port;
* :class:`PinnedBackend` connects to one of those addresses, never to the
  name; a host and port without approved addresses is not connected to;
* after connecting it checks the peer address the socket reports: it must be
  the approved address and (unless private addresses are allowed) a public one;
* the Host header, the TLS server name (SNI) and the certificate check stay
  those of the host name: httpcore takes them from the URL, not from the
  address the backend connects to;
* every connect, TLS handshake, read and write gets at most the time left
  before the fetch's :class:`Deadline`, so a server that trickles bytes cannot
  hold a fetch past it.

Environment proxies are not used: a proxy resolves the name itself, out of the
guard's reach.
"""

from __future__ import annotations

import contextlib
import ipaddress
import ssl
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import httpcore
import httpx

__all__ = ["Deadline", "PeerAddressError", "PinnedBackend", "PinnedTransport"]


class Deadline:
    """A point in time (``time.monotonic``) ``seconds`` from now."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def clamp(self, timeout: float | None, error: type[httpcore.TimeoutException]) -> float:
        """``timeout`` cut to the time left; ``error`` when none is left."""
        left = self.remaining()
        if left <= 0:
            raise error(f"the deadline of {self.seconds:g} s for the whole fetch passed")
        return left if timeout is None else min(timeout, left)


class PeerAddressError(Exception):
    """A connection ended at an address the guard did not approve."""

    def __init__(self, host: str, port: int, peer: str, reason: str) -> None:
        self.host = host
        self.port = port
        self.peer = peer
        self.reason = reason
        super().__init__(f"the connection to {host}:{port} reached {peer}: {reason}")


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(
            ssl_context, server_hostname, self._deadline.clamp(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


def _same_address(peer: str, address: str) -> bool:
    try:
        return ipaddress.ip_address(peer.split("%", 1)[0]) == ipaddress.ip_address(
            address.split("%", 1)[0]
        )
    except ValueError:
        return False


class PinnedBackend(httpcore.NetworkBackend):
    """Connects a host name's requests to the addresses pinned for it (see the module docstring).

    ``pins`` maps ``(host, port)`` to the approved addresses (the transport
    fills it); ``check_address(address)`` says why a peer address may not be
    reached (``None``: it may); ``inner`` does the actual connecting
    (``None``: the system's sockets).
    """

    def __init__(
        self,
        pins: dict[tuple[str, int], tuple[str, ...]],
        *,
        deadline: Deadline,
        check_address: Callable[[str], str | None] | None,
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self._pins = pins
        self._deadline = deadline
        self._check_address = check_address
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get((host.lower(), port))
        if not addresses:
            raise httpcore.ConnectError(f"{host}:{port} has no address approved by the URL guard")
        failures: list[str] = []
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    timeout=self._deadline.clamp(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                if self._deadline.expired():
                    raise
                failures.append(f"{address}: {exc}")
                continue
            self._check_peer(stream, host, port, address)
            return _DeadlineStream(stream, self._deadline)
        raise httpcore.ConnectError(f"cannot connect to {host}:{port} ({'; '.join(failures)})")

    def _check_peer(
        self, stream: httpcore.NetworkStream, host: str, port: int, address: str
    ) -> None:
        peer_info = stream.get_extra_info("server_addr")
        peer = str(peer_info[0]) if isinstance(peer_info, tuple) and peer_info else ""
        if not peer:
            reason = "the socket does not say which address it reached"
        else:
            refused = self._check_address(peer) if self._check_address is not None else None
            if refused:
                reason = f"{refused}, not the approved address {address}"
            elif not _same_address(peer, address):
                reason = f"not the approved address {address}"
            else:
                return
        stream.close()
        raise PeerAddressError(host, port, peer or "an unknown address", reason)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError(f"{path}: URLs are not fetched over Unix sockets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


_HTTPCORE_TO_HTTPX: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
)


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    """httpcore's errors as the httpx errors they correspond to (the first match is the closest)."""
    try:
        yield
    except (
        httpcore.TimeoutException,
        httpcore.NetworkError,
        httpcore.ProtocolError,
        httpcore.UnsupportedProtocol,
    ) as exc:
        mapped = next(new for old, new in _HTTPCORE_TO_HTTPX if isinstance(exc, old))
        raise mapped(str(exc)) from exc


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport that connects only to pinned addresses (see the module docstring).

    One transport serves one fetch: ``deadline`` bounds all of it.
    ``check_address`` vets the peer address of each connection (``None``: any
    approved address will do, as when private addresses are allowed);
    ``network`` is the backend that reaches the network (``None``: the
    system's sockets).
    """

    def __init__(
        self,
        *,
        deadline: Deadline,
        check_address: Callable[[str], str | None] | None,
        network: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.pins: dict[tuple[str, int], tuple[str, ...]] = {}
        self.deadline = deadline
        backend = PinnedBackend(
            self.pins, deadline=deadline, check_address=check_address, inner=network
        )
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=backend, retries=0
        )

    def pin(self, host: str, port: int, addresses: Sequence[str]) -> None:
        """Let requests to ``host:port`` connect to ``addresses`` (and nowhere else)."""
        self.pins[(host.lower(), port)] = tuple(addresses)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):
            raise TypeError("PinnedTransport sends synchronous requests only")
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors():
            response = self._pool.handle_request(core_request)
        if not isinstance(response.stream, Iterable):
            raise TypeError("httpcore answered with an asynchronous body")
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()
