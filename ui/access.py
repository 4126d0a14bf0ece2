"""Login and role in the running app: open mode, local accounts or OIDC (`st.login`), the login audit log."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from lib.access import (
    NO_WAIT,
    AccessConfig,
    AccessConfigError,
    Mode,
    Role,
    User,
    log_in,
    oidc_user,
    parse_config,
    wait_message,
)
from lib.presenting.logins import login_table
from lib.presenting.text import md_escape
from lib.storing.audit import LoginLog, MemoryLoginLog
from lib.storing.storage import default_location
from ui.frame import version_store
from ui.state import Key
from ui.tables import table
from ui.upload_gate import allow_uploads


def _config() -> AccessConfig:
    try:
        access = st.secrets.get("access") if st.secrets.load_if_toml_exists() else None
        return parse_config(access)
    except AccessConfigError as exc:
        st.error(f"Die Zugangskonfiguration in .streamlit/secrets.toml ist fehlerhaft: {exc}")
        st.stop()


def _log_out() -> None:
    st.session_state[Key.USER] = None
    allow_uploads(False)  # the runs after this one stop at the login form, before the entry file records it


def current_user() -> User:
    """The signed-in user; draws the login and stops the run while nobody is signed in.

    The entry file registers every page, hidden, before this runs (see `needs_login`): the sidebar then
    shows no raw page list, and a deep link such as /daten?prio=1 keeps its page and parameters through
    the login (an unknown path would fall back to / ).
    """
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
    st.sidebar.caption(f"Angemeldet als {md_escape(user.name)} ({md_escape(_roles(user))})")
    st.sidebar.button("Abmelden", on_click=logout, key="logout")
    return user


def _roles(user: User) -> str:
    """„Bearbeiten“, or per register: „mainz: Bearbeiten, trier: Lesen“ (OIDC: „Lesen; trier: Bearbeiten“)."""
    listed = ", ".join(f"{name}: {role.value}" for name, role in user.registers)
    if not listed:
        return user.role.value
    return listed if user.only_listed else f"{user.role.value}; {listed}"


@st.cache_resource(show_spinner=False)
def _memory_log(location: str) -> MemoryLoginLog:
    """Attempts made while the store at `location` could not be used, shared by every session of this process."""
    return MemoryLoginLog()


def login_log() -> LoginLog:
    """The log the throttle counts from: the version store's (see lib/storing/audit.py for why)."""
    return LoginLog(version_store, _memory_log(default_location()))


def _client() -> str:
    """The browser's address; "" when there is none (local use). Behind a reverse proxy it is the proxy's
    address for everyone, so only the per-name count then tells people apart."""
    address = st.context.ip_address
    return address if isinstance(address, str) else ""


def _login_form(config: AccessConfig) -> None:
    st.title("Maßnahmen-Cockpit")
    with st.form("login"):
        name = st.text_input("Benutzername", key="login_name")
        password = st.text_input("Passwort", type="password", key="login_password")
        if st.form_submit_button("Anmelden", type="primary"):
            result = log_in(config, login_log(), name, password, _client(), dt.datetime.now(dt.UTC))
            if result.wait > NO_WAIT:
                st.error(wait_message(result.wait))
            elif result.user is None:
                st.error("Benutzername oder Passwort ist falsch.")
            else:
                st.session_state[Key.USER] = result.user
                st.rerun()


def login_history(user: User) -> None:
    """The latest logins with local accounts, for editors only (readers do not see who tried what)."""
    if not user.can_edit or _config().mode is not Mode.LOCAL:
        return
    attempts = login_log().newest()
    with st.expander(f"Anmeldungen – die letzten {len(attempts)} Versuche"):
        table(login_table(attempts), alt="Anmeldeversuche, neueste zuerst", key="login_history")


def needs_login() -> bool:
    """Whether `current_user()` would draw the login form: accounts are configured and nobody is signed in yet."""
    config = _config()
    if config.mode is Mode.OPEN:
        return False
    if config.mode is Mode.OIDC:
        return not st.user.is_logged_in
    return st.session_state[Key.USER] is None
