"""The one status rule: each measure's derived status, what is missing, deadline and overdue.

Every view, export and answer calls `derive`; nothing else re-derives status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.codes import lists, sorted_groups
from lib.contract import PRIORITIES, ROLLOUT_STATES, STUFENPLAN_DEADLINE, STUFENPLAN_PRIORITIES, Rollout, Status
from lib.register import Register, RolloutCodes

DONE, PARTIAL, OPEN, NOT_RELEVANT = (s.value for s in Rollout)


def resolve_stichtag(chosen: dt.date | None, stand: dt.date | None, today: dt.date | None = None) -> dt.date:
    """The reporting date: the user's choice, else the register's Stand, else today."""
    return chosen or stand or today or dt.date.today()


STATUS_VALUES = [s.value for s in Status]
_STATUS_DTYPE = pd.CategoricalDtype(STATUS_VALUES)
COMPLETE, PARTIAL_STATUS, NOT_STARTED = range(3)  # codes into STATUS_VALUES
_DONE, _PARTIAL, _OPEN, _NOT_RELEVANT = range(4)  # codes into ROLLOUT_STATES


@dataclass(frozen=True)
class _OfficeGroups:
    """One entry per (measure, relevant office), sorted by measure, then by office order."""

    measure: np.ndarray
    office: np.ndarray  # position in the office order
    state: np.ndarray  # _DONE, _PARTIAL or _OPEN


def _office_groups(register: Register) -> _OfficeGroups:
    """A measure is done in an office when all its relevant rows there are done, open when all are open."""
    rollout = register.rollout_codes
    width = max(len(register.office_ids), 1)
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
    groups = _office_groups(register)
    return pd.DataFrame({
        "id": register.measure_columns["id"].to_numpy(dtype=object)[groups.measure],
        "office": np.array(register.office_ids, dtype=object)[groups.office],
        "state": np.array(ROLLOUT_STATES, dtype=object)[groups.state],
    })


def derive(register: Register, stichtag: dt.date) -> pd.DataFrame:
    """The measures table with the derived columns, in the order of sheet Maßnahmen.

    Adds: status, relevant_offices, missing_offices, offices_done_share, workplaces_left,
    open_applications (column and rollout rows together), deadline (effective), overdue.
    Works on positions and codes with numpy; lists are built once per measure at the end.
    """
    measures = register.measure_columns
    n = len(measures["row"])
    groups = _office_groups(register)
    n_relevant = np.bincount(groups.measure, minlength=n)
    n_done = np.bincount(groups.measure, weights=groups.state == _DONE, minlength=n)
    n_open = np.bincount(groups.measure, weights=groups.state == _OPEN, minlength=n)

    explicit = measures["explicit_status"].codes  # -1 (blank), _DONE, _PARTIAL or _OPEN
    fallback = np.full(n, NOT_STARTED)
    fallback[~np.isnat(measures["completed_on"])] = COMPLETE
    fallback[explicit == _DONE] = COMPLETE
    fallback[explicit == _PARTIAL] = PARTIAL_STATUS
    fallback[explicit == _OPEN] = NOT_STARTED
    status = np.where(n_relevant > 0, np.select([n_done == n_relevant, n_open == n_relevant],
                                                [COMPLETE, NOT_STARTED], PARTIAL_STATUS), fallback)

    total = measures["workplaces_total"].to_numpy(dtype=float, na_value=np.nan)
    done = measures["workplaces_done"].to_numpy(dtype=float, na_value=np.nan)
    workplaces_left = np.nan_to_num(np.clip(total - done, 0, None)).astype(np.int64)
    applications = _open_applications(register.rollout_codes, measures["open_applications"])
    has_gaps = (workplaces_left > 0) | np.fromiter(map(bool, applications), dtype=bool, count=n)
    status[(status == COMPLETE) & has_gaps] = PARTIAL_STATUS

    deadline = measures["deadline"].copy()
    priority = measures["priority"].codes  # = the priority, -1 when blank
    deadline[(priority >= 0) & (priority <= max(STUFENPLAN_PRIORITIES)) & np.isnat(deadline)] = np.datetime64(STUFENPLAN_DEADLINE, "s")
    day = np.datetime64(stichtag, "s")
    overdue = ~np.isnat(deadline) & (deadline < day) & (status != COMPLETE)
    days_overdue = (day - deadline).astype("timedelta64[D]").astype(np.int64)

    offices = np.array(register.office_ids, dtype=object)[groups.office]
    missing = groups.state != _DONE
    return pd.DataFrame({
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
    }, index=pd.RangeIndex(n), copy=False)  # one block per column: consolidating them costs more than it saves


def _open_applications(rollout: RolloutCodes, column: np.ndarray) -> list[list[str]]:
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


def priority_counts(derived: pd.DataFrame) -> pd.DataFrame:
    """Per priority 0–5 (always all six): total, complete, partial, not_started, overdue."""
    counts = pd.crosstab(derived["priority"], derived["status"]).reindex(
        index=list(PRIORITIES), columns=[s.value for s in Status], fill_value=0
    )
    counts.insert(0, "total", counts.sum(axis=1))
    counts["overdue"] = derived.groupby("priority")["overdue"].sum().reindex(list(PRIORITIES), fill_value=0)
    counts.index.name = "priority"
    return counts.astype(int).reset_index()


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
