"""The inquiry's sections as data, built once from the derived table: the pages draw them as tables, the answer as text.

Questions 1–3 (per priority: implemented; fully and city-wide; not yet everywhere, with the offices,
workplaces and applications; not implemented), 4 (completed measures), 5 (plans and measures
without a plan) and 6 (cooperations) are dataclasses here. `lib.presenting.answer` turns them into the
documents' text blocks; the pages Prioritäten, Planung and Kooperationen draw the tables built
here, with the German column headers of `lib.presenting.columns`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

import pandas as pd

from lib.deriving.status import priority_counts
from lib.presenting.columns import HEADERS
from lib.presenting.fmt import de_number
from lib.presenting.text import plain
from lib.presenting.views import office_labels, office_shares
from lib.reading.contract import PRIORITIES, PRIORITY_LABELS, STATUS_LABELS, Status
from lib.reading.register import Register

# Offices, workplaces' applications and partners are joined the same way in pages and documents.
LIST_SEPARATOR = ", "
LATER_PRIORITIES = (3, 4, 5)  # the priorities of the planning questions


class Section(Enum):
    """A list of measures the inquiry asks for; a page heading and a document's lead name the same one."""

    IMPLEMENTED = "implemented"  # questions 1–3: complete or partial
    COMPLETE = "complete"  # questions 1–3 per priority, question 4 across its priorities
    NOT_EVERYWHERE = "not_everywhere"  # questions 1–3: partial, with where it is missing; question 4: partial
    NOT_STARTED = "not_started"  # questions 1–3
    UNPLANNED = "unplanned"  # question 5
    COOPERATIONS = "cooperations"  # question 6


STATUS_SECTIONS = (Section.IMPLEMENTED, Section.COMPLETE, Section.NOT_EVERYWHERE, Section.NOT_STARTED)  # questions 1–3
PAGE_HEADINGS = {  # on the pages, followed by the number of measures in brackets
    Section.IMPLEMENTED: "Umgesetzt",
    Section.COMPLETE: "Vollständig und flächendeckend umgesetzt",
    Section.NOT_EVERYWHERE: "Noch nicht in allen Ämtern, an allen Arbeitsplätzen oder in allen Anwendungen",
    Section.NOT_STARTED: "Nicht umgesetzt",
    Section.UNPLANNED: "Ohne Umsetzungsplan",
    Section.COOPERATIONS: "Maßnahmen in Kooperation",
}


# ----------------------------------------------------------------------------- the sections as data


@dataclass(frozen=True)
class MeasureRef:
    """A measure as the answer names it ("Nr Titel"), with what its tables show beside it."""

    id: str
    title: str
    priority: int
    status: Status

    @property
    def label(self) -> str:
        return f"{self.id} {self.title}"


@dataclass(frozen=True)
class Gap:
    """A measure not yet rolled out everywhere, and where it is missing."""

    measure: MeasureRef
    offices: tuple[str, ...]  # "33 Bürgeramt", in the order of sheet Ämter
    workplaces_left: int
    workplaces_total: int | None
    applications: tuple[str, ...]


@dataclass(frozen=True)
class PriorityStatus:
    """Questions 1–3 for one priority."""

    priority: int
    total: int
    complete: tuple[MeasureRef, ...]
    partial: tuple[Gap, ...]
    not_started: tuple[MeasureRef, ...]
    overdue: int
    implemented: tuple[MeasureRef, ...]  # complete and partial, in register order

    def measures(self, section: Section) -> tuple[MeasureRef, ...]:
        return {
            Section.IMPLEMENTED: self.implemented,
            Section.COMPLETE: self.complete,
            Section.NOT_EVERYWHERE: tuple(g.measure for g in self.partial),
            Section.NOT_STARTED: self.not_started,
        }[section]

    @property
    def headline(self) -> str:
        """The page's one-sentence finding."""
        return (f"{PRIORITY_LABELS[self.priority]}: {len(self.implemented)} von {self.total} Maßnahmen umgesetzt, "
                f"davon {len(self.complete)} vollständig und flächendeckend; "
                f"{len(self.not_started)} nicht umgesetzt.")


@dataclass(frozen=True)
class PriorityCount:
    priority: int
    total: int
    complete: int
    partial: int
    not_started: int


@dataclass(frozen=True)
class CompletedResult:
    """Question 4: the complete (and the partial) measures of several priorities, in register order."""

    counts: tuple[PriorityCount, ...]
    complete: tuple[MeasureRef, ...]
    partial: tuple[MeasureRef, ...]


