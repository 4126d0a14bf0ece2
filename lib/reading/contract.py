"""The register contract as data: sheets, column kinds, columns, row rules, aliases and fixed dates.

The reader walks these declarations: adding a column to the register is one line here, adding a
kind of column one entry in `KINDS` (its reader, dtype, expected text and reason code).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import pandas as pd

from lib.reading import cells
from lib.reading.cells import CellContext
from lib.reading.codes import TEXT
from lib.reading.problems import Code

# The contract's words live in lib.reading.vocabulary (the cell readers need them too) and are re-exported here.
from lib.reading.vocabulary import (  # noqa: F401
    EXCEL_ERRORS,
    MAX_CELL_TEXT,
    OFFICE_NUMBER,
    ROLLOUT_STATES,
    ROLLOUT_WORDS,
    WORD_TO_ROLLOUT,
    Rollout,
    accepted_words,
    fold_name,
    fold_word,
)

# Priorities 0-2 of the Stufenplan were due on this date.
STUFENPLAN_DEADLINE = dt.date(2019, 12, 31)
STUFENPLAN_PRIORITIES = (0, 1, 2)
PRIORITIES = (0, 1, 2, 3, 4, 5)
MAX_TITLE_ROWS = 10  # rows allowed above the header row

SHEET_MEASURES = "Maßnahmen"
SHEET_ROLLOUT = "Rollout"
SHEET_OFFICES = "Ämter"
SHEET_INFO = "Info"

class Kind(Enum):
    """How the cells of a column are read (`KINDS` says how each one is)."""

    TEXT = "text"
    ID = "id"
    PRIORITY = "priority"
    DATE = "date"
    MONTH_DATE = "month_date"  # a date, or mm.yyyy meaning the first of that month
    WHOLE = "whole"  # whole number >= 0
    NUMBER = "number"  # number >= 0
    LIST = "list"  # entries separated by ';'
    OFFICE = "office"
    STATUS = "status"  # done / partial / open word, 'n. r.' not allowed


PRIORITY_DTYPE = pd.CategoricalDtype(list(PRIORITIES), ordered=True)  # compares like a number, stored as a code
ROLLOUT_STATE_DTYPE = pd.CategoricalDtype(ROLLOUT_STATES)
EXPLICIT_STATUS_DTYPE = pd.CategoricalDtype(ROLLOUT_STATES[:3])  # done, partial, open: 'n. r.' is no status


@dataclass(frozen=True)
class KindSpec:
    """Everything a column kind means: how a cell is read, what the register keeps, what a person is told."""

    read: Callable[[object, CellContext], object]  # a filled cell → its value; raises CellError with the reason
    dtype: object  # of the register's column (`ColumnRead.to_array`)
    expected: str  # German: what a filled cell holds, for an empty required cell
    code: Code  # reason of an unreadable cell (unless the CellError names its own)
    strips_text: bool = False  # `read` returns a text cell stripped: a column of texts is read in one pass

    def reader(self, context: CellContext) -> Callable[[object], object]:
        """`read` for the cells of one workbook."""
        return lambda value: self.read(value, context)


KINDS: dict[Kind, KindSpec] = {
    Kind.TEXT: KindSpec(lambda value, _: cells.read_text(value), TEXT, "ein Text", Code.UNKNOWN_WORD,
                        strips_text=True),
    Kind.ID: KindSpec(lambda value, _: cells.read_id(value)[0], TEXT, "eine eindeutige Nr wie „1.02“",
                      Code.BAD_NUMBER, strips_text=True),
    Kind.PRIORITY: KindSpec(lambda value, _: cells.read_priority(value), PRIORITY_DTYPE,
                            "eine Priorität von 0 bis 5", Code.BAD_PRIORITY),
    Kind.DATE: KindSpec(lambda value, context: cells.read_date(value, epoch=context.epoch), "datetime64[s]",
                        "ein Datum wie „31.12.2019“", Code.BAD_DATE),
    Kind.MONTH_DATE: KindSpec(lambda value, context: cells.read_date(value, month_ok=True, epoch=context.epoch),
                              "datetime64[s]", "ein Datum wie „31.12.2019“ oder ein Monat wie „03.2020“",
                              Code.BAD_DATE),
    Kind.WHOLE: KindSpec(lambda value, _: cells.read_number(value, whole=True), "Int64", "eine ganze Zahl ≥ 0",
                         Code.BAD_NUMBER),
    Kind.NUMBER: KindSpec(lambda value, _: cells.read_number(value), "Float64", "eine Zahl ≥ 0", Code.BAD_NUMBER),
    Kind.LIST: KindSpec(lambda value, _: cells.read_list(value), cells.LIST, "Einträge, getrennt durch „;“",
                        Code.UNKNOWN_WORD),
    Kind.OFFICE: KindSpec(lambda value, context: context.office(value), TEXT, "eine Amtsnummer wie „12“",
                          Code.UNKNOWN_OFFICE),
    Kind.STATUS: KindSpec(lambda value, _: cells.read_status_word(value).value, EXPLICIT_STATUS_DTYPE,
                          "ein Status wie „umgesetzt“, „teilweise“ oder „offen“", Code.UNKNOWN_WORD),
}
assert set(KINDS) == set(Kind), "every column kind needs its spec"


@dataclass(frozen=True)
class Column:
    """A contract column: its key in the register, its name in the file (and other spellings), its kind."""

    key: str
    name: str
    kind: Kind
    required: bool = False  # the column must exist and every row must have a value there
    aliases: tuple[str, ...] = ()

    def folded_names(self) -> set[str]:
        return {fold_name(n) for n in (self.name, *self.aliases)}

    @property
    def spec(self) -> KindSpec:
        return KINDS[self.kind]


MEASURE_COLUMNS: tuple[Column, ...] = (
    Column("id", "Nr", Kind.ID, required=True, aliases=("Nummer", "Maßnahmen-Nr")),
    Column("title", "Maßnahme", Kind.TEXT, required=True, aliases=("Titel", "Maßnahmentitel")),
    Column("priority", "Priorität", Kind.PRIORITY, required=True, aliases=("Prio",)),
    Column("field", "Handlungsfeld", Kind.TEXT),
    Column("lead_office", "Federführung", Kind.OFFICE, aliases=("federführendes Amt",)),
    Column("deadline", "Frist", Kind.DATE),
    Column("completed_on", "Umgesetzt am", Kind.DATE),
    Column("explicit_status", "Status", Kind.STATUS),
    Column("partners", "Kooperationspartner", Kind.LIST, aliases=("Kooperation",)),
    Column("workplaces_total", "Arbeitsplätze gesamt", Kind.WHOLE),
    Column("workplaces_done", "Arbeitsplätze ausgerollt", Kind.WHOLE),
    Column("open_applications", "Anwendungen offen", Kind.LIST),
    Column("order", "Reihenfolge", Kind.NUMBER),
    Column("start", "Beginn", Kind.MONTH_DATE),
    Column("duration_months", "Dauer (Monate)", Kind.NUMBER),
    Column("person_days", "Personentage", Kind.NUMBER),
    Column("budget_eur", "Budget (EUR)", Kind.NUMBER, aliases=("Budget",)),
    Column("remark", "Bemerkung", Kind.TEXT),
)



@dataclass(frozen=True)
class AtMost:
    """Row rule: the number in column `key` is at most the one in column `limit` of the same row."""

    key: str
    limit: str
    code: Code
    message: str  # German; {value} and {limit} are the two numbers


MEASURE_ROW_RULES: tuple[AtMost, ...] = (
    AtMost("workplaces_done", "workplaces_total", Code.WORKPLACES_EXCEED,
           "{value:.0f} ausgerollte Arbeitsplätze sind mehr als {limit:.0f} Arbeitsplätze gesamt; erwartet wird "
           "höchstens die Gesamtzahl."),
)

ROLLOUT_LONG_COLUMNS: tuple[Column, ...] = (
    Column("id", "Nr", Kind.ID, required=True),
    Column("office", "Amt", Kind.OFFICE, required=True),
    Column("state", "Status", Kind.TEXT, required=True),
    Column("application", "Anwendung", Kind.TEXT),
)

OFFICE_COLUMNS: tuple[Column, ...] = (
    Column("office", "Nr", Kind.OFFICE, required=True, aliases=("Amt",)),
    Column("name", "Bezeichnung", Kind.TEXT, required=True, aliases=("Name",)),
    Column("department", "Dezernat", Kind.TEXT),
)

class Status(Enum):
    """Derived status of a measure (one rule, `lib.deriving.status`)."""

    COMPLETE = "complete"
    PARTIAL = "partial"
    NOT_STARTED = "not_started"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.COMPLETE: "vollständig umgesetzt",
    Status.PARTIAL: "teilweise umgesetzt",
    Status.NOT_STARTED: "nicht umgesetzt",
}
STATUS_LONG_LABELS = {
    Status.COMPLETE: "vollständig und flächendeckend umgesetzt",
    Status.PARTIAL: "teilweise umgesetzt / noch nicht überall ausgerollt",
    Status.NOT_STARTED: "nicht umgesetzt",
}

PRIORITY_LABELS = {
    0: "Priorität 0 (Basismaßnahmen)",
    **{p: f"Priorität {p}" for p in PRIORITIES[1:]},
}
