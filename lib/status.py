"""The one status rule: each measure's derived status, what is missing, deadline and overdue.

Every view, export and answer calls `derive`; nothing else re-derives status.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from lib.contract import PRIORITIES, STUFENPLAN_DEADLINE, STUFENPLAN_PRIORITIES, Rollout, Status
from lib.register import Register

DONE, PARTIAL, OPEN, NOT_RELEVANT = (s.value for s in Rollout)


def resolve_stichtag(chosen: dt.date | None, stand: dt.date | None, today: dt.date | None = None) -> dt.date:
    """The reporting date: the user's choice, else the register's Stand, else today."""
    return chosen or stand or today or dt.date.today()


def office_states(register: Register) -> pd.DataFrame:
    """State per (measure, relevant office): done when all its rows are done, open when all are open."""
    rollout = register.rollout
    relevant = rollout[rollout["state"] != NOT_RELEVANT]
    counts = relevant.assign(
        done=relevant["state"].eq(DONE), open=relevant["state"].eq(OPEN)
    ).groupby(["id", "office"], sort=False).agg(rows=("state", "size"), done=("done", "sum"), open=("open", "sum"))
    state = pd.Series(PARTIAL, index=counts.index, dtype=object)
    state[counts["done"] == counts["rows"]] = DONE
    state[counts["open"] == counts["rows"]] = OPEN
    return state.rename("state").reset_index()


def derive(register: Register, stichtag: dt.date) -> pd.DataFrame:
    """The measures table with the derived columns, in the order of sheet Maßnahmen.

    Adds: status, relevant_offices, missing_offices, offices_done_share, workplaces_left,
    open_applications (column and rollout rows together), deadline (effective), overdue.
    """
    measures = register.measures
    per_office = office_states(register)
    order = {office: i for i, office in enumerate(register.office_order())}
    per_office = per_office.assign(rank=per_office["office"].map(order)).sort_values(["rank"], kind="stable")

    flags = per_office.assign(is_done=per_office["state"].eq(DONE), is_open=per_office["state"].eq(OPEN))
    grouped = flags.groupby("id", sort=False)
    relevant = pd.Series(lists_by_key(per_office["id"], per_office["office"]), dtype=object)
    n_done = grouped["is_done"].sum()
    n_open = grouped["is_open"].sum()
    not_done = per_office[per_office["state"] != DONE]
    missing = pd.Series(lists_by_key(not_done["id"], not_done["office"]), dtype=object)

    ids = measures["id"]
    n_relevant = ids.map(relevant.map(len)).fillna(0).astype(int)
    n_done_m = ids.map(n_done).fillna(0).astype(int)
    n_open_m = ids.map(n_open).fillna(0).astype(int)

    explicit = measures["explicit_status"]
    fallback = pd.Series(Status.NOT_STARTED.value, index=measures.index, dtype=object)
    fallback[measures["completed_on"].notna()] = Status.COMPLETE.value
    fallback[explicit.eq(DONE)] = Status.COMPLETE.value
    fallback[explicit.eq(PARTIAL)] = Status.PARTIAL.value
    fallback[explicit.eq(OPEN)] = Status.NOT_STARTED.value

    status = pd.Series(Status.PARTIAL.value, index=measures.index, dtype=object)
    status[n_done_m == n_relevant] = Status.COMPLETE.value
    status[n_open_m == n_relevant] = Status.NOT_STARTED.value
    status = status.where(n_relevant > 0, fallback)

    workplaces_left = (measures["workplaces_total"] - measures["workplaces_done"]).clip(lower=0).fillna(0).astype(int)
    open_applications = _open_applications(register)
    applications = [
        list(dict.fromkeys([*column, *open_applications.get(mid, [])]))
        for mid, column in zip(ids, measures["open_applications"], strict=True)
    ]
    has_gaps = (workplaces_left > 0) | pd.Series([bool(a) for a in applications], index=measures.index)
    status[(status == Status.COMPLETE.value) & has_gaps] = Status.PARTIAL.value

    deadline = measures["deadline"].copy()
    stufenplan = measures["priority"].isin(STUFENPLAN_PRIORITIES) & deadline.isna()
    deadline[stufenplan] = pd.Timestamp(STUFENPLAN_DEADLINE)
    overdue = deadline.notna() & (deadline < pd.Timestamp(stichtag)) & (status != Status.COMPLETE.value)

    derived = measures.copy()
    derived["status"] = pd.Categorical(status, categories=[s.value for s in Status])
    derived["relevant_offices"] = [v if isinstance(v, list) else [] for v in ids.map(relevant)]
    derived["missing_offices"] = [v if isinstance(v, list) else [] for v in ids.map(missing)]
    derived["offices_done_share"] = (n_done_m / n_relevant.where(n_relevant > 0)).astype("Float64")
    derived["workplaces_left"] = workplaces_left
    derived["open_applications"] = applications
    derived["deadline"] = deadline
    derived["overdue"] = overdue.astype(bool)
    derived["days_overdue"] = ((pd.Timestamp(stichtag) - deadline).dt.days.where(overdue)).astype("Int64")
    return derived


def _open_applications(register: Register) -> dict[str, list[str]]:
    rollout = register.rollout
    rows = rollout[rollout["application"].notna() & ~rollout["state"].isin([DONE, NOT_RELEVANT])]
    rows = rows.drop_duplicates(["id", "application"])
    return lists_by_key(rows["id"], rows["application"])


def lists_by_key(keys: pd.Series, values: pd.Series) -> dict:
    """{key: [values in row order]} with one sort instead of a Python call per group."""
    if keys.empty:
        return {}
    codes, uniques = pd.factorize(keys, sort=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=len(uniques)))[:-1]
    parts = np.split(values.to_numpy(dtype=object)[order], bounds)
    return {key: part.tolist() for key, part in zip(uniques, parts, strict=True)}


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
