"""Each page's `lib` call, cached by what determines it: the register's hash, the Stichtag and the filters.

The register and the filtered table are passed as `_`-prefixed (unhashed) arguments: the hash,
the Stichtag and the filters determine them, so hashing them again would only cost time.
`st.cache_data` hands every caller its own copy; no object is shared between sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from lib.access import User
from lib.deriving.diff import Comparison, compare_versions
from lib.deriving.filters import Filters, apply_filters
from lib.presenting.agenda import Agenda, meeting_agenda
from lib.presenting.answer import Answer, Inquiry, build_answer, load_inquiry, to_markdown
from lib.presenting.bar_charts import partner_bars, share_bars
from lib.presenting.drawing import SCREEN
from lib.presenting.export import measure_table, to_csv, to_xlsx
from lib.presenting.fmt import de_number
from lib.presenting.heatmaps import office_heatmap, office_priority_heatmap
from lib.presenting.measure import MeasurePage, measure_page
from lib.presenting.report import build_report
from lib.presenting.report_docx import to_docx as report_docx
from lib.presenting.sections import CooperationPage, PlanningPage, PriorityPage
from lib.presenting.status_chart import status_chart
from lib.presenting.time_charts import deadline_month_bars, gantt, progress_lines, timeline
from lib.presenting.views import DeadlinesPage, OfficesPage, Overview, deadlines_page, offices_page, overview
from lib.reading.contract import STUFENPLAN_DEADLINE
from lib.reading.register import Register
from lib.sample import SampleSeries
from lib.storing.storage import Store
from ui.frame import Source, View, derived_for, load, sample_series, version_store


def _key(view: View) -> tuple[str, dt.date, Filters]:
    return view.source.sha256, view.stichtag, view.filters


@st.cache_data(show_spinner=False, max_entries=64)
def _overview(sha256: str, stichtag: dt.date, filters: Filters, _filtered: pd.DataFrame) -> Overview:
    return overview(_filtered, stichtag)


def overview_of(view: View) -> Overview:
    return _overview(*_key(view), view.filtered)


@st.cache_data(show_spinner=False, max_entries=64)
def _picture(chart: str, sha256: str, stichtag: dt.date, filters: Filters, detail: tuple,
             _draw: Callable[[], bytes]) -> str:
    return _draw().decode()


def picture_of(view: View, chart: str, draw: Callable[[], bytes], *detail) -> str:
    """The SVG `draw()` makes of the view's data, drawn once per chart name, register, Stichtag, filters and
    `detail` (what else the chart depends on, such as the priority shown) and then kept: drawing takes 0,05–0,4 s."""
    return _picture(chart, *_key(view), detail, draw)


def overview_picture_of(view: View, page: Overview) -> str:
    """The Übersicht's chart of `overview_of(view)`, drawn on the server (lib.presenting.status_chart)."""
    return picture_of(view, "overview", lambda: status_chart(page.chart, SCREEN))


@st.cache_data(show_spinner=False, max_entries=64)
def _offices(sha256: str, stichtag: dt.date, filters: Filters, _register: Register,
             _filtered: pd.DataFrame) -> OfficesPage:
    return offices_page(_register, _filtered)


def offices_of(view: View) -> OfficesPage:
    return _offices(*_key(view), view.register, view.filtered)


def office_shares_picture_of(view: View, page: OfficesPage) -> str:
    """The bars of each office's share done on Ämter, of `offices_of(view)`."""
    return picture_of(view, "office_shares",
                      lambda: share_bars(page.shares, "Amt", "Anteil umgesetzt", "Amt", SCREEN))


def office_heatmap_of(view: View, page: OfficesPage) -> str:
    """The heatmap of `offices_of(view)`, drawn on the server (lib.presenting.heatmaps); above
    HEATMAP_MAX_MEASURES measures one cell per office and priority (`office_priority_heatmap`).

    On 1.000 × 60 (50.000 cells) it is drawn in 0,3–0,5 s (161 KB), once per register, Stichtag and filters; the
    Plotly heatmap before cost 0,65 s on the server per run and 1,0–1,3 s of the browser's main thread.
    """
    if page.aggregated:
        return picture_of(view, "office_priority_heatmap", lambda: office_priority_heatmap(page.priority_cells, SCREEN))
    return picture_of(view, "office_heatmap", lambda: office_heatmap(page.cells, SCREEN))


@st.cache_data(show_spinner=False, max_entries=64)
def _deadlines(sha256: str, stichtag: dt.date, filters: Filters, _filtered: pd.DataFrame) -> DeadlinesPage:
    return deadlines_page(_filtered, stichtag)


def deadlines_of(view: View) -> DeadlinesPage:
    return _deadlines(*_key(view), view.filtered)


def deadlines_picture_of(view: View, page: DeadlinesPage) -> str:
    """Fristen's chart of `deadlines_of(view)`: a point per measure, or on a register with more than
    views.TIMELINE_MAX_MEASURES dated measures their counts per month (lib.presenting.time_charts)."""
    if page.aggregated:
        return picture_of(view, "deadline_months",
                          lambda: deadline_month_bars(page.months, view.stichtag, STUFENPLAN_DEADLINE, SCREEN))
    return picture_of(view, "timeline", lambda: timeline(page.dated, view.stichtag, STUFENPLAN_DEADLINE, SCREEN))


