"""Reading single cell values the way a person typed them: ids, priorities, dates, numbers, words."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from lib.reading.codes import TEXT
from lib.reading.problems import Code
from lib.reading.vocabulary import (
    EXCEL_ERRORS,
    MAX_CELL_TEXT,
    OFFICE_NUMBER,
    WORD_TO_ROLLOUT,
    Rollout,
    accepted_words,
    fold_word,
)

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 in the 1900 date system (Excel's 1900 leap-year bug included)
EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)  # serial 0 where the workbook says date1904
SERIAL_DATES = (dt.date(1990, 1, 1), dt.date(2099, 12, 31))  # the contract's bounds for a plain number as a date
# Whole numbers are stored as 64-bit integers; Excel itself keeps only 15 significant digits.
MAX_WHOLE = 10**15 - 1


class CellError(ValueError):
    """A cell could not be read; the message says what was expected (German).

    `code` is the reason when it is not the column kind's own (an Excel error value, a text too long).
    """

    def __init__(self, message: str, code: Code | None = None) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ExcelError:
    """A cell holding an Excel error value such as '#N/A' (a formula's failed cached result)."""

    literal: str

    def __str__(self) -> str:
        return self.literal


_EXCEL_ERRORS = {literal: ExcelError(literal) for literal in EXCEL_ERRORS}


def excel_error(value: object) -> ExcelError | None:
    """The error value a cell holds: an ExcelError, or a text spelled exactly like one."""
    if isinstance(value, ExcelError):
        return value
    return _EXCEL_ERRORS.get(value) if isinstance(value, str) else None


def excel_error_message(error: ExcelError) -> str:
    return f"Die Zelle enthält den Excel-Fehler „{error.literal}“ – bitte die Formel prüfen."


def too_long_message(length: int) -> str:
    return (f"Der Text ist {length:,} Zeichen lang; eine Excel-Zelle fasst höchstens {MAX_CELL_TEXT:,} "
            "Zeichen.").replace(",", ".")


def check_cell(value: object) -> None:
    """Raise for what no column accepts: an Excel error value, a text longer than a cell holds."""
    if isinstance(value, ExcelError):
        raise CellError(excel_error_message(value), Code.EXCEL_ERROR)
    if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
        raise CellError(too_long_message(len(value)), Code.TEXT_TOO_LONG)


@dataclass(frozen=True)
class CellContext:
    """What reading a cell may depend on besides the cell: the workbook's date system, the known offices."""

    epoch: dt.date = EXCEL_EPOCH
    resolve_office: Callable[[str], tuple[str | None, str | None]] | None = None

    def office(self, value: object) -> str:
        """An office cell ('12', '12 Amt für …', a name) as the office's number."""
        text = read_text(value)
        if self.resolve_office is None:
            return office_number(text) or text
        office_id, problem = self.resolve_office(text)
        if problem:
            raise CellError(problem)
        return office_id


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value)
    )


def shortest_decimal(number: float | int) -> str:
    """1.1 → '1.1', 2.0 → '2': how a number cell reads as an id."""
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return repr(number) if isinstance(number, float) else str(number)


def display(value: object) -> str:
    """A cell value as the user would recognise it in a message."""
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M") if value.time() != dt.time() else value.strftime("%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, (int, float)):
        return shortest_decimal(value).replace(".", ",")
    return str(value).strip()


