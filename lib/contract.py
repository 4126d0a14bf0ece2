"""The register contract as data: sheets, columns, aliases, cell vocabulary and fixed dates.

The reader walks these declarations; adding a column to the register is one line here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

# Priorities 0-2 of the Stufenplan were due on this date.
STUFENPLAN_DEADLINE = dt.date(2019, 12, 31)
STUFENPLAN_PRIORITIES = (0, 1, 2)
PRIORITIES = (0, 1, 2, 3, 4, 5)
MAX_TITLE_ROWS = 10  # rows allowed above the header row

SHEET_MEASURES = "Maßnahmen"
SHEET_ROLLOUT = "Rollout"
SHEET_OFFICES = "Ämter"
SHEET_INFO = "Info"

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES_DOTS = re.compile(r"[\s.]+")


@lru_cache(maxsize=8192)  # header rows and office names are folded again and again
def fold_name(text: str) -> str:
    """Fold a sheet name or header: case, whitespace, punctuation and umlaut spelling ignored."""
    return _NON_ALNUM.sub("", str(text).casefold().translate(_UMLAUTS))


@lru_cache(maxsize=8192)
def fold_word(text: str) -> str:
    """Fold a cell word: case, spaces, dots and umlauts ignored, symbols such as '-' kept."""
    return _SPACES_DOTS.sub("", str(text).casefold().translate(_UMLAUTS))


class Kind(Enum):
    """How the cells of a column are read."""

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


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    kind: Kind
    required: bool = False
    aliases: tuple[str, ...] = ()

    def folded_names(self) -> set[str]:
        return {fold_name(n) for n in (self.name, *self.aliases)}


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

# A rollout matrix column belongs to an office when its header starts with the office number.
OFFICE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)(?=\D|$)")


class Rollout(Enum):
    """State of one measure in one office (or one application there)."""

    DONE = "umgesetzt"
    PARTIAL = "teilweise"
    OPEN = "offen"
    NOT_RELEVANT = "n. r."


ROLLOUT_STATES = [state.value for state in Rollout]

ROLLOUT_WORDS: dict[Rollout, tuple[str, ...]] = {
    Rollout.DONE: ("umgesetzt", "x", "ja", "✓", "✔", "erledigt", "ausgerollt", "fertig"),
    Rollout.PARTIAL: ("teilweise", "teilw.", "in Arbeit", "begonnen", "läuft"),
    Rollout.OPEN: ("", "offen", "nein", "nicht begonnen"),
    Rollout.NOT_RELEVANT: ("-", "–", "n. r.", "n.r.", "entfällt", "nicht relevant"),
}

WORD_TO_ROLLOUT: dict[str, Rollout] = {
    fold_word(word): state for state, words in ROLLOUT_WORDS.items() for word in words
}


def accepted_words(*states: Rollout) -> str:
    """The accepted cell words for the given states, for error messages."""
    words = [w for s in states for w in ROLLOUT_WORDS[s] if w]
    return ", ".join(f"„{w}“" for w in words) + ", leer"


class Status(Enum):
    """Derived status of a measure (one rule, `lib.status`)."""

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
