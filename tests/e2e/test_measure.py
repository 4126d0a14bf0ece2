"""Page Maßnahme in Chromium: after two uploads a measure opened by its URL shows its status change in the
history; a fresh store shows the sample's history on Änderungen and on a measure's page and stays empty."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Page, expect

from lib.sample import SAMPLE_MARK
from lib.storing.storage import Store
from tests.e2e.conftest import Server, open_app, wait_until_rendered
from tests.e2e.test_upload import MAIN, edited_sample, upload

CHANGED_ID = "1.07"  # a measure of the sample without rollout rows: its Status cell alone decides its status
TITLE = "Online-Anmeldung zur Hundesteuer"  # measure 1.07 of the sample: Status „offen“ in cell H21


def test_measure_opened_by_url_after_two_uploads_shows_its_status_change(page: Page, fresh_app: Server,
                                                                         tmp_path: Path):
    for number, (name, cells) in enumerate((("maerz.xlsx", {}), ("september.xlsx", {"H21": "umgesetzt"})), 1):
        open_app(page, fresh_app.url + "/hochladen")
        upload(page, edited_sample(tmp_path / name, cells))
        # the save runs after the click's rerun has started: wait for its notice, not only for a quiet page
        expect(page.locator(MAIN).get_by_test_id("stAlertContentSuccess")).to_contain_text(
            f"Gespeichert als Version {number}", timeout=60_000)
    assert [v.file_name for v in Store(fresh_app.db).versions()] == ["maerz.xlsx", "september.xlsx"]

    open_app(page, f"{fresh_app.url}/massnahme?nr={CHANGED_ID}")
    main = page.locator(MAIN)
    expect(main.get_by_role("heading", name=f"{CHANGED_ID} {TITLE}")).to_be_visible()
    expect(main.get_by_text("Status: vollständig umgesetzt", exact=True)).to_be_visible()
    expect(main.get_by_text("Version 2 · 17.09.2019 · nicht umgesetzt → vollständig umgesetzt",
                            exact=True)).to_be_visible()
    page.reload(wait_until="domcontentloaded")  # the URL alone reproduces the page
    wait_until_rendered(page)
    expect(main.get_by_role("heading", name=f"{CHANGED_ID} {TITLE}")).to_be_visible()

    # the Nr in the change table is a link to the same page, relative to the page it is on
    open_app(page, fresh_app.url + "/aenderungen")
    changes = main.get_by_test_id("stDataFrame").filter(
        has=page.get_by_role("columnheader", name="Änderung", exact=True, include_hidden=True))
    href = f"massnahme?nr={CHANGED_ID}"
    expect(changes.get_by_role("gridcell", name=href, exact=True, include_hidden=True)).to_have_count(1)
    open_app(page, urljoin(page.url, href))
    expect(main.get_by_role("heading", name=f"{CHANGED_ID} {TITLE}")).to_be_visible()


def test_unknown_nr_says_so_without_an_exception(page: Page, app_url: str):
    open_app(page, f"{app_url}/massnahme?nr=9.99")
    expect(page.locator(MAIN).get_by_text("Die Maßnahme „9.99“ gibt es im angezeigten Register nicht.")).to_be_visible()
    expect(page.locator(MAIN).get_by_role("link", name="Zurück zur Liste aller Maßnahmen (Daten)")).to_be_visible()


def test_fresh_store_shows_the_sample_history_and_stays_empty(page: Page, fresh_app: Server):
    open_app(page, fresh_app.url + "/aenderungen")
    main = page.locator(MAIN)
    expect(main.get_by_text("Seit 12.12.2018:", exact=False).first).to_be_visible()
    expect(main.get_by_test_id("stAlertContentInfo").filter(has_text=SAMPLE_MARK)).to_be_visible()
    expect(main.get_by_test_id("stImage")).to_have_count(1)  # the progress across versions, drawn on the server

    open_app(page, fresh_app.url + "/massnahme?nr=2.02")
    expect(main.get_by_text("Version 3 · 17.09.2019 · Frist 31.03.2019 → 30.06.2019", exact=True)).to_be_visible()
    open_app(page, fresh_app.url + "/")
    expect(main.get_by_test_id("stMetric")).to_have_count(6)
    assert Store(fresh_app.db).versions() == []
