"""Sitzung: the agenda of the next meeting (changed, overdue, due soon), its presentation and the Sachstandsbericht."""

import streamlit as st

from lib.presenting.agenda import DEFAULT_DAYS, MAX_DAYS
from lib.storing.storage import StoreError
from ui.agenda import cards, presentation, presenting, start_button
from ui.blocks import page_header
from ui.data import agenda_of, later, previous_comparison, report_of
from ui.frame import current_view, store_failed
from ui.state import Key

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

view = current_view()
try:
    comparison = previous_comparison(view)
except StoreError as exc:
    st.title("Sitzung")
    store_failed(exc)
    st.stop()
show_slide = presenting()
if not show_slide:
    page_header(view, "Sitzung", "Was hat sich seit der letzten Sitzung geändert, was ist überfällig, was steht an?")
slide, settings = st.container(), st.container()  # in the presentation the settings go below the item
with settings.expander("Tagesordnung einstellen") if show_slide else settings:
    days = st.number_input("Bald fällig: Frist in den nächsten … Tagen", min_value=1, max_value=MAX_DAYS,
                           value=DEFAULT_DAYS, step=30, key=Key.MEETING_DAYS, bind="query-params", width=340)
agenda = agenda_of(view, comparison, days)
if show_slide:
    with slide:
        presentation(agenda, view.source.is_sample)
    st.stop()
if view.filters.active():
    st.info("Die Tagesordnung umfasst immer alle Maßnahmen des Registers; die Filter der Seitenleiste gelten hier nicht.")
st.markdown(f"**{agenda.summary}**")
st.caption("Jede Maßnahme steht einmal auf der Tagesordnung, unter dem ersten Punkt, der auf sie zutrifft.")
left, right = st.columns(2)
with left:
    start_button(agenda)
right.download_button("Sachstandsbericht (.docx) herunterladen", later(report_of, view),
                      f"sachstandsbericht-stichtag-{view.stichtag:%Y-%m-%d}.docx", mime=DOCX, on_click="ignore",
                      key="report_docx", icon=":material/download:")
cards(agenda)
