"""The login audit log as the editors read it on the page Änderungen: newest first, German headers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lib.access import LoginAttempt, LoginKind

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
