"""Every page survives a version database that cannot be used: a German note in the sidebar and in the
page, never Streamlit's generic error, and never the fictitious sample in place of the city's data.
A read-only database is still shown; only uploading and restoring say they are not possible."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import lib.storing.storage as storage
from lib.storing.storage import Store
from tests.app.conftest import ROOT
from tests.builders import Book

PAGES = ["uebersicht", "prioritaeten", "aemter", "fristen", "planung", "kooperationen", "antwort", "daten",
         "aenderungen", "hochladen"]
TITLES = {"uebersicht": "Übersicht", "aenderungen": "Änderungen", "hochladen": "Hochladen", "daten": "Daten"}
UNREADABLE = "Die Versionen der Stadt können gerade nicht gelesen werden."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(stand: str, title: str = "Virtuelle Poststelle") -> bytes:
    measures = [("0.01", title, 0, "10"), ("1.01", "E-Rechnung", 1, "12")]
    return (Book().measures(measures, header=("Nr", "Maßnahme", "Priorität", "Federführung"),
                            title=[f"Stand: {stand}"]).offices()
            .matrix(["10", "12"], [("0.01", "x", "offen")]).to_bytes())


def run_page(page: str) -> AppTest:
    """Open a page like `open_page`, but let the test look at what went wrong instead of failing at once."""
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    if page != "uebersicht":
        app.switch_page(f"pages/{page}.py")
        app.run()
    return app


def shown_text(markdown: str) -> str:
    """What the reader sees of a markdown source: paths keep their underscores, which the source escapes."""
    return markdown.replace("\\", "")


def assert_unreadable_everywhere(app: AppTest, *reason: str) -> None:
    assert not app.exception, [e.value for e in app.exception]
    [error] = app.main.error
    message = shown_text(error.value)
    assert message.startswith(UNREADABLE) and all(r in message for r in reason), message
    [note] = app.sidebar.warning
    assert all(r in shown_text(note.value) for r in reason), note.value
    assert app.session_state["view"] is None  # no register, in particular not the sample
    shown = "\n".join(m.value for m in app.markdown) + "\n".join(c.value for c in app.caption)
    assert "Beispieldaten" not in shown and "Stichtag" not in shown


@pytest.mark.parametrize("page", PAGES)
def test_garbage_file(page, own_version_database):
    own_version_database.write_bytes(b"kein SQLite " * 500)
    app = run_page(page)
    assert_unreadable_everywhere(app, "ist nicht nutzbar", str(own_version_database), "Sicherung")
    if page in TITLES:
        assert app.title[0].value == TITLES[page]


@pytest.mark.parametrize("page", ["uebersicht", "aenderungen", "hochladen"])
def test_path_below_a_file(page, tmp_path, monkeypatch):
    (tmp_path / "datei").write_text("kein Ordner")
    monkeypatch.setenv("MASSNAHMEN_DB", str(tmp_path / "datei" / "versions.db"))
    app = run_page(page)
    assert_unreadable_everywhere(app, "kein Ordner", "MASSNAHMEN_DB")


def test_missing_folder_that_cannot_be_created_keeps_the_sample_when_nothing_is_configured(tmp_path, monkeypatch):
    """First run: no MASSNAHMEN_DB and no var/massnahmen.db. The default location is pointed below a file
    (a configuration constant, not our logic), so the store cannot be created; the sample is the intended
    first picture, with the note why versions are missing."""
    (tmp_path / "datei").write_text("kein Ordner")
    monkeypatch.delenv("MASSNAHMEN_DB")
    monkeypatch.setattr(storage, "DEFAULT_PATH", tmp_path / "datei" / "massnahmen.db")
    app = run_page("uebersicht")
    assert not app.exception and not app.main.error
    assert app.session_state["view"].source.is_sample
    assert any("kein Ordner" in w.value for w in app.sidebar.warning)


@pytest.fixture
def read_only_for_the_service(own_version_database, monkeypatch) -> Path:
    """Two stored versions; then the database and its folder answer `os.access(…, W_OK)` with no.

    These tests run as root (CI too), and root may write whatever the mode bits say, so a chmod proves
    nothing here. `os.access` is answered as it is for a non-root service user whose file is 0444 or whose
    folder is read-only. What this proves: the app opens the store read-only (no journal-mode switch, no
    write on open), shows it, and refuses uploads and restores in German. That SQLite then really reads a
    file it may not write is proven in tests/storing/test_storage.py with a process that is not root.
    """
    store = Store(own_version_database)
    store.add(register("01.07.2019"), "juli.xlsx")
    store.add(register("03.09.2019", "Poststelle neu"), "september.xlsx")
    folder = own_version_database.parent
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and Path(path).resolve().is_relative_to(folder):
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    return own_version_database


def test_read_only_database_is_shown_and_not_written(read_only_for_the_service):
    before = read_only_for_the_service.read_bytes()
    app = run_page("uebersicht")
    assert not app.exception and not app.error
    source = app.session_state["view"].source
    assert (source.version, source.file_name) == (2, "september.xlsx")
    assert read_only_for_the_service.read_bytes() == before
    with sqlite3.connect(f"file:{read_only_for_the_service}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # as the writer left it


def test_read_only_database_refuses_upload(read_only_for_the_service):
    app = run_page("hochladen")
    assert not app.exception
    assert app.warning[0].value.startswith("Hochladen ist nicht möglich") and "schreibgeschützt" in app.warning[0].value
    app.file_uploader(key="upload").set_value(("neu.xlsx", register("01.10.2019"), XLSX))
    app.run()
    app.button(key="upload_save").click()
    app.run()
    assert not app.exception
    assert app.error[0].value.startswith("Nicht gespeichert: „neu.xlsx“") and "schreibgeschützt" in app.error[0].value
    assert [v.number for v in Store(read_only_for_the_service, read_only=True).versions()] == [1, 2]


def test_read_only_database_shows_no_restore_button(read_only_for_the_service):
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    older = next(o for o in app.selectbox(key="version").options if o.startswith("Version 1 "))
    app.selectbox(key="version").set_value(older).run()
    assert not app.exception
    assert app.session_state["view"].source.version == 1
    assert not [b for b in app.button if b.key == "make_current"]
    assert any(c.value.startswith("Wieder aktuell machen ist nicht möglich") for c in app.sidebar.caption)


@pytest.fixture
def disk_full(own_version_database, monkeypatch) -> Path:
    """One stored version; from then on every connection may not grow the file (`PRAGMA max_page_count`
    at its current size): SQLite answers SQLITE_FULL exactly as on a full disk. sqlite3.connect is
    wrapped, our code is not."""
    Store(own_version_database).add(register("01.07.2019"), "juli.xlsx")
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        db = real_connect(*args, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(storage.sqlite3, "connect", connect)
    return own_version_database


def test_disk_full_during_upload_stores_nothing(disk_full):
    app = run_page("hochladen")
    big = register("03.09.2019", "Poststelle " + "lang " * 4000)  # cannot fit into the free pages
    app.file_uploader(key="upload").set_value(("september.xlsx", big, XLSX))
    app.run()
    app.button(key="upload_save").click()
    app.run()
    assert not app.exception
    [error] = app.error
    assert error.value.startswith("Nicht gespeichert: „september.xlsx“") and "ist voll" in error.value, error.value
    assert "Platz schaffen" in error.value
    assert app.session_state["view"].source.version == 1
    store = Store(disk_full)
    assert [v.file_name for v in store.versions()] == ["juli.xlsx"] and store.integrity_check() == "ok"

