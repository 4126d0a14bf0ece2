"""The status report for the minutes (Sachstandsbericht) as data: text blocks and one chart, built from the page builders.

Same numbers as the dashboard: the per-priority table and chart of Übersicht (`views.overview`),
the change table of Änderungen (`diff.change_table`), overdue and next due of Fristen
(`views.deadlines_page`) and the measures without a plan of Planung (`sections.planning_page`).
`lib.presenting.report_docx` renders it as a Word document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.deriving.diff import Comparison, change_table, compare_versions, summary_line
from lib.deriving.status import derive, resolve_stichtag
from lib.presenting.answer import Block, Bullets, Paragraph, Table
from lib.presenting.fmt import de_date, de_number
from lib.presenting.sections import planning_page
from lib.presenting.text import plain
from lib.presenting.views import deadlines_page, overview
from lib.reading.register import Register, read_register
from lib.sample import SAMPLE_MARK
from lib.storing.storage import Store, StoreError

TITLE = "Sachstandsbericht"


@dataclass(frozen=True)
class Figure:
    """The per-priority chart of Übersicht: counts per priority and status, and its finding as caption."""

    counts: pd.DataFrame  # views.counts_long: priority, priority_label, status, status_label, count
    finding: str


@dataclass(frozen=True)
class ReportSection:
    heading: str
    blocks: tuple[Block | Figure, ...]


@dataclass(frozen=True)
class Report:
    heading: str
    subtitle: str
    meta_lines: tuple[str, ...]
    sections: tuple[ReportSection, ...]

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Figure))


def build_report(register: Register, derived: pd.DataFrame, stichtag: dt.date, comparison: Comparison | None,
                 source: str, is_sample: bool = False) -> Report:
    """The report for the status table `derived` (all measures of `register` at `stichtag`).

    `comparison` is from the version the minutes compare with to this one (None: nothing to compare);
    `source` names the register shown (a version's label, or the sample's file).
    """
    stand = f"Stand {de_date(register.stand)}" if register.stand else "ohne Stand"
    meta = [f"Register: {plain(source)}", f"{stand} · Stichtag {de_date(stichtag)}"]
    if is_sample:
        meta.append(f"{SAMPLE_MARK}: kein echter Umsetzungsstand.")
    counts = overview(derived, stichtag)
    deadlines = deadlines_page(derived, stichtag)
    planning = planning_page(derived)
    sections = (
        ReportSection("Stand je Priorität", (
            Paragraph(counts.headline), table(counts.table), Figure(counts.chart, counts.headline),
            Bullets(counts.findings))),
        _changes(comparison),
        ReportSection(f"Überfällig ({len(deadlines.overdue)})", (
            (table(deadlines.overdue),) if len(deadlines.overdue) else
            (Paragraph(f"Zum Stichtag {de_date(stichtag)} ist keine Maßnahme überfällig."),))),
        ReportSection("Als Nächstes fällig", (
            (table(deadlines.upcoming),) if len(deadlines.upcoming) else
            (Paragraph("Keine offene Maßnahme hat eine Frist nach dem Stichtag."),))),
        ReportSection(planning.unplanned.heading, (
            Paragraph("Offene Maßnahmen der Prioritäten 3–5 ohne Reihenfolge, Beginn, Dauer, Personentage und Budget."),
            table(planning.unplanned.table)) if len(planning.unplanned.table) else
            (Paragraph("Jede offene Maßnahme der Prioritäten 3–5 hat einen Umsetzungsplan."),)),
    )
    return Report(TITLE, f"Umsetzung der Maßnahmen – {stand}, Stichtag {de_date(stichtag)}", tuple(meta), sections)


def _changes(comparison: Comparison | None) -> ReportSection:
    if comparison is None:
        return ReportSection("Änderungen", (Paragraph("Es gibt keine frühere Version zum Vergleichen."),))
    since = f" ({de_date(comparison.since)})" if comparison.since else ""
    heading = f"Änderungen seit Version {comparison.older}{since}" if comparison.older else "Änderungen"
    changes = change_table(comparison)
    blocks: tuple[Block, ...] = (Paragraph(summary_line(comparison)),)
    return ReportSection(heading, (*blocks, table(changes)) if len(changes) else blocks)


def report_from_store(store: Store, version: int | None = None, since: int | None = None,
                      stichtag: dt.date | None = None) -> Report:
    """The report on stored version `version` (default: the current one) compared with version `since`
    (default: the one before it; none before it: no comparison), at `stichtag` (default: its Stand)."""
    versions = store.versions()
    if not versions:
        raise StoreError("Es ist noch keine Version gespeichert.")
    shown = store.version(version) if version is not None else versions[-1]
    if since is not None:
        store.version(since)  # an unknown number is named before anything else is done
        if since >= shown.number:
            raise StoreError(f"Version {since} ist nicht älter als Version {shown.number}.")
    result = read_register(store.original(shown.number), shown.file_name)
    if not result.ok:  # accepted once, so only a stricter reader can refuse it now
        raise StoreError(f"Version {shown.number} ist mit dem heutigen Programm nicht mehr lesbar: "
                         + "; ".join(p.text() for p in result.errors[:3]))
    register = result.register
    day = resolve_stichtag(stichtag, register.stand)
    earlier = [v.number for v in versions if v.number < shown.number]
    comparison = compare_versions(store, since, shown.number) if since is not None or earlier else None
    return build_report(register, derive(register, day), day, comparison, shown.label)


def table(frame: pd.DataFrame) -> Table:
    """A German table as text cells: dates as 31.12.2019, numbers as 1.234, yes/no in words, register text plain."""
    numeric = tuple(pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
                    for c in frame.columns)
    rows = tuple(tuple(_cell(v) for v in row) for row in frame.itertuples(index=False, name=None))
    return Table(tuple(str(c) for c in frame.columns), rows, numeric)


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, list | tuple | str) and pd.isna(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nein"
    if isinstance(value, dt.date):
        return de_date(value)
    if isinstance(value, int | np.integer):
        return de_number(value)
    if isinstance(value, float | np.floating):
        return de_number(value, 0 if float(value).is_integer() else 1)
    return plain(value)

