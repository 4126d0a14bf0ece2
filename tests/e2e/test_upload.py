"""Hochladen through the browser's file chooser: a broken workbook is refused with its errors listed
and nothing stored; a valid one becomes the shown version, Übersicht and Änderungen follow it.

Each test gets a server with an empty version database of its own (`fresh_app`), so what one
stores is never seen by another test, whatever the order.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect

from lib.deriving.history import measure_counts
from lib.reading.problems import Code
from lib.reading.register import read_register
from lib.sample import SAMPLE_MARK
from lib.storing.storage import Store
from tests import meeting_data
from tests.e2e.axe_check import assert_no_serious_violations
from tests.e2e.conftest import SAMPLE, Server, open_app, wait_until_rendered

MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'
OLDER_NAME = "massnahmen_alt.xlsx"
# Übersicht of meeting_data.newer() at its Stand 01.07.2019: complete / total per priority (worked out there).
NEWER_COMPLETE_OF_TOTAL = {0: "1 / 2", 1: "0 / 3", 2: "0 / 1", 3: "0 / 1", 4: "0 / 1", 5: "0 / 0"}


def edited_sample(path: Path, cells: dict[str, object]) -> Path:
    """The sample register with some cells of sheet Maßnahmen overwritten, saved to `path`."""
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book["Maßnahmen"]
    for cell, value in cells.items():
        sheet[cell] = value
    book.save(path)
    return path


def upload(page: Page, path: Path) -> None:
    """Choose the file in the browser's file chooser (opened by the uploader's button), then save it."""
    uploader = page.get_by_test_id("stFileUploader")
    with page.expect_file_chooser() as chooser:
        uploader.get_by_role("button", name="Datei auswählen").click()  # German by ui.german
    assert not chooser.value.is_multiple()
    chooser.value.set_files(path)
    expect(uploader.get_by_role("button", name=f"{path.name} entfernen")).to_be_visible()  # long names are cut
    wait_until_rendered(page)
    page.locator(MAIN).get_by_role("button", name="Prüfen und speichern").click()
    wait_until_rendered(page)


def download_bytes(page: Page, label: str, tmp_path: Path) -> bytes:
    with page.expect_download() as info:
        page.locator(MAIN).get_by_role("button", name=label).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def shown_register(page: Page):
    return page.locator(SIDEBAR).get_by_test_id("stCaptionContainer").filter(has_text="Datei:")


def go_to(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).click()
    expect(page.locator(f"{MAIN} h1").first).to_have_text(title)
    wait_until_rendered(page)


def test_broken_workbook_lists_every_error_and_stores_nothing(page: Page, fresh_app: Server, tmp_path: Path):
    path = edited_sample(tmp_path / "register_fehlerhaft.xlsx", {"A6": "0.01", "C16": 9})  # duplicate Nr, Prio 9
    errors = read_register(path.read_bytes(), path.name).errors
    assert {Code.DUPLICATE_ID, Code.BAD_PRIORITY} <= {p.code for p in errors}

    open_app(page, fresh_app.url + "/hochladen")
    expect(shown_register(page)).to_contain_text(SAMPLE_MARK)
    upload(page, path)

    main = page.locator(MAIN)
    expect(main.get_by_test_id("stAlertContentError")).to_contain_text(
        f"Nicht gespeichert: „{path.name}“ hat {len(errors)} Fehler")
    grid = main.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    for header in ("Blatt", "Zeile", "Spalte", "Meldung", "Grund"):
        expect(grid.get_by_role("columnheader", name=header, include_hidden=True)).to_have_count(1)
    # the list as the user downloads it: every error with sheet, row and column
    text = download_bytes(page, "Fehlerliste herunterladen (.csv)", tmp_path).decode("utf-8-sig")
    listed = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [(r["Blatt"], r["Zeile"], r["Spalte"], r["Meldung"]) for r in listed] == [
        (p.sheet, str(p.row), p.column, p.text()) for p in errors]
    assert ("Maßnahmen", "6", "Nr") in {(r["Blatt"], r["Zeile"], r["Spalte"]) for r in listed}
    assert ("Maßnahmen", "16", "Priorität") in {(r["Blatt"], r["Zeile"], r["Spalte"]) for r in listed}
    # the reason in German, never the machine's code (that stays in `validate --json`)
    assert {("6", "Nr doppelt"), ("16", "Priorität ungültig")} <= {(r["Zeile"], r["Grund"]) for r in listed}
    assert "Code" not in listed[0] and not {r["Grund"] for r in listed} & {code.value for code in Code}
    assert_no_serious_violations(page, "Hochladen with the error table")

    # nothing stored: no version, the sidebar still shows the sample and offers no register choice
    assert Store(fresh_app.db).versions() == []
    expect(shown_register(page)).to_contain_text(SAMPLE_MARK)
    expect(page.locator(SIDEBAR).get_by_text("Angezeigte Version")).to_have_count(0)
    page.reload(wait_until="domcontentloaded")
    wait_until_rendered(page)
    expect(shown_register(page)).to_contain_text(SAMPLE_MARK)


def test_valid_workbook_becomes_the_shown_version_and_its_changes_show(page: Page, fresh_app: Server,
                                                                        tmp_path: Path):
    """Version 1 is `meeting_data.older()`, the upload `newer()`; figures from tests/meeting_data.py."""
    store = Store(fresh_app.db)
    store.add(meeting_data.older().to_bytes(), OLDER_NAME, comment="Stand der letzten Sitzung", uploader="e2e")
    path = meeting_data.newer().save(tmp_path / "massnahmen_neu.xlsx")

    open_app(page, fresh_app.url + "/hochladen")
    expect(shown_register(page)).to_contain_text(OLDER_NAME)
    upload(page, path)

    expect(page.locator(MAIN).get_by_test_id("stAlertContentSuccess")).to_contain_text(
        "Gespeichert als Version 2 (8 Maßnahmen) – sie wird jetzt angezeigt.")
    newest = store.versions()[-1]
    assert (newest.number, newest.file_name) == (2, path.name)
    assert measure_counts(store, [newest]) == {2: 8}
    sidebar = page.locator(SIDEBAR)
    expect(sidebar.get_by_role("combobox", name="Angezeigte Version")).to_have_value(newest.label)
    expect(shown_register(page)).to_contain_text(f"Datei: {path.name}")
    expect(shown_register(page)).not_to_contain_text(SAMPLE_MARK)

    go_to(page, "Übersicht")
    main = page.locator(MAIN)
    for priority, complete_of_total in NEWER_COMPLETE_OF_TOTAL.items():
        expect(main.get_by_test_id("stMetric").filter(has_text=f"Priorität {priority}")
               .get_by_test_id("stMetricValue")).to_have_text(complete_of_total)
    line = "Seit 01.03.2019: 1 Maßnahme abgeschlossen, 1 neu, 1 entfernt, 1 Frist geändert, 1 Federführung geändert."
    expect(main.get_by_test_id("stAlertContentInfo").filter(has_text=line)).to_be_visible()

    go_to(page, "Änderungen")
    expect(main.get_by_text(line, exact=True)).to_be_visible()
    changes = main.get_by_test_id("stDataFrame").filter(
        has=page.get_by_role("columnheader", name="Änderung", exact=True, include_hidden=True))
    expect(changes.get_by_role("gridcell", name="massnahme?nr=0.01", exact=True,  # a link to its page
                               include_hidden=True)).to_have_count(1)
    text = download_bytes(page, "Änderungen herunterladen (.csv)", tmp_path).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [r["Nr"] for r in rows] == meeting_data.CHANGED
    assert_no_serious_violations(page, "Änderungen with two versions")
