"""Ämter: offices × measures heatmap grouped by Dezernat, and each office's share done."""

import streamlit as st

from ui.blocks import chart_with_table, empty_note, page_header, picture_with_table
from ui.data import office_heatmap_of, office_shares_chart_of, offices_of
from ui.frame import current_view, focus_office
from ui.state import Key

view = current_view()
page_header(view, "Ämter", "Wo ist welche Maßnahme in welchem Amt umgesetzt?")
page = offices_of(view)
if page.empty:
    empty_note("Ämter-Zuordnungen")
    st.stop()
picture_with_table(office_heatmap_of(view, page), page.cell_table, page.heatmap_finding)
st.header("Anteil umgesetzt je Amt")
st.caption("Ein Klick auf einen Balken grenzt alle Ansichten auf dieses Amt ein.")
chart_with_table(
    office_shares_chart_of(view, page), page.share_table, page.shares_finding,
    key=Key.OFFICE_SHARES, on_select=focus_office(Key.OFFICE_SHARES), selection_mode="points",
)
