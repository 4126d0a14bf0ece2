"""A version database that is not a database, through a real server and browser: every page keeps its
title and says in German that the city's versions cannot be read; no exception box, no sample."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import streamlit_server, wait_until_rendered

MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'


@pytest.fixture
def garbage_app(tmp_path_factory) -> str:
    workdir = tmp_path_factory.mktemp("streamlit-garbage")
    (workdir / "versions.db").write_bytes(b"kein SQLite " * 500)
    with streamlit_server(workdir) as server:
        yield server.url


@pytest.mark.parametrize(("path", "title"), [("/", "Übersicht"), ("/aenderungen", "Änderungen"),
                                             ("/hochladen", "Hochladen")])
def test_garbage_database_says_so_on_every_page(garbage_app: str, page: Page, path: str, title: str):
    page.goto(garbage_app + path, wait_until="domcontentloaded")
    wait_until_rendered(page)  # fails on an exception box
    expect(page.locator(f"{MAIN} h1")).to_have_text(title)
    alert = page.locator(MAIN).get_by_role("alert")
    expect(alert).to_contain_text("Die Versionen der Stadt können gerade nicht gelesen werden.")
    expect(alert).to_contain_text("versions.db“ ist nicht nutzbar")
    expect(page.locator(SIDEBAR)).to_contain_text("Gespeicherte Versionen nicht verfügbar")
    expect(page.get_by_text("This app has encountered an error")).to_have_count(0)
    expect(page.get_by_text("Beispieldaten")).to_have_count(0)
    expect(page.get_by_text("Stichtag")).to_have_count(0)
