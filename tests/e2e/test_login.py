"""Local accounts through a real server and browser: before the login no page list shows, a deep link keeps
its page and parameters through the login, and wrong passwords lock the name also after a reload."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from lib.access import hash_password
from lib.storing.audit import StoreLoginLog
from lib.storing.storage import Store
from tests.e2e.conftest import RENDER_TIMEOUT_MS, Server, streamlit_server, wait_until_rendered

MAIN = '[data-testid="stMain"]'


@pytest.fixture
def local_accounts_app(tmp_path_factory, monkeypatch) -> Server:
    workdir = tmp_path_factory.mktemp("streamlit-login")
    secrets = workdir / "secrets.toml"
    secrets.write_text('[access]\nmode = "local"\n[access.users.leitung]\nrole = "Bearbeiten"\n'
                       f'password_hash = "{hash_password("richtig")}"\n', encoding="utf-8")
    monkeypatch.setenv("STREAMLIT_SECRETS_FILES", str(secrets))  # Streamlit's option secrets.files
    with streamlit_server(workdir) as server:
        yield server


def login_form(page: Page, url: str):
    page.goto(url, wait_until="domcontentloaded")
    form = page.get_by_test_id("stForm")
    expect(form).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning",
                                                                    timeout=RENDER_TIMEOUT_MS)
    return form


def submit(page: Page, name: str, password: str) -> None:
    form = page.get_by_test_id("stForm")
    form.get_by_label("Benutzername").fill(name)
    form.get_by_label("Passwort", exact=True).fill(password)
    form.get_by_role("button", name="Anmelden").click()


def test_deep_link_survives_the_login_and_no_page_list_shows_before(local_accounts_app: Server, page: Page):
    login_form(page, local_accounts_app.url + "/daten?prio=1")
    sidebar = page.get_by_test_id("stSidebar")
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    for raw in ("dashboard", "hochladen", "daten", "uebersicht"):
        expect(sidebar.get_by_text(raw, exact=True)).to_have_count(0)
    submit(page, "leitung", "richtig")
    wait_until_rendered(page)
    expect(page.locator(f"{MAIN} h1").first).to_have_text("Daten")
    assert re.search(r"/daten\?prio=1$", page.url), page.url


def recorded(server: Server, count: int) -> None:
    deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
    while len(StoreLoginLog(Store(server.db)).newest()) < count:
        assert time.monotonic() < deadline, f"attempt {count} not recorded"
        time.sleep(0.1)


def test_wrong_passwords_lock_the_name_also_after_a_reload(local_accounts_app: Server, page: Page):
    login_form(page, local_accounts_app.url)
    for attempt in range(1, 6):
        submit(page, "leitung", "falsch")
        recorded(local_accounts_app, attempt)  # the same alert stays up: wait for the server to count it
        expect(page.get_by_test_id("stAlertContentError")).to_have_text("Benutzername oder Passwort ist falsch.")
    page.reload()  # a new session
    login_form(page, local_accounts_app.url)
    submit(page, "leitung", "richtig")
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(
        re.compile(r"^Zu viele falsche Anmeldeversuche .* Bitte in \d+ Sekunden erneut versuchen\.$"),
        timeout=RENDER_TIMEOUT_MS)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # not signed in
