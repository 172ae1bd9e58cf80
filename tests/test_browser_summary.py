"""The summary of a report (the demo pair, and a story of three articles) in a real Chromium:
first on the page, and each item opens its claim and highlights its claims in the articles
(the standalone file and the web app)."""

from __future__ import annotations

import re
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
from test_report_summary import write_story

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ACTIVE = re.compile(r"\bcw-active\b")


@pytest.fixture(scope="module", params=["demo", "three-outlet story"])
def demo_report(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The demo pair's report, and that of a story of three short articles written for the
    tests (one fact all three tell, one number that differs)."""
    if request.param == "demo":
        paths = demo_paths()
    else:
        paths = write_story(tmp_path_factory.mktemp("story"))
    data: dict[str, Any] = crosswire.compare(paths).to_dict()
    return data


@pytest.fixture
def report_page(
    browser: Browser,  # noqa: F811
    demo_report: dict[str, Any],
    tmp_path: Path,
) -> Iterator[tuple[Page, Watch]]:
    with standalone_report_page(browser, demo_report, tmp_path) as opened:
        yield opened


@pytest.fixture(scope="module")
def story_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The three-outlet story's report alone: the demo pair has no dispute since settings and
    silence against disclosure make no finding (docs/comparison.md)."""
    data: dict[str, Any] = crosswire.compare(
        write_story(tmp_path_factory.mktemp("story"))).to_dict()
    assert data["summary"]["disputes"]
    return data


def _mark(page: Page, claim_id: str) -> Any:
    return page.locator(f'mark[data-claim="{claim_id}"][tabindex]')


def _summary_first(page: Page) -> None:
    sections = page.locator("section.cw-section")
    expect(sections.first).to_have_attribute("id", "cw-summary")
    expect(page.locator("#cw-agreed-h")).to_be_in_viewport()
    summary = page.locator("#cw-summary").bounding_box()
    articles = page.locator("#cw-articles").bounding_box()
    assert summary is not None and articles is not None
    assert summary["y"] < articles["y"]


def _click_agreed(page: Page, item: dict[str, Any]) -> None:
    page.locator(f'#cw-summary .cw-agreed button[data-claim="{item["claim"]}"]').first.click()
    panel = page.locator("#cw-evidence")
    expect(panel).to_be_visible()
    expect(panel).to_have_attribute("data-claim", item["claim"])
    for claim_id in item["claims"]:
        expect(_mark(page, claim_id)).to_have_class(ACTIVE)
    expect(_mark(page, item["claim"])).to_be_in_viewport()


def test_browser_summary_is_the_first_section(report_page: tuple[Page, Watch]) -> None:
    page, watch = report_page
    _summary_first(page)
    watch.assert_clean(page)


def test_browser_summary_agreed_item_shows_its_claims(
    report_page: tuple[Page, Watch], demo_report: dict[str, Any], tmp_path: Path
) -> None:
    page, watch = report_page
    item = demo_report["summary"]["agreed"][0]
    assert len(item["claims"]) >= 2
    _click_agreed(page, item)
    expect(page.locator("#cw-evidence")).to_contain_text("corroborates")
    page.screenshot(path=str(tmp_path / "summary-agreed.png"))
    page.keyboard.press("Escape")
    expect(page.locator("#cw-evidence")).to_be_hidden()
    watch.assert_clean(page)


def test_browser_summary_dispute_side_shows_both_sides(
    browser: Browser, story_report: dict[str, Any], tmp_path: Path  # noqa: F811
) -> None:
    with standalone_report_page(browser, story_report, tmp_path) as (page, watch):
        _dispute_sides(page, watch, story_report)


def _dispute_sides(page: Page, watch: Watch, report: dict[str, Any]) -> None:
    dispute = report["summary"]["disputes"][0]
    first, second = dispute["sides"]
    page.locator(f'#cw-summary .cw-disputes button[data-claim="{first["claim"]}"]').first.click()
    expect(page.locator("#cw-evidence")).to_have_attribute("data-claim", first["claim"])
    expect(_mark(page, first["claim"])).to_have_class(ACTIVE)
    expect(_mark(page, first["claim"])).to_be_in_viewport()
    expect(_mark(page, second["claim"])).to_have_class(re.compile(r"\bcw-linked-"))
    watch.assert_clean(page)


def test_browser_summary_only_item_shows_its_claim(
    report_page: tuple[Page, Watch], demo_report: dict[str, Any]
) -> None:
    page, watch = report_page
    entry = demo_report["summary"]["only"][-1]
    claim_id = entry["claims"][0]["claim"]
    page.locator(f'#cw-summary .cw-only button[data-claim="{claim_id}"]').click()
    expect(_mark(page, claim_id)).to_have_class(ACTIVE)
    expect(_mark(page, claim_id)).to_be_in_viewport()
    watch.assert_clean(page)


def test_browser_summary_web_app_page(
    browser: Browser,  # noqa: F811
    demo_report: dict[str, Any],
    tmp_path: Path,
) -> None:
    with web_report_page(browser, demo_report, tmp_path) as (page, watch):
        _summary_first(page)
        _click_agreed(page, demo_report["summary"]["agreed"][0])
        watch.assert_clean(page)
