"""The page of one measure as data: its facts, its rollout per office, its plan and its story across versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from lib.deriving import history
from lib.deriving.status import office_states
from lib.presenting.fmt import de_date, de_number
from lib.presenting.views import office_departments, office_labels
from lib.reading.contract import Rollout, Status
from lib.reading.register import Register
from lib.sample import SampleSeries
from lib.storing.storage import Store, Version

PAGE_PATH = "massnahme"  # url_path of the page in dashboard.py
NR_PARAM = "nr"
ROLLOUT_SHOWN = {  # symbol and word: never colour alone
    Rollout.DONE.value: "✓ umgesetzt",
    Rollout.PARTIAL.value: "◐ teilweise",
    Rollout.OPEN.value: "○ offen",
    Rollout.NOT_RELEVANT.value: "– nicht relevant",
}
_ROLLOUT_ORDER = list(ROLLOUT_SHOWN)
NO_DEPARTMENT = "ohne Dezernat"
FIRST, ADDED = "erstmals erfasst", "neu im Register"


def measure_path(nr: str, params: Mapping[str, str | list[str]] | None = None) -> str:
    """The page's address relative to the app, e.g. 'massnahme?nr=2.01'; other URL parameters (register,
    Stichtag) are kept so the page shows the same register. `nr` comes last: links show it by a pattern."""
    kept = [(k, v) for k, values in (params or {}).items() if k != NR_PARAM
            for v in (values if isinstance(values, list) else [values])]
    return f"{PAGE_PATH}?{urlencode([*kept, (NR_PARAM, nr)])}"


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class HistoryLine:
    """One version in which something of the measure changed (or it appeared or went)."""

    version: int
    saved: str  # upload time, local, dd.mm.yyyy hh:mm
    stand: str
    uploader: str
    comment: str
    changes: tuple[str, ...]

    @property
    def text(self) -> str:
        """e.g. 'Version 2 · 17.09.2019 · nicht umgesetzt → vollständig umgesetzt'."""
        return f"Version {self.version} · {self.stand or self.saved[:10]} · {'; '.join(self.changes)}"


@dataclass(frozen=True)
class MeasurePage:
    nr: str
    found: bool
    message: str  # why nothing is shown, when not found
    title: str = ""
    status: str = ""  # in words
    facts: tuple[Fact, ...] = ()
    plan: tuple[Fact, ...] = ()
    extra: tuple[Fact, ...] = ()  # columns beyond the contract, e.g. Reifegrad
    rollout: pd.DataFrame | None = None  # Dezernat, Amt, Stand; grouped by Dezernat
    rollout_summary: str = ""
    history: tuple[HistoryLine, ...] = ()
    history_table: pd.DataFrame | None = None
    history_note: str = ""


def measure_page(nr: str | None, register: Register, derived: pd.DataFrame, stichtag: dt.date,
                 versions: Store | SampleSeries | None = None) -> MeasurePage:
    """Everything the page of measure `nr` shows, from the shown register at the Stichtag (all measures,
    whatever the filters) and, when given, the story of the measure across the stored versions."""
    nr = (nr or "").strip()
    if not nr:
        return MeasurePage("", False, "Bitte eine Maßnahme wählen.")
    rows = derived[derived["id"] == nr]
    if rows.empty:
        return MeasurePage(nr, False, f"Die Maßnahme „{nr}“ gibt es im angezeigten Register nicht.")
    m = rows.iloc[0]
    labels = office_labels(register)
    status = Status(str(m["status"])).label
    facts = [
        Fact("Priorität", f"{int(m['priority'])}" + (" (Basismaßnahme)" if int(m["priority"]) == 0 else "")),
        Fact("Handlungsfeld", _text(m["field"])),
        Fact("Federführung", labels.get(m["lead_office"], _text(m["lead_office"]))),
        Fact("Status", status),
        Fact("Frist", _deadline(m, stichtag)),
        Fact("Umgesetzt am", _date(m["completed_on"])),
        Fact("Arbeitsplätze", _workplaces(m)),
        Fact("Anwendungen offen", "; ".join(m["open_applications"]) or "keine"),
        Fact("Kooperationspartner", "; ".join(m["partners"]) or "keine"),
        Fact("Bemerkung", _text(m["remark"])),
    ]
    plan = [
        Fact("Reihenfolge", _number(m["order"])),
        Fact("Beginn", "" if pd.isna(m["start"]) else f"{m['start']:%m.%Y}"),
        Fact("Dauer (Monate)", _number(m["duration_months"])),
        Fact("Personentage", _number(m["person_days"])),
        Fact("Budget (EUR)", "" if pd.isna(m["budget_eur"]) else f"{de_number(m['budget_eur'])} €"),
    ]
    extra = [Fact(c, _text(m[c])) for c in register.extra_columns if c in m.index]
    rollout, summary = _rollout(register, nr)
    page = MeasurePage(nr, True, "", _text(m["title"]), status, tuple(facts),
                       tuple(p for p in plan if p.value), tuple(extra), rollout, summary)
    if versions is None:
        return page
    lines = measure_history(versions, nr, labels)
    return MeasurePage(**{**page.__dict__, "history": lines, "history_table": _history_table(lines),
                          "history_note": _history_note(versions, lines)})


def measure_history(versions: Store | SampleSeries, nr: str, labels: Mapping[str, str] | None = None
                    ) -> tuple[HistoryLine, ...]:
    """One line per stored version in which something of measure `nr` changed: status, deadline, lead
    office, offices done, workplaces; or in which it appeared or went. Oldest first."""
    labels = labels or {}
    lines: list[HistoryLine] = []
    before: dict | None = None
    for position, version in enumerate(versions.versions()):
        table = history.statuses(versions, version)
        rows = table[table["id"] == nr]
        now = None if rows.empty else _state(rows.iloc[0])
        changes = _changes(before, now, labels, first=position == 0)
        if changes:
            lines.append(_line(version, changes))
        before = now
    return tuple(lines)


def _state(m: pd.Series) -> dict:
    relevant = list(m["relevant_offices"])
    missing = set(m["missing_offices"])
    return {
        "status": str(m["status"]),
        "deadline": None if pd.isna(m["deadline"]) else m["deadline"].date(),
        "lead": None if pd.isna(m["lead_office"]) else str(m["lead_office"]),
        "done": [o for o in relevant if o not in missing],
        "relevant": relevant,
        "workplaces": (_int(m["workplaces_done"]), _int(m["workplaces_total"])),
    }


def _changes(before: dict | None, now: dict | None, labels: Mapping[str, str], first: bool) -> list[str]:
    if before is None and now is None:
        return []
    if before is None:
        return [f"{FIRST if first else ADDED}: {Status(now['status']).label}"]
    if now is None:
        return ["nicht mehr im Register"]
    changes = []
    if before["status"] != now["status"]:
        changes.append(f"{Status(before['status']).label} → {Status(now['status']).label}")
    if before["deadline"] != now["deadline"]:
        changes.append(f"Frist {de_date(before['deadline']) or 'keine'} → {de_date(now['deadline']) or 'keine'}")
    if before["lead"] != now["lead"]:
        changes.append(f"Federführung {labels.get(before['lead'], before['lead'] or 'keine')} → "
                       f"{labels.get(now['lead'], now['lead'] or 'keine')}")
    if before["done"] != now["done"] and now["relevant"]:
        text = f"Ämter umgesetzt {len(before['done'])} → {len(now['done'])} von {len(now['relevant'])}"
        newly = [o for o in now["done"] if o not in before["done"]]
        if newly:
            text += f" (neu: {', '.join(newly)})"
        changes.append(text)
    if before["workplaces"] != now["workplaces"]:
        (old_done, _), (new_done, new_total) = before["workplaces"], now["workplaces"]
        changes.append(f"Arbeitsplätze {_count(old_done)} → {_count(new_done)}"
                       + (f" von {_count(new_total)}" if new_total is not None else ""))
    return changes


def _line(version: Version, changes: list[str]) -> HistoryLine:
    return HistoryLine(version.number, f"{version.uploaded_local:%d.%m.%Y %H:%M}", de_date(version.stand),
                       version.uploader or "(ohne Anmeldung)", version.comment, tuple(changes))


def _history_table(lines: tuple[HistoryLine, ...]) -> pd.DataFrame:
    return pd.DataFrame({
        "Version": [line.version for line in lines],
        "Gespeichert am": [line.saved for line in lines],
        "Stand": [line.stand for line in lines],
        "von": [line.uploader for line in lines],
        "Kommentar": [line.comment for line in lines],
        "Änderung": ["; ".join(line.changes) for line in lines],
    })


def _history_note(versions: Store | SampleSeries, lines: tuple[HistoryLine, ...]) -> str:
    count = len(versions.versions())
    if count < 2:
        return "Erst eine Version gespeichert: Änderungen zeigen sich ab der zweiten."
    changed = sum(1 for line in lines if not line.changes[0].startswith(FIRST))
    if not changed:
        return f"Seit Version 1 unverändert ({count} Versionen)."
    return f"Geändert in {changed} von {count - 1} späteren Versionen."


def _rollout(register: Register, nr: str) -> tuple[pd.DataFrame, str]:
    """Every office with a rollout row for the measure, grouped by Dezernat, in the register's office order."""
    states = office_states(register)
    states = states[states["id"] == nr][["office", "state"]]
    rows = register.rollout
    not_relevant = rows[(rows["id"] == nr) & (rows["state"] == Rollout.NOT_RELEVANT.value)]["office"].astype(str)
    not_relevant = [o for o in dict.fromkeys(not_relevant) if o not in set(states["office"])]
    cells = pd.concat([states, pd.DataFrame({"office": not_relevant, "state": Rollout.NOT_RELEVANT.value})],
                      ignore_index=True)
    columns = ["Dezernat", "Amt", "Stand"]
    if cells.empty:
        return pd.DataFrame(columns=columns), "Für diese Maßnahme ist kein Rollout je Amt erfasst."
    labels, departments = office_labels(register), office_departments(register)
    order = {o: i for i, o in enumerate(register.office_order())}
    cells = cells.assign(
        department=cells["office"].map(lambda o: departments.get(o) or NO_DEPARTMENT),
        position=cells["office"].map(order),
    )
    department_order = {d: i for i, d in enumerate(dict.fromkeys(
        cells.sort_values("position")["department"]))}
    cells = cells.assign(group=cells["department"].map(department_order)).sort_values(["group", "position"])
    table = pd.DataFrame({
        "Dezernat": cells["department"].tolist(),
        "Amt": [labels.get(o, o) for o in cells["office"]],
        "Stand": [ROLLOUT_SHOWN[s] for s in cells["state"]],
    })
    counts = cells["state"].value_counts()
    relevant = int(sum(counts.get(s, 0) for s in _ROLLOUT_ORDER[:3]))
    summary = (f"Umgesetzt in {int(counts.get(Rollout.DONE.value, 0))} von {relevant} relevanten Ämtern"
               f" · teilweise {int(counts.get(Rollout.PARTIAL.value, 0))}"
               f" · offen {int(counts.get(Rollout.OPEN.value, 0))}"
               f" · nicht relevant {int(counts.get(Rollout.NOT_RELEVANT.value, 0))}")
    return table, summary


