"""The global filters of the dashboard and the export CLI, applied to the derived measures table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean 'all'. Offices and departments match the lead office or any rollout office."""

    priorities: tuple[int, ...] = ()
    departments: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    overdue_only: bool = False

    def active(self) -> bool:
        return any((self.priorities, self.departments, self.offices, self.fields, self.statuses, self.overdue_only))


def involved_offices(derived: pd.DataFrame) -> pd.Series:
    """Per measure, the set of offices it concerns: the lead office and every relevant rollout office."""
    return pd.Series(
        [{*relevant, *([lead] if isinstance(lead, str) and lead else [])}
         for lead, relevant in zip(derived["lead_office"], derived["relevant_offices"], strict=True)],
        index=derived.index,
        dtype=object,
    )


def apply_filters(derived: pd.DataFrame, filters: Filters, offices: pd.DataFrame) -> pd.DataFrame:
    keep = pd.Series(True, index=derived.index)
    if filters.priorities:
        keep &= derived["priority"].isin(filters.priorities)
    if filters.statuses:
        keep &= derived["status"].isin(filters.statuses)
    if filters.fields:
        keep &= derived["field"].isin(filters.fields)
    if filters.overdue_only:
        keep &= derived["overdue"]
    if filters.offices or filters.departments:
        involved = involved_offices(derived)
        if filters.offices:
            wanted = set(filters.offices)
            keep &= involved.map(lambda s: bool(s & wanted))
        if filters.departments:
            in_department = set(offices.loc[offices["department"].isin(filters.departments), "office"])
            keep &= involved.map(lambda s: bool(s & in_department))
    return derived[keep]
