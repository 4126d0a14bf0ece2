"""Daten on 2.345 rows in a real Chromium: the page control by keyboard, the page in the address through a
reload, the notice for a page the table lacks, downloads of every row from any page, axe on the paged page.
The register and its pages are worked out in tests/paging_data.py."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from lib.storing.storage import Store
from tests.e2e.axe_check import assert_no_serious_violations
from tests.e2e.conftest import open_app, streamlit_server, wait_until_rendered
from tests.e2e.test_download import download
from tests.paging_data import all_nrs, long_register


@pytest.fixture(scope="module")
def long_app(tmp_path_factory) -> str:
    workdir = tmp_path_factory.mktemp("streamlit-long")
    Store(workdir / "versions.db").add(long_register(), "lang.xlsx")
    with streamlit_server(workdir) as server:
        yield server.url


def main_caption(page: Page, text: str):
    return page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').filter(has_text=text)


def asked_page(page: Page) -> list[str]:
    return parse_qs(urlsplit(page.url).query).get("seite", [])


def test_pages_by_keyboard_kept_in_the_address(page: Page, long_app: str):
    open_app(page, f"{long_app}/daten")
    expect(main_caption(page, "Zeilen 1–1.000 von 2.345.")).to_be_visible()
    expect(page.get_by_role("button", name="Vorherige Seite")).to_be_disabled()
    page.get_by_role("button", name="Nächste Seite").focus()
    page.keyboard.press("Enter")
    expect(main_caption(page, "Zeilen 1.001–2.000 von 2.345.")).to_be_visible()
    assert asked_page(page) == ["2"], page.url
    expect(page.get_by_text("Seite 2 von 3", exact=True)).to_be_visible()

    field = page.get_by_role("spinbutton", name="Gehe zu Seite (1–3)")
    expect(field).to_have_value("2")
    # the field's step buttons are named in German for screen readers (Streamlit's are "Increment"/"Decrement")
    expect(page.get_by_role("button", name="Erhöhen", exact=True)).to_have_count(1)
    expect(page.get_by_role("button", name="Verringern", exact=True)).to_have_count(1)
    expect(page.locator('[aria-label="Increment"], [aria-label="Decrement"]')).to_have_count(0)
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    expect(main_caption(page, "Zeilen 2.001–2.345 von 2.345.")).to_be_visible()
    assert asked_page(page) == ["3"], page.url
    expect(page.get_by_role("button", name="Nächste Seite")).to_be_disabled()

    page.reload(wait_until="domcontentloaded")
    wait_until_rendered(page)
    expect(main_caption(page, "Zeilen 2.001–2.345 von 2.345.")).to_be_visible()


def test_a_page_the_table_lacks_is_named_and_leaves_the_address(page: Page, long_app: str):
    open_app(page, f"{long_app}/daten?seite=99")
    expect(page.get_by_text("Aus dem Link nicht übernommen, weil es das im angezeigten Register nicht gibt: "
                            "Seite „99“.")).to_be_visible()
    expect(main_caption(page, "Zeilen 1–1.000 von 2.345.")).to_be_visible()
    assert asked_page(page) == [], page.url


def test_downloads_hold_every_row_whatever_the_page(page: Page, long_app: str, tmp_path):
    open_app(page, f"{long_app}/daten?seite=2")
    expect(main_caption(page, "Die Downloads enthalten alle 2.345 Zeilen")).to_be_visible()
    _, data = download(page, "Tabelle als CSV (.csv)", tmp_path)
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    nr = records[0].index("Nr")
    assert [r[nr] for r in records[1:] if r] == all_nrs()
    _, data = download(page, "Tabelle als Excel (.xlsx)", tmp_path)
    rows = list(openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))
    nr = list(rows[0]).index("Nr")
    assert [row[nr] for row in rows[1:] if any(v is not None for v in row)] == all_nrs()


def test_axe_finds_nothing_serious_on_a_paged_table(page: Page, long_app: str):
    open_app(page, f"{long_app}/daten?seite=2")
    expect(page.get_by_role("spinbutton", name="Gehe zu Seite (1–3)")).to_be_visible()
    assert_no_serious_violations(page, "Daten, Seite 2 von 3")
