"""Prioritäten: the four answers of questions 1–3 for one priority, and its rollout per office."""

import streamlit as st

from lib.contract import PRIORITIES, PRIORITY_LABELS
from lib.views import office_shares, priority_sections
from ui.blocks import chart_with_table, empty_note, measure_list, page_header
from ui.charts import share_bars
from ui.frame import current_view

view = current_view()
page_header(view, "Prioritäten", "Welche Maßnahmen sind umgesetzt, vollständig und flächendeckend, noch nicht "
            "überall ausgerollt oder noch nicht umgesetzt?")
choice = st.segmented_control("Priorität", [str(p) for p in PRIORITIES], default="0", key="p", bind="query-params")
priority = int(choice or 0)
sections = priority_sections(view.filtered, view.register, priority)
if sections.total == 0:
    empty_note(f"Maßnahmen der {PRIORITY_LABELS[priority]}")
    st.stop()
st.markdown(f"**{sections.headline}**")
for heading, frame in sections.lists():
    st.header(heading)
    measure_list(frame)
shares = office_shares(view.register, sections.measures)
if not shares.empty:
    chart_with_table(share_bars(shares, "Amt", "Anteil umgesetzt", "", "Amt"), shares.drop(columns="office"),
                     f"Umsetzung der {PRIORITY_LABELS[priority]} je Amt (Anteil der Maßnahmen, die dort umgesetzt sind)",
                     key="priority_offices")
