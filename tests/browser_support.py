"""Drive Debian's Chromium with Playwright for the browser tests (and the docs' screenshots).

Playwright's own browser downloads cannot work here: the tests launch
``/usr/bin/chromium`` (``apt-get install chromium``) and skip, saying so, when
it is missing. :class:`Watch` records what a page must never do: request
anything but its own origin, open a dialog, log an error, or break its
Content-Security-Policy.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CROSSWIRE_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Records every Content-Security-Policy violation, before any page script runs.
CSP_PROBE = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def chromium_or_skip() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`")
    return CHROMIUM


@dataclass
class Watch:
    """What a page did that it must not: requests elsewhere, dialogs, errors."""

    allowed: tuple[str, ...]
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page: object) -> None:
        from playwright.sync_api import Page, Route

        assert isinstance(page, Page)

        def route(route: Route) -> None:
            url = route.request.url
            self.requests.append(url)
            if url.startswith(self.allowed):
                route.continue_()
            else:
                self.refused.append(url)
                route.abort()

        page.route("**/*", route)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.add_init_script(CSP_PROBE)

    def assert_clean(self, page: object) -> None:
        from playwright.sync_api import Page

        assert isinstance(page, Page)
        assert self.refused == [], f"requests outside the page: {self.refused}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.errors == [], f"errors logged: {self.errors}"
        assert page.evaluate("window.__cspViolations") == []
        assert page.evaluate("typeof window.__pwned") == "undefined"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Debian Chromium, shared by one module's tests.

    Module-scoped, not session-scoped: Playwright's sync API keeps an event loop
    running while it is open, and the in-process web tests need their own.
    """
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), args=ARGS)
        yield launched
        launched.close()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(app: object) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="crosswire-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def standalone_report_page(
    browser: Any, report: dict[str, Any], folder: Path, *, width: int = 1440, height: int = 1000,
) -> Iterator[tuple[Any, Watch]]:
    """``report`` as a standalone HTML file in ``folder``, open in a new page of ``browser``
    that watches for errors; the page is closed afterwards."""
    from crosswire.report.html import render_html

    path = folder / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": height})
    watch = Watch(allowed=(path.as_uri(),))
    watch.attach(page)
    page.goto(path.as_uri())
    try:
        yield page, watch
    finally:
        page.close()


@contextmanager
def web_report_page(
    browser: Any, report: dict[str, Any], folder: Path, *, width: int = 1440, height: int = 1000,
    title: str | None = None,
) -> Iterator[tuple[Any, Watch]]:
    """The web app's page of ``report`` (saved in a new store in ``folder``), open in a new
    page of ``browser`` that watches for errors; the page, the server and the store are closed
    afterwards."""
    from web_support import make_app

    app, store = make_app(folder)
    try:
        report_id = store.save_report(report, title=title)
        with live_server(app) as base:
            page = browser.new_page(viewport={"width": width, "height": height})
            watch = Watch(allowed=(base + "/",))
            watch.attach(page)
            page.goto(f"{base}/reports/{report_id}")
            try:
                yield page, watch
            finally:
                page.close()
    finally:
        store.close()
