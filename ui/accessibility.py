"""The city's settings for the Erklärung zur Barrierefreiheit, read from `.streamlit/secrets.toml` ([accessibility])."""

from __future__ import annotations

import streamlit as st

from lib.presenting.accessibility import StatementConfig, StatementConfigError, parse_statement_config


def statement_config() -> StatementConfig:
    """The configured statement settings; a broken table is named in German and the defaults are shown."""
    try:
        table = st.secrets.get("accessibility") if st.secrets.load_if_toml_exists() else None
        return parse_statement_config(table)
    except StatementConfigError as exc:
        st.error(f"Die Einstellungen zur Erklärung in .streamlit/secrets.toml sind fehlerhaft: {exc}")
        return parse_statement_config(None)
