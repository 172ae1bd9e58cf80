"""Make the screenshots in docs/screenshots/: the standalone report and the web app.

    python docs/make_screenshots.py                    # compare the demo pair, then shoot
    python docs/make_screenshots.py --report r.json    # shoot an existing report instead

Needs Debian's Chromium (``apt-get install chromium``) and Playwright (the
``test`` extra); the browser is launched from /usr/bin/chromium, never
downloaded. Writes ``report.png`` (the standalone HTML report with the evidence
of a contested claim open) and ``web.png`` (the same comparison in the web app).
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from crosswire.report.html import render_html

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}


def seed_report() -> dict[str, Any]:
    """The comparison of the bundled demo articles, read by file name as a user would."""
    import os

    from crosswire.api import DEMO_DIR, compare, demo_paths

    here = Path.cwd()
    os.chdir(DEMO_DIR)
    try:
        report: dict[str, Any] = compare([p.name for p in demo_paths()]).to_dict()
    finally:
        os.chdir(here)
    return report


def claim_to_open(report: dict[str, Any]) -> str:
    """A claim worth showing: the first of a contested group, else of a corroborated one."""
    for status in ("contested", "corroborated", "single_source"):
        for group in report["groups"]:
            if group["status"] == status and group["claims"]:
                return str(group["claims"][0])
    return str(report["claims"][0]["id"])


def open_claim(page: Page, claim_id: str, *, scroll: bool = True) -> None:
    """Click a claim in the article text (or in the matrix when it has no anchor of its own)."""
    anchor = page.locator(f'mark[data-claim="{claim_id}"][tabindex]')
    if anchor.count():
        anchor.first.scroll_into_view_if_needed()
        anchor.first.click()
    else:
        page.locator(f'#cw-matrix button[data-claim="{claim_id}"]').first.click()
    if scroll:
        page.locator("#cw-articles").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -12)")
    else:
        page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(200)


def shoot_report(page: Page, report: dict[str, Any], out: Path, folder: Path) -> None:
    path = folder / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    page.goto(path.as_uri())
    open_claim(page, claim_to_open(report))
    page.screenshot(path=str(out / "report.png"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def shoot_web(page: Page, report: dict[str, Any], out: Path, folder: Path) -> None:
    import uvicorn

    from crosswire.store import open_store
    from crosswire.web import WebSettings, create_app

    with open_store(folder / "web.db") as store:
        report_id = store.save_report(report, title=None)
        port = free_port()
        app = create_app(store=store, settings=WebSettings(port=port))
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            page.goto(f"http://127.0.0.1:{port}/reports/{report_id}")
            open_claim(page, claim_to_open(report), scroll=False)
            page.screenshot(path=str(out / "web.png"))
        finally:
            server.should_exit = True
            thread.join(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", type=Path, help="a report JSON to show (default: the demo)")
    parser.add_argument("--out", type=Path, default=HERE / "screenshots")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text("utf-8")) if args.report else seed_report()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        shoot_report(page, report, args.out, Path(tmp))
        page.close()
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        shoot_web(page, report, args.out, Path(tmp))
        browser.close()
    for name in ("report.png", "web.png"):
        sys.stdout.write(f"wrote {args.out / name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
