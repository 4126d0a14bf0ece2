"""Ämter: offices × measures heatmap grouped by Dezernat, and each office's share done."""

import streamlit as st

from ui.blocks import empty_note, page_header, picture_with_table
from ui.data import office_heatmap_of, office_shares_picture_of, offices_of
from ui.frame import current_view, office_choice

view = current_view()
page_header(view, "Ämter", "Wo ist welche Maßnahme in welchem Amt umgesetzt?")
page = offices_of(view)
if page.empty:
    empty_note("Ämter-Zuordnungen")
    st.stop()
picture_with_table(office_heatmap_of(view, page), page.cell_table, page.heatmap_finding)
st.header("Anteil umgesetzt je Amt")
picture_with_table(office_shares_picture_of(view, page), page.share_table, page.shares_finding)
office_choice(page.shares)
