"""Aggregations behind each dashboard view: pure functions from the derived table to small tables."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from lib.deriving.status import office_states, priority_counts
from lib.presenting.columns import german
from lib.presenting.fmt import de_count, de_date, de_number
from lib.reading.contract import PRIORITY_LABELS, STATUS_LABELS, STUFENPLAN_PRIORITIES, Rollout, Status
from lib.reading.register import Register

STATE_LABELS = {  # state of a measure in one office, as shown in the heatmap
    Rollout.DONE.value: "umgesetzt",
    Rollout.PARTIAL.value: "teilweise",
    Rollout.OPEN.value: "offen",
}
STATUS_VALUES = [s.value for s in Status]
_STATUS_LABEL_OF = {s.value: STATUS_LABELS[s] for s in Status}


def office_labels(register: Register) -> dict[str, str]:
    """'33' → '33 Bürgeramt' for every office the register knows."""
    names = dict(zip(register.offices["office"], register.offices["name"], strict=True))
    return {o: f"{o} {names[o]}".strip() if names.get(o) else o for o in register.office_order()}


def office_departments(register: Register) -> dict[str, str]:
    return dict(zip(register.offices["office"], register.offices["department"], strict=True))


def with_labels(derived: pd.DataFrame, register: Register) -> pd.DataFrame:
    """Adds lead office label, its Dezernat and the German status label."""
    labels, departments = office_labels(register), office_departments(register)
    lead = derived["lead_office"]
    return derived.assign(
        lead_label=lead.map(labels).fillna(lead).fillna(""),
        department=lead.map(departments).fillna(""),
        status_label=status_labels(derived["status"]).astype(str),
    )


def status_labels(status: pd.Series) -> pd.Series:
    """German labels for status values, looked up once per distinct value."""
    return status.map(_STATUS_LABEL_OF)


# ----------------------------------------------------------------------------- Übersicht


def finding(counts_row: dict) -> str:
    """One sentence stating where a priority stands."""
    label = PRIORITY_LABELS[counts_row["priority"]]
    total = counts_row["total"]
    if total == 0:
        return f"{label}: keine Maßnahmen in der Auswahl."
    text = (f"{label}: {counts_row['complete']} von {de_count(total, 'Maßnahme', 'Maßnahmen')} vollständig umgesetzt, "
            f"{counts_row['partial']} teilweise, {counts_row['not_started']} nicht umgesetzt")
    if counts_row["overdue"]:
        text += f"; {counts_row['overdue']} davon überfällig"
    return text + "."


def stufenplan_headline(counts: pd.DataFrame, stichtag: dt.date) -> str:
    part = counts[counts["priority"].isin(STUFENPLAN_PRIORITIES)]
    total, complete = int(part["total"].sum()), int(part["complete"].sum())
    if total == 0:
        return f"Keine Maßnahmen der Prioritäten 0–2 in der Auswahl (Stichtag {de_date(stichtag)})."
    return (f"Stufenplan (Priorität 0–2): {complete} von {total} Maßnahmen vollständig umgesetzt "
            f"({de_number(100 * complete / total)} %) – Stichtag {de_date(stichtag)}.")


def counts_long(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts per priority and status in long form (for the stacked bar chart)."""
    long = counts.melt(id_vars="priority", value_vars=STATUS_VALUES, var_name="status", value_name="count")
    long["status_label"] = status_labels(long["status"])
    long["priority_label"] = long["priority"].map(PRIORITY_LABELS)
    return long


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    caption: str


@dataclass(frozen=True)
class Overview:
    """Page Übersicht: one metric per priority, the chart's counts, the table under it and the sentences."""

    metrics: tuple[Metric, ...]
    chart: pd.DataFrame  # counts_long: priority_label, status, count
    table: pd.DataFrame  # counts per priority, German headers
    headline: str
    findings: tuple[str, ...]


def overview(derived: pd.DataFrame, stichtag: dt.date) -> Overview:
    counts = priority_counts(derived)
    rows = counts.to_dict("records")
    return Overview(
        metrics=tuple(Metric(f"Priorität {r['priority']}", f"{r['complete']} / {r['total']}",
                             f"teilweise {r['partial']} · nicht {r['not_started']} · überfällig {r['overdue']}")
                      for r in rows),
        chart=counts_long(counts),
        table=german(counts, ["priority", "total", "complete", "partial", "not_started", "overdue"]),
        headline=stufenplan_headline(counts, stichtag),
        findings=tuple(finding(r) for r in rows),
    )


