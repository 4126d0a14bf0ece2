"""Planung 3–5: order, start, duration, staff-days and budget; which measures have no plan yet."""

import streamlit as st

from lib.fmt import de_number
from lib.views import plan_table, plans, unplanned
from ui.blocks import chart_with_table, empty_note, measure_list, page_header
from ui.charts import gantt
from ui.frame import current_view

DATE = st.column_config.DateColumn(format="MM.YYYY")
EURO = st.column_config.NumberColumn(format="%.0f €")

view = current_view()
page_header(view, "Planung der Prioritäten 3–5", "Welche Reihenfolge, Dauer und Ressourcen sehen die Pläne vor?")
planned, missing = plans(view.filtered), unplanned(view.filtered)
if planned.empty and missing.empty:
    empty_note("offenen Maßnahmen der Prioritäten 3–5")
    st.stop()
resources = plan_table(planned)
left, middle, right = st.columns(3)
left.metric("Geplante Maßnahmen", len(planned))
middle.metric("Personentage gesamt", de_number(planned["person_days"].sum()))
right.metric("Budget gesamt", f"{de_number(planned['budget_eur'].sum())} €")
if not planned.empty:
    chart_with_table(gantt(planned, ""), resources,
                     f"{len(planned)} Maßnahmen sind geplant, {len(missing)} noch ohne Plan.",
                     key="plan_gantt", column_config={"Beginn": DATE, "Ende (geplant)": DATE, "Budget (EUR)": EURO})
st.header(f"Ohne Umsetzungsplan ({len(missing)})")
measure_list(missing[["id", "title", "priority"]].rename(columns={"id": "Nr", "title": "Maßnahme", "priority": "Priorität"}))
