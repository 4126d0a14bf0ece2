"""The measures table with German headers, and its downloads as .xlsx and .csv.

No exported cell can become a live formula: text starting with =, +, -, @, tab or CR (also
behind leading spaces) is prefixed with an apostrophe, as OWASP advises for CSV and ASVS for
spreadsheets.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd

from lib.fmt import de_date
from lib.register import Register
from lib.views import with_labels
from lib.xlsx import Sheet, write_workbook

_FORMULA_START = re.compile(r"^[\s\u00a0]*[=+\-@\t\r]")


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def measure_table(derived: pd.DataFrame, register: Register) -> pd.DataFrame:
    """One row per measure, German headers, lists joined with '; ', dates as dates."""
    labeled = with_labels(derived, register)

    def joined(series: pd.Series) -> pd.Series:
        return series.map(lambda items: "; ".join(items))

    def dates(series: pd.Series) -> pd.Series:
        return series.map(lambda v: None if pd.isna(v) else v.date())

    table = pd.DataFrame({
        "Nr": labeled["id"],
        "Maßnahme": labeled["title"],
        "Priorität": labeled["priority"].astype(int),
        "Handlungsfeld": labeled["field"],
        "Federführung": labeled["lead_label"],
        "Dezernat": labeled["department"],
        "Status": labeled["status_label"],
        "Frist": dates(labeled["deadline"]),
        "Überfällig": labeled["overdue"].map({True: "ja", False: "nein"}),
        "Tage überfällig": labeled["days_overdue"],
        "Umgesetzt am": dates(labeled["completed_on"]),
        "Noch offen in Ämtern": joined(labeled["missing_offices"]),
        "Arbeitsplätze gesamt": labeled["workplaces_total"],
        "Arbeitsplätze ausgerollt": labeled["workplaces_done"],
        "Arbeitsplätze offen": labeled["workplaces_left"],
        "Anwendungen offen": joined(labeled["open_applications"]),
        "Kooperationspartner": joined(labeled["partners"]),
        "Reihenfolge": labeled["order"],
        "Beginn": dates(labeled["start"]),
        "Dauer (Monate)": labeled["duration_months"],
        "Personentage": labeled["person_days"],
        "Budget (EUR)": labeled["budget_eur"],
        "Bemerkung": labeled["remark"],
    })
    for column in register.extra_columns:
        table[column] = labeled[column]
    return table.reset_index(drop=True)


def _cell(value):
    if value is None or (not isinstance(value, (list, str)) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return neutralise(value)


def to_xlsx(table: pd.DataFrame, sheet_name: str = "Maßnahmen", title_lines: tuple[str, ...] = ()) -> bytes:
    rows = [[_cell(v) for v in row] for row in table.itertuples(index=False)]
    date_columns = [c for c in table.columns if table[c].map(lambda v: isinstance(v, dt.date)).any()]
    formats = {c: "DD.MM.YYYY" for c in date_columns}
    if "Budget (EUR)" in table.columns:
        formats["Budget (EUR)"] = "#,##0 €"
    widths = {"Maßnahme": 50, "Noch offen in Ämtern": 40, "Kooperationspartner": 40, "Bemerkung": 40}
    return write_workbook([Sheet(sheet_name, [neutralise(c) for c in table.columns], rows,
                                 title_lines=[neutralise(t) for t in title_lines],
                                 widths={k: v for k, v in widths.items() if k in table.columns},
                                 number_formats=formats, text_columns=["Nr"] if "Nr" in table.columns else ())])


def _csv_cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, dt.date):
        return de_date(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)).replace(".", ",")
    return str(neutralise(value) if isinstance(value, str) else value)


def to_csv(table: pd.DataFrame) -> bytes:
    """';'-separated, UTF-8 with BOM, German dates and decimal commas: German Excel opens it as is."""
    text = table.map(_csv_cell).rename(columns=lambda c: _csv_cell(c))
    buffer = io.StringIO()
    text.to_csv(buffer, sep=";", index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")
