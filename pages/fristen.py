"""Fristen: deadlines against the Stichtag and 31.12.2019, what is overdue and what falls due next."""

import streamlit as st

from lib.presenting.fmt import de_date
from ui.blocks import empty_note, page_header, picture_with_table, table
from ui.data import deadlines_of, deadlines_picture_of
from ui.frame import current_view

view = current_view()
page_header(view, "Fristen", f"Was ist zum Stichtag {de_date(view.stichtag)} überfällig, was wird als Nächstes fällig?")
page = deadlines_of(view)
if page.empty:
    empty_note("Maßnahmen mit Frist")
    st.stop()
st.metric("Überfällige Maßnahmen", len(page.overdue), help="Frist vor dem Stichtag und nicht vollständig umgesetzt")
picture_with_table(deadlines_picture_of(view, page), page.table, page.finding)
st.header(f"Überfällig ({len(page.overdue)})")
if page.overdue.empty:
    st.caption("keine")
else:
    table(page.overdue, alt=f"Überfällige Maßnahmen ({len(page.overdue)})")
st.header("Als Nächstes fällig")
if page.upcoming.empty:
    st.caption("keine offenen Fristen nach dem Stichtag")
else:
    table(page.upcoming, alt="Als Nächstes fällige Maßnahmen")
