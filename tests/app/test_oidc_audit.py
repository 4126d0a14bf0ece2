"""Logins through the city's identity provider are in the audit log too: once per session, and „Abmelden“."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lib.access import LoginKind
from lib.storing.audit import StoreLoginLog
from lib.storing.storage import Store
from tests.app.conftest import ROOT

ACCESS = {"mode": "oidc", "editors": ["egov@stadt.example"], "default_role": "Lesen"}


def signed_in_by_oidc() -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.secrets["access"] = ACCESS
    app.user = {"is_logged_in": True, "email": "egov@stadt.example", "name": "E-Government"}
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_an_oidc_session_is_recorded_once_and_its_logout_too(own_version_database):
    app = signed_in_by_oidc()
    assert "Angemeldet als E-Government (Bearbeiten)" in [c.value for c in app.sidebar.caption]
    app.switch_page("pages/aenderungen.py")
    app.run()  # a second run of the same session: no second entry
    [expander] = [e for e in app.expander if e.label.startswith("Anmeldungen")]
    assert expander.dataframe[0].value[["Benutzername", "Art", "Ergebnis"]].values.tolist() == [
        ["E-Government", "Dienstkonto (OIDC)", "angemeldet"]]
    app.button(key="logout").click()
    app.run()
    log = StoreLoginLog(Store(own_version_database))
    assert [(a.user_name, a.kind) for a in reversed(log.newest())] == [
        ("E-Government", LoginKind.OIDC), ("E-Government", LoginKind.LOGOUT)]
