"""The page control of Daten's long table: which page of how many, back and forth, and a field to go to a page.

The page is in the URL (`?seite=3`), so a copied link or a reload shows the same rows; the buttons and
the field change the URL, ui.frame keeps it only while it names a page of the shown table.
"""

from __future__ import annotations

import streamlit as st

from lib.presenting.views import DataPage
from ui.state import Key


def asked_page() -> str | None:
    return st.query_params.get(Key.DATA_PAGE)


def _show(number: int) -> None:
    if number == 1:
        st.query_params.pop(Key.DATA_PAGE, None)  # page 1 is the table without a page in its address
    else:
        st.query_params[Key.DATA_PAGE] = str(number)


def _show_chosen() -> None:
    _show(st.session_state[Key.DATA_PAGE_CHOICE])


def page_control(page: DataPage) -> None:
    """„Seite 2 von 6“, the buttons to the previous and next page and a number field (Enter goes there)."""
    st.session_state[Key.DATA_PAGE_CHOICE] = page.number  # set before the field is drawn: it follows the URL
    where, back, forward, choice = st.columns([2, 2, 2, 3], vertical_alignment="bottom")
    where.markdown(f"**{page.label}**")
    back.button("Vorherige Seite", on_click=_show, args=(page.number - 1,), disabled=page.number == 1,
                icon=":material/arrow_back:", key="previous_page", width="stretch")
    forward.button("Nächste Seite", on_click=_show, args=(page.number + 1,), disabled=page.number == page.count,
                   icon=":material/arrow_forward:", key="next_page", width="stretch")
    choice.number_input(f"Gehe zu Seite (1–{page.count})", min_value=1, max_value=page.count, step=1,
                        key=Key.DATA_PAGE_CHOICE, on_change=_show_chosen)
