"""Sitzung in Chromium on two stored versions (tests/meeting_data.py): stepping through the presentation with
the arrow keys at projector size, and the Sachstandsbericht downloaded with one click."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from lib.storing.storage import Store
from tests import meeting_data
from tests.e2e.axe_check import assert_no_serious_violations
from tests.e2e.conftest import SCREENS, Server, open_app, streamlit_server, wait_until_rendered

MAIN = '[data-testid="stMain"]'
SLIDE = ".st-key-praesentation"
PROJECTOR = {"width": 1280, "height": 720}


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory) -> Server:
    with streamlit_server(tmp_path_factory.mktemp("streamlit-sitzung")) as server:
        store = Store(server.db)
        store.add(meeting_data.older().to_bytes(), "alt.xlsx")
        store.add(meeting_data.newer().to_bytes(), "neu.xlsx")
        yield server


def position(page: Page):
    return page.locator(SLIDE).get_by_text(re.compile(r"^\d+ von \d+$"))


def press(page: Page, key: str) -> None:
    """A key press once the previous run has finished, as a presenter does after reading the screen."""
    wait_until_rendered(page)
    page.keyboard.press(key)


def test_presentation_steps_with_the_arrow_keys_in_large_type(page: Page, two_versions: Server):
    page.set_viewport_size(PROJECTOR)
    open_app(page, two_versions.url + "/sitzung?modus=praesentation&punkt=1")
    expect(position(page)).to_have_text("1 von 8")
    expect(page.locator(f"{MAIN} h1")).to_have_text("4.01 Telearbeit")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / "sitzung-praesentation.png")

    assert_no_serious_violations(page, "Sitzung, Präsentation")
    sizes = page.locator(f"{SLIDE} p").evaluate_all("ps => ps.map(p => parseFloat(getComputedStyle(p).fontSize))")
    assert sizes and min(sizes) >= 28, sizes
    forward = page.locator(SLIDE).get_by_role("button", name=re.compile("Weiter"))
    box = forward.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PROJECTOR["height"], box  # no scrolling to go on

    press(page, "ArrowRight")
    expect(position(page)).to_have_text("2 von 8")
    expect(page.locator(f"{MAIN} h1")).to_have_text("3.02 Open Data")
    expect(page).to_have_url(re.compile(r"punkt=2"))
    press(page, "ArrowRight")
    expect(position(page)).to_have_text("3 von 8")
    press(page, "ArrowLeft")
    expect(position(page)).to_have_text("2 von 8")

    page.reload()  # the URL reproduces the item shown
    wait_until_rendered(page)
    expect(position(page)).to_have_text("2 von 8")
    forward.click()
    expect(position(page)).to_have_text("3 von 8")
    expect(page.locator(f"{MAIN} h1")).to_have_text("0.01 Virtuelle Poststelle")

    press(page, "Escape")
    expect(page.locator(f"{MAIN} h1")).to_have_text("Sitzung")
    expect(page).not_to_have_url(re.compile(r"punkt="))


def test_the_report_is_one_click_away_and_names_the_changes(page: Page, two_versions: Server, tmp_path: Path):
    open_app(page, two_versions.url + "/sitzung")
    expect(page.locator(MAIN).get_by_role("heading", name="Geändert seit Version 1 (01.03.2019) (5)")).to_be_visible()
    assert_no_serious_violations(page, "Sitzung")
    link = page.locator(MAIN).get_by_role("link", name="4.01", exact=True)
    assert link.evaluate("a => a.href") == two_versions.url + "/massnahme?nr=4.01"
    with page.expect_download() as info:
        page.locator(MAIN).get_by_role("button", name="Sachstandsbericht (.docx) herunterladen").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "sachstandsbericht-stichtag-2019-07-01.docx"
    document = Document(io.BytesIO(target.read_bytes()))
    changes = next(t for t in document.tables if t.rows[0].cells[0].text == "Änderung")
    assert [row.cells[1].text for row in changes.rows[1:]] == meeting_data.CHANGED
    assert [p for p in document.part.package.parts if p.content_type == "image/png"][0].blob