def gantt_picture_of(view: View, page: PlanningPage) -> str:
    """Planung's Gantt chart of `planning_page(view.filtered)`."""
    return picture_of(view, "gantt", lambda: gantt(page.gantt_rows, SCREEN))


def priority_offices_picture_of(view: View, priority: int, page: PriorityPage) -> str:
    """Prioritäten's bars of the share done per office for one priority."""
    return picture_of(view, "priority_offices",
                      lambda: share_bars(page.offices, "Amt", "Anteil umgesetzt", "Amt", SCREEN), priority)


def partners_picture_of(view: View, page: CooperationPage) -> str:
    """Kooperationen's bars of the measures per partner."""
    return picture_of(view, "partners", lambda: partner_bars(page.partner_bars, SCREEN))


PROGRESS_DRAWN = ["version_label", "priority", "priority_label", "complete"]


@st.cache_data(show_spinner=False, max_entries=16)
def _progress_picture(drawn: tuple[tuple, ...], _progress: pd.DataFrame) -> str:
    return progress_lines(_progress, SCREEN).decode()


def progress_picture_of(progress: pd.DataFrame) -> str:
    """Änderungen' lines of complete measures across the versions as SVG, cached by what they draw: the page has
    no View key (its history is the city's store or the sample series, whatever the sidebar shows)."""
    return _progress_picture(tuple(progress[PROGRESS_DRAWN].itertuples(index=False, name=None)), progress)


@st.cache_data(show_spinner=False, max_entries=64)
def _measures(sha256: str, stichtag: dt.date, filters: Filters, _register: Register,
              _filtered: pd.DataFrame) -> pd.DataFrame:
    return measure_table(_filtered, _register)


def measures_of(view: View) -> pd.DataFrame:
    """The measures table of page Daten and its downloads."""
    return _measures(*_key(view), view.register, view.filtered)


@st.cache_data(show_spinner=False, max_entries=16)
def _measures_xlsx(sha256: str, stichtag: dt.date, filters: Filters, _table: pd.DataFrame) -> bytes:
    return to_xlsx(_table)


def measures_xlsx(view: View) -> bytes:
    """Built on the first click on its download button (0,2 s at 1.000 rows), then kept."""
    return _measures_xlsx(*_key(view), measures_of(view))


def rebuilt_view(source: Source, stichtag: dt.date, filters: Filters, user: User) -> View:
    """The View of (source, Stichtag, filters) again, from the caches: for a download built after its run."""
    register = load(source.sha256, source.data(), source.file_name).register
    derived = derived_for(source.sha256, register, stichtag)
    history = sample_series() if source.is_sample else version_store(source.register)
    return View(source, register, stichtag, derived, apply_filters(derived, filters, register.offices), filters, user,
                history)


def later(build: Callable[[View], bytes | str], view: View) -> Callable[[], bytes | str]:
    """`build(view)` on the click of a deferred download button, holding only the view's keys meanwhile.

    Streamlit keeps a deferred download's callable with the session until its next run; a
    `partial(build, view)` kept the View's copies of the register and its tables with it.
    """
    source, stichtag, filters, user = view.source, view.stichtag, view.filters, view.user

    def bytes_on_click() -> bytes | str:
        return build(rebuilt_view(source, stichtag, filters, user))

    return bytes_on_click


@st.cache_data(show_spinner=False, max_entries=16)
def _measures_csv(sha256: str, stichtag: dt.date, filters: Filters, _table: pd.DataFrame) -> bytes:
    return to_csv(_table)


def measures_csv(view: View) -> bytes:
    """Like the Excel file, built on the first click (pass `later(measures_csv, view)`)."""
    return _measures_csv(*_key(view), measures_of(view))


def answer_notice(view: View) -> str:
    """The answer's first sentence when it is built from the fictitious sample."""
    return "Beispieldaten (fiktiv): diese Antwort ist nur ein Muster, kein echter Umsetzungsstand." \
        if view.source.is_sample else ""


@st.cache_data(show_spinner="Antwort wird erstellt …", max_entries=8)
def _answer(sha256: str, _register: Register, _derived: pd.DataFrame, stichtag: dt.date, inquiry: Inquiry,
            notice: str) -> tuple[str, Answer]:
    answer = build_answer(_register, stichtag, inquiry, notice, derived=_derived)  # the frame derived it already
    return to_markdown(answer), answer


def answer_of(view: View) -> tuple[str, Answer]:
    """The answer to the inquiry from the whole register (filters do not apply) and its Markdown."""
    return _answer(view.source.sha256, view.register, view.derived, view.stichtag, load_inquiry(), answer_notice(view))


@st.cache_data(show_spinner=False, max_entries=8)
def _answer_docx(sha256: str, stichtag: dt.date, inquiry: Inquiry, notice: str, _answer: Answer) -> bytes:
    from lib.presenting.answer_docx import to_docx  # python-docx only when someone asks for the file

    return to_docx(_answer)


