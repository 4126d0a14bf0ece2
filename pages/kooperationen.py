"""Kooperationen: which measures run with which municipalities or bodies (question 6)."""

import streamlit as st

from lib.views import cooperations, partner_matrix
from ui.blocks import chart_with_table, empty_note, page_header, table
from ui.charts import partner_bars
from ui.frame import current_view

view = current_view()
page_header(view, "Kooperationen", "Bei welchen Maßnahmen kooperiert die Stadt mit anderen Kommunen oder Stellen?")
pairs = cooperations(view.filtered)
if pairs.empty:
    empty_note("Kooperationen")
    st.stop()
counts = pairs.groupby("partner").size().rename("Maßnahmen").reset_index()
counts = counts.sort_values(["Maßnahmen", "partner"], ascending=[False, True], kind="stable")
top = counts.iloc[0]
chart_with_table(
    partner_bars(counts, ""), counts.rename(columns={"partner": "Partner"}),
    f"{pairs['id'].nunique()} Maßnahmen mit {len(counts)} Partnern; die meisten gemeinsamen Maßnahmen mit "
    f"{top['partner']} ({top['Maßnahmen']}).", key="partner_chart",
)
st.header("Partner × Maßnahme")
table(partner_matrix(pairs).reset_index().rename(columns={"partner": "Partner"}))
st.header("Maßnahmen in Kooperation")
table(pairs[["id", "title", "priority", "status_label", "partner"]].rename(columns={
    "id": "Nr", "title": "Maßnahme", "priority": "Priorität", "status_label": "Status", "partner": "Partner"}))
