"""Kooperationen: which measures run with which municipalities or bodies (question 6)."""

import streamlit as st

from lib.presenting.sections import cooperation_page
from ui.blocks import empty_note, page_header, picture_with_table, table
from ui.data import partners_picture_of
from ui.frame import current_view

view = current_view()
page_header(view, "Kooperationen", "Bei welchen Maßnahmen kooperiert die Stadt mit anderen Kommunen oder Stellen?")
page = cooperation_page(view.filtered)
if not page.cooperations.entries:
    empty_note("Kooperationen")
    st.stop()
picture_with_table(partners_picture_of(view, page), page.partners, page.finding)
st.header("Partner × Maßnahme")
table(page.matrix, alt="Partner × Maßnahme: je Partner die Maßnahmen, bei denen er mitwirkt")
st.header(page.measures.heading)
table(page.measures.table, alt=page.measures.heading)