@dataclass(frozen=True)
class PlanEntry:
    measure: MeasureRef
    order: float | None
    start: dt.date | None
    duration_months: float | None
    person_days: float | None
    budget_eur: float | None

    @property
    def end(self) -> dt.date | None:
        """Beginn plus the duration rounded to whole months (none given: the start itself)."""
        if self.start is None:
            return None
        months = round(self.duration_months or 0)
        return (pd.Timestamp(self.start) + pd.DateOffset(months=months)).date()


@dataclass(frozen=True)
class PlanResult:
    """Question 5."""

    open_total: int  # measures of the priorities not yet complete
    planned: tuple[PlanEntry, ...]  # in planned order (Reihenfolge, then Beginn)
    unplanned: tuple[MeasureRef, ...]

    @property
    def person_days(self) -> float:
        return sum(e.person_days for e in self.planned if e.person_days is not None)

    @property
    def budget_eur(self) -> float:
        return sum(e.budget_eur for e in self.planned if e.budget_eur is not None)


@dataclass(frozen=True)
class CooperationEntry:
    measure: MeasureRef
    partners: tuple[str, ...]


@dataclass(frozen=True)
class CooperationResult:
    """Question 6."""

    entries: tuple[CooperationEntry, ...]

    @property
    def partner_counts(self) -> tuple[tuple[str, int], ...]:
        """(partner, number of measures), most measures first, then by name."""
        counts: dict[str, int] = {}
        for entry in self.entries:
            for partner in entry.partners:
                counts[partner] = counts.get(partner, 0) + 1
        return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    @property
    def top_partner(self) -> tuple[str, int] | None:
        counts = self.partner_counts
        return counts[0] if counts else None


# ----------------------------------------------------------------------------- building


def _ref(row) -> MeasureRef:
    return MeasureRef(plain(row.id), plain(row.title), int(row.priority), Status(row.status))


def _refs(frame: pd.DataFrame) -> tuple[MeasureRef, ...]:
    return tuple(_ref(row) for row in frame.itertuples())


def _of(frame: pd.DataFrame, *statuses: Status) -> pd.DataFrame:
    return frame[frame["status"].isin([s.value for s in statuses])]


def _optional(value) -> float | None:
    return None if pd.isna(value) else float(value)


def priority_status(derived: pd.DataFrame, priority: int, labels: dict[str, str]) -> PriorityStatus:
    """Questions 1–3 for the measures of `priority` in `derived`; `labels` is `office_labels(register)`."""
    measures = derived[derived["priority"] == priority]
    counts = priority_counts(measures).set_index("priority").loc[priority]
    gaps = tuple(
        Gap(_ref(row), tuple(plain(labels.get(o, o)) for o in row.missing_offices), int(row.workplaces_left),
            None if pd.isna(row.workplaces_total) else int(row.workplaces_total),
            tuple(plain(a) for a in row.open_applications))
        for row in _of(measures, Status.PARTIAL).itertuples()
    )
    return PriorityStatus(
        priority=priority,
        total=int(counts["total"]),
        complete=_refs(_of(measures, Status.COMPLETE)),
        partial=gaps,
        not_started=_refs(_of(measures, Status.NOT_STARTED)),
        overdue=int(counts["overdue"]),
        implemented=_refs(_of(measures, Status.COMPLETE, Status.PARTIAL)),
    )


def completed(derived: pd.DataFrame, priorities: tuple[int, ...]) -> CompletedResult:
    """Question 4 for the measures of `priorities` in `derived`."""
    part = derived[derived["priority"].isin(priorities)]
    counts = priority_counts(part).set_index("priority")
    return CompletedResult(
        counts=tuple(PriorityCount(p, *(int(counts.loc[p, c]) for c in ("total", "complete", "partial", "not_started")))
                     for p in priorities),
        complete=_refs(_of(part, Status.COMPLETE)),
        partial=_refs(_of(part, Status.PARTIAL)),
    )


PLAN_COLUMNS = ["order", "start", "duration_months", "person_days", "budget_eur"]


def plan_result(derived: pd.DataFrame, priorities: tuple[int, ...] = LATER_PRIORITIES) -> PlanResult:
    """Question 5: the open measures of `priorities` with any plan data in planned order, and those without."""
    part = derived[derived["priority"].isin(priorities)]
    open_measures = part[part["status"] != Status.COMPLETE.value]
    has_plan = open_measures[PLAN_COLUMNS].notna().any(axis=1)
    planned = open_measures[has_plan].sort_values(["order", "start", "priority"], kind="stable", na_position="last")
    return PlanResult(
        open_total=len(open_measures),
        planned=tuple(
            PlanEntry(_ref(row), _optional(row.order), None if pd.isna(row.start) else row.start.date(),
                      _optional(row.duration_months), _optional(row.person_days), _optional(row.budget_eur))
            for row in planned.itertuples()
        ),
        unplanned=_refs(open_measures[~has_plan]),
    )


