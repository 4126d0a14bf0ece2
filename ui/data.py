"""Each page's `lib` call, cached by what determines it: the register's hash, the Stichtag and the filters.

The register and the filtered table are passed as `_`-prefixed (unhashed) arguments: the hash,
the Stichtag and the filters determine them, so hashing them again would only cost time.
`st.cache_data` hands every caller its own copy; no object is shared between sessions.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib.deriving.diff import Comparison, compare_versions
from lib.deriving.filters import Filters
from lib.presenting.agenda import Agenda, meeting_agenda
from lib.presenting.export import measure_table, to_csv, to_xlsx
from lib.presenting.report import build_report
from lib.presenting.report_docx import to_docx as report_docx
from lib.presenting.views import DeadlinesPage, OfficesPage, Overview, deadlines_page, offices_page, overview
from lib.reading.register import Register
from ui.charts import office_heatmap
from ui.frame import View, version_store


def _key(view: View) -> tuple[str, dt.date, Filters]:
    return view.source.sha256, view.stichtag, view.filters


@st.cache_data(show_spinner=False, max_entries=64)
def _overview(sha256: str, stichtag: dt.date, filters: Filters, _filtered: pd.DataFrame) -> Overview:
    return overview(_filtered, stichtag)


def overview_of(view: View) -> Overview:
    return _overview(*_key(view), view.filtered)


@st.cache_data(show_spinner=False, max_entries=64)
def _offices(sha256: str, stichtag: dt.date, filters: Filters, _register: Register,
             _filtered: pd.DataFrame) -> OfficesPage:
    return offices_page(_register, _filtered)


def offices_of(view: View) -> OfficesPage:
    return _offices(*_key(view), view.register, view.filtered)


@st.cache_data(show_spinner=False, max_entries=16)
def _office_heatmap(sha256: str, stichtag: dt.date, filters: Filters, _cells: pd.DataFrame) -> dict:
    return office_heatmap(_cells, "").to_dict()


def office_heatmap_of(view: View, cells: pd.DataFrame) -> go.Figure:
    """The heatmap of `offices_of(view).cells`, rebuilt from its cached dict without validating it again
    (the dict was valid when `office_heatmap` made it).

    Drawing it on 1.000 × 60 (50.000 cells), median of 11 rounds on the busy 2-core project machine,
    including what st.plotly_chart itself does: this 0.65 s; the dict given to st.plotly_chart, which
    validates it, 0.76 s; a cached Figure (unpickling validates) 0.90 s; building it on every run
    1.75 s; one Figure shared by all sessions (before: fastest, 0.32 s, but mutable and shared).
    """
    return go.Figure(_office_heatmap(*_key(view), cells), _validate=False)


@st.cache_data(show_spinner=False, max_entries=64)
def _deadlines(sha256: str, stichtag: dt.date, filters: Filters, _filtered: pd.DataFrame) -> DeadlinesPage:
    return deadlines_page(_filtered, stichtag)


def deadlines_of(view: View) -> DeadlinesPage:
    return _deadlines(*_key(view), view.filtered)


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


@st.cache_data(show_spinner=False, max_entries=16)
def _measures_csv(sha256: str, stichtag: dt.date, filters: Filters, _table: pd.DataFrame) -> bytes:
    return to_csv(_table)


def measures_csv(view: View) -> bytes:
    return _measures_csv(*_key(view), measures_of(view))


# ----------------------------------------------------------------------------- page Sitzung


@st.cache_data(show_spinner=False, max_entries=16)
def _comparison(path: str, older: int, older_sha256: str, newer: int, newer_sha256: str) -> Comparison:
    return compare_versions(version_store(), older, newer)


def previous_comparison(view: View) -> Comparison | None:
    """The shown version against the one stored before it; None for the sample and the first version.

    Cached by both versions' numbers and hashes: a new database at the same path is never mixed up.
    Raises StoreError when the store cannot be read.
    """
    if view.source.version is None:
        return None
    store = version_store()
    earlier = [v for v in store.versions() if v.number < view.source.version]
    if not earlier:
        return None
    return _comparison(str(store.path), earlier[-1].number, earlier[-1].sha256, view.source.version,
                       view.source.sha256)


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


def report_of(view: View, comparison: Comparison | None) -> bytes:
    """The Word report of the shown register; built on the first click on its download button, then kept."""
    source = view.source
    label = source.file_name if source.is_sample else source.label
    return _report_docx(source.sha256, view.stichtag, _comparison_key(comparison), label, source.is_sample,
                        view.derived, view.register, comparison)
