"""Several registers in a real browser: the sidebar choice „Register“ puts the id into the address, a
link with ?register= opens that register, and the choice survives going to another page and a reload;
Streamlit's upload endpoint takes a file only where the session's role in the register shown allows."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from lib.access import hash_password
from lib.storing.storage import Store
from tests.builders import Book
from tests.e2e.conftest import VIEWPORT, open_app, streamlit_server, wait_until_rendered
from tests.e2e.sessions import SessionSpy, forged_upload
from tests.e2e.test_upload import SIDEBAR, go_to, shown_register
from tests.e2e.test_upload_gate import PATIENT_MS, SMALL, log_in, open_login, run_finished
from tests.e2e.test_upload_gate import go_to as go_to_patiently

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung")


def _book(title: str, stand: str) -> bytes:
    rows = [("0.01", title, 0, "10"), ("1.01", "E-Rechnung", 1, "12")]
    return (Book().measures(rows, header=HEADER, title=[f"Stand: {stand}"]).offices()
            .matrix(["10", "12"], [("0.01", "x", "offen")]).to_bytes())


def _county(path) -> None:
    store = Store(path, register="mainz")
    store.add(_book("Mainz", "03.09.2019"), "mainz.xlsx")
    store.set_title("Stadt Mainz")
    store.at("trier").add(_book("Trier", "01.10.2019"), "trier.xlsx")
    store.at("trier").set_title("Stadt Trier")


def _choose(page: Page, title: str) -> None:
    page.locator(SIDEBAR).get_by_role("combobox", name="Register", exact=True).click()
    page.get_by_role("option", name=title).click()


def test_the_register_is_chosen_in_the_sidebar_and_kept_in_the_address(page: Page, tmp_path):
    _county(tmp_path / "kreis.db")
    with streamlit_server(tmp_path, db=str(tmp_path / "kreis.db")) as server:
        open_app(page, server.url + "/?register=trier")
        choice = page.locator(SIDEBAR).get_by_role("combobox", name="Register", exact=True)
        expect(choice).to_have_value("Stadt Trier")
        expect(shown_register(page)).to_contain_text("trier.xlsx")
        expect(page).to_have_url(re.compile(r"[?&]register=trier(&|$)"))

        _choose(page, "Stadt Mainz")
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


def test_the_upload_gate_follows_the_role_in_the_register_shown(browser: Browser, tmp_path):
    """An editor of mainz who reads trier: Streamlit's upload endpoint takes its file in mainz only."""
    _county(tmp_path / "kreis.db")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[access]\nmode = "local"\n[access.users.mainz-pg]\npassword_hash = '
                       f'"{hash_password("mainz-geheim")}"\nregisters = {{ mainz = "Bearbeiten", trier = "Lesen" }}\n',
                       encoding="utf-8")
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
    context.set_default_timeout(PATIENT_MS)
    page = context.new_page()
    spy = SessionSpy(page)
    try:
        with streamlit_server(tmp_path, db=str(tmp_path / "kreis.db"), secrets=secrets) as server:
            open_login(page, server.url)
            log_in(page, "mainz-pg", "mainz-geheim")
            session = spy.current
            go_to_patiently(page, "Hochladen")
            assert forged_upload(page, server.url, session, SMALL)[0] == 204  # mainz, the first register
            _choose(page, "Stadt Trier")
            run_finished(page)
            expect(page.get_by_text("Hochladen im Register „Stadt Trier“ (trier) ist der Rolle „Bearbeiten“ "
                                    "vorbehalten.")).to_be_visible()
            assert forged_upload(page, server.url, session, SMALL)[0] == 403
            _choose(page, "Stadt Mainz")
            # the run of the new choice has begun once the address names it; only its end records the gate
            expect(page).to_have_url(re.compile(r"[?&]register=mainz(&|$)"))
            expect(page.get_by_text("Hochladen im Register „Stadt Trier“")).to_have_count(0)
            run_finished(page)
            assert forged_upload(page, server.url, session, SMALL)[0] == 204
    finally:
        context.close()
