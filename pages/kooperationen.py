"""Kooperationen: which measures run with which municipalities or bodies (question 6)."""

import streamlit as st

from lib.presenting.sections import cooperation_page
from ui.blocks import chart_with_table, empty_note, page_header, table
from ui.charts import partner_bars
from ui.frame import current_view

view = current_view()
page_header(view, "Kooperationen", "Bei welchen Maßnahmen kooperiert die Stadt mit anderen Kommunen oder Stellen?")
page = cooperation_page(view.filtered)
if not page.cooperations.entries:
    empty_note("Kooperationen")
    st.stop()
chart_with_table(partner_bars(page.partner_bars, ""), page.partners, page.finding, key="partner_chart")
st.header("Partner × Maßnahme")
table(page.matrix, alt="Partner × Maßnahme: je Partner die Maßnahmen, bei denen er mitwirkt")
st.header(page.measures.heading)
table(page.measures.table, alt=page.measures.heading)
