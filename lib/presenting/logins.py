"""The login audit log as the editors read it on the page Änderungen: newest first, German headers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lib.access import LoginAttempt

LOGIN_HEADERS = ("Zeit", "Benutzername", "Rechner", "Ergebnis")


def login_table(attempts: Sequence[LoginAttempt]) -> pd.DataFrame:
    """One row per attempt; times in the server's local time zone, as the version history shows them."""
    rows = [(a.at.astimezone().strftime("%d.%m.%Y %H:%M:%S"), a.user_name, a.client or "unbekannt",
             "angemeldet" if a.succeeded else "abgelehnt: Name oder Passwort falsch")
            for a in sorted(attempts, key=lambda a: a.at, reverse=True)]
    return pd.DataFrame(rows, columns=list(LOGIN_HEADERS), dtype="string")
