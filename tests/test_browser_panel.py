"""The evidence panel never covers the claim a reader clicked, in any column, at 1,400 and
1,000 px, in the standalone report and in the web app's page of it.

The reports are the demo pair's, and a story of three short articles of our own through the
real comparison (``report_story``); with ``../shared/data``, three long BASIL articles of one
event too, whose columns scroll. In each article column the first, a middle and the last claim are
clicked: the panel opens on that claim, and the claim is in the viewport and not under the
panel (on a middling screen the panel takes the side away from the claim).
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
from report_story import compared

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = [1400, 1000]


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]
    )


def _check_columns(page: Page, shots: Path, articles: int) -> None:
    panel = page.locator("#cw-evidence")
    columns = page.locator("article.cw-column")
    assert columns.count() == articles
    for n in range(columns.count()):
        marks = columns.nth(n).locator("mark.claim[tabindex]")
        count = marks.count()
        assert count >= 3
        for index in sorted({0, count // 2, count - 1}):
            mark = marks.nth(index)
            claim = mark.get_attribute("data-claim")
            mark.click()
            expect(panel).to_be_visible()
            expect(panel).to_have_attribute("data-claim", claim or "")
            expect(mark).to_be_in_viewport()
            box, cover = mark.bounding_box(), panel.bounding_box()
            assert box is not None and cover is not None
            assert not _overlap(box, cover), (n, index, box, cover)
            if index == count - 1:
                page.screenshot(path=str(shots / f"panel-column-{n}.png"))
            page.keyboard.press("Escape")
            expect(panel).to_be_hidden()


@pytest.fixture(
    scope="module", params=["demo", "story", pytest.param("basil", marks=pytest.mark.data)]
)
def report(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "demo":
        data: dict[str, Any] = crosswire.compare(demo_paths()).to_dict()
        return data
    if request.param == "basil":
        shared: Path = request.getfixturevalue("shared_data")
        return compared("basil", shared)
    return compared("story")


@pytest.fixture
def opened(
    browser: Browser,  # noqa: F811
    report: dict[str, Any],
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> Iterator[tuple[Page, Watch]]:
    with standalone_report_page(browser, report, tmp_path, width=request.param,
                                height=900) as opened:
        yield opened


@pytest.mark.parametrize("opened", WIDTHS, indirect=True)
def test_browser_panel_never_covers_clicked_claim(
    opened: tuple[Page, Watch], report: dict[str, Any], tmp_path: Path
) -> None:
    page, watch = opened
    _check_columns(page, tmp_path, len(report["articles"]))
    watch.assert_clean(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_browser_panel_never_covers_clicked_claim_web(
    browser: Browser,  # noqa: F811
    report: dict[str, Any],
    tmp_path: Path,
    width: int,
) -> None:
    with web_report_page(browser, report, tmp_path, width=width, height=900,
                         title="Harbour bridge") as (page, watch):
        _check_columns(page, tmp_path, len(report["articles"]))
        watch.assert_clean(page)


@pytest.mark.parametrize("opened", [1400], indirect=True)
def test_browser_panel_reasons_in_words_evidence_folded(opened: tuple[Page, Watch]) -> None:
    page, watch = opened
    page.locator("mark.claim.st-corroborated[tabindex]").first.click()
    panel = page.locator("#cw-evidence")
    link = panel.locator("li.rel-corroborates").first
    expect(link.locator('ul[aria-label="reasons"]')).to_be_visible()
    fold = link.locator("details.cw-specialist")
    expect(fold.locator("summary")).to_have_text("evidence for specialists")
    expect(fold).not_to_have_attribute("open", "")
    expect(fold.locator("li")).to_have_count(0)
    fold.locator("summary").click()
    expect(fold.locator("li").first).to_be_visible()
    expect(fold).to_contain_text("score ")
    watch.assert_clean(page)


@pytest.mark.parametrize("opened", [1400], indirect=True)
def test_browser_panel_matrix_folds_open_on_demand(opened: tuple[Page, Watch]) -> None:
    page, watch = opened
    fold = page.locator("#cw-matrix details.cw-alone-fold").first
    fold.locator("summary").click()
    button = fold.locator("button.claim-ref").first
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#cw-evidence")).to_be_visible()
    expect(page.locator("#cw-evidence blockquote").first).to_have_text(button.inner_text())
    table = page.locator("#cw-links details.cw-specialist").first
    table.locator("summary").click()
    expect(table.locator("li").first).to_be_visible()
    watch.assert_clean(page)
