"""Antwort an den Stadtrat: the answer to the council inquiry from the shown register, as preview, Word and Markdown."""

import streamlit as st

from lib.presenting.answer import load_inquiry
from lib.presenting.text import md_escape
from ui.blocks import page_header
from ui.data import (
    PREVIEW_ITEMS,
    PREVIEW_MAX_MEASURES,
    answer_docx,
    answer_md,
    answer_notice,
    answer_of,
    answer_preview,
    later,
)
from ui.frame import current_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

view = current_view()
inquiry = load_inquiry()
page_header(view, "Antwort an den Stadtrat", md_escape(f"Anfrage {inquiry.number}: {inquiry.title}"))
if notice := answer_notice(view):
    st.warning(notice)
if view.filters.active():
    st.info("Die Antwort umfasst immer alle Maßnahmen des Registers; die Filter der Seitenleiste gelten hier nicht.")
markdown = answer_of(view)[0]
name = f"antwort-{inquiry.number.replace('/', '-')}-stichtag-{view.stichtag:%Y-%m-%d}"
left, right = st.columns(2)
left.download_button("Word (.docx) herunterladen", later(answer_docx, view), f"{name}.docx", mime=DOCX,
                     on_click="ignore", key="answer_docx", icon=":material/download:", width="stretch")
right.download_button("Markdown (.md) herunterladen", later(answer_md, view), f"{name}.md", mime="text/markdown",
                      on_click="ignore", key="answer_md", icon=":material/download:", width="stretch")
preview, left_out = answer_preview(markdown) if len(view.derived) > PREVIEW_MAX_MEASURES else (markdown, 0)
if left_out:
    st.info(f"Vorschau gekürzt: je Liste und Tabelle die ersten {PREVIEW_ITEMS} Einträge. Die Word- und die "
            "Markdown-Datei enthalten die ganze Antwort.", icon=":material/content_cut:")
with st.container(border=True, key="answer_preview"):
    st.markdown(preview)
