"""The one status rule: each measure's derived status, what is missing, deadline and overdue.

Every view, export and answer calls `derive`; nothing else re-derives status. `derive_tables`
takes the same inputs as plain tables and goes through the same code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

from lib.reading.codes import TEXT, lists, sorted_groups
from lib.reading.contract import PRIORITIES, STUFENPLAN_DEADLINE, STUFENPLAN_PRIORITIES, Rollout, Status
from lib.reading.register import Register, office_sort_key


def resolve_stichtag(chosen: dt.date | None, stand: dt.date | None, today: dt.date | None = None) -> dt.date:
    """The reporting date: the user's choice, else the register's Stand, else today."""
    return chosen or stand or today or dt.date.today()


def _code(member: Enum) -> int:
    """A member's integer code: its position in its enum, the order ROLLOUT_STATES and the status categories follow.

    Taken from the enum, so reordering it moves codes and categories together.
    """
    return list(type(member)).index(member)


_DONE, _PARTIAL, _OPEN, _NOT_RELEVANT = (_code(s) for s in (Rollout.DONE, Rollout.PARTIAL, Rollout.OPEN,
                                                              Rollout.NOT_RELEVANT))
_COMPLETE, _PARTIAL_STATUS, _NOT_STARTED = (_code(s) for s in (Status.COMPLETE, Status.PARTIAL, Status.NOT_STARTED))
_STATUS_DTYPE = pd.CategoricalDtype([s.value for s in Status])


@dataclass(frozen=True)
class RolloutPositions:
    """The rollout rows as positions, what the rule works on: one entry per (measure, office[, application]) row."""

    measure: np.ndarray  # position of the row's measure among the measures, -1 for none
    office: np.ndarray  # position of the row's office in the office order
    state: np.ndarray  # code of the row's Rollout state (`_code`)
    application: np.ndarray  # index into `applications`, -1 when the row names none
    applications: list[str]


@dataclass(frozen=True)
class _OfficeGroups:
    """One entry per (measure, relevant office), sorted by measure, then by office order."""

    measure: np.ndarray
    office: np.ndarray  # position in the office order
    state: np.ndarray  # _DONE, _PARTIAL or _OPEN


def _positions(register: Register) -> RolloutPositions:
    codes = register.rollout_codes  # its state is an index into ROLLOUT_STATES, i.e. a Rollout code
    return RolloutPositions(codes.measure, codes.office, codes.state, codes.application, codes.applications)


def _office_groups(rollout: RolloutPositions, n_offices: int) -> _OfficeGroups:
    """A measure is done in an office when all its relevant rows there are done, open when all are open."""
    width = max(n_offices, 1)
    relevant = (rollout.state >= 0) & (rollout.state != _NOT_RELEVANT) & (rollout.measure >= 0) & (rollout.office >= 0)
    key = rollout.measure[relevant].astype(np.int64) * width + rollout.office[relevant]
    by_key, starts = sorted_groups(key)
    state = rollout.state[relevant][by_key]
    group_key = key[by_key][starts]
    if len(starts) < len(key):  # several rows (applications) in one office
        rows = np.diff(np.append(starts, len(key)))
        done = np.add.reduceat((state == _DONE).astype(np.int64), starts)
        open_ = np.add.reduceat((state == _OPEN).astype(np.int64), starts)
        state = np.select([done == rows, open_ == rows], [_DONE, _OPEN], _PARTIAL)
    return _OfficeGroups(group_key // width, group_key % width, state)


def office_states(register: Register) -> pd.DataFrame:
    """State per (measure, relevant office): done when all its rows are done, open when all are open."""
    groups = _office_groups(_positions(register), len(register.office_ids))
    return pd.DataFrame({
        "id": register.measure_columns["id"].to_numpy(dtype=object)[groups.measure],
        "office": np.array(register.office_ids, dtype=object)[groups.office],
        "state": np.array([s.value for s in Rollout], dtype=object)[groups.state],
    })


def derive(register: Register, stichtag: dt.date) -> pd.DataFrame:
    """The measures table with the derived columns, in the order of sheet Maßnahmen.

    Adds: status, relevant_offices, missing_offices, offices_done_share, workplaces_left,
    open_applications (column and rollout rows together), deadline (effective), overdue.
    """
    return table_of(derive_columns(register, stichtag))


def derive_columns(register: Register, stichtag: dt.date) -> dict[str, np.ndarray | ExtensionArray]:
    """`derive`'s columns before they become a table (`table_of`), for a caller that counts in them first.

    Building the DataFrame is a third of the rule's time on a register of 100 measures; the history
    needs only the counts of most versions it derives.
    """
    return _derive(register.measure_columns, _positions(register), register.office_ids, stichtag)


def table_of(columns: Mapping[str, np.ndarray | ExtensionArray]) -> pd.DataFrame:
    """The columns of `derive_columns` as `derive`'s table; the table holds these arrays, not copies."""
    # One block per column: consolidating them costs more than it saves.
    return pd.DataFrame(columns, index=pd.RangeIndex(len(columns["id"])), copy=False)


