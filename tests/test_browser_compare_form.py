"""The compare form in a real Chromium: articles added in place, outlets kept, and a running
comparison shown with how far it has got."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser_support import Watch, browser, live_server  # noqa: F401  (the module's Chromium)
from web_support import GatedCompare, make_app

pytestmark = pytest.mark.browser

TEXTS = [
    "Officials said on Sunday that the bridge had reopened to traffic.",
    "The bridge remains closed, the city council said on Monday.",
    "LONDON (Reuters) - Engineers said the bridge would need another week of repairs.",
]


@pytest.fixture
def gated() -> Iterator[GatedCompare]:
    compare = GatedCompare()
    yield compare
    compare.gate.set()


@pytest.fixture
def site(tmp_path: Path, gated: GatedCompare) -> Iterator[str]:
    app, store = make_app(tmp_path, compare=gated)
    try:
        with live_server(app) as base:
            yield base
    finally:
        gated.gate.set()
        store.close()


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[tuple[Page, Watch]]:  # noqa: F811
    opened = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(allowed=(site + "/",))
    watch.attach(opened)
    yield opened, watch
    opened.close()


def test_browser_compare_form_three_articles_with_outlets(
    page: tuple[Page, Watch], site: str, gated: GatedCompare
) -> None:
    tab, watch = page
    gated.gate.set()  # no waiting in this test
    tab.goto(site + "/compare")
    expect(tab.locator("textarea[name=text]")).to_have_count(2)
    tab.get_by_role("button", name="Add another article").click()
    expect(tab.locator("textarea[name=text]")).to_have_count(3)
    expect(tab.locator("#cw-text-3")).to_be_focused()
    for number, text in enumerate(TEXTS, start=1):
        tab.get_by_label(f"Article {number}: pasted text").fill(text)
    tab.get_by_label("Article 1: outlet").fill("Example News")
    tab.get_by_label("Article 2: outlet").fill("City Gazette")
    tab.get_by_role("button", name="Compare").click()
    # the third outlet is read off its dateline
    expect(tab.locator(".cw-column h3")).to_have_text(["Example News", "City Gazette", "Reuters"])
    watch.assert_clean(tab)


def test_browser_compare_form_shows_the_running_comparison(
    page: tuple[Page, Watch], site: str, gated: GatedCompare
) -> None:
    tab, watch = page
    tab.goto(site + "/compare")
    running = tab.locator("#cw-running")
    expect(running).to_be_hidden()
    tab.fill("#cw-text-1", TEXTS[0])
    tab.fill("#cw-text-2", TEXTS[1])
    tab.get_by_role("button", name="Compare").click()
    expect(running).to_be_visible()
    expect(tab.get_by_role("status")).to_have_text("Comparing… Scoring the claims")
    expect(tab.locator("#cw-running-text")).to_contain_text(
        "Scoring the claims: 64 of 200 (articles analysed: 0 of 2)"
    )
    assert tab.locator("#cw-running-bar").evaluate("bar => [bar.value, bar.max]") == [64, 200]
    expect(tab.get_by_role("button", name="Compare")).to_be_disabled()
    gated.gate.set()
    expect(tab.locator(".cw-column h3")).to_have_count(2)
    watch.assert_clean(tab)


def test_browser_compare_form_error_keeps_the_form(
    page: tuple[Page, Watch], site: str, gated: GatedCompare
) -> None:
    tab, watch = page
    tab.goto(site + "/compare")
    tab.get_by_role("button", name="Add another article").click()
    tab.fill("#cw-text-3", TEXTS[2])
    tab.fill("#cw-urls", "ftp://example.org/story")
    tab.get_by_role("button", name="Compare").click()
    alert = tab.get_by_role("alert")
    expect(alert).to_contain_text("URL 1 is not an http(s) address")
    expect(alert).to_be_focused()
    expect(tab.locator("#cw-text-3")).to_have_value(TEXTS[2])  # nothing typed is lost
    expect(tab.locator("#cw-running")).to_be_hidden()
    assert watch.refused == [] and watch.dialogs == []
