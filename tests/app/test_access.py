"""Roles in the running app: readers see no upload, editors are recorded on their uploads."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from lib.access import hash_password
from lib.storing.storage import Store
from tests.app.conftest import ROOT, log_in
from tests.builders import simple

ACCESS = {"mode": "local", "users": {
    "leitung": {"role": "Bearbeiten", "password_hash": hash_password("richtig")},
    "rat": {"role": "Lesen", "password_hash": hash_password("lesen")},
}}


def signed_in(name: str, password: str, access: dict = ACCESS) -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.secrets["access"] = access
    app.run()
    assert [t.value for t in app.main.title] == ["Maßnahmen-Cockpit"] and not app.metric  # only the login
    return log_in(app, name, password)


def test_wrong_password_shows_nothing_of_the_register():
    app = signed_in("rat", "falsch")
    assert "Benutzername oder Passwort ist falsch." in [e.value for e in app.error]
    assert not app.metric


def test_reader_sees_views_but_cannot_upload():
    app = signed_in("rat", "lesen")
    assert "Angemeldet als rat (Lesen)" in [c.value for c in app.sidebar.caption]
    assert app.metric  # the overview is drawn
    with pytest.raises(ValueError, match="Known pages"):  # Hochladen is not among the reader's pages
        app.switch_page("pages/hochladen.py")
    app.switch_page("pages/aenderungen.py")
    app.run()
    assert not app.exception


def test_editor_upload_is_recorded_with_the_name(own_version_database):
    app = signed_in("leitung", "richtig")
    app.switch_page("pages/hochladen.py")
    app.run()
    app.file_uploader(key="upload").set_value(("neu.xlsx", simple().to_bytes(),
                                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    app.run()
    app.button(key="upload_save").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert [v.uploader for v in Store(own_version_database).versions()] == ["leitung"]


def test_only_editors_can_make_an_older_version_current(own_version_database):
    store = Store(own_version_database)
    older = store.add(simple().to_bytes(), "alt.xlsx").version
    store.add(simple([("0.01", "Virtuelle Poststelle", 0, "10"), ("0.02", "E-Akte", 0, "10")]).to_bytes(), "neu.xlsx")
    for name, password, can_restore in (("rat", "lesen", False), ("leitung", "richtig", True)):
        app = signed_in(name, password)
        app.selectbox(key="version").select(older.label)
        app.run()
        assert app.session_state["view"].source.version == older.number
        assert any("Ältere Version" in i.value for i in app.sidebar.info)
        assert bool([b for b in app.button if b.key == "make_current"]) is can_restore, name


@pytest.mark.parametrize(("ago", "still_signed_in"), [(dt.timedelta(hours=7, minutes=59), True),
                                                       (dt.timedelta(hours=8, seconds=1), False)])
def test_a_login_holds_eight_hours_however_long_the_page_stays_open(ago, still_signed_in):
    app = signed_in("rat", "lesen")
    app.session_state["signed_in_at"] = dt.datetime.now(dt.UTC) - ago
    app.run()
    assert not app.exception
    assert bool(app.metric) is still_signed_in
    assert bool([t for t in app.text_input if t.key == "login_name"]) is not still_signed_in
