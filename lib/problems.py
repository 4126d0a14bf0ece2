"""Validation findings as data: every error and warning is a record the CLI and UI render alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass
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


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


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

    def as_json(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.text()}

    def as_record(self) -> dict:
        record = asdict(self)
        record["severity"] = self.severity.value
        record["code"] = self.code.value
        return record


def error(code: Code, message: str, **where) -> Problem:
    return Problem(Severity.ERROR, code, message, **where)


def warning(code: Code, message: str, **where) -> Problem:
    return Problem(Severity.WARNING, code, message, **where)


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    """Findings as the table a user fixes the workbook from (German headers, Excel rows)."""
    return pd.DataFrame([{"Blatt": p.sheet or "", "Zeile": p.row, "Spalte": p.column or "", "Meldung": p.message}
                         for p in problems], columns=["Blatt", "Zeile", "Spalte", "Meldung"]).astype({"Zeile": "Int64"})


class UnreadableWorkbook(Exception):
    """The file is not a readable .xlsx workbook at all; the message is a German sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def problem(self) -> Problem:
        return error(Code.UNREADABLE_FILE, self.message)
