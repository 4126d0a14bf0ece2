"""Page Vergleich in Chromium: three registers of a county (tests/comparison_data.py), axe-core on the page with
its tables opened, and each register's name a link to its Übersicht."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

from playwright.sync_api import Page, expect

from tests.comparison_data import store_three
from tests.e2e.axe_check import assert_no_serious_violations
from tests.e2e.conftest import MAIN_H1, open_app, streamlit_server, wait_for_charts, wait_until_rendered
from tests.e2e.test_accessibility import open_expanders


def test_vergleich_has_no_serious_violation_and_links_each_register(page: Page, tmp_path):
    store_three(str(tmp_path / "versions.db"))
    with streamlit_server(tmp_path) as server:
        open_app(page, server.url + "/")
        page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Vergleich").first.click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/vergleich")
        expect(page.locator(MAIN_H1).first).to_have_text("Vergleich")
        wait_until_rendered(page)
        open_expanders(page)
        wait_for_charts(page)
        main = page.locator('[data-testid="stMain"]')
        expect(main.get_by_test_id("stImage")).to_have_count(1)  # the chart, drawn on the server
        expect(main.get_by_test_id("stPlotlyChart")).to_have_count(0)
        expect(main.get_by_test_id("stExpander").filter(has_text="Tabelle zum Diagramm")).to_have_count(1)
        sentence = ("3 Register, Anteil vollständig und teilweise umgesetzter Maßnahmen je Priorität: am weitesten "
                    "ist Stadt Trier (50 % vollständig umgesetzt), am wenigsten weit Stadt Bingen (0 %).")
        expect(main.get_by_role("img", name=sentence)).to_be_visible()  # the chart is named by its sentence
        assert_no_serious_violations(page, "Vergleich with its tables opened")

        # the grid draws on a canvas; the accessible table beside it holds each link's address
        cells = main.get_by_test_id("stDataFrame").first.locator('td[role="gridcell"]')
        address = urljoin(page.url, cells.filter(has_text="register=trier").first.text_content())
        assert (urlsplit(address).path, parse_qs(urlsplit(address).query)) == ("/", {"register": ["trier"]}), address

        page.goto(address, wait_until="domcontentloaded")  # the link leads to that register's Übersicht
        wait_until_rendered(page)
        expect(page.locator(MAIN_H1).first).to_have_text("Übersicht")
        choice = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Register", exact=True)
        expect(choice).to_have_value("Stadt Trier")
