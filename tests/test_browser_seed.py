"""The real seed comparison, plus hostile articles, in a real Chromium.

The two bundled demo articles and two hostile ones (a text file and an HTML
page that try to run scripts every way they can) go through
``crosswire.compare``; the standalone report and the web app's page of it must
show the evidence of a claim on click, request nothing outside the page, and
run none of the hostile articles' code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

import crosswire
from browser_support import (  # noqa: F401  (the module's Chromium)
    Watch,
    browser,
    standalone_report_page,
    web_report_page,
)
from crosswire.api import demo_paths
from crosswire.report import validate
from report_factory import HOSTILE_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_HTML = """<!doctype html>
<html><head><title>Bridge reopens &lt;script&gt;window.__pwned='title'&lt;/script&gt;</title>
<script>window.__pwned = 'page script';</script>
<meta http-equiv="refresh" content="0;url=javascript:window.__pwned='refresh'">
</head><body onload="window.__pwned='onload'">
<article>
<h1>Bridge reopens after repairs</h1>
<p>Officials said on Sunday that the bridge over the river had reopened to traffic after three
months of repairs. &lt;script&gt;window.__pwned = 'escaped script'&lt;/script&gt;</p>
<p onclick="window.__pwned='onclick'">The mayor said <a href="javascript:window.__pwned='link'">the
repairs</a> cost 3 million euros, according to the city council.
&lt;img src=x onerror="window.__pwned='img'"&gt;</p>
<p>Engineers warned that the bridge may need further work next year, the council said.
<img src="https://evil.example/pixel.png" onerror="window.__pwned='remote img'"></p>
<iframe src="https://evil.example/frame"></iframe>
</article></body></html>
"""


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    report = crosswire.compare([*demo_paths(), folder / "hostile.txt", folder / "hostile.html"])
    data: dict[str, Any] = report.to_dict()
    validate(data)
    return data


def _claim_in(report: dict[str, Any], status: str) -> str:
    group = next(g for g in report["groups"] if g["status"] == status)
    return str(group["claims"][0])


def _open(page: Page, claim_id: str) -> None:
    anchor = page.locator(f'mark[data-claim="{claim_id}"][tabindex]')
    if anchor.count():
        anchor.first.click()
    else:
        page.locator(f'#cw-matrix button[data-claim="{claim_id}"]').first.click()


@pytest.fixture
def report_page(
    browser: Browser,  # noqa: F811
    seed_report: dict[str, Any],
    tmp_path: Path,
) -> Iterator[tuple[Page, Watch]]:
    with standalone_report_page(browser, seed_report, tmp_path) as opened:
        yield opened


def test_browser_seed_report_has_every_input(seed_report: dict[str, Any]) -> None:
    sources = [Path(a["source"]).name for a in seed_report["articles"]]
    assert sources[:2] == [p.name for p in demo_paths()]
    assert {"hostile.txt", "hostile.html"} <= set(sources)


def test_browser_seed_report_click_shows_evidence(
    report_page: tuple[Page, Watch], seed_report: dict[str, Any], tmp_path: Path
) -> None:
    page, watch = report_page
    claim_id = _claim_in(seed_report, "corroborated")
    _open(page, claim_id)
    panel = page.locator("#cw-evidence")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("✓ corroborated")
    expect(panel).to_contain_text("corroborates")
    expect(panel.locator("li.rel-corroborates").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "seed-report.png"))
    watch.assert_clean(page)
    assert watch.requests == [page.url]


def test_browser_seed_report_attribution_chain_shown(
    report_page: tuple[Page, Watch], seed_report: dict[str, Any]
) -> None:
    page, watch = report_page
    chained = next(
        c for c in seed_report["claims"] if c["attribution"] and len(c["attribution"]["chain"]) >= 2
    )
    _open(page, chained["id"])
    chain = " → ".join(chained["attribution"]["chain"])
    expect(page.locator("#cw-evidence .cw-chain")).to_contain_text(chain)
    watch.assert_clean(page)


def test_browser_seed_report_hostile_articles_are_text(report_page: tuple[Page, Watch]) -> None:
    page, watch = report_page
    columns = page.locator(".cw-columns")
    expect(columns).to_contain_text("<script>window.__pwned")
    expect(columns).to_contain_text("<script>window.__pwned = 'escaped script'</script>")
    assert page.locator("img, iframe, svg").count() == 0
    for mark in page.locator("mark.claim[tabindex]").all()[-5:]:
        mark.click()
    watch.assert_clean(page)


def test_browser_seed_web_app_shows_evidence(
    browser: Browser,  # noqa: F811
    seed_report: dict[str, Any],
    tmp_path: Path,
) -> None:
    with web_report_page(browser, seed_report, tmp_path) as (page, watch):
        _open(page, _claim_in(seed_report, "corroborated"))
        expect(page.locator("#cw-evidence")).to_contain_text("corroborates")
        page.screenshot(path=str(tmp_path / "seed-web.png"))
        watch.assert_clean(page)
