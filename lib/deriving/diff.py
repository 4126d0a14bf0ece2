"""What changed between two versions of the register, and progress across all stored versions.

Works on status tables (`lib.deriving.status.derive` output); a stored version's table is derived from its
bytes by `lib.deriving.history`, so a comparison uses the same status rule as every view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

import numpy as np
import pandas as pd

from lib.deriving import history
from lib.presenting.fmt import de_date
from lib.reading.contract import PRIORITIES, PRIORITY_LABELS, Status
from lib.storing.storage import Store, StoreError


class Change(Enum):
    """Kind of one change between two versions; the order is the order of the change table."""

    ADDED = "added"
    REMOVED = "removed"
    STATUS = "status"
    PRIORITY = "priority"
    DEADLINE = "deadline"
    LEAD_OFFICE = "lead_office"
    OFFICE_DONE = "office_done"

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self]


CHANGE_LABELS = {
    Change.ADDED: "neu",
    Change.REMOVED: "entfernt",
    Change.STATUS: "Status geändert",
    Change.PRIORITY: "Priorität geändert",
    Change.DEADLINE: "Frist geändert",
    Change.LEAD_OFFICE: "Federführung geändert",
    Change.OFFICE_DONE: "Amt umgesetzt",
}
# Fields compared for measures present in both versions: change kind → status table column.
_COMPARED = {Change.STATUS: "status", Change.PRIORITY: "priority", Change.DEADLINE: "deadline",
             Change.LEAD_OFFICE: "lead_office"}
CHANGE_COLUMNS = ["change", "id", "title", "office", "before", "after"]


@dataclass(frozen=True)
class Comparison:
    """The changes from an older to a newer status table; `before`/`after` are plain values
    (status code, priority, ISO date, office id) or None."""

    changes: pd.DataFrame  # CHANGE_COLUMNS, `change` holds Change values
    since: dt.date | None = None  # Stand (or upload day) of the older version
    older: int | None = None  # version numbers, when compared from the store
    newer: int | None = None

    def count(self, change: Change) -> int:
        return int((self.changes["change"] == change.value).sum())

    @property
    def completed(self) -> int:
        """Measures in both versions that became complete."""
        status = self.changes[self.changes["change"] == Change.STATUS.value]
        return int((status["after"] == Status.COMPLETE.value).sum())

    def as_json(self) -> dict:
        return {
            "older": self.older, "newer": self.newer,
            "since": self.since.isoformat() if self.since else None,
            "completed": self.completed,
            "counts": {c.value: self.count(c) for c in Change},
            "changes": self.changes.to_dict(orient="records"),
        }


def compare(older: pd.DataFrame, newer: pd.DataFrame, since: dt.date | None = None) -> Comparison:
    """Measures added and removed, changed status / priority / deadline / lead office, and offices
    that were missing (open or partial) in the older table and are done in the newer one."""
    old, new = older.set_index("id", drop=False), newer.set_index("id", drop=False)
    records: list[dict] = []
    for measure in new.index.difference(old.index, sort=False):
        records.append(_change(Change.ADDED, new.loc[measure], after=_plain(new.loc[measure, "status"])))
    for measure in old.index.difference(new.index, sort=False):
        records.append(_change(Change.REMOVED, old.loc[measure], before=_plain(old.loc[measure, "status"])))
    for measure in new.index.intersection(old.index, sort=False):
        before, after = old.loc[measure], new.loc[measure]
        for change, column in _COMPARED.items():
            a, b = _plain(before[column]), _plain(after[column])
            if a != b:
                records.append(_change(change, after, before=a, after=b))
        still_missing = set(after["missing_offices"])
        for office in before["missing_offices"]:
            if office in after["relevant_offices"] and office not in still_missing:
                records.append(_change(Change.OFFICE_DONE, after, office=office, before="offen", after="umgesetzt"))
    order = {c.value: i for i, c in enumerate(Change)}
    position = {m: i for i, m in enumerate([*new.index, *old.index.difference(new.index, sort=False)])}
    changes = pd.DataFrame(records, columns=CHANGE_COLUMNS, dtype=object)  # keeps None as None
    if not changes.empty:
        changes = changes.assign(_kind=changes["change"].map(order), _pos=changes["id"].map(position))
        changes = changes.sort_values(["_kind", "_pos"], kind="stable").drop(columns=["_kind", "_pos"])
    return Comparison(changes.reset_index(drop=True), since)


def compare_versions(store: Store, older: int | None = None, newer: int | None = None) -> Comparison:
    """Compare two stored versions; by default the current one with the one before it."""
    versions = store.versions()
    if newer is None:
        if not versions:
            raise StoreError("Es ist noch keine Version gespeichert.")
        newer = versions[-1].number
    if older is None:
        earlier = [v.number for v in versions if v.number < newer]
        if not earlier:
            raise StoreError(f"Vor Version {newer} gibt es keine Version zum Vergleichen.")
        older = earlier[-1]
    old_version, new_version = store.version(older), store.version(newer)
    comparison = compare(history.statuses(store, old_version), history.statuses(store, new_version),
                         old_version.since)
    return Comparison(comparison.changes, comparison.since, older, newer)


def summary_line(comparison: Comparison) -> str:
    """One German sentence for the overview, e.g. 'Seit 03.09.2019: 4 Maßnahmen abgeschlossen, 2 neu.'"""
    parts = []
    completed = comparison.completed
    if completed:
        parts.append(f"{completed} {'Maßnahme' if completed == 1 else 'Maßnahmen'} abgeschlossen")
    for change, word in ((Change.ADDED, "neu"), (Change.REMOVED, "entfernt")):
        if n := comparison.count(change):
            parts.append(f"{n} {word}")
    other_status = comparison.count(Change.STATUS) - completed
    if other_status:
        parts.append(f"{other_status} mit anderem Status")
    for change, singular, plural in (
        (Change.OFFICE_DONE, "Amt neu umgesetzt", "Ämter neu umgesetzt"),
        (Change.DEADLINE, "Frist geändert", "Fristen geändert"),
        (Change.PRIORITY, "Priorität geändert", "Prioritäten geändert"),
        (Change.LEAD_OFFICE, "Federführung geändert", "Federführungen geändert"),
    ):
        if n := comparison.count(change):
            parts.append(f"{n} {singular if n == 1 else plural}")
    start = f"Seit {de_date(comparison.since)}" if comparison.since else "Seit der vorigen Version"
    return f"{start}: {', '.join(parts) if parts else 'keine Änderungen'}."


def change_table(comparison: Comparison) -> pd.DataFrame:
    """The changes as a German table for display and download."""
    changes = comparison.changes
    return pd.DataFrame({
        "Änderung": [Change(c).label for c in changes["change"]],
        "Nr": changes["id"],
        "Maßnahme": changes["title"],
        "Amt": changes["office"].fillna(""),
        "vorher": [_shown(c, v) for c, v in zip(changes["change"], changes["before"], strict=True)],
        "nachher": [_shown(c, v) for c, v in zip(changes["change"], changes["after"], strict=True)],
    })


def progress(store: Store) -> pd.DataFrame:
    """Complete measures per priority in every version (long form, for a line chart and its table):
    version, uploaded_at (UTC), stand, priority, priority_label, complete, total."""
    versions = store.versions()
    columns = ["version", "uploaded_at", "stand", "priority", "priority_label", "complete", "total"]
    if not versions:
        return pd.DataFrame(columns=columns)
    counts = history.priority_counts(store, versions)
    return pd.DataFrame({
        "version": np.repeat([v.number for v in versions], len(PRIORITIES)),
        "uploaded_at": pd.DatetimeIndex([v.uploaded_at for v in versions]).repeat(len(PRIORITIES)),
        "stand": np.repeat(np.array([v.stand for v in versions], dtype=object), len(PRIORITIES)),
        "priority": np.tile(PRIORITIES, len(versions)),
        "priority_label": pd.array([PRIORITY_LABELS[p] for p in PRIORITIES] * len(versions), dtype="str"),
        "complete": np.concatenate([complete for complete, _ in counts]),
        "total": np.concatenate([total for _, total in counts]),
    }, columns=columns)


def _change(change: Change, measure: pd.Series, office: str | None = None, before=None, after=None) -> dict:
    return {"change": change.value, "id": measure["id"], "title": measure["title"], "office": office,
            "before": before, "after": after}


def _plain(value):
    """A comparable JSON value: ISO text for dates, int for numbers, None for missing."""
    if value is None or (not isinstance(value, list | str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | dt.date):
        return value.date().isoformat() if isinstance(value, pd.Timestamp) else value.isoformat()
    if isinstance(value, int | float) or hasattr(value, "__index__"):
        return int(value)
    return str(value)


def _shown(change: str, value) -> str:
    if value is None:
        return ""
    if change in (Change.ADDED.value, Change.REMOVED.value, Change.STATUS.value):
        return Status(value).label
    if change == Change.DEADLINE.value:
        return de_date(dt.date.fromisoformat(value))
    return str(value)


def history_table(store: Store) -> pd.DataFrame:
    """Every stored version, newest first, with who uploaded or restored it."""
    versions = store.versions()
    measures = history.measure_counts(store, versions)
    return pd.DataFrame({
        "Version": [v.number for v in versions],
        "Gespeichert am": [f"{v.uploaded_local:%d.%m.%Y %H:%M}" for v in versions],
        "von": [v.uploader or "(ohne Anmeldung)" for v in versions],
        "Datei": [v.file_name for v in versions],
        "Stand": [de_date(v.stand) for v in versions],
        "Maßnahmen": [measures[v.number] for v in versions],
        "Kommentar": [v.comment for v in versions],
        "Wiederhergestellt aus": [f"Version {v.restored_from}" if v.restored_from else "" for v in versions],
    }).iloc[::-1].reset_index(drop=True)