def _deadline(m: pd.Series, stichtag: dt.date) -> str:
    if pd.isna(m["deadline"]):
        return "keine"
    text = de_date(m["deadline"])
    if bool(m["overdue"]):
        days = int(m["days_overdue"])
        return f"{text} – seit {de_number(days)} {'Tag' if days == 1 else 'Tagen'} überfällig (Stichtag {de_date(stichtag)})"
    if Status(str(m["status"])) is Status.COMPLETE:
        return text
    left = (m["deadline"].date() - stichtag).days
    return f"{text} – noch {de_number(left)} {'Tag' if left == 1 else 'Tage'}"


def _workplaces(m: pd.Series) -> str:
    done, total = _int(m["workplaces_done"]), _int(m["workplaces_total"])
    if total is None and done is None:
        return "nicht erfasst"
    if total is None:
        return f"{_count(done)} ausgerollt"
    share = f" ({de_number(100 * (done or 0) / total)} %)" if total else ""
    return f"{_count(done or 0)} von {_count(total)} ausgerollt{share}"


def _int(value) -> int | None:
    return None if pd.isna(value) else int(value)


def _count(value: int | None) -> str:
    return "–" if value is None else de_number(value)


def _number(value) -> str:
    if value is None or pd.isna(value):
        return ""
    return de_number(value, 0 if float(value).is_integer() else 1)


def _date(value) -> str:
    return "" if value is None or pd.isna(value) else de_date(value)


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