def derive_tables(measures: pd.DataFrame, rollout: pd.DataFrame | None = None, *, stichtag: dt.date,
                  offices: Sequence[str] = ()) -> pd.DataFrame:
    """`derive` over plain tables, through the same rule: what a register holds, without a workbook.

    `measures`: one row per measure with the register's keys and plain values: `id`, `priority`
    (0–5), and optionally `explicit_status` (a Rollout other than n. r., or its value), `completed_on`,
    `deadline` (dates), `workplaces_total`, `workplaces_done` (whole numbers), `open_applications`
    (lists); None or NaN is a blank cell; other columns are kept as given.
    `rollout`: one row per (`measure`, `office`[, `application`]) with its `state` (a Rollout or its
    value), as the reader gives them. `offices`: the order of sheet Ämter; offices only in the rollout
    follow in ascending order, as in a register.
    """
    columns = _plain_measures(measures)
    rows = pd.DataFrame(columns=["measure", "office", "state"]) if rollout is None else rollout
    listed = [str(office) for office in offices]
    others = set(map(str, rows["office"])).difference(listed)
    office_ids = (*listed, *sorted(others, key=office_sort_key))
    return table_of(_derive(columns, _plain_rollout(rows, columns["id"], office_ids), office_ids, stichtag))


def _derive(measures: Mapping[str, np.ndarray | ExtensionArray], rollout: RolloutPositions,
            office_ids: Sequence[str], stichtag: dt.date) -> dict[str, np.ndarray | ExtensionArray]:
    """The rule itself, on positions and codes with numpy; lists are built once per measure at the end."""
    n = len(measures["id"])
    groups = _office_groups(rollout, len(office_ids))
    n_relevant = np.bincount(groups.measure, minlength=n)
    n_done = np.bincount(groups.measure, weights=groups.state == _DONE, minlength=n)
    n_open = np.bincount(groups.measure, weights=groups.state == _OPEN, minlength=n)

    explicit = _rollout_codes(measures["explicit_status"])  # -1 (blank), _DONE, _PARTIAL or _OPEN
    fallback = np.full(n, _NOT_STARTED)
    fallback[~np.isnat(measures["completed_on"])] = _COMPLETE
    fallback[explicit == _DONE] = _COMPLETE
    fallback[explicit == _PARTIAL] = _PARTIAL_STATUS
    fallback[explicit == _OPEN] = _NOT_STARTED
    status = np.where(n_relevant > 0, np.select([n_done == n_relevant, n_open == n_relevant],
                                                [_COMPLETE, _NOT_STARTED], _PARTIAL_STATUS), fallback)

    total = measures["workplaces_total"].to_numpy(dtype=float, na_value=np.nan)
    done = measures["workplaces_done"].to_numpy(dtype=float, na_value=np.nan)
    workplaces_left = np.nan_to_num(np.clip(total - done, 0, None)).astype(np.int64)
    applications = _open_applications(rollout, measures["open_applications"])
    has_gaps = (workplaces_left > 0) | np.fromiter(map(bool, applications), dtype=bool, count=n)
    status[(status == _COMPLETE) & has_gaps] = _PARTIAL_STATUS

    deadline = measures["deadline"].copy()
    priority = measures["priority"]
    stufenplan = np.append(np.isin(priority.categories, STUFENPLAN_PRIORITIES), False)[priority.codes]
    deadline[stufenplan & np.isnat(deadline)] = np.datetime64(STUFENPLAN_DEADLINE, "s")
    day = np.datetime64(stichtag, "s")
    overdue = ~np.isnat(deadline) & (deadline < day) & (status != _COMPLETE)
    days_overdue = (day - deadline).astype("timedelta64[D]").astype(np.int64)

    offices = np.array(office_ids, dtype=object)[groups.office]
    missing = groups.state != _DONE
    return {
        **{key: column.copy() for key, column in measures.items()},  # the table may be changed, the register not
        "status": pd.Categorical.from_codes(status, dtype=_STATUS_DTYPE, validate=False),
        "relevant_offices": lists(groups.measure, offices.tolist(), n),
        "missing_offices": lists(groups.measure[missing], offices[missing].tolist(), n),
        "offices_done_share": pd.arrays.FloatingArray(n_done / np.maximum(n_relevant, 1), n_relevant == 0),
        "workplaces_left": workplaces_left,
        "open_applications": np.fromiter(applications, dtype=object, count=n),  # the column plus rollout rows
        "deadline": deadline,  # the effective deadline, in the place of the given one
        "overdue": overdue,
        "days_overdue": pd.arrays.IntegerArray(np.where(overdue, days_overdue, 0), ~overdue),
    }


