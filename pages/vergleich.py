"""Vergleich: where each register stands, per priority, and across the registers (flächendeckend or begun)."""

import streamlit as st

from lib.presenting.comparison import REGISTER_LINK_TEXT
from lib.presenting.text import md_escape
from lib.storing.storage import StoreError
from ui.blocks import picture_with_table, table
from ui.comparison import comparison_of, comparison_picture_of
from ui.frame import current_view, store_failed

view = current_view()
st.title("Vergleich")
st.markdown("*Wie weit ist jedes Register je Priorität – flächendeckend oder mindestens teilweise?*")
try:
    page = comparison_of(view)
except StoreError as exc:
    store_failed(exc)
    st.stop()
st.caption(page.stichtag_note)
st.header("Stand je Register")
table(page.table, alt="Stand je Register: Register (Link zur Übersicht), Stand, Stichtag und Anteile",
      links={"Register": REGISTER_LINK_TEXT})
st.header("Anteil umgesetzt je Register und Priorität")
picture_with_table(comparison_picture_of(page), page.chart_table, page.finding)
st.header("Über alle Register")
table(page.coverage_table, alt="Je Priorität: Register mit Maßnahmen, flächendeckend umgesetzt, mindestens teilweise")
st.markdown("\n".join(f"- {md_escape(finding)}" for finding in page.coverage_findings))
