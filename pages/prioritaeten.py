"""Prioritäten: the four answers of questions 1–3 for one priority, and its rollout per office."""

import streamlit as st

from lib.presenting.sections import priority_page
from lib.reading.contract import PRIORITIES, PRIORITY_LABELS
from ui.blocks import empty_note, measure_list, page_header, picture_with_table
from ui.data import priority_offices_picture_of
from ui.frame import current_view

view = current_view()
page_header(view, "Prioritäten", "Welche Maßnahmen sind umgesetzt, vollständig und flächendeckend, noch nicht "
            "überall ausgerollt oder noch nicht umgesetzt?")
choice = st.segmented_control("Priorität", [str(p) for p in PRIORITIES], default="0", key="p", bind="query-params")
priority = int(choice or 0)
page = priority_page(view.filtered, view.register, priority)
if page.status.total == 0:
    empty_note(f"Maßnahmen der {PRIORITY_LABELS[priority]}")
    st.stop()
st.markdown(f"**{page.status.headline}**")
for section in page.sections:
    st.header(section.heading)
    measure_list(section.table, alt=section.heading)
if not page.offices.empty:
    picture_with_table(priority_offices_picture_of(view, priority, page), page.offices_table, page.offices_finding)
