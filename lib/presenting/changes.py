"""Page Änderungen as data: the version list, what changed between two versions, progress across all of them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.deriving.diff import Comparison, change_table, compare_versions, history_table, progress, summary_line
from lib.presenting.columns import PROGRESS_SHARE, german
from lib.presenting.fmt import de_date
from lib.reading.contract import PRIORITIES
from lib.sample import SampleSeries
from lib.storing.storage import Store


@dataclass(frozen=True)
class ChangesPage:
    history: pd.DataFrame  # every version, newest first
    comparison: Comparison | None  # None with fewer than two versions
    sentence: str  # what changed, as one sentence
    changes: pd.DataFrame  # the change table (German headers)
    progress: pd.DataFrame  # chart data: version_label, priority_label, complete, total, share
    progress_table: pd.DataFrame  # the table under the chart
    progress_finding: str


def changes_page(store: Store | SampleSeries, older: int | None = None, newer: int | None = None) -> ChangesPage:
    """Everything the page Änderungen shows; by default the current version against the one before it."""
    versions = store.versions()
    comparison = compare_versions(store, older, newer) if len(versions) >= 2 else None
    lines = progress(store)
    lines["version_label"] = [f"V{n} · {de_date(s)}" if s else f"V{n}"
                              for n, s in zip(lines["version"], lines["stand"], strict=True)]
    lines["share"] = _percent(lines["complete"], lines["total"])
    finding = ""
    if versions:
        first = lines[lines["version"] == lines["version"].min()]
        last = lines[lines["version"] == lines["version"].max()]
        finding = (f"In Version {int(last['version'].iloc[0])} sind {int(last['complete'].sum())} von "
                   f"{int(last['total'].sum())} Maßnahmen vollständig umgesetzt")
        finding += (f", in Version {int(first['version'].iloc[0])} waren es {int(first['complete'].sum())} von "
                    f"{int(first['total'].sum())}." if len(versions) > 1 else ".")
    table = german(lines.assign(stand_label=[de_date(s) for s in lines["stand"]]),
                   ["version", "stand_label", "priority", "complete", "total"])
    table[PROGRESS_SHARE] = lines["share"]
    return ChangesPage(
        history=history_table(store) if versions else pd.DataFrame(),
        comparison=comparison,
        sentence=summary_line(comparison) if comparison else "",
        changes=change_table(comparison) if comparison else pd.DataFrame(),
        progress=lines,
        progress_table=table,
        progress_finding=finding,
    )


@dataclass(frozen=True)
class Trend:
    """One priority across versions, oldest first: complete measures and their share (whole percent)."""

    priority: int
    complete: tuple[int, ...]
    share: tuple[int, ...]

    @property
    def text(self) -> str:
        """The line in words, e.g. 'Linie: vollständig je Version, 0 (0 %) → 1 (100 %)'."""
        steps = " → ".join(f"{c} ({s} %)" for c, s in zip(self.complete, self.share, strict=True))
        return f"Linie: vollständig je Version, {steps}"


def progress_trends(store: Store | SampleSeries, upto: int | None = None) -> dict[int, Trend]:
    """Per priority 0–5 the trend of complete measures over the versions up to `upto` (all by default),
    for the small lines beside the Übersicht's figures; empty with fewer than two versions."""
    lines = progress(store)
    if upto is not None:
        lines = lines[lines["version"] <= upto]
    if lines["version"].nunique() < 2:
        return {}
    lines = lines.assign(share=_percent(lines["complete"], lines["total"]))
    return {p: Trend(p, tuple(int(c) for c in part["complete"]), tuple(int(s) for s in part["share"]))
            for p in PRIORITIES if not (part := lines[lines["priority"] == p]).empty}


def _percent(complete: pd.Series, total: pd.Series) -> pd.Series:
    """Whole percent complete; 0 where a priority has no measures (nothing to do is not 100 % done)."""
    shares = np.where(total > 0, np.floor(100 * complete / total.where(total > 0, 1) + 0.5), 0)
    return pd.Series(shares.astype(int), index=complete.index)
