"""Accessibility in a real Chromium (issue 7): the main path by keyboard alone, and axe-core on every page.

axe: zero serious or critical violations in what this project renders. Findings inside Streamlit's
own components are excused only by the allow-list in tests/e2e/axe_check.py (rule id + selector
pattern + reason), documented in docs/accessibility.md. Every finding, excused or not, is also
written to build/axe.json.
"""

from __future__ import annotations

import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import openpyxl
from playwright.sync_api import Page, expect

from tests.e2e.axe_check import allowed, assert_no_serious_violations, serious_findings
from tests.e2e.conftest import (
    MAIN_H1,
    ROOT,
    dashboard_pages,
    open_app,
    page_caption,
    wait_for_charts,
    wait_until_rendered,
)
from tests.e2e.eight_measures import PRIORITY_1, TOTAL

REPORT = ROOT / "build" / "axe.json"
FOCUSED = """() => {
    const e = document.activeElement;
    const active = e.getAttribute('aria-activedescendant');
    return {tag: e.tagName.toLowerCase(), role: e.getAttribute('role') || '', label: e.getAttribute('aria-label') || '',
            text: (e.innerText || '').trim(), testid: e.dataset.testid || '',
            expanded: e.getAttribute('aria-expanded'),
            option: active ? (document.getElementById(active)?.innerText || '').trim() : null};
}"""
MAX_TAB_STOPS = 80


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def press_until(page: Page, key: str, wanted, what: str) -> dict:
    """Press `key` (Tab or Shift+Tab) until the focused element is the wanted one.

    In a table (st.dataframe, a canvas grid) Tab moves from cell to cell; Escape, then Tab leaves
    it, as a keyboard user would."""
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press(key)
        now = focused(page)
        if wanted(now):
            return now
        if now["testid"] == "data-grid-canvas":
            page.keyboard.press("Escape")
    raise AssertionError(f"{what} not reached with {MAX_TAB_STOPS} × {key}; focus is on {focused(page)}")


def test_filter_view_and_download_by_keyboard_alone(page: Page, register_app: str, tmp_path):
    """Choose Priorität 1 in the sidebar, open Daten from the navigation, download the table as .xlsx –
    only with page.keyboard (Tab, Shift+Tab, arrow keys, Enter, Escape), never the mouse.
    Register `tests.e2e.eight_measures`: priority 1 are 1.01, 1.02 and 1.03 of 8."""
    ids, total = PRIORITY_1, TOTAL
    open_app(page, register_app + "/")

    # the multiselect opens with ArrowDown; arrows move through the options, Enter picks one
    press_until(page, "Tab", lambda f: f["role"] == "combobox" and f["label"] == "Priorität", "Filter Priorität")
    page.keyboard.press("ArrowDown")
    assert focused(page)["expanded"] == "true"
    assert_no_serious_violations(page, "Übersicht with the option list of Priorität open")
    for _ in range(10):
        if focused(page)["option"] == "1":
            break
        page.keyboard.press("ArrowDown")
    assert focused(page)["option"] == "1", focused(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]prio=1(&|$)"))
    wait_until_rendered(page)
    page.keyboard.press("Escape")
    assert focused(page)["expanded"] == "false"
    expect(page_caption(page)).to_contain_text(f"{len(ids)} von {total} Maßnahmen (gefiltert)")

    # back up to the navigation, open Daten with Enter; the filter stays
    press_until(page, "Shift+Tab", lambda f: f["testid"] == "stSidebarNavLink" and f["text"].endswith("Daten"),
                "Navigation entry Daten")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/daten")
    expect(page.locator(MAIN_H1).first).to_have_text("Daten")
    wait_until_rendered(page)
    assert parse_qs(urlsplit(page.url).query).get("prio") == ["1"], page.url
    expect(page_caption(page)).to_contain_text(f"{len(ids)} von {total} Maßnahmen (gefiltert)")

    # forward through the sidebar and the table to the download button; Enter downloads
    press_until(page, "Tab", lambda f: f["tag"] == "button" and "Tabelle als Excel (.xlsx)" in f["text"],
                "Button „Tabelle als Excel (.xlsx)“")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(target.read_bytes()), read_only=True).worksheets[0]
    table = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    nr = table[0].index("Nr")
    assert [row[nr] for row in table[1:]] == ids


def open_expanders(page: Page) -> None:
    """Tables under charts sit in collapsed expanders; axe only checks what is shown."""
    for summary in page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary').all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    wait_until_rendered(page)


def test_axe_finds_no_serious_violation_on_any_page(page: Page, app_url: str):
    """Click through the navigation like a user; on each page every chart has its table, and with
    those tables opened, axe-core finds nothing serious."""
    report: dict[str, list[dict]] = {}
    unexcused: dict[str, list[str]] = {}
    open_app(page, app_url + "/?prio=0&prio=1")  # with an active filter: tags and the reset button are drawn too
    for app_page in dashboard_pages():
        page.locator('[data-testid="stSidebarNav"] a').filter(has_text=app_page.title).first.click()
        page.wait_for_url(lambda url, p=app_page: urlsplit(url).path == p.path)
        expect(page.locator(MAIN_H1).first).to_contain_text(app_page.title.split()[0])
        wait_until_rendered(page)
        open_expanders(page)
        wait_for_charts(page)
        main = page.locator('[data-testid="stMain"]')
        charts = main.get_by_test_id("stImage").count()
        expect(main.get_by_test_id("stExpander").filter(has_text="Tabelle zum Diagramm")).to_have_count(charts)
        findings = serious_findings(page)
        report[app_page.name] = [{"rule": f.rule, "impact": f.impact, "target": f.target, "html": f.html[:300],
                                  "excused": bool(allowed(f))} for f in findings]
        if bad := [str(f) for f in findings if not allowed(f)]:
            unexcused[app_page.name] = bad

    # the check itself works: a picture without alternative text planted into the page is caught
    page.locator('[data-testid="stMain"]').evaluate(
        "main => main.insertAdjacentHTML('afterbegin', '<img id=axe-probe src=\"data:,\">')")
    assert [f for f in serious_findings(page) if f.rule == "image-alt" and "#axe-probe" in f.target and not allowed(f)]

    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    assert not unexcused, "axe-core: serious/critical findings not in the allow-list (tests/e2e/axe_check.py):\n" + \
        "\n".join(f"  {name}:\n    " + "\n    ".join(found) for name, found in unexcused.items())
