"""Erklärung zur Barrierefreiheit: the EU model statement for this app, public like a page of the city's website."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from lib.presenting.accessibility import TO_FILL_IN, build_statement, to_markdown
from ui.accessibility import statement_config

if PagesManager.uses_pages_directory:  # a deep link on a fresh server runs this file alone: go through the entry file
    PagesManager.uses_pages_directory = False
    st.rerun()
statement = build_statement(statement_config())
st.title(statement.title)
if statement.missing:
    st.warning(f"{TO_FILL_IN}: {', '.join(statement.missing)} (Einstellungen: docs/accessibility.md).")
st.markdown(to_markdown(statement))
