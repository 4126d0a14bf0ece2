"""Planung 3–5: order, start, duration, staff-days and budget; which measures have no plan yet."""

import streamlit as st

from lib.presenting.fmt import de_number
from lib.presenting.sections import planning_page
from ui.blocks import empty_note, measure_list, page_header, picture_with_table
from ui.data import gantt_picture_of
from ui.frame import current_view

view = current_view()
page_header(view, "Planung der Prioritäten 3–5", "Welche Reihenfolge, Dauer und Ressourcen sehen die Pläne vor?")
page = planning_page(view.filtered)
plan = page.plan
if not plan.planned and not plan.unplanned:
    empty_note("offenen Maßnahmen der Prioritäten 3–5")
    st.stop()
left, middle, right = st.columns(3)
left.metric("Geplante Maßnahmen", len(plan.planned))
middle.metric("Personentage gesamt", de_number(plan.person_days))
right.metric("Budget gesamt", f"{de_number(plan.budget_eur)} €")
if plan.planned:
    picture_with_table(gantt_picture_of(view, page), page.planned, page.finding)
st.header(page.unplanned.heading)
measure_list(page.unplanned.table, alt=page.unplanned.heading)
