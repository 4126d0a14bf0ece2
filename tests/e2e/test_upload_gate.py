"""Uploads only where they belong, against a real server with local accounts: Streamlit's upload endpoint
takes a file only from an editor's session on the page Hochladen; every other session's forged PUT is
refused with a German 403 before its body is kept, and the page of the one who sent it stays intact."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from lib.access import hash_password
from tests.e2e.conftest import (
    RENDER_TIMEOUT_MS,
    VIEWPORT,
    fail_on_exception,
    streamlit_server,
)
from tests.e2e.sessions import SessionSpy, forged_upload

MAIN = '[data-testid="stMain"]'
SMALL = 10_000  # bytes: the gate is about who sends, not how much
PATIENT_MS = 3 * RENDER_TIMEOUT_MS  # logging in and drawing Übersicht, then another page: slow on a busy machine


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> str:
    workdir = tmp_path_factory.mktemp("upload-gate")
    secrets = workdir / "secrets.toml"
    secrets.write_text(
        f'[access]\nmode = "local"\n'
        f'[access.users.rat]\nrole = "Lesen"\npassword_hash = "{hash_password("lesen-geheim")}"\n'
        f'[access.users.pg]\nrole = "Bearbeiten"\npassword_hash = "{hash_password("bearbeiten-geheim")}"\n',
        encoding="utf-8")
    with streamlit_server(workdir, secrets=secrets) as server:
        yield server.url


@pytest.fixture
def tab(browser: Browser) -> tuple[Page, SessionSpy]:
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
    context.set_default_timeout(PATIENT_MS)
    page = context.new_page()
    spy = SessionSpy(page)
    try:
        yield page, spy
    finally:
        context.close()


def open_login(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    expect(page.get_by_label("Benutzername")).to_be_visible(timeout=PATIENT_MS)


def log_in(page: Page, name: str, password: str) -> None:
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator('[data-testid="stSidebar"]').get_by_text(f"Angemeldet als {name}")).to_be_visible(
        timeout=PATIENT_MS)
    run_finished(page)


def run_finished(page: Page) -> None:
    """The script run is over, so the session's upload permission is recorded; the charts may still load
    (on a machine this busy that takes long, and the gate does not depend on them)."""
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=PATIENT_MS)
    fail_on_exception(page)


def go_to(page: Page, title: str) -> None:
    # dispatched: a click waits for the layout to settle, which charts still loading delay on a busy machine
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).dispatch_event("click")
    expect(page.locator(f"{MAIN} h1").first).to_have_text(title, timeout=PATIENT_MS)
    run_finished(page)


def test_anonymous_and_reader_sessions_cannot_upload(city: str, tab):
    page, spy = tab
    open_login(page, city)
    status, text = forged_upload(page, city, spy.current, SMALL)
    assert (status, text) == (403, "Hochladen ist hier nicht erlaubt.")

    log_in(page, "rat", "lesen-geheim")
    status, text = forged_upload(page, city, spy.current, SMALL)
    assert (status, text) == (403, "Hochladen ist hier nicht erlaubt.")
    # The reader's tab goes on working: the next run (another page) ends without an exception box.
    go_to(page, "Fristen")
    expect(page.get_by_text("This app has encountered an error")).to_have_count(0)


def test_an_editor_uploads_on_hochladen_only_and_not_after_logging_out(city: str, tab):
    page, spy = tab
    open_login(page, city)
    log_in(page, "pg", "bearbeiten-geheim")
    session = spy.current
    assert forged_upload(page, city, session, SMALL)[0] == 403  # Übersicht has no uploader

    go_to(page, "Hochladen")
    assert spy.current == session  # same tab, same session: only its page changed
    assert forged_upload(page, city, session, SMALL)[0] == 204  # the request itself is what the widget sends

    go_to(page, "Daten")
    assert forged_upload(page, city, session, SMALL)[0] == 403

    go_to(page, "Hochladen")
    assert forged_upload(page, city, session, SMALL)[0] == 204
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Abmelden").click()
    expect(page.get_by_label("Benutzername")).to_be_visible(timeout=PATIENT_MS)
    assert forged_upload(page, city, session, SMALL)[0] == 403


def test_a_session_id_that_is_not_in_the_path_is_refused(city: str, tab):
    page, _ = tab
    open_login(page, city)
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_streamlit_xsrf")
    response = page.request.put(f"{city}/_stcore/upload_file//x", headers={"X-Xsrftoken": xsrf},
                                multipart={"file": {"name": "a.xlsx", "mimeType": "application/octet-stream",
                                                    "buffer": b"0"}})
    assert response.status == 403
