"""Reusable page blocks: page header, chart with its finding and table, empty-result note."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.presenting.fmt import de_date, de_number
from lib.presenting.measure import Fact
from lib.presenting.text import md_escape
from ui.frame import View
from ui.tables import table

__all__ = ["empty_note", "fact_list", "measure_list", "page_header", "picture_with_table", "table"]


def page_header(view: View, title: str, question: str | None = None) -> None:
    st.title(title)
    line = f"Stichtag {de_date(view.stichtag)} · {de_number(len(view.filtered))} von {de_number(len(view.derived))} Maßnahmen"
    if view.filters.active():
        line += " (gefiltert)"
    if view.source.is_sample:
        line += " · **Beispieldaten (fiktiv)**"
    st.caption(line)
    if question:
        st.markdown(f"*{question}*")


def empty_note(what: str = "Maßnahmen") -> None:
    st.info(f"Keine {what} für die gewählten Filter. Filter in der Seitenleiste lockern oder zurücksetzen.")


def picture_with_table(svg: str, data: pd.DataFrame, finding: str) -> None:
    """The finding as a sentence, the chart drawn on the server as an image named by it, and the table it was drawn
    from right below (named by it too)."""
    st.markdown(f"**{md_escape(finding)}**")
    st.image(svg, alt=finding, width="content")
    _table_below(data, finding)


def _table_below(data: pd.DataFrame, finding: str) -> None:
    with st.expander("Tabelle zum Diagramm"):
        table(data, alt=f"Tabelle zum Diagramm: {finding}")


def measure_list(frame: pd.DataFrame, alt: str | None = None) -> None:
    """A list of measures as a table: register text stays plain text, never markup."""
    if frame.empty:
        st.caption("keine")
    else:
        table(frame, alt=alt)


def fact_list(facts: tuple[Fact, ...]) -> None:
    """Label and value per line; empty values are left out, register text stays text."""
    st.markdown("\n".join(f"- **{md_escape(f.label)}:** {md_escape(f.value)}" for f in facts if f.value))
