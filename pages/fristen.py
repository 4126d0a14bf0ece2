"""Fristen: deadlines against the Stichtag and 31.12.2019, what is overdue and what falls due next."""

import streamlit as st

from lib.contract import STUFENPLAN_DEADLINE
from lib.fmt import de_date
from lib.views import deadlines, due_next, overdue_list
from ui.blocks import chart_with_table, empty_note, page_header, table
from ui.charts import timeline
from ui.frame import current_view

DATE = st.column_config.DateColumn(format="DD.MM.YYYY")

view = current_view()
page_header(view, "Fristen", f"Was ist zum Stichtag {de_date(view.stichtag)} überfällig, was wird als Nächstes fällig?")
dated = deadlines(view.filtered, view.stichtag)
if dated.empty:
    empty_note("Maßnahmen mit Frist")
    st.stop()
late = overdue_list(view.filtered, view.stichtag)
st.metric("Überfällige Maßnahmen", len(late), help="Frist vor dem Stichtag und nicht vollständig umgesetzt")
chart_with_table(
    timeline(dated, view.stichtag, "", STUFENPLAN_DEADLINE),
    dated[["id", "title", "priority", "deadline", "days_left", "overdue"]].rename(columns={
        "id": "Nr", "title": "Maßnahme", "priority": "Priorität", "deadline": "Frist",
        "days_left": "Tage bis zur Frist", "overdue": "überfällig"}),
    f"{len(late)} von {len(dated)} Maßnahmen mit Frist sind zum {de_date(view.stichtag)} überfällig "
    "(violetter Rand).", key="deadline_timeline", column_config={"Frist": DATE},
)
st.header(f"Überfällig ({len(late)})")
if late.empty:
    st.caption("keine")
else:
    table(late, {"Frist": DATE})
upcoming = due_next(view.filtered, view.stichtag)
st.header("Als Nächstes fällig")
if upcoming.empty:
    st.caption("keine offenen Fristen nach dem Stichtag")
else:
    table(upcoming, {"Frist": DATE})
