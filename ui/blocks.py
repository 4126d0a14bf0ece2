"""Reusable page blocks: page header, chart with its finding and table, empty-result note."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib.presenting.columns import HEADERS
from lib.presenting.fmt import de_date
from lib.presenting.measure import NR_PARAM, Fact, measure_path
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
        shown, config = measure_links(table, column_config)
        st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
    return event


NR = HEADERS["id"]


def measure_links(frame: pd.DataFrame, column_config: dict | None = None) -> tuple[pd.DataFrame, dict | None]:
    """A table that lists measures, with each `Nr` a link to the page of its measure (keeping the register
    and Stichtag of the URL); the frame given is not changed, downloads keep the plain Nr."""
    if NR not in frame.columns or frame.empty or (column_config or {}).get(NR) is not None:
        return frame, column_config
    params = {k: st.query_params.get_all(k) for k in st.query_params if k != NR_PARAM}
    linked = frame.assign(**{NR: [measure_path(str(nr), params) for nr in frame[NR]]})
    link = st.column_config.LinkColumn(NR, display_text=rf"{NR_PARAM}=([^&]*)$", alignment="left",
                                       help="Nr anklicken: die Seite der Maßnahme mit ihrem Verlauf")
    return linked, {**(column_config or {}), NR: link}


def table(frame: pd.DataFrame, column_config: dict | None = None, key: str | None = None) -> None:
    shown, config = measure_links(frame, column_config)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, key=key)


def measure_list(frame: pd.DataFrame) -> None:
    """A list of measures as a table: register text stays plain text, never markup."""
    if frame.empty:
        st.caption("keine")
    else:
        table(frame)


def fact_list(facts: tuple[Fact, ...]) -> None:
    """Label and value per line; empty values are left out, register text stays text."""
    st.markdown("\n".join(f"- **{md_escape(f.label)}:** {md_escape(f.value)}" for f in facts if f.value))