def _rollout_codes(states: pd.Categorical) -> np.ndarray:
    """A categorical of Rollout values as Rollout codes (-1 blank): one lookup per category, none per row."""
    lookup = [_code(Rollout(value)) for value in states.categories]
    return np.array([*lookup, -1], dtype=np.intp)[states.codes]


def _open_applications(rollout: RolloutPositions, column: np.ndarray) -> list[list[str]]:
    """Per measure: its column 'Anwendungen offen', then applications of rollout rows not done, each once."""
    own = list(map(list, column))  # fresh lists: the register stays untouched
    chosen = np.flatnonzero((rollout.application >= 0) & (rollout.measure >= 0) & (rollout.state != _DONE)
                            & (rollout.state != _NOT_RELEVANT))
    if not len(chosen):
        return own
    measure, application = rollout.measure, rollout.application
    by_pair, starts = sorted_groups(measure[chosen].astype(np.int64) * len(rollout.applications) + application[chosen])
    firsts = chosen[by_pair[starts]]  # each (measure, application) once, at its first row
    firsts = firsts[np.lexsort((firsts, measure[firsts]))]  # by measure, then in row order
    from_rollout = lists(measure[firsts], [rollout.applications[a] for a in application[firsts]], len(own))
    for i in np.unique(measure[firsts]):
        own[i] = list(dict.fromkeys([*own[i], *from_rollout[i]]))
    return own


# --------------------------------------------------------------------------- plain tables

_PRIORITY_DTYPE = pd.CategoricalDtype(list(PRIORITIES), ordered=True)
_EXPLICIT_DTYPE = pd.CategoricalDtype([s.value for s in Rollout if s is not Rollout.NOT_RELEVANT])


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, list | tuple) and bool(pd.isna(value)))


def _state(value: object) -> Rollout:
    return value if isinstance(value, Rollout) else Rollout(value)  # ValueError names an unknown value


