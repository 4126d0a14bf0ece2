"""Reusable page blocks: page header, chart with its finding and table, empty-result note."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib.presenting.columns import HEADERS
from lib.presenting.fmt import de_date
from lib.presenting.text import md_escape
from ui.frame import View

PLOTLY_CONFIG = {"displaylogo": False, "locale": "de", "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
_DAY = st.column_config.DateColumn(format="DD.MM.YYYY")
DEADLINE_CONFIG = {HEADERS["deadline"]: _DAY}  # column_config of tables with a deadline
MEASURE_CONFIG = {  # column_config of the measures table (lib.presenting.export.measure_table)
    HEADERS["deadline"]: _DAY,
    HEADERS["completed_on"]: _DAY,
    HEADERS["start"]: st.column_config.DateColumn(format="MM.YYYY"),
    HEADERS["budget_eur"]: st.column_config.NumberColumn(format="%.0f €"),
    HEADERS["priority"]: st.column_config.NumberColumn(format="%d"),
}


def page_header(view: View, title: str, question: str | None = None) -> None:
    st.title(title)
    line = f"Stichtag {de_date(view.stichtag)} · {len(view.filtered)} von {len(view.derived)} Maßnahmen"
    if view.filters.active():
        line += " (gefiltert)"
    if view.source.is_sample:
        line += " · **Beispieldaten (fiktiv)**"
    st.caption(line)
    if question:
        st.markdown(f"*{question}*")


def empty_note(what: str = "Maßnahmen") -> None:
    st.info(f"Keine {what} für die gewählten Filter. Filter in der Seitenleiste lockern oder zurücksetzen.")


def chart_with_table(fig: go.Figure, table: pd.DataFrame, finding: str, key: str,
                     column_config: dict | None = None, **chart_args) -> object:
    """The finding as a sentence, the chart, and the table it was drawn from right below."""
    st.markdown(f"**{md_escape(finding)}**")
    event = st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key, alt=finding, **chart_args)
    with st.expander("Tabelle zum Diagramm"):
        st.dataframe(table, hide_index=True, width="stretch", column_config=column_config)
    return event


def table(frame: pd.DataFrame, column_config: dict | None = None, key: str | None = None) -> None:
    st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config, key=key)


def measure_list(frame: pd.DataFrame) -> None:
    """A list of measures as a table: register text stays plain text, never markup."""
    if frame.empty:
        st.caption("keine")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