def quoted(value: object, limit: int = 60) -> str:
    """A cell value for a message: as displayed, cut after `limit` characters."""
    text = display(value)
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def read_text(value: object) -> str:
    check_cell(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return shortest_decimal(value)
    return display(value)


def read_id(value: object) -> tuple[str, bool]:
    """The id as text, and whether the cell was a number (worth a warning)."""
    check_cell(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return shortest_decimal(value), True
    if isinstance(value, (dt.date, dt.time, dt.timedelta, bool)):
        raise CellError(f"„{quoted(value)}“ ist keine gültige Nummer; erwartet wird Text wie „1.02“.")
    return str(value).strip(), False


# At most 6 digits: int() refuses strings of more than 4300 digits, and no priority needs more.
_PRIORITY = re.compile(r"^(?:p|prio|prioritaet|priority)?\s*\.?\s*(\d{1,6})(?:[.,]0+)?$")


def read_priority(value: object) -> int:
    expected = "erwartet wird eine Priorität von 0 bis 5 (z. B. „0“, „P1“, „Prio 2“)."
    check_cell(value)
    if isinstance(value, (bool, dt.date, dt.time)):
        raise CellError(f"„{quoted(value)}“ ist keine Priorität; {expected}")
    if isinstance(value, (int, float)):
        if not float(value).is_integer():
            raise CellError(f"„{quoted(value)}“ ist keine Priorität; {expected}")
        number = int(value)
    else:
        match = _PRIORITY.match(str(value).strip().casefold().replace("ä", "ae"))
        if not match:
            raise CellError(f"„{quoted(value)}“ ist keine Priorität; {expected}")
        number = int(match.group(1))
    if not 0 <= number <= 5:
        raise CellError(f"Priorität {number} liegt außerhalb von 0 bis 5; {expected}")
    return number


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_MONTH = re.compile(r"^(\d{1,2})[./](\d{4})$")


def read_date(value: object, month_ok: bool = False, epoch: dt.date = EXCEL_EPOCH) -> dt.date:
    """Excel date, serial number (days since `epoch`), dd.mm.yyyy, d.m.yy (20yy), yyyy-mm-dd; mm.yyyy if month_ok."""
    expected = "erwartet wird ein Datum wie „31.12.2019“" + (
        " oder ein Monat wie „03.2020“." if month_ok else "."
    )
    check_cell(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if (SERIAL_DATES[0] - epoch).days <= value < (SERIAL_DATES[1] - epoch).days + 1:
            return epoch + dt.timedelta(days=int(value))
        raise CellError(f"„{quoted(value)}“ ist kein Datum; {expected}")
    text = display(value)  # WAHR, not True
    try:
        if match := _DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year + 2000 if len(match.group(3)) == 2 else year, month, day)
        if match := _ISO.match(text):
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if month_ok and (match := _MONTH.match(text)):
            month, year = (int(g) for g in match.groups())
            return dt.date(year, month, 1)
    except ValueError:
        raise CellError(f"„{quoted(text)}“ ist kein gültiges Datum; {expected}") from None
    raise CellError(f"„{quoted(text)}“ ist kein Datum; {expected}")


_GERMAN_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def read_number(value: object, whole: bool = False) -> float | int:
    """A number ≥ 0 from a number cell or German / plain text ('1.234,5', '1234.5', '12 €')."""
    expected = "erwartet wird eine ganze Zahl ≥ 0." if whole else "erwartet wird eine Zahl ≥ 0."
    check_cell(value)
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        raise CellError(f"„{quoted(value)}“ ist keine Zahl; {expected}")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        text = re.sub(r"(?i)(eur|€)$", "", text)
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _GERMAN_THOUSANDS.match(text):
            text = text.replace(".", "")
        try:
            number = float(text)
        except ValueError:
            raise CellError(f"„{quoted(value)}“ ist keine Zahl; {expected}") from None
    if not math.isfinite(number) or number < 0 or (whole and not number.is_integer()):
        raise CellError(f"„{quoted(value)}“ ist nicht zulässig; {expected}")
    if whole and number > MAX_WHOLE:
        raise CellError(f"„{quoted(value)}“ ist zu groß; {expected[:-1]} bis {MAX_WHOLE:,}.".replace(",", "."))
    return int(number) if whole else number


def read_list(value: object) -> list[str]:
    return [part.strip() for part in read_text(value).split(";") if part.strip()]


@lru_cache(maxsize=8192)  # header cells and office cells repeat
def office_number(text: str) -> str | None:
    """'12 Amt für …' → '12'; None when the text does not start with an office number."""
    match = OFFICE_NUMBER.match(text)
    return match.group(1) if match else None


def read_rollout_word(value: object) -> Rollout:
    state = WORD_TO_ROLLOUT.get(fold_word(read_text(value)) if not is_blank(value) else "")
    if state is None:
        raise CellError(
            f"„{quoted(value)}“ ist kein bekannter Umsetzungsstand; erlaubt sind "
            f"{accepted_words(*Rollout)}."
        )
    return state


def read_status_word(value: object) -> Rollout:
    """An explicit measure status: done, partial or open — 'n. r.' is not allowed here."""
    check_cell(value)
    allowed = accepted_words(Rollout.DONE, Rollout.PARTIAL, Rollout.OPEN)
    state = WORD_TO_ROLLOUT.get(fold_word(read_text(value)))
    if state is None or state is Rollout.NOT_RELEVANT:
        raise CellError(f"„{quoted(value)}“ ist kein zulässiger Status; erlaubt sind {allowed}.")
    return state


@dataclass(frozen=True)
class ColumnRead:
    """One sheet column, read once per distinct typed value; `codes` map each cell to its entry."""

    codes: np.ndarray  # per cell: index into the distinct entries
    distinct: np.ndarray  # object: the read value (None when blank or bad)
    distinct_blank: np.ndarray  # bool
    distinct_errors: np.ndarray  # object: the CellError, else None

    @property
    def blank(self) -> np.ndarray:
        return self.distinct_blank[self.codes]

    def values(self, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.distinct[self.codes[rows]]

    def bad(self) -> np.ndarray:
        """Positions of the cells that could not be read."""
        return np.flatnonzero(np.not_equal(self.distinct_errors, None)[self.codes])

    def error(self, position: int) -> CellError:
        return self.distinct_errors[self.codes[position]]

    def take(self, rows: np.ndarray) -> ColumnRead:
        """The cells at `rows`, in that order."""
        return ColumnRead(self.codes[rows], self.distinct, self.distinct_blank, self.distinct_errors)

    @staticmethod
    def empty(size: int) -> ColumnRead:
        """A column of `size` blank cells (a column missing from the sheet)."""
        return ColumnRead(np.zeros(size, dtype=np.intp), objects([None]), np.ones(1, dtype=bool), objects([None]))

    def missing(self) -> np.ndarray:
        """Per cell: no value (blank or unreadable)."""
        return np.equal(self.distinct, None)[self.codes]

    def floats(self) -> np.ndarray:
        """Numeric values as floats, NaN where there is none."""
        return np.where(np.equal(self.distinct, None), np.nan, self.distinct).astype(np.float64)[self.codes]

    def dates(self) -> np.ndarray:
        """Date values as datetime64[s], NaT where there is none."""
        return np.array(self.distinct.tolist(), dtype="datetime64[s]")[self.codes]

    def to_array(self, dtype: object) -> np.ndarray | pd.api.extensions.ExtensionArray:
        """The values as an array of a column kind's `dtype` (`lib.reading.contract`), missing where there is none.

        Each distinct value is converted once; lists are copied per row, so that no two rows share one.
        """
        codes, distinct = self.codes, self.distinct
        missing = np.equal(distinct, None)
        if isinstance(dtype, pd.CategoricalDtype):
            positions = np.array([-1 if value is None else dtype.categories.get_loc(value) for value in distinct],
                                 dtype=np.intp)
            return pd.Categorical.from_codes(positions[codes], dtype=dtype, validate=False)
        if dtype == LIST:
            lists = objects([() if value is None else value for value in distinct])
            return objects(list(map(list, lists[codes])))
        if dtype == "datetime64[s]":
            return self.dates()
        if dtype in ("Int64", "Float64"):
            numbers = np.where(missing, 0, distinct).astype(np.int64 if dtype == "Int64" else np.float64)
            array_type = pd.arrays.IntegerArray if dtype == "Int64" else pd.arrays.FloatingArray
            return array_type(numbers[codes], missing[codes])
        return pd.array(distinct[codes], dtype=TEXT)


LIST = np.dtype(object)  # the dtype of a list column: one Python list of texts per row


def read_column(raw: Sequence[object], read: Callable[[object], object], strips_text: bool = False) -> ColumnRead:
    """Apply `read` once per distinct typed value of a column.

    Registers repeat the same priority, date, office or word in many rows, so this costs one
    Python call per distinct value instead of one per cell. Values are told apart by type too:
    the number 1, the text '1' and WAHR are three different cells. When `read` is known to
    return a text cell stripped (`strips_text`), a column of text cells no cell can hold is read in one pass.
    """
    types = set(map(type, raw))
    if types <= {str} and strips_text and max(map(len, raw), default=0) <= MAX_CELL_TEXT:
        stripped = objects(list(map(str.strip, raw)))
        blank = np.equal(stripped, "")
        stripped[blank] = None
        return ColumnRead(np.arange(len(raw)), stripped, blank, np.full(len(raw), None, dtype=object))
    # Cells are their own keys: 1 and 1.0 read alike, text never equals a number or a date. Only WAHR
    # equals 1 in Python, so a column holding both is keyed with the type.
    typed = bool in types and bool(types & {int, float})
    keys = list(zip(map(type, raw), raw, strict=True)) if typed else raw
    distinct = dict.fromkeys(keys)
    results, blanks, errors = [], [], []
    for position, key in enumerate(distinct):
        distinct[key] = position
        value = key[1] if typed else key
        blank = is_blank(value)
        result = error = None
        if not blank:
            try:
                result = read(value)
            except CellError as exc:
                error = exc
        results.append(result)
        blanks.append(blank)
        errors.append(error)
    if len(distinct) == 1:  # e.g. an empty column
        codes = np.zeros(len(keys), dtype=np.intp)
    else:
        codes = np.fromiter(map(distinct.__getitem__, keys), dtype=np.intp, count=len(keys))
    return ColumnRead(codes, objects(results), np.array(blanks, dtype=bool), objects(errors))


def objects(items: Sequence[object]) -> np.ndarray:
    """A 1-d object array, also when the items are lists (numpy would make rows of them)."""
    return np.fromiter(items, dtype=object, count=len(items))
