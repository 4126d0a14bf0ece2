"""The German header of every column a page shows or an export writes, declared once by column name."""

from __future__ import annotations

from collections.abc import Iterable

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
