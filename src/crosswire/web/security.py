"""The guard in front of every request: host, token, same-origin writes, body size, headers.

:class:`Guard` is plain ASGI middleware, outermost in the app, so nothing
reaches a route before it has checked, in this order:

1. the ``Host`` header names this server (on loopback, which stops
   DNS-rebinding pages from talking to a local app);
2. the API token, when one is set (``Authorization: Bearer``, the cookie the
   app sets, or ``?token=`` once in a browser);
3. a write (``POST`` ...) comes from this origin (``Origin`` and
   ``Sec-Fetch-Site`` headers), so another site cannot post a form to it;
4. the body is no larger than ``max_request_bytes``: a ``Content-Length`` over
   the limit is refused before reading, a streamed body when it passes it.

Every response gets a Content-Security-Policy and the other security headers
unless the route set its own.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from markupsafe import escape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from .settings import WebSettings

__all__ = ["CSP", "BodyTooLarge", "Guard", "error_response", "wants_json"]

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The policy of every page the app serves: its own scripts and styles, nothing else.
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    # Not "no-referrer": with it, browsers send "Origin: null" on same-origin form posts.
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
TOKEN_COOKIE = "crosswire_token"
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class BodyTooLarge(HTTPException):
    """A request body over the limit (HTTP 413), with the limit in its message."""

    def __init__(self, limit: int, what: str = "the request body") -> None:
        super().__init__(
            413, f"{what} is too large: the limit is {_size(limit)} (max_request_bytes)"
        )


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def wants_json(path: str, accept: str = "") -> bool:
    """Whether a request is for the JSON API rather than an HTML page."""
    if path.endswith(".json") or path.startswith("/api/"):
        return True
    return "application/json" in accept and "text/html" not in accept


def error_response(request: Request, status: int, message: str) -> Response:
    """An error as JSON for the API, as a small page for a browser."""
    if wants_json(request.url.path, request.headers.get("accept", "")):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    body = (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Error {status}</title>"
        '<link rel="stylesheet" href="/static/web.css"></head><body class="cw-error">'
        f"<main><h1>Error {status}</h1><p>{escape(message)}</p>"
        '<p><a href="/">Back to crosswire</a></p></main></body></html>'
    )
    return HTMLResponse(body, status_code=status)


class Guard:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp, *, settings: WebSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self._refuse(request)
        if refusal is not None:
            await self._with_headers(refusal)(scope, receive, send)
            return

        limit = self.settings.max_request_bytes
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.decode("latin-1").lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name not in present:
                        headers.append((name.encode("latin-1"), value.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        await self.app(scope, limited, send_with_headers)

    def _with_headers(self, response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def _refuse(self, request: Request) -> Response | None:
        settings = self.settings
        host = request.headers.get("host", "")
        if not settings.host_allowed(host):
            logger.warning("refused a request for host %r", host)
            return error_response(
                request, 400, f"unknown host {host!r}: open the app by its address"
            )
        if settings.token:
            token_refusal = self._check_token(request, settings.token)
            if token_refusal is not None:
                return token_refusal
        if request.method in _UNSAFE_METHODS and not _same_origin(request):
            return error_response(request, 403, "cross-site request refused")
        length = request.headers.get("content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                return error_response(request, 400, f"bad Content-Length {length!r}")
            if declared > settings.max_request_bytes:
                return error_response(
                    request,
                    413,
                    f"the request body is {_size(declared)}: the limit is "
                    f"{_size(settings.max_request_bytes)} (max_request_bytes)",
                )
        return None

    def _check_token(self, request: Request, token: str) -> Response | None:
        given = ""
        authorization = request.headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            given = authorization[7:].strip()
        from_query = request.query_params.get("token")
        given = given or request.cookies.get(TOKEN_COOKIE, "") or (from_query or "")
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            response = error_response(request, 401, "an API token is required (Bearer token)")
            response.headers["www-authenticate"] = 'Bearer realm="crosswire"'
            return response
        if (
            from_query
            and request.method == "GET"
            and not wants_json(request.url.path, request.headers.get("accept", ""))
        ):
            # Keep the token in a cookie and drop it from the address bar.
            query = urlencode([(k, v) for k, v in parse_qsl(request.url.query) if k != "token"])
            target = request.url.path + (f"?{query}" if query else "")
            redirect = RedirectResponse(target, status_code=303)
            redirect.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
            return redirect
        return None


def _same_origin(request: Request) -> bool:
    """Whether a write comes from this app's own pages (or from no page at all: an API client)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()
