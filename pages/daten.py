"""Daten: the filtered table, a page at a time above DATA_PAGE_ROWS rows, and downloads of all its rows as .xlsx and .csv."""

import streamlit as st

from lib.presenting.views import data_page
from lib.presenting.xlsx import XLSX_MIME
from ui.blocks import empty_note, page_header, table
from ui.data import later, measures_csv, measures_of, measures_xlsx
from ui.frame import current_view
from ui.paging import asked_page, page_control

view = current_view()
page_header(view, "Daten", "Alle Maßnahmen der aktuellen Auswahl")
if view.filtered.empty:
    empty_note()
    st.stop()
shown = data_page(measures_of(view), asked_page())
table(shown.rows, alt=shown.alt)
if shown.paged:
    page_control(shown)
name = f"massnahmen_{view.stichtag:%Y-%m-%d}"
left, right = st.columns(2)
left.download_button("Tabelle als Excel (.xlsx)", later(measures_xlsx, view), f"{name}.xlsx", on_click="ignore",
                     mime=XLSX_MIME, key="download_xlsx", icon=":material/download:", width="stretch")
right.download_button("Tabelle als CSV (.csv)", later(measures_csv, view), f"{name}.csv", on_click="ignore", mime="text/csv",
                      key="download_csv", icon=":material/download:", width="stretch")
st.caption(shown.caption)
