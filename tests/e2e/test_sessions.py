"""Logins that outlive a reload, through a real `streamlit run app.py` and Chromium: the login cookie keeps a
deep link signed in across a reload, is HttpOnly and SameSite=Strict, and „Abmelden“ in one browser ends the
login in another that holds the same cookie; forged and expired cookies lead to the login form."""

from __future__ import annotations

import datetime as dt
import http.client
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from lib.access import LoginKind, Role, hash_password
from lib.sessions import COOKIE_NAME, Claims, password_fingerprint, sign
from lib.storing.audit import StoreLoginLog
from lib.storing.storage import Store
from lib.storing.tickets import cookie_key
from tests.e2e.conftest import RENDER_TIMEOUT_MS, VIEWPORT, Server, streamlit_server, wait_until_rendered
from tests.e2e.test_login import login_form, submit

MAIN = '[data-testid="stMain"]'
LEITUNG_HASH = hash_password("richtig")


@pytest.fixture
def accounts_app(tmp_path_factory) -> Server:
    workdir = tmp_path_factory.mktemp("streamlit-sessions")
    secrets = workdir / "secrets.toml"
    secrets.write_text(f'[access]\nmode = "local"\n[access.users.leitung]\nrole = "Bearbeiten"\n'
                       f'password_hash = "{LEITUNG_HASH}"\n', encoding="utf-8")
    with streamlit_server(workdir, secrets=secrets) as server:
        yield server


def new_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    return context


def signed_in_as(page: Page, name: str) -> None:
    wait_until_rendered(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(f"Angemeldet als {name}")).to_be_visible()


def shows_login_form(page: Page) -> None:
    expect(page.get_by_test_id("stForm")).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def login_cookie(context: BrowserContext) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == COOKIE_NAME), None)


def test_reload_keeps_the_login_and_abmelden_ends_it_in_every_browser(accounts_app: Server, browser: Browser):
    first, second = new_context(browser), new_context(browser)
    try:
        page = first.new_page()
        login_form(page, accounts_app.url + "/daten?prio=1")
        submit(page, "leitung", "richtig")
        page.wait_for_url(re.compile(r"/daten\?prio=1$"))  # back from /auth/anmelden with the cookie
        signed_in_as(page, "leitung")
        cookie = login_cookie(first)
        assert cookie is not None, first.cookies()
        assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"], cookie["secure"]) == (True, "Strict", "/", False)
        lasts = dt.datetime.fromtimestamp(cookie["expires"], dt.UTC) - dt.datetime.now(dt.UTC)
        assert dt.timedelta(hours=7, minutes=59) < lasts <= dt.timedelta(hours=8), lasts

        page.reload()  # a new session: signed in again by the cookie, on the same page and filter
        signed_in_as(page, "leitung")
        expect(page.locator(f"{MAIN} h1").first).to_have_text("Daten")
        assert re.search(r"/daten\?prio=1$", page.url), page.url

        second.add_cookies([cookie])  # the same cookie in another browser
        other = second.new_page()
        other.goto(accounts_app.url + "/fristen", wait_until="domcontentloaded")
        signed_in_as(other, "leitung")

        page.get_by_test_id("stSidebar").get_by_role("button", name="Abmelden").click()
        page.wait_for_url(accounts_app.url + "/")  # through /auth/abmelden, which clears the cookie
        shows_login_form(page)
        assert login_cookie(first) is None

        # the second browser's open page ends its login at its next click, and its cookie signs nobody in
        other.get_by_test_id("stSidebarNav").get_by_role("link", name="Daten").click()
        shows_login_form(other)
        other.reload()
        shows_login_form(other)
    finally:
        first.close()
        second.close()
    kinds = [a.kind for a in reversed(StoreLoginLog(Store(accounts_app.db)).newest())]
    assert kinds[:2] == [LoginKind.PASSWORD, LoginKind.COOKIE] and LoginKind.LOGOUT in kinds, kinds
    assert kinds.count(LoginKind.COOKIE) == 3  # the page after the ticket, the reload, the second browser


