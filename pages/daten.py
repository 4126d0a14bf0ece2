"""Daten: the full filtered table and downloads of exactly these rows as .xlsx and .csv."""

import streamlit as st

from lib.presenting.xlsx import XLSX_MIME
from ui.blocks import empty_note, page_header, table
from ui.data import later, measures_csv, measures_of, measures_xlsx
from ui.frame import current_view

view = current_view()
page_header(view, "Daten", "Alle Maßnahmen der aktuellen Auswahl")
if view.filtered.empty:
    empty_note()
    st.stop()
rows = measures_of(view)
table(rows, alt=f"Maßnahmen der aktuellen Auswahl ({len(rows)} Zeilen)")
name = f"massnahmen_{view.stichtag:%Y-%m-%d}"
left, right = st.columns(2)
left.download_button("Tabelle als Excel (.xlsx)", later(measures_xlsx, view), f"{name}.xlsx", on_click="ignore",
                     mime=XLSX_MIME, key="download_xlsx", icon=":material/download:", width="stretch")
right.download_button("Tabelle als CSV (.csv)", later(measures_csv, view), f"{name}.csv", on_click="ignore", mime="text/csv",
                      key="download_csv", icon=":material/download:", width="stretch")
st.caption(f"{len(rows)} Zeilen. CSV mit Semikolon und UTF-8 (öffnet direkt in deutschem Excel).")
