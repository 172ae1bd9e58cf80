"""URLs: fetched with httpx behind a guard against internal addresses.

Before each request (the first and every redirect) the guard:

* accepts only ``http`` and ``https`` URLs with a host;
* resolves the host (``IngestOptions.resolver``, by default ``socket.getaddrinfo``,
  within ``IngestOptions.timeout`` seconds)
  and refuses the URL if **any** address it resolves to is not a public one:
  private, loopback, link-local, shared, reserved, multicast or unspecified,
  including IPv4 addresses hidden in IPv6 (mapped, 6to4, Teredo).

The request then connects to an address the guard approved, not to the name
(:mod:`crosswire.ingest.pinned`): a host whose DNS answer changes after the
check (DNS rebinding) cannot lead the fetch elsewhere. The peer address of
each connection is checked again; the Host header, the TLS server name and the
certificate check stay those of the host name.

Refused URLs raise :class:`~crosswire.errors.BlockedURLError`, unless
``IngestOptions.allow_private`` is set (addresses are still resolved once and
pinned). Redirects are followed by hand (at most ``max_redirects``) so that
each target is resolved, checked and pinned. Responses are read in chunks and
cut off past ``max_bytes``. A fetch as a whole, redirects included, ends by
``IngestOptions.deadline`` seconds; each network operation also by
``timeout``. Network failures, the deadline and HTTP error statuses raise
:class:`~crosswire.errors.FetchError`.

``IngestOptions.network`` is the network backend the connections go through
(tests pass one that reaches local servers). ``IngestOptions.transport``
replaces the whole transport (an ``httpx.MockTransport`` in tests): it
connects nowhere, so nothing is pinned, but the guard still checks each URL.
Proxies from the environment are not used (a proxy would resolve the name).
"""

from __future__ import annotations

import io
import ipaddress
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ..document import Article
from ..errors import BlockedURLError, FetchError, InputError, InputTooLargeError
from .common import IngestOptions, sniff_kind, system_resolver
from .pinned import Deadline, PeerAddressError, PinnedTransport

__all__ = ["Fetched", "check_address", "check_url", "fetch", "iter_url"]

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Fetched:
    """A fetched response body and what the server said about it."""

    url: str
    data: bytes
    content_type: str
    charset: str | None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    return None


def check_address(address: str) -> str | None:
    """Why an IP address may not be fetched (``None``: it is a public address)."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            reason = check_address(str(inner))
            if reason:
                return f"{ip} embeds {reason}"
    for flag in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private"):
        if getattr(ip, f"is_{flag}"):
            return f"{ip} is a {flag.replace('_', '-')} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def _host_and_port(url: str) -> tuple[str, int]:
    """The host (ASCII, as httpx connects to it) and port of an http(s) URL."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BlockedURLError(url, f"not a valid URL: {exc}") from exc
    if parts.scheme not in _DEFAULT_PORTS:
        raise BlockedURLError(url, f"only http and https URLs are fetched, not {parts.scheme!r}")
    if not parts.hostname:
        raise BlockedURLError(url, "the URL has no host")
    try:
        host = httpx.URL(url).raw_host.decode("ascii")
    except httpx.InvalidURL as exc:
        raise BlockedURLError(url, f"not a valid URL: {exc}") from exc
    if not host:
        raise BlockedURLError(url, "the URL has no host")
    return host.lower(), port or _DEFAULT_PORTS[parts.scheme]


def _resolve(url: str, host: str, port: int, options: IngestOptions) -> list[str]:
    """The addresses of ``host``, looked up within ``options.timeout`` seconds (the system's
    lookup has no time limit of its own, so it runs in a thread that is left behind when
    it does not answer in time)."""
    resolver = options.resolver or system_resolver
    answer: list[list[str]] = []
    failed: list[BaseException] = []

    def lookup() -> None:
        try:
            answer.append(list(resolver(host, port)))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            failed.append(exc)

    worker = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(options.timeout)
    if worker.is_alive():
        raise FetchError(url, f"cannot resolve {host}: no answer within {options.timeout:g} s")
    if failed:
        exc = failed[0]
        if isinstance(exc, (OSError, UnicodeError)):
            raise FetchError(url, f"cannot resolve {host}: {exc}") from exc
        raise exc
    return answer[0]


