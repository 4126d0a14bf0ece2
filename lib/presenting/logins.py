"""The login audit log as the editors read it on the page Änderungen: newest first, German headers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lib.access import LoginAttempt, LoginKind
from lib.storing.audit import RETENTION_FLOOR

LOGIN_HEADERS = ("Zeit", "Benutzername", "Rechner", "Art", "Ergebnis")
KIND_LABELS = {
    LoginKind.PASSWORD: "Passwort",
    LoginKind.COOKIE: "Anmelde-Cookie (neu geladen)",
    LoginKind.OIDC: "Dienstkonto (OIDC)",
    LoginKind.LOGOUT: "Abmelden",
}


def _outcome(attempt: LoginAttempt) -> str:
    if attempt.kind is LoginKind.LOGOUT:
        return "abgemeldet, in allen Browsern"
    return "angemeldet" if attempt.succeeded else "abgelehnt: Name oder Passwort falsch"


def login_table(attempts: Sequence[LoginAttempt]) -> pd.DataFrame:
    """One row per entry; times in the server's local time zone, as the version history shows them."""
    rows = [(a.at.astimezone().strftime("%d.%m.%Y %H:%M:%S"), a.user_name, a.client or "unbekannt",
             KIND_LABELS[a.kind], _outcome(a))
            for a in sorted(attempts, key=lambda a: a.at, reverse=True)]
    return pd.DataFrame(rows, columns=list(LOGIN_HEADERS), dtype="string")


def retention_sentence(audit_days: int) -> str:
    """The caption under the log: how long entries are kept (`access.audit_days`, at least RETENTION_FLOOR)."""
    if audit_days == 0:
        hours = int(RETENTION_FLOOR.total_seconds() // 3600)
        return (f"Anmeldeversuche werden gut {hours} Stunden aufbewahrt, so lange, wie die Sperre nach falschen "
                "Passwörtern und das Abmelden sie brauchen.")
    return f"Anmeldeversuche werden {audit_days} {'Tag' if audit_days == 1 else 'Tage'} aufbewahrt."
