"""The standalone report in a real Chromium: evidence on click and on Enter, nothing hostile runs.

Uses the hand-written report (two seed-like articles and a hostile third);
``test_browser_seed.py`` does the same with the real seed comparison.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser_support import Watch, browser  # noqa: F401  (the module's Chromium)
from crosswire.report.html import render_html
from report_factory import make_report

pytestmark = pytest.mark.browser


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.html"
    path.write_text(render_html(make_report(hostile=True)), encoding="utf-8")
    return path


@pytest.fixture
def opened(browser: Browser, report_file: Path) -> Iterator[tuple[Page, Watch]]:  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(allowed=(report_file.as_uri(),))
    watch.attach(page)
    page.goto(report_file.as_uri())
    yield page, watch
    page.close()


def test_browser_report_runs_its_own_script_only(opened: tuple[Page, Watch]) -> None:
    page, watch = opened
    expect(page.locator("#cw-report")).to_have_class("cw-report cw-js")
    watch.assert_clean(page)
    assert watch.requests == [page.url]


def test_browser_report_hostile_text_shown_as_text(opened: tuple[Page, Watch]) -> None:
    page, watch = opened
    hostile = page.locator('article[data-article="badbadbadbadbad0"] .cw-text')
    expect(hostile).to_contain_text('<script>window.__pwned = "script tag"; alert(1)</script>')
    expect(hostile).to_contain_text("<img src=x onerror=")
    assert page.locator("img, iframe, svg, b").count() == 0
    watch.assert_clean(page)


def test_browser_report_click_claim_shows_evidence(
    opened: tuple[Page, Watch], tmp_path: Path
) -> None:
    page, watch = opened
    page.click("#claim-c2")
    panel = page.locator("#cw-evidence")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("✗ contested")
    expect(panel).to_contain_text("contradicts")
    expect(panel).to_contain_text("Kim was seen placing his hand on a North Korean flag")
    expect(panel).to_contain_text('place differs: "coffin" vs "grave"')
    expect(page.locator('mark[data-claim="c6"]').first).to_have_class(
        "claim st-contested cw-linked-contradicts"
    )
    page.screenshot(path=str(tmp_path / "report-evidence.png"), full_page=False)
    watch.assert_clean(page)


def test_browser_report_enter_opens_and_escape_returns(opened: tuple[Page, Watch]) -> None:
    page, watch = opened
    page.focus("#claim-c3")
    page.keyboard.press("Enter")
    panel = page.locator("#cw-evidence")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Attribution chain")
    expect(panel).to_contain_text("GB News → British Ministry of Defence")
    expect(panel).to_contain_text("reported")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "claim-c3"
    watch.assert_clean(page)


def test_browser_report_tab_reaches_claims(opened: tuple[Page, Watch]) -> None:
    page, _ = opened
    page.focus("#claim-c1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "claim-c2"


def test_browser_report_certainty_cue_marked(opened: tuple[Page, Watch]) -> None:
    page, _ = opened
    page.click("#claim-c8")
    cue = page.locator("#cw-evidence blockquote .cw-cue").first
    expect(cue).to_have_text("may")
    expect(page.locator("#cw-evidence")).to_contain_text("Reuters → NIS")


def test_browser_report_nested_claims_one_step_apart(opened: tuple[Page, Watch]) -> None:
    page, _ = opened
    page.click("#claim-c7")
    panel = page.locator("#cw-evidence")
    expect(panel).to_contain_text("Contains")
    panel.get_by_role("button", name="North Korea may deploy additional troops to Russia").click()
    expect(panel.locator("blockquote").first).to_have_text(
        "North Korea may deploy additional troops to Russia in July or August"
    )
    expect(panel).to_contain_text("Part of")


def test_browser_report_matrix_opens_evidence(opened: tuple[Page, Watch]) -> None:
    page, _ = opened
    page.locator('#cw-matrix button[data-claim="c5"]').click()
    panel = page.locator("#cw-evidence")
    expect(panel).to_contain_text("corroborates")
    expect(panel).to_contain_text("✓ corroborated")


def test_browser_report_filter_hides_a_status(opened: tuple[Page, Watch]) -> None:
    page, _ = opened
    page.get_by_label("✓ corroborated").uncheck()
    expect(page.locator("#cw-report")).to_have_class("cw-report cw-js hide-corroborated")
    tag = page.locator('.cw-text .tag[data-for="c1"]')
    expect(tag).to_be_hidden()


def test_browser_report_prints(opened: tuple[Page, Watch], tmp_path: Path) -> None:
    page, _ = opened
    page.click("#claim-c2")
    page.emulate_media(media="print")
    expect(page.locator("#cw-evidence")).to_be_hidden()
    expect(page.locator(".cw-filter")).to_be_hidden()
    pdf = page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
    assert pdf.startswith(b"%PDF")
    page.screenshot(path=str(tmp_path / "report-print.png"), full_page=True)
