"""Throttled logins in the running app: the German wait message, a lock that a new session (a reload)
still meets, and the audit log on Änderungen for editors only."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from lib.access import LoginAttempt
from lib.storing.audit import StoreLoginLog
from lib.storing.storage import Store
from tests.app.conftest import ROOT
from tests.app.test_access import ACCESS, signed_in


def test_sixth_wrong_password_must_wait_and_a_new_session_too(own_version_database):
    for _ in range(5):
        app = signed_in("leitung", "falsch")
        assert [e.value for e in app.error] == ["Benutzername oder Passwort ist falsch."]
    app = signed_in("leitung", "falsch")
    [message] = [e.value for e in app.error]
    assert message.startswith("Zu viele falsche Anmeldeversuche für diesen Benutzernamen oder von diesem Rechner. "
                              "Bitte in ") and message.endswith(" Sekunden erneut versuchen.")
    app = signed_in("leitung", "richtig")  # a new session, as after a reload: the right password waits too
    assert [e.value for e in app.error][0].startswith("Zu viele falsche Anmeldeversuche")
    assert not app.metric
    assert [a.succeeded for a in StoreLoginLog(Store(own_version_database)).newest()] == [False] * 5  # refusals cost no check and are not written


def test_a_lock_of_15_minutes_is_told_in_minutes(own_version_database):
    log = StoreLoginLog(Store(own_version_database))
    minute_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    for i in range(10):
        log.record(LoginAttempt(minute_ago - dt.timedelta(seconds=10 - i), "leitung", "", False))
    app = signed_in("leitung", "richtig")
    assert [e.value for e in app.error] == [
        "Zu viele falsche Anmeldeversuche für diesen Benutzernamen oder von diesem Rechner. "
        "Bitte in 14 Minuten erneut versuchen."]


def on_aenderungen(name: str, password: str, access: dict = ACCESS) -> AppTest:
    app = signed_in(name, password, access)
    app.switch_page("pages/aenderungen.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_editors_see_the_login_log_readers_do_not(own_version_database):
    signed_in("rat", "falsch")
    app = on_aenderungen("leitung", "richtig")
    [expander] = [e for e in app.expander if e.label.startswith("Anmeldungen")]
    assert expander.label == "Anmeldungen – die letzten 2 Einträge"
    assert [c.value for c in expander.caption] == ["Anmeldeversuche werden 90 Tage aufbewahrt."]
    rows = expander.dataframe[0].value
    assert list(rows.columns) == ["Zeit", "Benutzername", "Rechner", "Art", "Ergebnis"]
    assert rows[["Benutzername", "Rechner", "Art", "Ergebnis"]].values.tolist() == [
        ["leitung", "unbekannt", "Passwort", "angemeldet"],
        ["rat", "unbekannt", "Passwort", "abgelehnt: Name oder Passwort falsch"]]
    reader = on_aenderungen("rat", "lesen")
    assert not [e for e in reader.expander if e.label.startswith("Anmeldungen")]


def test_the_log_says_the_days_the_settings_keep_it():
    app = on_aenderungen("leitung", "richtig", {**ACCESS, "audit_days": 7})
    [expander] = [e for e in app.expander if e.label.startswith("Anmeldungen")]
    assert [c.value for c in expander.caption] == ["Anmeldeversuche werden 7 Tage aufbewahrt."]


def test_unusable_audit_days_stop_the_app_with_the_key_named():
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.secrets["access"] = {**ACCESS, "audit_days": 9999}
    app.run()
    assert [e.value for e in app.error] == [
        "Die Zugangskonfiguration in .streamlit/secrets.toml ist fehlerhaft: access.audit_days muss eine ganze "
        "Zahl von 0 bis 3650 sein (Tage, die Anmeldeversuche aufbewahrt werden), nicht „9999“; ohne die Zeile "
        "gelten 90 Tage."]
    assert not app.metric