def _plain_measures(measures: pd.DataFrame) -> dict[str, np.ndarray | ExtensionArray]:
    """The measures' columns typed as the reader types them, from plain values."""
    n = len(measures)

    def values(key: str) -> list:
        return [None if _blank(v) else v for v in measures[key]] if key in measures else [None] * n

    ids = [str(value) for value in values("id")]
    if len(set(ids)) < n:
        raise ValueError(f"measure ids must be unique: {ids}")
    priorities = values("priority")
    if not set(priorities) <= set(PRIORITIES):
        raise ValueError(f"priorities must be 0–5: {priorities}")
    explicit = [None if v is None else _state(v).value for v in values("explicit_status")]
    if Rollout.NOT_RELEVANT.value in explicit:
        raise ValueError("'n. r.' is no status of a measure")
    open_applications = np.empty(n, dtype=object)
    for i, entries in enumerate(values("open_applications")):  # element-wise: numpy would unpack equal-length lists
        open_applications[i] = list(entries or ())
    typed = {
        "id": pd.array(ids, dtype=TEXT),
        "priority": pd.Categorical(priorities, dtype=_PRIORITY_DTYPE),
        "explicit_status": pd.Categorical(explicit, dtype=_EXPLICIT_DTYPE),
        "completed_on": np.array(values("completed_on"), dtype="datetime64[s]"),
        "deadline": np.array(values("deadline"), dtype="datetime64[s]"),
        "workplaces_total": pd.array(values("workplaces_total"), dtype="Int64"),
        "workplaces_done": pd.array(values("workplaces_done"), dtype="Int64"),
        "open_applications": open_applications,
    }
    return {**{key: measures[key].to_numpy() for key in measures if key not in typed}, **typed}


def _plain_rollout(rows: pd.DataFrame, ids: ExtensionArray, office_ids: Sequence[str]) -> RolloutPositions:
    """Rollout rows (measure, office, state[, application]) as positions into the measures and the office order."""
    measure = pd.Index(ids.to_numpy(dtype=object)).get_indexer([str(v) for v in rows["measure"]])
    if (measure < 0).any():
        raise ValueError(f"rollout rows name measures that do not exist: {rows['measure'][measure < 0].tolist()}")
    office = pd.Index(list(office_ids), dtype=object).get_indexer([str(v) for v in rows["office"]])
    given = rows["application"].tolist() if "application" in rows else [None] * len(rows)
    applications: dict[str, int] = {}
    application = [-1 if _blank(v) else applications.setdefault(str(v), len(applications)) for v in given]
    return RolloutPositions(measure.astype(np.intp), office.astype(np.intp),
                            np.array([_code(_state(v)) for v in rows["state"]], dtype=np.intp),
                            np.array(application, dtype=np.intp), list(applications))


def priority_counts(derived: pd.DataFrame) -> pd.DataFrame:
    """Per priority 0–5 (always all six): total, complete, partial, not_started, overdue.

    Counted with numpy on positions: a comparison of 400 registers counts 400 tables (crosstab took 4,7 ms each).
    """
    size = len(PRIORITIES)
    priority = pd.Index(PRIORITIES).get_indexer(np.asarray(derived["priority"], dtype=np.int64))
    status = pd.Categorical(derived["status"], dtype=_STATUS_DTYPE).codes
    counts = {"total": np.bincount(priority, minlength=size)}
    for code, member in enumerate(Status):
        counts[member.value] = np.bincount(priority[status == code], minlength=size)
    counts["overdue"] = np.bincount(priority, weights=np.asarray(derived["overdue"], dtype=bool), minlength=size)
    return pd.DataFrame({"priority": np.array(PRIORITIES, dtype=np.int64),
                         **{key: values.astype(np.int64) for key, values in counts.items()}})


def summary(derived: pd.DataFrame, stichtag: dt.date) -> dict:
    """The summary as plain data (the CLI's `summary --json`)."""

    def iso(value) -> str | None:
        return None if pd.isna(value) else value.date().isoformat()

    return {
        "stichtag": stichtag.isoformat(),
        "priorities": priority_counts(derived).to_dict(orient="records"),
        "measures": [
            {
                "id": m.id,
                "title": m.title,
                "priority": int(m.priority),
                "status": m.status,
                "missing_departments": list(m.missing_offices),
                "deadline": iso(m.deadline),
                "overdue": bool(m.overdue),
                "partners": list(m.partners),
            }
            for m in derived.itertuples()
        ],
    }
