"""Every page of the navigation opens in a real browser without an exception box; a screenshot of each."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    MAIN_H1,
    SCREENS,
    AppPage,
    dashboard_pages,
    fail_on_exception,
    open_app,
    wait_for_charts,
)

CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
    ...Array.from(document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]'))
        .map(e => e.scrollHeight))"""


def full_page_screenshot(page: Page, path) -> None:
    """Streamlit scrolls inside its main container, not the document: grow the viewport to the content first."""
    wait_for_charts(page)
    size = page.viewport_size
    height = size["height"]
    for _ in range(3):  # charts and tables re-layout to the new size; stop once the height holds
        wanted = min(max(size["height"], int(page.evaluate(CONTENT_HEIGHT))), 16_000)
        if wanted == height:
            break
        height = wanted
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(200)
    wait_for_charts(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(size)


def test_navigation_lists_every_page_of_dashboard(page: Page, app_url: str):
    open_app(page, app_url + "/")
    hrefs = page.locator('[data-testid="stSidebarNav"] a').evaluate_all("links => links.map(a => a.href)")
    in_nav = sorted(urlsplit(h).path for h in hrefs)
    assert in_nav == sorted(p.path for p in dashboard_pages())


@pytest.mark.parametrize("app_page", dashboard_pages(), ids=str)
def test_page_loads_without_exception(page: Page, app_url: str, app_page: AppPage):
    open_app(page, app_url + app_page.path)
    fail_on_exception(page)
    expect(page.get_by_role("dialog")).to_have_count(0)  # e.g. Streamlit's "Page not found"
    title = page.locator(MAIN_H1).first
    expect(title).to_be_visible()
    # the page's title names the same thing as its navigation entry ("Planung 3–5" → "Planung der Prioritäten 3–5")
    expect(title).to_contain_text(app_page.title.split()[0])
    full_page_screenshot(page, SCREENS / f"{app_page.name}.png")
    fail_on_exception(page)  # also after the charts re-rendered at full height