def cooperation_result(derived: pd.DataFrame, priorities: tuple[int, ...]) -> CooperationResult:
    """Question 6: the measures of `priorities` with partners, in register order."""
    part = derived[derived["priority"].isin(priorities)]
    with_partners = part[part["partners"].map(len) > 0]
    return CooperationResult(tuple(
        CooperationEntry(_ref(row), tuple(plain(p) for p in row.partners)) for row in with_partners.itertuples()
    ))


# ----------------------------------------------------------------------------- German tables


def measure_table(refs: tuple[MeasureRef, ...]) -> pd.DataFrame:
    return pd.DataFrame({HEADERS["id"]: [r.id for r in refs], HEADERS["title"]: [r.title for r in refs],
                         HEADERS["status_label"]: [STATUS_LABELS[r.status] for r in refs]}, dtype=object)


def gap_table(gaps: tuple[Gap, ...]) -> pd.DataFrame:
    return pd.DataFrame({
        HEADERS["id"]: pd.Series([g.measure.id for g in gaps], dtype=object),
        HEADERS["title"]: pd.Series([g.measure.title for g in gaps], dtype=object),
        HEADERS["missing_offices"]: pd.Series([LIST_SEPARATOR.join(g.offices) for g in gaps], dtype=object),
        HEADERS["workplaces_left"]: pd.Series([g.workplaces_left for g in gaps], dtype="int64"),
        HEADERS["open_applications"]: pd.Series([LIST_SEPARATOR.join(g.applications) for g in gaps], dtype=object),
    })


def plan_table(entries: tuple[PlanEntry, ...]) -> pd.DataFrame:
    def numbers(values: list[float | None]) -> pd.Series:
        return pd.Series(pd.array(values, dtype="Float64"))

    return pd.DataFrame({
        HEADERS["order"]: numbers([e.order for e in entries]),
        HEADERS["id"]: pd.Series([e.measure.id for e in entries], dtype=object),
        HEADERS["title"]: pd.Series([e.measure.title for e in entries], dtype=object),
        HEADERS["priority"]: pd.Series([e.measure.priority for e in entries], dtype="int64"),
        HEADERS["start"]: pd.Series([e.start for e in entries], dtype=object),
        HEADERS["end"]: pd.Series([e.end for e in entries], dtype=object),
        HEADERS["duration_months"]: numbers([e.duration_months for e in entries]),
        HEADERS["person_days"]: numbers([e.person_days for e in entries]),
        HEADERS["budget_eur"]: numbers([e.budget_eur for e in entries]),
    })


def unplanned_table(refs: tuple[MeasureRef, ...]) -> pd.DataFrame:
    return pd.DataFrame({HEADERS["id"]: pd.Series([r.id for r in refs], dtype=object),
                         HEADERS["title"]: pd.Series([r.title for r in refs], dtype=object),
                         HEADERS["priority"]: pd.Series([r.priority for r in refs], dtype="int64")})


def cooperation_table(entries: tuple[CooperationEntry, ...]) -> pd.DataFrame:
    return pd.DataFrame({
        HEADERS["id"]: pd.Series([e.measure.id for e in entries], dtype=object),
        HEADERS["title"]: pd.Series([e.measure.title for e in entries], dtype=object),
        HEADERS["priority"]: pd.Series([e.measure.priority for e in entries], dtype="int64"),
        HEADERS["status_label"]: pd.Series([STATUS_LABELS[e.measure.status] for e in entries], dtype=object),
        HEADERS["partners"]: pd.Series([LIST_SEPARATOR.join(e.partners) for e in entries], dtype=object),
    })


def partner_table(result: CooperationResult) -> pd.DataFrame:
    counts = result.partner_counts
    return pd.DataFrame({HEADERS["partner"]: pd.Series([p for p, _ in counts], dtype=object),
                         HEADERS["measures"]: pd.Series([n for _, n in counts], dtype="int64")})


def partner_matrix(result: CooperationResult) -> pd.DataFrame:
    """Partner × measure with ✓ marks, partners by number of measures, measures in register order."""
    columns: dict[str, object] = {HEADERS["partner"]: [p for p, _ in result.partner_counts]}
    for entry in result.entries:
        columns[entry.measure.label] = ["✓" if p in entry.partners else "" for p in columns[HEADERS["partner"]]]
    return pd.DataFrame(columns)


