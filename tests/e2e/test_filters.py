"""Filters and Stichtag live in the URL: a click changes the URL, a reload keeps the view, a link reproduces it."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from lib.presenting.fmt import de_date
from lib.storing.storage import Store
from tests.app.conftest import BAU, MARKUP, five_measures
from tests.e2e.conftest import (
    Server,
    choose_in_sidebar_multiselect,
    open_app,
    page_caption,
    wait_until_rendered,
)
from tests.e2e.eight_measures import (
    CHOSEN_OFFICE,
    CHOSEN_OFFICE_MEASURES,
    OVERDUE_1_2_AT_DEADLINE,
    PRIORITIES_1_2,
    PRIORITY_COUNTS,
    TOTAL,
)

OFFICE_CHOICE = "Alle Ansichten auf ein Amt eingrenzen"


def test_priority_filter_goes_into_url_and_survives_reload(page: Page, register_app: str):
    total, priority_0 = TOTAL, PRIORITY_COUNTS[(0,)]
    open_app(page, register_app + "/")
    expect(page_caption(page)).to_contain_text(f"{total} von {total} Maßnahmen")

    choose_in_sidebar_multiselect(page, "Priorität", "0")
    page.wait_for_url(re.compile(r"[?&]prio=0(&|$)"))
    expect(page_caption(page)).to_contain_text(f"{priority_0} von {total} Maßnahmen (gefiltert)")

    page.reload(wait_until="domcontentloaded")
    wait_until_rendered(page)
    assert re.search(r"[?&]prio=0(&|$)", page.url), page.url
    expect(page_caption(page)).to_contain_text(f"{priority_0} von {total} Maßnahmen (gefiltert)")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Priorität")
           .get_by_text("0", exact=True)).to_be_visible()  # the chosen option is shown as a tag again


def test_link_with_stichtag_and_filters_reproduces_the_view(page: Page, register_app: str):
    stichtag = dt.date(2019, 12, 31)
    total, overdue = TOTAL, OVERDUE_1_2_AT_DEADLINE

    open_app(page, f"{register_app}/fristen?stichtag={stichtag.isoformat()}&prio=1&prio=2")
    expect(page_caption(page)).to_contain_text(f"Stichtag {de_date(stichtag)} · {PRIORITIES_1_2} von {total} Maßnahmen")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text(f"zum Stichtag {de_date(stichtag)}").first).to_be_visible()
    expect(main.locator('[data-testid="stMetric"]').filter(has_text="Überfällige Maßnahmen")
           .locator('[data-testid="stMetricValue"]')).to_have_text(str(overdue))
    # the date picker shows the Stichtag from the URL, not the register's Stand
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]')).to_contain_text(
        re.compile(r"31\D*12\D*2019"))


def choose_office(page: Page, label: str) -> None:
    """Choose an office in Ämter's »Alle Ansichten auf ein Amt eingrenzen«, by keyboard as far as it goes."""
    box = page.locator('[data-testid="stMain"]').get_by_role("combobox", name=OFFICE_CHOICE, exact=True)
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name=label, exact=True).click()


def test_choosing_an_office_narrows_every_view(page: Page, register_app: str):
    narrowed, total = len(CHOSEN_OFFICE_MEASURES), TOTAL

    open_app(page, register_app + "/aemter")
    choose_office(page, CHOSEN_OFFICE)
    expect(page_caption(page)).to_contain_text(f"{narrowed} von {total} Maßnahmen (gefiltert)")
    sidebar = page.locator('[data-testid="stSidebar"]')
    amt = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Amt")
    expect(amt.get_by_text(CHOSEN_OFFICE, exact=True)).to_be_visible()  # the sidebar's filter holds it now
    expect(page.locator('[data-testid="stMain"]').get_by_role("combobox", name=OFFICE_CHOICE)).to_have_value("")

    wait_until_rendered(page)  # a click on the navigation during the choice's rerun can be lost
    page.get_by_role("link", name="Daten").click()  # another view keeps the office filter
    expect(page).to_have_url(re.compile(r"/daten\?"))
    expect(page_caption(page)).to_contain_text(f"{narrowed} von {total} Maßnahmen (gefiltert)")
    page.reload(wait_until="domcontentloaded")
    wait_until_rendered(page)
    assert parse_qs(urlsplit(page.url).query)["amt"] == [CHOSEN_OFFICE], page.url
    expect(page_caption(page)).to_contain_text(f"{narrowed} von {total} Maßnahmen (gefiltert)")
    expect(page.locator('[data-testid="stMain"]').get_by_text(f"{narrowed} Zeilen.")).to_be_visible()


def test_the_office_choice_selects_by_id_whatever_the_name(page: Page, fresh_app: Server):
    """`61 Bau & Verkehr` and `62 <b>Vermessung</b>` are offered as written, and the office's id, not its label,
    goes into the filter. Counts from `five_measures` (tests/app/conftest.py)."""
    Store(fresh_app.db).add(five_measures().to_bytes(), "fuenf.xlsx")
    sidebar = page.locator('[data-testid="stSidebar"]')
    for office, ids in ((BAU, ["0.01", "0.02", "1.01", "2.01"]), (MARKUP, ["0.01", "0.02", "3.01"])):
        open_app(page, fresh_app.url + "/aemter")
        expect(page_caption(page)).to_contain_text("5 von 5 Maßnahmen")
        choose_office(page, office)
        narrowed = f"{len(ids)} von 5 Maßnahmen (gefiltert)"
        expect(page_caption(page)).to_contain_text(narrowed)
        amt = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Amt")
        expect(amt.get_by_text(office, exact=True)).to_be_visible()  # the chosen office as a tag, as written

        wait_until_rendered(page)
        page.get_by_role("link", name="Daten").click()
        expect(page).to_have_url(re.compile(r"/daten\?"))
        wait_until_rendered(page)
        expect(page_caption(page)).to_contain_text(narrowed)
        expect(page.locator('[data-testid="stMain"]').get_by_text(f"{len(ids)} Zeilen.")).to_be_visible()
        assert parse_qs(urlsplit(page.url).query)["amt"] == [office], page.url
