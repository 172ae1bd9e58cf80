"""The web app in a real Chromium: a stored comparison, its evidence, the form, a hostile text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser_support import Watch, browser, live_server  # noqa: F401  (the module's Chromium)
from report_factory import HOSTILE_TEXT, make_report
from web_support import make_app

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    app, store = make_app(tmp_path)
    ids = {
        "seed": store.save_report(make_report(), title="Kim mourns soldiers killed for Russia"),
        "hostile": store.save_report(make_report(hostile=True), title="<script>x</script>"),
    }
    try:
        with live_server(app) as base:
            yield base, ids
    finally:
        store.close()


@pytest.fixture
def page(browser: Browser, site: tuple[str, dict[str, str]]) -> Iterator[tuple[Page, Watch]]:  # noqa: F811
    base, _ = site
    opened = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(allowed=(base + "/",))
    watch.attach(opened)
    yield opened, watch
    opened.close()


def test_browser_web_home_lists_comparisons(
    page: tuple[Page, Watch], site: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    tab, watch = page
    base, ids = site
    tab.goto(base + "/")
    expect(tab.get_by_role("link", name="Kim mourns soldiers killed for Russia")).to_be_visible()
    expect(tab.get_by_role("link", name="<script>x</script>")).to_be_visible()
    tab.screenshot(path=str(tmp_path / "web-home.png"))
    watch.assert_clean(tab)


def test_browser_web_report_click_claim_shows_evidence(
    page: tuple[Page, Watch], site: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    tab, watch = page
    base, ids = site
    tab.goto(f"{base}/reports/{ids['seed']}")
    tab.click("#claim-c1")
    panel = tab.locator("#cw-evidence")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("corroborates")
    expect(panel).to_contain_text("North Korean leader Kim Jong-un delivered a deeply emotional")
    tab.screenshot(path=str(tmp_path / "web-report.png"))
    watch.assert_clean(tab)


def test_browser_web_hostile_report_runs_nothing(
    page: tuple[Page, Watch], site: tuple[str, dict[str, str]]
) -> None:
    tab, watch = page
    base, ids = site
    tab.goto(f"{base}/reports/{ids['hostile']}")
    tab.click("#claim-h1")
    expect(tab.locator("#cw-evidence")).to_contain_text("<script>window.__pwned='source'</script>")
    tab.hover('mark[data-claim="h2"]')
    watch.assert_clean(tab)


def test_browser_web_paste_form_compares(
    page: tuple[Page, Watch], site: tuple[str, dict[str, str]]
) -> None:
    tab, watch = page
    base, _ = site
    tab.goto(base + "/compare")
    tab.fill("#cw-title", "Pasted pair")
    tab.fill("#cw-text-1", "Officials said the bridge reopened on Sunday.")
    tab.fill("#cw-text-2", HOSTILE_TEXT)
    tab.get_by_role("button", name="Compare").click()
    expect(tab.locator("h1")).to_have_text("Pasted pair")
    expect(tab.locator(".cw-columns")).to_contain_text("<script>window.__pwned")
    watch.assert_clean(tab)


def test_browser_web_form_error_is_shown(
    page: tuple[Page, Watch], site: tuple[str, dict[str, str]]
) -> None:
    tab, watch = page
    base, _ = site
    tab.goto(base + "/compare")
    tab.get_by_role("button", name="Compare").click()
    expect(tab.get_by_role("alert")).to_contain_text("nothing to compare")
    assert watch.refused == []


def test_browser_web_api_docs_render_locally(
    page: tuple[Page, Watch], site: tuple[str, dict[str, str]]
) -> None:
    tab, watch = page
    base, _ = site
    tab.goto(base + "/docs")
    expect(tab.locator("h1")).to_contain_text("crosswire API")
    expect(tab.locator("body")).to_contain_text("/reports/{report_id}.json")
    watch.assert_clean(tab)


def test_browser_web_upload_form_compares(
    page: tuple[Page, Watch], site: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    tab, watch = page
    base, _ = site
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("Officials said the bridge reopened on Sunday.\n", encoding="utf-8")
    second.write_text("The council said the bridge stays closed.\n", encoding="utf-8")
    tab.goto(base + "/")
    tab.set_input_files("#cw-files", [str(first), str(second)])
    tab.get_by_role("button", name="Compare").click()
    expect(tab.locator(".cw-column h3")).to_have_text(["first.txt", "second.txt"])
    watch.assert_clean(tab)