# ----------------------------------------------------------------------------- Prioritäten


def office_shares(register: Register, derived: pd.DataFrame, cells: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per office: measures concerning it (rollout or lead), how many done, the share done.

    `cells` is `office_cells(register, derived)` when the caller has it already.
    """
    if cells is None:
        cells = office_cells(register, derived)
    shown = ["office_label", "department", "measures", "done", "share_done"]
    if cells.empty:
        return german(pd.DataFrame(columns=["office", *shown]), shown, ids=["office"])
    grouped = cells.groupby(["office", "office_label", "department"], sort=False)
    table = grouped.agg(measures=("state", "size"), done=("state", lambda s: int((s == "umgesetzt").sum())))
    table["share_done"] = table["done"] / table["measures"]
    return german(table.reset_index(), shown, ids=["office"])


# ----------------------------------------------------------------------------- Ämter


def office_cells(register: Register, derived: pd.DataFrame) -> pd.DataFrame:
    """Office × measure cells of the heatmap, offices grouped by Dezernat, measures by priority.

    A measure with rollout rows shows each relevant office's state; one without shows its
    status at the lead office.
    """
    ids = set(derived["id"])
    states = office_states(register)
    states = states[states["id"].isin(ids)].assign(state=lambda f: f["state"].map(STATE_LABELS))
    without = derived[(derived["relevant_offices"].map(len) == 0) & derived["lead_office"].notna()]
    lead_state = {Status.COMPLETE.value: "umgesetzt", Status.PARTIAL.value: "teilweise",
                  Status.NOT_STARTED.value: "offen"}
    lead = pd.DataFrame({"id": without["id"], "office": without["lead_office"],
                         "state": without["status"].astype(str).map(lead_state)})
    cells = pd.concat([states, lead], ignore_index=True)
    labels, departments = office_labels(register), office_departments(register)
    order = {o: i for i, o in enumerate(register.office_order())}
    info = derived.set_index("id")
    cells = cells.assign(
        office_label=cells["office"].map(labels).fillna(cells["office"]),
        department=cells["office"].map({o: d or "ohne Dezernat" for o, d in departments.items()}).fillna(
            "ohne Dezernat"),
        title=cells["id"].map(info["title"]),
        priority=cells["id"].map(info["priority"]).astype(int),
        measure_rank=cells["id"].map({m: i for i, m in enumerate(derived["id"])}),
        office_rank=cells["office"].map(order),
    )
    department_rank = {d: rank for rank, d in enumerate(sorted(cells["department"].unique(), key=_department_key))}
    return cells.sort_values(["department", "office_rank", "priority", "measure_rank"], kind="stable",
                             key=lambda s: s.map(department_rank) if s.name == "department" else s)


def _department_key(department: str) -> tuple:
    romans = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
    return (romans.get(department, 99), department)


HEATMAP_MAX_MEASURES = 1000  # above: one heatmap cell per office and priority instead of per office and measure


def office_priority_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """Per office (in the heatmap's order) and priority: measures, how many umgesetzt, teilweise, offen, share done.

    The heatmap of a large register: 6.000 measures × 60 offices are 360.000 cells, 25 MB for the
    browser and unreadable on a screen; 60 offices × 6 priorities are 360.
    """
    keys = ["department", "office", "office_label", "priority"]
    counts = pd.crosstab([cells[k] for k in keys], cells["state"])
    counts = counts.reindex(columns=["umgesetzt", "teilweise", "offen"], fill_value=0)
    order = cells.drop_duplicates(keys)[keys]  # offices by Dezernat and rank, priorities ascending within
    table = order.join(counts, on=keys).reset_index(drop=True)
    table["measures"] = table[["umgesetzt", "teilweise", "offen"]].sum(axis=1)
    table["share_done"] = table["umgesetzt"] / table["measures"]
    return table.rename(columns={"umgesetzt": "done", "teilweise": "partial", "offen": "open_in_office"})


@dataclass(frozen=True)
class OfficesPage:
    """Page Ämter: the heatmap's cells, the share done per office, and the sentences above both charts.

    With more than HEATMAP_MAX_MEASURES measures the heatmap shows `priority_cells` instead of `cells`.
    """

    cells: pd.DataFrame  # office_cells
    shares: pd.DataFrame  # office_shares: the office id, then German headers
    heatmap_finding: str
    shares_finding: str

    @property
    def empty(self) -> bool:
        return self.cells.empty

    @property
    def aggregated(self) -> bool:
        return self.cells["id"].nunique() > HEATMAP_MAX_MEASURES

    @property
    def priority_cells(self) -> pd.DataFrame:
        return office_priority_cells(self.cells)

    @property
    def cell_table(self) -> pd.DataFrame:
        """The heatmap's table: one row per cell it draws."""
        if self.aggregated:
            return german(self.priority_cells,
                          ["department", "office_label", "priority", "measures", "done", "partial",
                           "open_in_office", "share_done"])
        return german(self.cells, ["department", "office_label", "id", "title", "priority", "state"])

    @property
    def share_table(self) -> pd.DataFrame:
        return self.shares.drop(columns="office")


def offices_page(register: Register, derived: pd.DataFrame) -> OfficesPage:
    cells = office_cells(register, derived)
    if cells.empty:
        return OfficesPage(cells, office_shares(register, derived, cells), "", "")
    shares = office_shares(register, derived, cells)
    best = shares.sort_values("Anteil umgesetzt", ascending=False, kind="stable").iloc[0]  # ties: first in office order
    measures = cells["id"].nunique()
    if measures > HEATMAP_MAX_MEASURES:
        heatmap_finding = (f"{len(shares)} Ämter, {de_number(measures)} Maßnahmen – zu viele für ein Feld je Maßnahme: "
                           "Anteil umgesetzt je Amt und Priorität (Zeilen nach Dezernat)")
    else:
        # no shapes named: a cell shows ✓ ◐ ○ only where it is wide enough (lib.presenting.heatmaps), its colour always
        heatmap_finding = (f"{len(shares)} Ämter, {measures} Maßnahmen: Stand je Amt und Maßnahme – umgesetzt, "
                           "teilweise oder offen (Zeilen nach Dezernat, Spalten nach Priorität)")
    return OfficesPage(
        cells, shares, heatmap_finding=heatmap_finding,
        shares_finding=f"Am weitesten ist {best['Amt']} ({best['umgesetzt']} von {best['Maßnahmen']} Maßnahmen umgesetzt).",
    )


# ----------------------------------------------------------------------------- Fristen


def deadlines(derived: pd.DataFrame, stichtag: dt.date) -> pd.DataFrame:
    """Measures with a deadline: days overdue or left at the Stichtag."""
    dated = derived[derived["deadline"].notna()].copy()
    dated["days_left"] = (dated["deadline"] - pd.Timestamp(stichtag)).dt.days.astype(int)
    return dated


LIST_COLUMNS = ["id", "title", "priority", "status_label", "deadline"]


def _deadline_list(dated: pd.DataFrame, days: str) -> pd.DataFrame:
    listed = dated.assign(status_label=status_labels(dated["status"]), deadline=dated["deadline"].dt.date,
                          days_overdue=-dated["days_left"])
    return german(listed, [*LIST_COLUMNS, days]).reset_index(drop=True)


def overdue_list(derived: pd.DataFrame, stichtag: dt.date) -> pd.DataFrame:
    dated = deadlines(derived, stichtag)
    late = dated[dated["overdue"]].sort_values(["days_left", "priority"], kind="stable")
    return _deadline_list(late, "days_overdue")


def due_next(derived: pd.DataFrame, stichtag: dt.date, limit: int = 10) -> pd.DataFrame:
    dated = deadlines(derived, stichtag)
    upcoming = dated[(dated["days_left"] >= 0) & (dated["status"] != Status.COMPLETE.value)]
    upcoming = upcoming.sort_values(["days_left", "priority"], kind="stable").head(limit)
    return _deadline_list(upcoming, "days_left")


TIMELINE_MAX_MEASURES = 100  # above: the timeline counts measures per month of their deadline instead of a row each


def deadline_months(dated: pd.DataFrame) -> pd.DataFrame:
    """Per month of the deadline (its first day), status and overdue or not: how many measures, months ascending.

    The timeline of a large register: a row per measure is 160 + 22 × 6.000 px high on 6.000 measures.
    """
    months = dated["deadline"].dt.to_period("M").dt.to_timestamp()
    counts = (dated.assign(month=months).groupby(["month", "status", "overdue"], sort=True, observed=True)
              .size().rename("measures").reset_index())
    counts["status"] = counts["status"].astype(str)
    counts["overdue"] = counts["overdue"].astype(bool)
    return counts


@dataclass(frozen=True)
class DeadlinesPage:
    """Page Fristen: measures with a deadline (for the timeline), what is overdue, what falls due next.

    With more than TIMELINE_MAX_MEASURES of them the timeline draws `months` instead of a row per measure;
    the table keeps every measure.
    """

    dated: pd.DataFrame  # deadlines
    overdue: pd.DataFrame  # overdue_list
    upcoming: pd.DataFrame  # due_next
    finding: str

    @property
    def empty(self) -> bool:
        return self.dated.empty

    @property
    def aggregated(self) -> bool:
        return len(self.dated) > TIMELINE_MAX_MEASURES

    @property
    def months(self) -> pd.DataFrame:
        return deadline_months(self.dated)

    @property
    def table(self) -> pd.DataFrame:
        return german(self.dated, ["id", "title", "priority", "deadline", "days_left", "overdue"])


def deadlines_page(derived: pd.DataFrame, stichtag: dt.date) -> DeadlinesPage:
    dated = deadlines(derived, stichtag)
    overdue = overdue_list(derived, stichtag)
    finding = (f"{de_number(len(overdue))} von {de_number(len(dated))} Maßnahmen mit Frist sind zum "
               f"{de_date(stichtag)} überfällig (violetter Rand)")
    if len(dated) > TIMELINE_MAX_MEASURES:
        finding += (" – zu viele für eine Zeile je Maßnahme: zusammengefasst als Anzahl je Monat der Frist und "
                    "Status; die Tabelle darunter nennt jede Maßnahme")
    return DeadlinesPage(dated, overdue, due_next(derived, stichtag), finding=finding + ".")


# ----------------------------------------------------------------------------- Daten

DATA_PAGE_ROWS = 1000  # above: Daten shows its table a page of this many rows at a time; the downloads keep every row
_PAGE_NUMBER = re.compile(r"[0-9]+")


def page_count(rows: int, page_rows: int = DATA_PAGE_ROWS) -> int:
    """How many pages a table of `rows` rows takes: 1 up to `page_rows` rows (an empty table too)."""
    return max(1, -(-rows // page_rows))


def page_number(text: str | None, pages: int) -> int | None:
    """The page a link asks for (`?seite=3`) if it is one of 1 … `pages`; none asked is page 1; None when
    it cannot be honoured (0, 99 of 6, "x", "-1", "2.0")."""
    if text is None:
        return 1
    if not _PAGE_NUMBER.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= pages else None


@dataclass(frozen=True)
class DataPage:
    """Page Daten: the rows of the measures table shown, and what the page says about them.

    Up to `page_rows` rows the table is shown whole, as before paging existed; above, one page of them.
    """

    rows: pd.DataFrame  # the rows shown
    total: int  # rows of the whole table (what the downloads hold)
    number: int  # 1-based
    count: int  # pages
    start: int  # 0-based position of the first row shown in the whole table

    @property
    def paged(self) -> bool:
        return self.count > 1

    @property
    def label(self) -> str:
        return f"Seite {de_number(self.number)} von {de_number(self.count)}"

    @property
    def span(self) -> str:
        """'Zeilen 1.001–2.000 von 6.000'."""
        return (f"Zeilen {de_number(self.start + 1)}–{de_number(self.start + len(self.rows))} "
                f"von {de_number(self.total)}")

    @property
    def alt(self) -> str:
        if not self.paged:
            return f"Maßnahmen der aktuellen Auswahl ({de_count(self.total, 'Zeile', 'Zeilen')})"
        return f"Maßnahmen der aktuellen Auswahl, {self.label}: {self.span}"

    @property
    def caption(self) -> str:
        csv = "CSV mit Semikolon und UTF-8 (öffnet direkt in deutschem Excel)."
        if not self.paged:
            return f"{de_count(self.total, 'Zeile', 'Zeilen')}. {csv}"
        return (f"{self.span}. Ein Klick auf eine Spaltenüberschrift sortiert nur die Zeilen dieser Seite. "
                f"Die Downloads enthalten alle {de_number(self.total)} Zeilen; {csv}")


def data_page(table: pd.DataFrame, asked: str | None, page_rows: int = DATA_PAGE_ROWS) -> DataPage:
    """The page of `table` a link asks for (`page_number`); page 1 when it cannot be honoured."""
    count = page_count(len(table), page_rows)
    number = page_number(asked, count) or 1
    start = (number - 1) * page_rows
    rows = table.iloc[start:start + page_rows] if count > 1 else table
    return DataPage(rows, len(table), number, count, start)