def check_url(url: str, *, options: IngestOptions) -> list[str]:
    """The addresses ``url`` may be fetched from; :class:`BlockedURLError` if none.

    See the module docstring. The host is resolved once; the fetch connects
    only to the addresses returned.
    """
    host, port = _host_and_port(url)
    try:
        addresses = [str(ipaddress.ip_address(host))]
        literal = True
    except ValueError:
        literal = False
        addresses = _resolve(url, host, port, options)
    if not addresses:
        raise FetchError(url, f"{host} resolves to no address")
    if options.allow_private:
        return addresses
    for address in addresses:
        reason = check_address(address)
        if reason:
            where = reason if literal else f"{host} resolves to {address}: {reason}"
            raise BlockedURLError(url, f"{where} (set allow_private to fetch it)")
    return addresses


def _read_body(
    response: httpx.Response, url: str, options: IngestOptions, deadline: Deadline
) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > options.max_bytes:
        raise InputTooLargeError(
            url, f"{int(declared):,} bytes is over the limit of {options.max_bytes:,} bytes"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > options.max_bytes:
            raise InputTooLargeError(
                url, f"more than {options.max_bytes:,} bytes (the limit); stopped reading"
            )
        if deadline.expired():
            raise FetchError(url, _past_deadline(options, size))
        chunks.append(chunk)
    return b"".join(chunks)


def _past_deadline(options: IngestOptions, size: int | None = None) -> str:
    got = "" if size is None else f" ({size:,} bytes read)"
    return f"not fetched within the deadline of {options.deadline:g} s{got}"


def _check_hop(url: str, current: str, options: IngestOptions) -> list[str]:
    """:func:`check_url` of one hop; a refused redirect names the URL given and the hop."""
    if current == url:
        return check_url(current, options=options)
    try:
        return check_url(current, options=options)
    except (BlockedURLError, FetchError) as exc:
        raise type(exc)(url, f"redirected to {current}: {exc.reason}") from exc


def fetch(url: str, *, options: IngestOptions | None = None) -> Fetched:
    """Fetch a URL through the guard, following checked redirects (see the module docstring)."""
    options = options or IngestOptions()
    headers = {
        "User-Agent": options.user_agent,
        "Accept": "text/html, application/xhtml+xml, "
        "application/rss+xml, application/atom+xml, text/plain;q=0.9, */*;q=0.5",
    }
    deadline = Deadline(options.deadline)
    pinned: PinnedTransport | None = None
    transport = options.transport
    if transport is None:
        pinned = PinnedTransport(
            deadline=deadline,
            check_address=None if options.allow_private else check_address,
            network=options.network,
        )
        transport = pinned
    current = url
    try:
        with httpx.Client(
            transport=transport,
            timeout=options.timeout,
            headers=headers,
            follow_redirects=False,
            trust_env=False,
        ) as client:
            for _ in range(options.max_redirects + 1):
                addresses = _check_hop(url, current, options)
                if pinned is not None:
                    pinned.pin(*_host_and_port(current), addresses)
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise FetchError(url, f"HTTP {response.status_code} without a Location")
                        current = urljoin(current, location)
                        logger.debug("%s: redirected to %s", url, current)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(url, f"HTTP {response.status_code} from {current}")
                    data = _read_body(response, url, options, deadline)
                    content_type = response.headers.get("content-type", "")
                    return Fetched(str(response.url), data, content_type, response.charset_encoding)
    except PeerAddressError as exc:
        raise BlockedURLError(url, str(exc)) from exc
    except httpx.TimeoutException as exc:
        if deadline.expired():
            raise FetchError(url, _past_deadline(options)) from exc
        raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc
    raise FetchError(url, f"more than {options.max_redirects} redirects")


def iter_url(url: str, *, options: IngestOptions | None = None) -> Iterator[Article | InputError]:
    """The article(s) at a URL: a page, a feed's entries, a text, JSON (lines), or a WARC file."""
    from .feed import iter_feed
    from .html import read_html
    from .jsonl import iter_json, iter_jsonl
    from .text import read_text_bytes
    from .warc import iter_warc

    options = options or IngestOptions()
    fetched = fetch(url, options=options)
    kind = sniff_kind(fetched.data, content_type=fetched.content_type)
    logger.debug("%s: %d bytes of %s (%s)", url, len(fetched.data), fetched.content_type, kind)
    if kind == "html":
        yield read_html(
            fetched.data, source=url, url=fetched.url, charset=fetched.charset, options=options
        )
    elif kind == "feed":
        yield from iter_feed(fetched.data, source=url, options=options)
    elif kind == "jsonl":
        yield from iter_jsonl(fetched.data, source=url, options=options)
    elif kind == "json":
        yield from iter_json(fetched.data, source=url, options=options)
    elif kind == "warc":
        yield from iter_warc(io.BytesIO(fetched.data), source=url, options=options)
    else:
        yield read_text_bytes(fetched.data, source=url, options=options, url=fetched.url)
