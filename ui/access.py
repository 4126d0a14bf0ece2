"""Login and role in the running app: open mode, local accounts or OIDC (`st.login`)."""

from __future__ import annotations

import streamlit as st

from lib.access import AccessConfig, AccessConfigError, Mode, Role, User, authenticate, oidc_user, parse_config
from lib.presenting.text import md_escape
from ui.state import Key


def _config() -> AccessConfig:
    try:
        access = st.secrets.get("access") if st.secrets.load_if_toml_exists() else None
        return parse_config(access)
    except AccessConfigError as exc:
        st.error(f"Die Zugangskonfiguration in .streamlit/secrets.toml ist fehlerhaft: {exc}")
        st.stop()


def _log_out() -> None:
    st.session_state[Key.USER] = None


def current_user() -> User:
    """The signed-in user; draws the login and stops the run while nobody is signed in."""
    config = _config()
    if config.mode is Mode.OPEN:
        st.sidebar.caption("Offener Modus ohne Anmeldung (nur für den lokalen Einsatz). "
                           "Rollen einrichten: siehe docs/zugang.md.")
        return User("", Role.EDIT)
    if config.mode is Mode.OIDC:
        if not st.user.is_logged_in:
            st.title("Maßnahmen-Cockpit")
            st.button("Mit dem Dienstkonto anmelden", on_click=st.login, type="primary", key="login_oidc")
            st.stop()
        user = oidc_user(config, str(st.user.get("email") or ""), str(st.user.get("name") or ""))
        logout = st.logout
    else:
        user = st.session_state[Key.USER]
        if user is None:
            _login_form(config)
            st.stop()
        logout = _log_out
    st.sidebar.caption(f"Angemeldet als {md_escape(user.name)} ({user.role.value})")
    st.sidebar.button("Abmelden", on_click=logout, key="logout")
    return user


def _login_form(config: AccessConfig) -> None:
    st.title("Maßnahmen-Cockpit")
    with st.form("login"):
        name = st.text_input("Benutzername", key="login_name")
        password = st.text_input("Passwort", type="password", key="login_password")
        if st.form_submit_button("Anmelden", type="primary"):
            user = authenticate(config, name, password)
            if user is None:
                st.error("Benutzername oder Passwort ist falsch.")
            else:
                st.session_state[Key.USER] = user
                st.rerun()


def needs_login() -> bool:
    """Whether `current_user()` would draw the login form: accounts are configured and nobody is signed in yet."""
    config = _config()
    if config.mode is Mode.OPEN:
        return False
    if config.mode is Mode.OIDC:
        return not st.user.is_logged_in
    return st.session_state[Key.USER] is None
