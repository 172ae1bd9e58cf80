"""How the web app runs: where it listens, who may use it, and how much it accepts."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from .. import ConfigurationError, Limits

__all__ = ["WebSettings", "is_loopback"]

MB = 1024 * 1024
_LIMITS = Limits()


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) only reaches this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, kw_only=True)
class WebSettings:
    """Settings of the web app, checked when made.

    ``host``, ``port``
        where the server listens; ``127.0.0.1`` by default;
    ``token``
        the API token; required when ``host`` is not a loopback address. With a
        token set, every request must carry it: ``Authorization: Bearer TOKEN``,
        or once ``?token=TOKEN`` in a browser (the app then keeps it in a cookie);
    ``max_request_bytes``
        the largest request body accepted (all texts and files together);
    ``max_file_bytes``
        the largest single uploaded file;
    ``max_files``, ``max_urls``
        how many files and URLs one comparison may take;
    ``max_text_chars``
        the longest pasted text;
    ``max_texts``
        how many articles one comparison may take, of every kind together
        (texts, URLs, files, stored articles, and the articles a feed or JSONL
        file brings): 20;
    ``max_total_chars``
        how many characters of text one comparison may take, all articles
        together: 300,000 (about a minute of analysis on two cores; see
        :class:`crosswire.api.Limits`). A request over either is answered 413;
    ``compare_workers``
        comparisons run at once, in a pool of their own (1);
    ``compare_queue``
        comparisons that may wait for a worker (4); one more is answered 429
        with ``Retry-After``;
    ``compare_deadline``
        seconds a comparison may take from the moment it is admitted, its
        waiting and URL fetches included (300); past it the request is answered
        503 and the work abandoned (see :mod:`crosswire.web.jobs`);
    ``page_size``
        how many rows a listing shows;
    ``allowed_hosts``
        extra ``Host`` header names to accept (the loopback names and ``host``
        always are); on a loopback address any other name is refused, which
        stops DNS-rebinding pages from reaching the app.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_request_bytes: int = 25 * MB
    max_file_bytes: int = 5 * MB
    max_files: int = 20
    max_urls: int = 20
    max_text_chars: int = 1_000_000
    max_texts: int = _LIMITS.max_texts
    max_total_chars: int = _LIMITS.max_total_chars
    compare_workers: int = 1
    compare_queue: int = 4
    compare_deadline: float = 300.0
    page_size: int = 50
    allowed_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < 16:
            raise ConfigurationError(
                "the API token must be at least 16 characters long "
                "(make one with: python -c 'import secrets; print(secrets.token_urlsafe())')"
            )
        if not self.loopback and not self.token:
            raise ConfigurationError(
                f"serving on {self.host} reaches other machines: give an API token "
                "(--token or CROSSWIRE_TOKEN), or bind 127.0.0.1"
            )
        if not 0 <= self.port <= 65535:
            raise ConfigurationError(f"port must lie in 0..65535, not {self.port}")
        for name in (
            "max_request_bytes",
            "max_file_bytes",
            "max_files",
            "max_urls",
            "max_text_chars",
            "max_texts",
            "max_total_chars",
            "compare_workers",
            "page_size",
        ):
            if getattr(self, name) < 1:
                raise ConfigurationError(f"{name} must be at least 1, not {getattr(self, name)}")
        if self.compare_queue < 0:
            raise ConfigurationError(f"compare_queue must be 0 or more, not {self.compare_queue}")
        if not self.compare_deadline > 0:
            raise ConfigurationError(
                f"compare_deadline must be a positive number of seconds, "
                f"not {self.compare_deadline}"
            )
        if self.max_file_bytes > self.max_request_bytes:
            raise ConfigurationError("max_file_bytes cannot exceed max_request_bytes")

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def host_allowed(self, header: str) -> bool:
        """Whether a request's ``Host`` header names this server."""
        if not self.loopback:
            return True  # reachable under any name; the token guards it
        name = _host_name(header)
        names = {"localhost", "127.0.0.1", "::1", _host_name(self.host)}
        names.update(_host_name(h) for h in self.allowed_hosts)
        return name in names or is_loopback(name)


def _host_name(header: str) -> str:
    """``example.org`` from ``example.org:8000``, ``::1`` from ``[::1]:8000``."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value
