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

from lib.deriving.filters import Filters
from lib.presenting.export import measure_table, to_csv, to_xlsx
from lib.presenting.measure import MeasurePage, measure_page
from lib.presenting.views import DeadlinesPage, OfficesPage, Overview, deadlines_page, offices_page, overview
from lib.reading.register import Register
from ui.charts import office_heatmap
from ui.frame import View


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


@st.cache_data(show_spinner=False, max_entries=64)
def _measure_page(sha256: str, stichtag: dt.date, nr: str | None, versions: tuple[tuple[int, str], ...],
                  _register: Register, _derived: pd.DataFrame, _view: View) -> MeasurePage:
    return measure_page(nr, _register, _derived, stichtag, _view.history)


def measure_page_of(view: View, nr: str | None) -> MeasurePage:
    """The page of one measure: all measures of the register (the filters never hide the one asked for),
    its history from the versions the shown register belongs to (cached by their numbers and hashes)."""
    versions = tuple((v.number, v.sha256) for v in view.history.versions())
    return _measure_page(view.source.sha256, view.stichtag, nr, versions, view.register, view.derived, view)
