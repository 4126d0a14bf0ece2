"""Maßnahme: one measure at /massnahme?nr=2.01 with its facts, rollout per office, plan and history."""

import streamlit as st

from lib.presenting.text import md_escape
from lib.storing.storage import StoreError
from ui.blocks import fact_list, page_header, table
from ui.data import measure_page_of
from ui.frame import current_view, store_failed
from ui.state import Key

view = current_view()
ids = view.derived["id"].tolist()
asked = st.query_params.get("nr")
page_header(view, "Maßnahme")
titles = dict(zip(view.derived["id"], view.derived["title"], strict=True))
choice = st.selectbox("Maßnahme", ids, index=ids.index(asked) if asked in ids else None, key=Key.MEASURE,
                      format_func=lambda nr: f"{nr} {titles[nr]}", placeholder="Maßnahme wählen")
if choice is not None and choice != asked:
    st.query_params["nr"] = asked = choice
try:
    page = measure_page_of(view, asked)
except StoreError as exc:
    store_failed(exc)
    st.stop()
if not page.found:
    st.warning(page.message, icon=":material/search_off:")
    st.page_link("pages/daten.py", label="Zurück zur Liste aller Maßnahmen (Daten)", icon=":material/arrow_back:")
    st.stop()
st.header(md_escape(f"{page.nr} {page.title}"), anchor=False)
if view.filters.active():
    st.caption("Die Filter der Seitenleiste gelten auf dieser Seite nicht: sie zeigt die gewählte Maßnahme immer.")
fact_list(page.facts + page.extra)
st.subheader("Umsetzungsplan", anchor=False)
if page.plan:
    fact_list(page.plan)
else:
    st.caption("Kein Umsetzungsplan erfasst.")
st.subheader("Rollout je Amt", anchor=False)
st.markdown(f"**{md_escape(page.rollout_summary)}**")
if not page.rollout.empty:
    table(page.rollout, key="measure_rollout")
st.subheader("Verlauf über die Versionen", anchor=False)
st.caption(page.history_note)
if page.history:
    st.markdown("\n".join(f"- {md_escape(line.text)}" for line in page.history))
    with st.expander("Tabelle zum Verlauf"):
        table(page.history_table, key="measure_history")
