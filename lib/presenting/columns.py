"""The German header of every column a page shows or an export writes, and how its values read, declared once
by column name."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

import pandas as pd

HEADERS: dict[str, str] = {
    # a measure (derived table, sheet Maßnahmen)
    "id": "Nr",
    "title": "Maßnahme",
    "priority": "Priorität",
    "field": "Handlungsfeld",
    "lead_label": "Federführung",
    "department": "Dezernat",
    "status_label": "Status",
    "deadline": "Frist",
    "overdue": "Überfällig",
    "days_overdue": "Tage überfällig",
    "days_left": "Tage bis zur Frist",
    "completed_on": "Umgesetzt am",
    "missing_offices": "Noch offen in Ämtern",
    "workplaces_total": "Arbeitsplätze gesamt",
    "workplaces_done": "Arbeitsplätze ausgerollt",
    "workplaces_left": "Arbeitsplätze offen",
    "open_applications": "Anwendungen offen",
    "partners": "Kooperationspartner",
    "partner": "Partner",
    "order": "Reihenfolge",
    "start": "Beginn",
    "end": "Ende (geplant)",
    "duration_months": "Dauer (Monate)",
    "person_days": "Personentage",
    "budget_eur": "Budget (EUR)",
    "remark": "Bemerkung",
    # an office, and a measure in one office
    "office_label": "Amt",
    "state": "Stand",
    "measures": "Maßnahmen",
    "done": "umgesetzt",
    "share_done": "Anteil umgesetzt",
    "open_in_office": "offen",  # measures of one office not begun there
    # a stored version
    "version": "Version",
    "stand_label": "Stand",
    # a register of the installation (page Vergleich)
    "register": "Register",  # its short name, as in ?register=
    "register_label": "Register",  # its title, with the short name where titles repeat
    "register_title": "Bezeichnung",
    "version_stand": "Stand (aktuelle Version)",
    "stichtag": "Stichtag",
    "share_complete": "Anteil vollständig",
    "share_partial": "Anteil teilweise",
    "share_not_started": "Anteil nicht umgesetzt",
    "share_overdue": "Anteil überfällig",
    "registers_with": "Register mit Maßnahmen",
    "registers_complete": "flächendeckend umgesetzt",  # registers where every measure of the priority is complete
    "registers_begun": "mindestens teilweise",  # registers where at least one is complete or partial
    # counts per priority
    "total": "gesamt",
    "complete": "vollständig",
    "partial": "teilweise",
    "not_started": "nicht umgesetzt",
}


def german(frame: pd.DataFrame, columns: Iterable[str], ids: Iterable[str] = ()) -> pd.DataFrame:
    """These columns of `frame`, in this order, under their German headers.

    `ids` come first under their own names: ids a chart selection carries, never shown as a column.
    """
    ids, columns = list(ids), list(columns)
    return frame[ids + columns].rename(columns={c: HEADERS[c] for c in columns})


class Kind(Enum):
    """How the values of a column are shown: German number and date formats (1.234, 2.580.000 €, 40 %, 31.12.2019)."""

    COUNT = "count"  # whole numbers: 1.234
    NUMBER = "number"  # decimals where the register has them: 1.234,5
    EURO = "euro"  # whole euros: 2.580.000 €
    SHARE = "share"  # a fraction 0–1 shown as a percentage: 40 %
    DAY = "day"  # 31.12.2019
    MONTH = "month"  # 03.2020 (planned starts are months)


KINDS: dict[str, Kind] = {
    "priority": Kind.COUNT,
    "days_overdue": Kind.COUNT,
    "days_left": Kind.COUNT,
    "workplaces_total": Kind.COUNT,
    "workplaces_done": Kind.COUNT,
    "workplaces_left": Kind.COUNT,
    "order": Kind.NUMBER,
    "duration_months": Kind.NUMBER,
    "person_days": Kind.NUMBER,
    "budget_eur": Kind.EURO,
    "share_done": Kind.SHARE,
    "deadline": Kind.DAY,
    "completed_on": Kind.DAY,
    "start": Kind.MONTH,
    "end": Kind.MONTH,
    "measures": Kind.COUNT,
    "done": Kind.COUNT,
    "version": Kind.COUNT,
    "total": Kind.COUNT,
    "complete": Kind.COUNT,
    "partial": Kind.COUNT,
    "not_started": Kind.COUNT,
    "version_stand": Kind.DAY,
    "stichtag": Kind.DAY,
    "share_complete": Kind.SHARE,
    "share_partial": Kind.SHARE,
    "share_not_started": Kind.SHARE,
    "share_overdue": Kind.SHARE,
    "registers_with": Kind.COUNT,
    "registers_complete": Kind.COUNT,
    "registers_begun": Kind.COUNT,
}
# Headers of tables built elsewhere under their German names only (lib.deriving.diff.history_table).
PROGRESS_SHARE = "Anteil vollständig (%)"  # whole percent, 0–100 (lib.presenting.changes)
_OTHER_KINDS: dict[str, Kind] = {"Maßnahmen": Kind.COUNT, "Version": Kind.COUNT, PROGRESS_SHARE: Kind.COUNT}
HEADER_KINDS: dict[str, Kind] = {**{HEADERS[name]: kind for name, kind in KINDS.items()}, **_OTHER_KINDS}


def kind_of(header: str) -> Kind | None:
    """How the column under this German header reads; None for text and for headers made from data
    (a partner × measure matrix has one column per measure)."""
    return HEADER_KINDS.get(header)
