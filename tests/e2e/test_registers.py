"""Several registers in a real browser: the sidebar choice „Register“ puts the id into the address, a
link with ?register= opens that register, and the choice survives going to another page and a reload."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from lib.storing.storage import Store
from tests.builders import Book
from tests.e2e.conftest import open_app, streamlit_server, wait_until_rendered
from tests.e2e.test_upload import SIDEBAR, go_to, shown_register

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung")


def _book(title: str, stand: str) -> bytes:
    rows = [("0.01", title, 0, "10"), ("1.01", "E-Rechnung", 1, "12")]
    return (Book().measures(rows, header=HEADER, title=[f"Stand: {stand}"]).offices()
            .matrix(["10", "12"], [("0.01", "x", "offen")]).to_bytes())


def test_the_register_is_chosen_in_the_sidebar_and_kept_in_the_address(page: Page, tmp_path):
    store = Store(tmp_path / "kreis.db", register="mainz")
    store.add(_book("Mainz", "03.09.2019"), "mainz.xlsx")
    store.set_title("Stadt Mainz")
    store.at("trier").add(_book("Trier", "01.10.2019"), "trier.xlsx")
    store.at("trier").set_title("Stadt Trier")
    with streamlit_server(tmp_path, db=str(tmp_path / "kreis.db")) as server:
        open_app(page, server.url + "/?register=trier")
        choice = page.locator(SIDEBAR).get_by_role("combobox", name="Register", exact=True)
        expect(choice).to_have_value("Stadt Trier")
        expect(shown_register(page)).to_contain_text("trier.xlsx")
        expect(page).to_have_url(re.compile(r"[?&]register=trier(&|$)"))

        choice.click()
        page.get_by_role("option", name="Stadt Mainz").click()
        wait_until_rendered(page)
        expect(shown_register(page)).to_contain_text("mainz.xlsx")
        expect(page).to_have_url(re.compile(r"[?&]register=mainz(&|$)"))

        go_to(page, "Daten")
        wait_until_rendered(page)
        expect(page).to_have_url(re.compile(r"/daten\?(.*&)?register=mainz(&|$)"))
        expect(shown_register(page)).to_contain_text("mainz.xlsx")
        page.reload()
        wait_until_rendered(page)
        expect(shown_register(page)).to_contain_text("mainz.xlsx")
        expect(page.locator(SIDEBAR).get_by_role("combobox", name="Register", exact=True)).to_have_value(
            "Stadt Mainz")
