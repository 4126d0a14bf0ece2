"""Entry point of the Maßnahmen-Cockpit (minimal overview until the full dashboard lands)."""

from pathlib import Path

import streamlit as st

from lib.register import read_register
from lib.status import derive, priority_counts, resolve_stichtag

st.set_page_config(page_title="Maßnahmen-Cockpit", layout="wide")
result = read_register((Path(__file__).parent / "data" / "massnahmen.xlsx").read_bytes(), "massnahmen.xlsx")
st.title("Maßnahmen-Cockpit – Beispieldaten (fiktiv)")
if result.ok:
    stichtag = resolve_stichtag(None, result.register.stand)
    st.dataframe(priority_counts(derive(result.register, stichtag)), hide_index=True)
