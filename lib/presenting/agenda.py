"""The agenda of the next meeting: what changed since the previous version, what is overdue, what falls due soon.

Built from the status table of the shown register and the comparison with the version before it
(`lib.deriving.diff`), with the lists of page Fristen (`lib.presenting.views`), so the agenda, the
report and the dashboard count the same measures. Each measure is on the agenda once, under the
first topic that applies: a measure that changed and is overdue is discussed with the changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from urllib.parse import quote

import pandas as pd

from lib.deriving.diff import Change, Comparison, change_table
from lib.presenting.columns import HEADERS
from lib.presenting.fmt import de_count, de_date
from lib.presenting.text import plain
from lib.presenting.views import due_next, office_labels, overdue_list
from lib.reading.contract import PRIORITY_LABELS, Status
from lib.reading.register import Register

DEFAULT_DAYS = 90
MAX_DAYS = 3650
# What makes a measure a topic of its own; an office newly done is progress within its status, not a topic.
AGENDA_CHANGES = (Change.ADDED, Change.REMOVED, Change.STATUS, Change.PRIORITY, Change.DEADLINE, Change.LEAD_OFFICE)


class Topic(Enum):
    """The agenda's parts, in the order they are discussed."""

    CHANGED = "changed"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"


@dataclass(frozen=True)
class AgendaItem:
    """One measure on the agenda with what the group needs to see about it; register text as plain lines."""

    topic: Topic
    id: str
    title: str
    in_register: bool  # False for a measure the newer version no longer has: no page to open
    status: Status | None  # a removed measure's status before
    priority: int | None
    lead_office: str  # "61 Bau & Verkehr", "" when none is given
    deadline: dt.date | None
    days_overdue: int  # 0 unless overdue
    days_left: int | None  # from the Stichtag to the deadline; None without one
    changes: tuple[str, ...]  # "Frist geändert: 01.08.2019 → 15.09.2019"

    @property
    def label(self) -> str:
        return f"{self.id} {self.title}"

    @property
    def link(self) -> str | None:
        """The measure's page, relative to the page showing the agenda (so a base path keeps working)."""
        return f"massnahme?nr={quote(self.id, safe='')}" if self.in_register else None

    @property
    def facts(self) -> tuple[str, ...]:
        """What a card shows below the measure's name, one German line each."""
        if not self.in_register:
            return self.changes
        lines = [f"Status: {self.status.label}" if self.status else "", PRIORITY_LABELS.get(self.priority, ""),
                 f"Federführung: {self.lead_office}" if self.lead_office else "", self._deadline_line()]
        return tuple(line for line in [*lines, *self.changes] if line)

    def _deadline_line(self) -> str:
        if self.deadline is None:
            return "ohne Frist"
        if self.days_overdue:
            return f"Frist {de_date(self.deadline)} – {de_count(self.days_overdue, 'Tag', 'Tage')} überfällig"
        if self.status is Status.COMPLETE or self.days_left is None or self.days_left < 0:
            return f"Frist {de_date(self.deadline)}"
        if self.days_left == 0:
            return f"Frist {de_date(self.deadline)} – am Stichtag fällig"
        return f"Frist {de_date(self.deadline)} – in {de_count(self.days_left, 'Tag', 'Tagen')}"


@dataclass(frozen=True)
class Agenda:
    """The items in the order they are discussed, and what the comparison was made against."""

    stichtag: dt.date
    days: int
    compared: bool  # False when there was no earlier version to compare with
    since: str  # "Version 2 (12.12.2018)"
    items: tuple[AgendaItem, ...]

    def of(self, topic: Topic) -> tuple[AgendaItem, ...]:
        return tuple(item for item in self.items if item.topic is topic)

    def heading(self, topic: Topic) -> str:
        """The topic's heading with its number of measures, e.g. 'Überfällig (2)'."""
        title = {Topic.CHANGED: f"Geändert seit {self.since}",
                 Topic.OVERDUE: "Überfällig",
                 Topic.DUE_SOON: f"In den nächsten {de_count(self.days, 'Tag', 'Tagen')} fällig"}[topic]
        return f"{title} ({len(self.of(topic))})"

    @property
    def summary(self) -> str:
        """One sentence: how many items, and how many of each topic."""
        changed, overdue, soon = (len(self.of(t)) for t in Topic)
        return (f"{de_count(len(self.items), 'Tagesordnungspunkt', 'Tagesordnungspunkte')}: {changed} geändert, "
                f"{overdue} überfällig, {soon} in den nächsten {de_count(self.days, 'Tag', 'Tagen')} fällig.")