def cookie_signed(key: bytes, issued: dt.datetime, role: Role = Role.EDIT) -> str:
    return sign(key, Claims("leitung", role, issued, password_fingerprint(LEITUNG_HASH)))


@pytest.mark.parametrize("make", [
    pytest.param(lambda key: "v1.eyJ1IjoibGVpdHVuZyJ9.AAAA", id="forged signature"),
    pytest.param(lambda key: cookie_signed(b"another key" * 4, dt.datetime.now(dt.UTC)), id="another key"),
    pytest.param(lambda key: cookie_signed(key, dt.datetime.now(dt.UTC) - dt.timedelta(hours=8, minutes=1)),
                 id="expired"),
    pytest.param(lambda key: cookie_signed(key, dt.datetime.now(dt.UTC), Role.READ), id="other role"),
])
def test_a_cookie_that_does_not_hold_shows_the_login_form(accounts_app: Server, browser: Browser, make):
    context = new_context(browser)
    try:
        value = make(cookie_key(Store(accounts_app.db)))  # the key the app signs with (no cookie_secret set)
        context.add_cookies([{"name": COOKIE_NAME, "value": value, "url": accounts_app.url}])
        page = context.new_page()
        page.goto(accounts_app.url + "/daten", wait_until="domcontentloaded")
        shows_login_form(page)
    finally:
        context.close()


def test_a_valid_cookie_made_the_same_way_signs_in(accounts_app: Server, browser: Browser):
    """The counterpart of the refusals above: the test's cookie maker is right, so they fail for their reason."""
    context = new_context(browser)
    try:
        value = cookie_signed(cookie_key(Store(accounts_app.db)), dt.datetime.now(dt.UTC))
        context.add_cookies([{"name": COOKIE_NAME, "value": value, "url": accounts_app.url}])
        page = context.new_page()
        page.goto(accounts_app.url + "/daten", wait_until="domcontentloaded")
        signed_in_as(page, "leitung")
    finally:
        context.close()


@pytest.mark.parametrize(("query", "location"), [
    ("ticket=erfunden&next=https://example.org/", "/"),
    ("ticket=erfunden&next=//example.org/", "/"),
    ("ticket=erfunden&next=/daten%3Fprio%3D1", "/daten?prio=1"),
])
def test_the_sign_in_route_sends_only_to_local_paths_and_sets_no_cookie_without_a_ticket(
        accounts_app: Server, query: str, location: str):
    address = urlsplit(accounts_app.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request("GET", f"/auth/anmelden?{query}")
        response = connection.getresponse()
        assert (response.status, response.getheader("Location"), response.getheader("Set-Cookie")) == \
            (303, location, None)
    finally:
        connection.close()


def test_a_secrets_file_with_a_syntax_error_shows_only_its_error(tmp_path_factory, browser: Browser):
    """Fail closed: not open mode, no page, no raw page list; the API says the same as 503 JSON."""
    workdir = tmp_path_factory.mktemp("streamlit-broken-secrets")
    secrets = workdir / "secrets.toml"
    secrets.write_text('[access]\nmode = "local"\n[access.users.leitung]\nrole = "Bearbeiten\n', encoding="utf-8")
    context = new_context(browser)
    with streamlit_server(workdir, secrets=secrets) as server:
        try:
            page = context.new_page()
            page.goto(server.url + "/hochladen", wait_until="domcontentloaded")
            expect(page.get_by_test_id("stAlertContentError")).to_have_text(re.compile(
                r"^Die Einstellungen können nicht gelesen werden, deshalb zeigt das Cockpit nichts an\. "
                rf"Datei „{re.escape(str(secrets))}“: Zeile 4, Spalte 19 ist kein gültiges TOML"))
            expect(page.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning")
            expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
            expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
            expect(page.get_by_text("Offener Modus")).to_have_count(0)
            response = page.request.get(server.url + "/api/v1/summary.json")
            assert (response.status, response.json()["error"]) == (503, "configuration")
        finally:
            context.close()
