"""The page Erklärung zur Barrierefreiheit: in the navigation of every page, public before any login, with the city's
settings from secrets.toml or the defaults that say what is still to be filled in."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from lib.access import hash_password
from tests.app.conftest import ROOT, open_page

ACCESS = {"mode": "local", "users": {"rat": {"role": "Lesen", "password_hash": hash_password("lesen")}}}
STATEMENT = "pages/barrierefreiheit.py"


def statement_text(app: AppTest) -> str:
    return "\n".join(m.value for m in app.main.markdown)


def test_default_statement_says_what_the_city_must_fill_in():
    app = open_page("barrierefreiheit")
    assert [t.value for t in app.main.title] == ["Erklärung zur Barrierefreiheit"]
    assert [w.value for w in app.main.warning] == [
        "Bitte von der Stadt auszufüllen: Name der öffentlichen Stelle, Anschrift und Telefon der Kontaktstelle, "
        "E-Mail-Adresse der Kontaktstelle, Durchsetzungsstelle, Datum der Erklärung, Datum der letzten Überprüfung "
        "(Einstellungen: docs/accessibility.md)."]
    text = statement_text(app)
    for heading in ("Stand der Vereinbarkeit mit den Anforderungen", "Nicht barrierefreie Inhalte",
                    "Feedback und Kontaktangaben", "Durchsetzungsverfahren"):
        assert f"## {heading}" in text
    assert "teilweise mit § 10 des Landesinklusionsgesetzes" in text


def test_configured_statement_shows_the_citys_contact_and_dates():
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.secrets["accessibility"] = {"body": "Stadt Musterstadt", "contact": "Rathausplatz 1, 55116 Musterstadt",
                                    "email": "barrierefreiheit@musterstadt.example",
                                    "enforcement": "Durchsetzungsstelle des Landes, 55116 Mainz",
                                    "created": dt.date(2026, 11, 30), "reviewed": "01.12.2026"}
    app.run()
    app.switch_page(STATEMENT)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.main.warning
    text = statement_text(app)
    assert "Bitte von der Stadt" not in text
    assert "Diese Erklärung wurde am 30.11.2026 erstellt." in text
    assert "- Durchsetzungsstelle: Durchsetzungsstelle des Landes, 55116 Mainz" in text


def test_statement_is_public_before_the_login_and_linked_from_the_login_form():
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.secrets["access"] = ACCESS
    app.run()
    assert [t.value for t in app.main.title] == ["Maßnahmen-Cockpit"]  # the login form
    links = app.sidebar.get("page_link")
    assert [(link.proto.page, link.proto.label) for link in links] == [
        ("barrierefreiheit", "Erklärung zur Barrierefreiheit")]
    app.switch_page(STATEMENT)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert [t.value for t in app.main.title] == ["Erklärung zur Barrierefreiheit"]
    assert not app.text_input  # no login form on the statement
    assert "## Durchsetzungsverfahren" in statement_text(app)


def test_other_pages_still_wait_for_the_login():
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.secrets["access"] = ACCESS
    app.run()
    app.switch_page("pages/fristen.py")
    app.run()
    assert [t.value for t in app.main.title] == ["Maßnahmen-Cockpit"]
    assert not app.metric and not app.dataframe
