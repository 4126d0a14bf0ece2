"""Validation findings as data: every error and warning is one record the CLI's JSON, its text and the UI's table show."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pandas as pd


class Code(Enum):
    """Machine-readable reason of a finding."""

    UNREADABLE_FILE = "unreadable_file"
    MISSING_SHEET = "missing_sheet"
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    EMPTY_REQUIRED = "empty_required"
    DUPLICATE_ID = "duplicate_id"
    BAD_PRIORITY = "bad_priority"
    BAD_DATE = "bad_date"
    BAD_NUMBER = "bad_number"
    UNKNOWN_WORD = "unknown_word"
    UNKNOWN_MEASURE = "unknown_measure"
    DUPLICATE_ROLLOUT = "duplicate_rollout"
    UNKNOWN_OFFICE = "unknown_office"
    WORKPLACES_EXCEED = "workplaces_exceed"
    EXCEL_ERROR = "excel_error"  # a warning in an extra column
    TEXT_TOO_LONG = "text_too_long"
    # warnings
    EXTRA_COLUMN = "extra_column"
    NO_OFFICE = "no_office"
    LATE_DEADLINE = "late_deadline"
    NUMERIC_ID = "numeric_id"
    STAND_DIFFERS = "stand_differs"

    @property
    def reason(self) -> str:
        """The reason in German, for people (the UI's table and its CSV); `value` stays the machine's."""
        return REASONS[self]


REASONS = {
    Code.UNREADABLE_FILE: "Datei nicht lesbar",
    Code.MISSING_SHEET: "Blatt fehlt",
    Code.MISSING_COLUMN: "Spalte fehlt",
    Code.DUPLICATE_COLUMN: "Spalte doppelt",
    Code.EMPTY_REQUIRED: "Pflichtangabe leer",
    Code.DUPLICATE_ID: "Nr doppelt",
    Code.BAD_PRIORITY: "Priorität ungültig",
    Code.BAD_DATE: "Datum ungültig",
    Code.BAD_NUMBER: "Zahl ungültig",
    Code.UNKNOWN_WORD: "Wert nicht erlaubt",
    Code.UNKNOWN_MEASURE: "Maßnahme unbekannt",
    Code.DUPLICATE_ROLLOUT: "Rollout doppelt",
    Code.UNKNOWN_OFFICE: "Amt unbekannt",
    Code.WORKPLACES_EXCEED: "mehr ausgerollt als vorhanden",
    Code.EXCEL_ERROR: "Excel-Fehlerwert",
    Code.TEXT_TOO_LONG: "Text zu lang",
    Code.EXTRA_COLUMN: "zusätzliche Spalte",
    Code.NO_OFFICE: "ohne Amt",
    Code.LATE_DEADLINE: "Frist nach dem Stufenplan",
    Code.NUMERIC_ID: "Nr als Zahl",
    Code.STAND_DIFFERS: "Stand abweichend",
}
assert set(REASONS) == set(Code), "every reason code needs its German text"


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self]


SEVERITY_LABELS = {Severity.ERROR: "Fehler", Severity.WARNING: "Hinweis"}


@dataclass(frozen=True)
class Problem:
    """One finding: where (sheet, Excel row, column as spelled in the file), what, and why."""

    severity: Severity
    code: Code
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def location(self) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(f"Blatt ›{self.sheet}‹")
        if self.row is not None:
            parts.append(f"Zeile {self.row}")
        if self.column is not None:
            parts.append(f"Spalte ›{self.column}‹")
        return ", ".join(parts)

    def text(self) -> str:
        """The full German sentence, location first."""
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def as_record(self) -> dict:
        """The finding as one flat record (JSON-ready); `message` is the full sentence, location first."""
        return {"severity": self.severity.value, "code": self.code.value, "sheet": self.sheet, "row": self.row,
                "column": self.column, "value": self.value, "message": self.text()}


def error(code: Code, message: str, **where) -> Problem:
    return Problem(Severity.ERROR, code, message, **where)


def warning(code: Code, message: str, **where) -> Problem:
    return Problem(Severity.WARNING, code, message, **where)


# The records' fields under the table's German headers, in the order a person reads them. The reason code
# appears as its German text (REASONS); `validate --json` keeps the code itself.
TABLE_HEADERS = {"severity": "Art", "sheet": "Blatt", "row": "Zeile", "column": "Spalte", "value": "Wert",
                 "message": "Meldung", "code": "Grund"}


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    """The findings' records as the table a user fixes the workbook from (German headers, Excel rows)."""
    records = pd.DataFrame([p.as_record() for p in problems], columns=list(TABLE_HEADERS))
    records["severity"] = records["severity"].map({s.value: s.label for s in Severity})
    records["code"] = records["code"].map({c.value: c.reason for c in Code})
    texts = ["severity", "sheet", "column", "value", "message", "code"]
    return records.astype({"row": "Int64"}).fillna({key: "" for key in texts}).astype({key: "str" for key in texts}) \
        .rename(columns=TABLE_HEADERS)


class UnreadableWorkbook(Exception):
    """The file is not a readable .xlsx workbook at all; the message is a German sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def problem(self) -> Problem:
        return error(Code.UNREADABLE_FILE, self.message)