# ----------------------------------------------------------------------------- what each page draws


@dataclass(frozen=True)
class TableSection:
    """A heading with its number of measures, and the table listing them."""

    section: Section
    heading: str
    table: pd.DataFrame


def _section(section: Section, table: pd.DataFrame) -> TableSection:
    return TableSection(section, f"{PAGE_HEADINGS[section]} ({len(table)})", table)


@dataclass(frozen=True)
class PriorityPage:
    """Prioritäten: questions 1–3 for one priority, and the share done per office."""

    status: PriorityStatus
    sections: tuple[TableSection, ...]
    offices: pd.DataFrame  # office_shares: chart columns "Amt" and "Anteil umgesetzt", id column "office"
    offices_finding: str

    @property
    def offices_table(self) -> pd.DataFrame:
        return self.offices.drop(columns="office")


def priority_page(derived: pd.DataFrame, register: Register, priority: int) -> PriorityPage:
    status = priority_status(derived, priority, office_labels(register))
    sections = tuple(
        _section(s, gap_table(status.partial) if s is Section.NOT_EVERYWHERE else measure_table(status.measures(s)))
        for s in STATUS_SECTIONS
    )
    shares = office_shares(register, derived[derived["priority"] == priority])
    finding = f"Umsetzung der {PRIORITY_LABELS[priority]} je Amt (Anteil der Maßnahmen, die dort umgesetzt sind)"
    return PriorityPage(status, sections, shares, finding)


GANTT_MAX_ROWS = 100  # a bar per planned measure up to here; the table keeps them all (a row of SVG is ~4,5 kB)


@dataclass(frozen=True)
class PlanningPage:
    """Planung 3–5: the plans (Gantt rows and their table) and the open measures without a plan."""

    plan: PlanResult
    planned: pd.DataFrame  # the table below the Gantt chart
    unplanned: TableSection

    @property
    def finding(self) -> str:
        planned, unplanned = de_number(len(self.plan.planned)), de_number(len(self.plan.unplanned))
        finding = f"{planned} Maßnahmen sind geplant, {unplanned} noch ohne Plan."
        if len(self.plan.planned) > GANTT_MAX_ROWS:
            finding += (f" Das Diagramm zeigt die ersten {GANTT_MAX_ROWS} in der geplanten Reihenfolge; die Tabelle "
                        "darunter nennt alle.")
        return finding

    @property
    def gantt_rows(self) -> pd.DataFrame:
        """One row per planned measure with the columns `lib.presenting.time_charts.gantt` draws."""
        entries = self.plan.planned[:GANTT_MAX_ROWS]
        return pd.DataFrame({
            "id": pd.Series([e.measure.id for e in entries], dtype=object),
            "title": pd.Series([e.measure.title for e in entries], dtype=object),
            "priority": pd.Series([e.measure.priority for e in entries], dtype="int64"),
            "start": pd.to_datetime(pd.Series([e.start for e in entries], dtype=object)),
            "end": pd.to_datetime(pd.Series([e.end for e in entries], dtype=object)),
            "duration_months": pd.Series(pd.array([e.duration_months for e in entries], dtype="Float64")),
        })


def planning_page(derived: pd.DataFrame) -> PlanningPage:
    plan = plan_result(derived, LATER_PRIORITIES)
    return PlanningPage(plan, plan_table(plan.planned), _section(Section.UNPLANNED, unplanned_table(plan.unplanned)))


@dataclass(frozen=True)
class CooperationPage:
    """Kooperationen: partners by number of measures, partner × measure, and the measures with their partners."""

    cooperations: CooperationResult
    partners: pd.DataFrame  # Partner, Maßnahmen
    matrix: pd.DataFrame
    measures: TableSection

    @property
    def finding(self) -> str:
        top, n = self.cooperations.top_partner
        return (f"{len(self.cooperations.entries)} Maßnahmen mit {len(self.partners)} Partnern; die meisten "
                f"gemeinsamen Maßnahmen mit {top} ({n}).")

    @property
    def partner_bars(self) -> pd.DataFrame:
        """The partner counts with the columns `lib.presenting.bar_charts.partner_bars` draws."""
        return self.partners.rename(columns={HEADERS["partner"]: "partner"})


def cooperation_page(derived: pd.DataFrame) -> CooperationPage:
    result = cooperation_result(derived, PRIORITIES)
    return CooperationPage(result, partner_table(result), partner_matrix(result),
                           _section(Section.COOPERATIONS, cooperation_table(result.entries)))
