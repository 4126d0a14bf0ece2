"""Antwort an den Stadtrat: the answer to the council inquiry from the shown register, as preview, Word and Markdown."""

from functools import partial

import streamlit as st

from lib.presenting.answer import Answer, Inquiry, build_answer, load_inquiry, to_markdown
from lib.presenting.answer_docx import to_docx
from lib.presenting.text import md_escape
from ui.blocks import page_header
from ui.frame import current_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@st.cache_data(show_spinner="Antwort wird erstellt …", max_entries=16)
def answer_markdown(sha256: str, _register, _derived, stichtag, inquiry: Inquiry, notice: str) -> tuple[str, Answer]:
    answer = build_answer(_register, stichtag, inquiry, notice, derived=_derived)  # the frame derived it already
    return to_markdown(answer), answer


@st.cache_data(show_spinner=False, max_entries=16)
def answer_word(sha256: str, stichtag, inquiry: Inquiry, notice: str, _answer: Answer) -> bytes:
    """Built on the first click on the Word button (deferred download), then kept."""
    return to_docx(_answer)


view = current_view()
inquiry = load_inquiry()
page_header(view, "Antwort an den Stadtrat", md_escape(f"Anfrage {inquiry.number}: {inquiry.title}"))
notice = "Beispieldaten (fiktiv): diese Antwort ist nur ein Muster, kein echter Umsetzungsstand." \
    if view.source.is_sample else ""
if notice:
    st.warning(notice)
if view.filters.active():
    st.info("Die Antwort umfasst immer alle Maßnahmen des Registers; die Filter der Seitenleiste gelten hier nicht.")
markdown, answer = answer_markdown(view.source.sha256, view.register, view.derived, view.stichtag, inquiry, notice)
name = f"antwort-{inquiry.number.replace('/', '-')}-stichtag-{view.stichtag:%Y-%m-%d}"
left, right = st.columns(2)
word = partial(answer_word, view.source.sha256, view.stichtag, inquiry, notice, answer)  # built on click
left.download_button("Word (.docx) herunterladen", word, f"{name}.docx", mime=DOCX, on_click="ignore",
                     key="answer_docx", icon=":material/download:", width="stretch")
right.download_button("Markdown (.md) herunterladen", markdown, f"{name}.md", mime="text/markdown",
                      on_click="ignore", key="answer_md", icon=":material/download:", width="stretch")
with st.container(border=True, key="answer_preview"):
    st.markdown(markdown)