def answer_docx(view: View) -> bytes:
    """Built on the first click on the Word button (pass `later(answer_docx, view)`), then kept."""
    return _answer_docx(view.source.sha256, view.stichtag, load_inquiry(), answer_notice(view), answer_of(view)[1])


def answer_md(view: View) -> str:
    return answer_of(view)[0]


PREVIEW_MAX_MEASURES = 1000  # above: the answer's preview shows the start of each list, the files all of it
PREVIEW_ITEMS = 100


def answer_preview(markdown: str, items: int = PREVIEW_ITEMS) -> tuple[str, int]:
    """The answer's Markdown with each list and table cut after `items` entries; how many entries were left out.

    On 6.000 measures the whole answer is 1,2 MB of Markdown, which the browser draws in many seconds;
    the Word and Markdown files keep everything.
    """
    lines, kept, left_out, run, kind = markdown.splitlines(), [], 0, 0, ""
    for index, line in enumerate(lines):
        this = "list" if line.startswith("- ") else "table" if line.startswith("|") else ""
        run = run + 1 if this and this == kind else 1 if this else 0
        kind = this
        limit = items + (2 if kind == "table" else 0)  # a table's header and its separator line
        if run <= limit:
            kept.append(line)
        else:
            left_out += 1
        following = lines[index + 1] if index + 1 < len(lines) else ""
        ends = not following.startswith("- " if kind == "list" else "|")
        if kind and ends and run > limit:
            more = f"… und {de_number(run - limit)} weitere (vollständig in der Word- und der Markdown-Datei)"
            kept.extend([f"- *{more}*"] if kind == "list" else ["", f"*{more}*"])
    return "\n".join(kept), left_out


# ----------------------------------------------------------------------------- page Sitzung


@st.cache_data(show_spinner=False, max_entries=16)
def _comparison(where: str, older: int, older_sha256: str, newer: int, newer_sha256: str,
                _history: Store | SampleSeries) -> Comparison:
    return compare_versions(_history, older, newer)


def previous_comparison(view: View) -> Comparison | None:
    """The shown version against the one before it in its history (the city's store or the sample series);
    None for the first version.

    Cached by where the history lives and both versions' numbers and hashes: a new database at the same
    path is never mixed up. Raises StoreError when the store cannot be read.
    """
    if view.source.version is None:
        return None
    history = view.history
    earlier = [v for v in history.versions() if v.number < view.source.version]
    if not earlier:
        return None
    where = "sample" if view.source.is_sample else f"{history.location} {history.register}"
    return _comparison(where, earlier[-1].number, earlier[-1].sha256, view.source.version, view.source.sha256,
                       history)


def _comparison_key(comparison: Comparison | None) -> tuple[int | None, int | None]:
    return (comparison.older, comparison.newer) if comparison is not None else (None, None)


@st.cache_data(show_spinner=False, max_entries=64)
def _agenda(sha256: str, stichtag: dt.date, days: int, compared: tuple[int | None, int | None],
            _derived: pd.DataFrame, _register: Register, _comparison: Comparison | None) -> Agenda:
    return meeting_agenda(_derived, _register, stichtag, _comparison, days)


def agenda_of(view: View, comparison: Comparison | None, days: int) -> Agenda:
    """Every measure of the register counts, whatever the sidebar filters say: the meeting covers them all."""
    return _agenda(view.source.sha256, view.stichtag, days, _comparison_key(comparison), view.derived,
                   view.register, comparison)


@st.cache_data(show_spinner="Sachstandsbericht wird erstellt …", max_entries=8)
def _report_docx(sha256: str, stichtag: dt.date, compared: tuple[int | None, int | None], label: str,
                 is_sample: bool, _derived: pd.DataFrame, _register: Register,
                 _comparison: Comparison | None) -> bytes:
    return report_docx(build_report(_register, _derived, stichtag, _comparison, label, is_sample))


def report_of(view: View) -> bytes:
    """The Word report of the shown register against the version before it.

    Built on the first click on its download button (pass `later(report_of, view)`), then kept.
    """
    comparison = previous_comparison(view)
    source = view.source
    label = source.file_name if source.is_sample else source.label
    return _report_docx(source.sha256, view.stichtag, _comparison_key(comparison), label, source.is_sample,
                        view.derived, view.register, comparison)


@st.cache_data(show_spinner=False, max_entries=64)
def _measure_page(sha256: str, stichtag: dt.date, nr: str | None, versions: tuple[tuple[int, str], ...],
                  _register: Register, _derived: pd.DataFrame, _view: View) -> MeasurePage:
    return measure_page(nr, _register, _derived, stichtag, _view.history)


def measure_page_of(view: View, nr: str | None) -> MeasurePage:
    """The page of one measure: all measures of the register (the filters never hide the one asked for),
    its history from the versions the shown register belongs to (cached by their numbers and hashes)."""
    versions = tuple((v.number, v.sha256) for v in view.history.versions())
    return _measure_page(view.source.sha256, view.stichtag, nr, versions, view.register, view.derived, view)