def clamp_days(days: int) -> int:
    return min(max(int(days), 1), MAX_DAYS)


def meeting_agenda(derived: pd.DataFrame, register: Register, stichtag: dt.date, comparison: Comparison | None,
                   days: int = DEFAULT_DAYS) -> Agenda:
    """The agenda for the status table `derived` (at `stichtag`) of `register`.

    `comparison` is the one from the previous version to this one (None when there is none to compare
    with). Due soon: not complete, deadline from the Stichtag up to `days` days after it.
    """
    days = clamp_days(days)
    labels = office_labels(register)
    rows = derived.set_index("id", drop=False)
    items: list[AgendaItem] = []
    if comparison is not None:
        items += _changed(comparison, rows, labels, stichtag)
    seen = {item.id for item in items}
    for nr in overdue_list(derived, stichtag)[HEADERS["id"]]:
        if nr not in seen:
            items.append(_item(Topic.OVERDUE, rows.loc[nr], labels, stichtag))
    upcoming = due_next(derived, stichtag, limit=len(derived))
    for nr in upcoming[upcoming[HEADERS["days_left"]] <= days][HEADERS["id"]]:
        if nr not in seen:
            items.append(_item(Topic.DUE_SOON, rows.loc[nr], labels, stichtag))
    return Agenda(stichtag, days, comparison is not None, _since(comparison), tuple(items))


def _since(comparison: Comparison | None) -> str:
    """The older version as the heading names it; its date is its Stand, else its upload day."""
    if comparison is None or (comparison.older is None and comparison.since is None):
        return "der vorigen Version"
    day = f" ({de_date(comparison.since)})" if comparison.since else ""
    return f"Version {comparison.older}{day}" if comparison.older is not None else de_date(comparison.since)


def _changed(comparison: Comparison, rows: pd.DataFrame, labels: dict[str, str],
             stichtag: dt.date) -> list[AgendaItem]:
    """One item per measure with a change of AGENDA_CHANGES, in the order of the change table."""
    changes = comparison.changes
    kept = changes[changes["change"].isin([c.value for c in AGENDA_CHANGES])].reset_index(drop=True)
    shown = change_table(Comparison(kept, comparison.since, comparison.older, comparison.newer))
    lines: dict[str, list[str]] = {}
    for kind, row in zip(kept["change"], shown.itertuples(index=False), strict=True):
        lines.setdefault(row.Nr, []).append(_change_line(Change(kind), row.vorher, row.nachher, labels))
    items = []
    for nr, texts in lines.items():
        if nr in rows.index:
            items.append(_item(Topic.CHANGED, rows.loc[nr], labels, stichtag, tuple(texts)))
        else:
            title = plain(kept.loc[kept["id"] == nr, "title"].iloc[0])
            before = kept.loc[kept["id"] == nr, "before"].iloc[0]
            items.append(AgendaItem(Topic.CHANGED, plain(nr), title, False, Status(before) if before else None,
                                    None, "", None, 0, None, tuple(texts)))
    return items


def _change_line(change: Change, before: str, after: str, labels: dict[str, str]) -> str:
    if change is Change.ADDED:
        return "neu im Register"
    if change is Change.REMOVED:
        return f"nicht mehr im Register (zuletzt {before})" if before else "nicht mehr im Register"
    if change is Change.LEAD_OFFICE:
        before, after = labels.get(before, before), labels.get(after, after)
    return f"{change.label}: {plain(before) or '–'} → {plain(after) or '–'}"


def _item(topic: Topic, row: pd.Series, labels: dict[str, str], stichtag: dt.date,
          changes: tuple[str, ...] = ()) -> AgendaItem:
    lead = row["lead_office"]
    deadline = None if pd.isna(row["deadline"]) else row["deadline"].date()
    return AgendaItem(
        topic=topic, id=plain(row["id"]), title=plain(row["title"]), in_register=True,
        status=Status(row["status"]), priority=int(row["priority"]),
        lead_office=plain(labels.get(lead, lead)) if isinstance(lead, str) and lead else "",
        deadline=deadline, days_overdue=int(row["days_overdue"]) if bool(row["overdue"]) else 0,
        days_left=(deadline - stichtag).days if deadline else None, changes=changes,
    )
