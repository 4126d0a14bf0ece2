"""The measures table with German headers, and its downloads as .xlsx and .csv.

No exported cell can become a live formula: text starting with =, +, -, @, tab or CR (also
behind leading spaces) is prefixed with an apostrophe in CSV, as OWASP advises; in .xlsx it is a
text cell with the quote-prefix style instead, so the text stays exactly as it was (lib.presenting.xlsx).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pandas as pd

from lib.presenting.columns import HEADERS, german
from lib.presenting.fmt import de_date
from lib.presenting.views import with_labels
from lib.presenting.xlsx import FORMULA_START, Sheet, write_workbook
from lib.reading.register import Register

_UNSAFE_IN_NAME = re.compile(r'[<>:"/\\|?*]')
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 150  # characters; Windows paths stay usable below a folder or two


def safe_file_name(name: str, default: str = "register.xlsx") -> str:
    """A download name any browser and file system takes as it is: the uploader's file name may hold a path,
    control or direction-changing characters (`rechnung\u202excod.exe`), characters Windows refuses, a
    reserved device name or hundreds of characters. The extension is kept when the name is shortened."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")  # control, format (bidi), unassigned
    base = _UNSAFE_IN_NAME.sub("_", base).strip(" .")
    if not base:
        return default
    stem, dot, suffix = base.rpartition(".") if "." in base else (base, "", "")
    if stem.upper() in _RESERVED_NAMES or base.upper() in _RESERVED_NAMES:
        base, stem = "_" + base, "_" + stem
    if len(base) > MAX_NAME:
        keep = dot + suffix[:20]
        base = stem[:MAX_NAME - len(keep)].rstrip(" .") + keep
    return base


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (for CSV)."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


MEASURE_COLUMNS = [
    "id", "title", "priority", "field", "lead_label", "department", "status_label", "deadline", "overdue",
    "days_overdue", "completed_on", "missing_offices", "workplaces_total", "workplaces_done", "workplaces_left",
    "open_applications", "partners", "order", "start", "duration_months", "person_days", "budget_eur", "remark",
]


def measure_table(derived: pd.DataFrame, register: Register) -> pd.DataFrame:
    """One row per measure, German headers, lists joined with '; ', dates as dates."""
    labeled = with_labels(derived, register)

    def joined(series: pd.Series) -> pd.Series:
        return series.map(lambda items: "; ".join(items))

    def dates(series: pd.Series) -> pd.Series:
        return series.map(lambda v: None if pd.isna(v) else v.date())

    table = german(labeled.assign(
        priority=labeled["priority"].astype(int),
        deadline=dates(labeled["deadline"]),
        overdue=labeled["overdue"].map({True: "ja", False: "nein"}),
        completed_on=dates(labeled["completed_on"]),
        missing_offices=joined(labeled["missing_offices"]),
        open_applications=joined(labeled["open_applications"]),
        partners=joined(labeled["partners"]),
        start=dates(labeled["start"]),
    ), MEASURE_COLUMNS)
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
    return value  # text that looks like a formula: the xlsx writer makes it a quote-prefixed text cell


def to_xlsx(table: pd.DataFrame, sheet_name: str = "Maßnahmen", title_lines: tuple[str, ...] = ()) -> bytes:
    rows = [[_cell(v) for v in row] for row in table.itertuples(index=False)]
    date_columns = [c for c in table.columns if table[c].map(lambda v: isinstance(v, dt.date)).any()]
    formats = {c: "DD.MM.YYYY" for c in date_columns}
    if HEADERS["budget_eur"] in table.columns:
        formats[HEADERS["budget_eur"]] = "#,##0 €"
    widths = {HEADERS[c]: w for c, w in (("title", 50), ("missing_offices", 40), ("partners", 40), ("remark", 40))}
    return write_workbook([Sheet(sheet_name, list(table.columns), rows, title_lines=list(title_lines),
                                 widths={k: v for k, v in widths.items() if k in table.columns},
                                 number_formats=formats,
                                 text_columns=[HEADERS["id"]] if HEADERS["id"] in table.columns else ())])


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
