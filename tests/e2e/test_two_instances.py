"""Two `streamlit run` processes on one PostgreSQL store, as behind a load balancer: a version uploaded
through one is shown by the other on its next run, and both agree on the current version."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from lib.storing.storage import Store
from tests.e2e.conftest import SAMPLE, VIEWPORT, open_app, streamlit_server, wait_until_rendered
from tests.e2e.test_upload import MAIN, SIDEBAR, edited_sample, shown_register, upload
from tests.postgres import postgres_cluster, postgres_url  # noqa: F401  (fixtures)


def _register_choice(page: Page):
    return page.locator(SIDEBAR).get_by_role("combobox", name="Angezeigte Version")


def test_an_upload_through_one_instance_shows_in_the_other(page: Page, browser: Browser, postgres_url: str,  # noqa: F811
                                                           tmp_path_factory, tmp_path: Path):
    store = Store(postgres_url)
    first = store.add(SAMPLE.read_bytes(), SAMPLE.name, uploader="e2e").version
    with (streamlit_server(tmp_path_factory.mktemp("eins"), db=postgres_url) as one,
          streamlit_server(tmp_path_factory.mktemp("zwei"), db=postgres_url) as two):
        context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
        other = context.new_page()
        try:
            open_app(page, one.url + "/hochladen")
            open_app(other, two.url + "/hochladen")  # a page without charts: quick to draw on a busy machine
            for tab in (page, other):  # one version: no choice to make, the sidebar names its file
                expect(shown_register(tab)).to_contain_text(first.file_name)

            upload(page, edited_sample(tmp_path / "massnahmen_neu.xlsx", {"H21": "umgesetzt"}))
            expect(page.locator(MAIN).get_by_test_id("stAlertContentSuccess")).to_contain_text(
                "Gespeichert als Version 2")
            second = store.latest()
            assert (second.number, second.file_name) == (2, "massnahmen_neu.xlsx")

            # The other instance's session reruns on any click; it then shows the new current version.
            other.locator(SIDEBAR).get_by_role("button", name="Stand", exact=True).click()
            wait_until_rendered(other)
            for tab in (page, other):
                expect(_register_choice(tab)).to_have_value(second.label)
            expect(shown_register(other)).to_contain_text("massnahmen_neu.xlsx")
        finally:
            context.close()
