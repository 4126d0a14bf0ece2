"""Ämter: offices × measures heatmap grouped by Dezernat, and each office's share done."""

import streamlit as st

from lib.views import office_cells, office_shares
from ui.blocks import chart_with_table, empty_note, page_header
from ui.charts import office_heatmap, share_bars
from ui.frame import current_view, focus_office, per_view, per_view_figure

view = current_view()
page_header(view, "Ämter", "Wo ist welche Maßnahme in welchem Amt umgesetzt?")
cells = per_view(view, "office_cells", lambda: office_cells(view.register, view.filtered))
if cells.empty:
    empty_note("Ämter-Zuordnungen")
    st.stop()
shares = per_view(view, "office_shares", lambda: office_shares(view.register, view.filtered, cells))
best = shares.sort_values("Anteil umgesetzt", ascending=False).iloc[0]
chart_with_table(
    per_view_figure(view, "office_heatmap", lambda: office_heatmap(cells, "")),
    cells.rename(columns={"department": "Dezernat", "office_label": "Amt", "id": "Nr", "title": "Maßnahme",
                          "priority": "Priorität", "state": "Stand"})[["Dezernat", "Amt", "Nr", "Maßnahme", "Priorität", "Stand"]],
    f"{len(shares)} Ämter, {cells['id'].nunique()} Maßnahmen: ✓ umgesetzt, ◐ teilweise, ○ offen "
    "(Zeilen nach Dezernat, Spalten nach Priorität)",
    key="office_heatmap",
)
st.header("Anteil umgesetzt je Amt")
st.caption("Ein Klick auf einen Balken grenzt alle Ansichten auf dieses Amt ein.")
chart_with_table(
    share_bars(shares, "Amt", "Anteil umgesetzt", "", "Amt"), shares.drop(columns="office"),
    f"Am weitesten ist {best['Amt']} ({best['umgesetzt']} von {best['Maßnahmen']} Maßnahmen umgesetzt).",
    key="office_shares", on_select=focus_office("office_shares"), selection_mode="points",
)
