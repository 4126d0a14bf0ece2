"""Page Änderungen as data: the version list, what changed between two versions, progress across all of them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.deriving.diff import Comparison, change_table, compare_versions, history_table, progress, summary_line
from lib.presenting.columns import german
from lib.presenting.fmt import de_date
from lib.storing.storage import Store


@dataclass(frozen=True)
class ChangesPage:
    history: pd.DataFrame  # every version, newest first
    comparison: Comparison | None  # None with fewer than two versions
    sentence: str  # what changed, as one sentence
    changes: pd.DataFrame  # the change table (German headers)
    progress: pd.DataFrame  # chart data: version_label, priority_label, complete, total
    progress_table: pd.DataFrame  # the table under the chart
    progress_finding: str


def changes_page(store: Store, older: int | None = None, newer: int | None = None) -> ChangesPage:
    """Everything the page Änderungen shows; by default the current version against the one before it."""
    versions = store.versions()
    comparison = compare_versions(store, older, newer) if len(versions) >= 2 else None
    lines = progress(store)
    lines["version_label"] = [f"V{n} · {de_date(s)}" if s else f"V{n}"
                              for n, s in zip(lines["version"], lines["stand"], strict=True)]
    finding = ""
    if versions:
        last = lines[lines["version"] == lines["version"].max()]
        finding = (f"In Version {int(last['version'].iloc[0])} sind {int(last['complete'].sum())} von "
                   f"{int(last['total'].sum())} Maßnahmen vollständig umgesetzt.")
    table = german(lines.assign(stand_label=[de_date(s) for s in lines["stand"]]),
                   ["version", "priority", "complete", "total", "stand_label"])
    return ChangesPage(
        history=history_table(store) if versions else pd.DataFrame(),
        comparison=comparison,
        sentence=summary_line(comparison) if comparison else "",
        changes=change_table(comparison) if comparison else pd.DataFrame(),
        progress=lines,
        progress_table=table,
        progress_finding=finding,
    )
