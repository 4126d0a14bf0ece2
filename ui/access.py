"""Login and role in the running app: open mode, local accounts or OIDC (`st.login`), the login audit log,
and logins that outlive a reload (lib/sessions.py: a ticket after the password, then the cookie)."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.access import (
    NO_WAIT,
    AccessConfig,
    AccessConfigError,
    LoginAttempt,
    LoginKind,
    Mode,
    Role,
    User,
    log_in,
    oidc_user,
    parse_config,
    wait_message,
)
from lib.presenting.logins import login_table, retention_sentence
from lib.presenting.text import md_escape
from lib.secrets_check import unreadable_secrets
from lib.sessions import COOKIE_NAME, SIGN_OUT_PATH, Refusal, check, login_holds, read, sign_in_url
from lib.storing.audit import LoginLog, MemoryLoginLog
from lib.storing.storage import StoreError, default_location
from lib.storing.tickets import Tickets, signing_key
from ui.frame import version_store
from ui.state import Key
from ui.tables import table
from ui.upload_gate import allow_uploads

LOG = logging.getLogger(__name__)


def _read_config() -> AccessConfig | str:
    """The [access] settings, or the German sentence why they cannot be used. An unreadable secrets file is
    such a reason, never open mode: Streamlit would take it for a missing one."""
    problem = unreadable_secrets(st.get_option("secrets.files"))
    if problem is not None:
        return problem
    try:
        access = st.secrets.get("access") if st.secrets.load_if_toml_exists() else None
        return parse_config(access)
    except AccessConfigError as exc:
        return f"Die Zugangskonfiguration in .streamlit/secrets.toml ist fehlerhaft: {exc}"


def config_error() -> str | None:
    """Why the app must show nothing but an error (the entry file checks this before anything else)."""
    config = _read_config()
    return config if isinstance(config, str) else None


def stop_with_config_error(problem: str) -> None:
    st.title("Maßnahmen-Cockpit")
    st.error(problem)
    st.stop()


def _config() -> AccessConfig:
    config = _read_config()
    if isinstance(config, str):
        stop_with_config_error(config)
    return config


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _navigate(url: str) -> None:
    """Send the browser to an address of this server, a full page load (the way st.login leaves the app).

    Streamlit has no public call for it; this is the message st.login and st.logout send.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    message = ForwardMsg()
    message.auth_redirect.url = url
    ctx.enqueue(message)


def _forget() -> None:
    st.session_state[Key.USER] = None
    st.session_state[Key.SIGNED_IN_AT] = None
    allow_uploads(False)  # the runs after this one stop at the login form, before the entry file records it


def _log_out() -> None:
    """„Abmelden“: recorded in the store, so every login of this user before now ends, in every browser and on
    every instance; then this browser's cookie is cleared by the route, which leads to the start page."""
    user = st.session_state[Key.USER]
    if user is not None:
        login_log().record(LoginAttempt(_now(), user.name, _client(), True, LoginKind.LOGOUT))
    _forget()
    _navigate(SIGN_OUT_PATH)


def _log_out_oidc() -> None:
    """For the audit log only: Streamlit's own cookie ends with st.logout (in this browser)."""
    if st.user.is_logged_in:
        name = str(st.user.get("name") or st.user.get("email") or "")
        login_log().record(LoginAttempt(_now(), name, _client(), True, LoginKind.LOGOUT))
    st.logout()


def _logged_out_since(user: User, since: dt.datetime | None) -> bool:
    log = login_log()
    try:
        last = log.last_logout(user.name)
    except StoreError:
        last = log.memory.last_logout(user.name)  # the store cannot say: this session stays as it is
    return last is not None and since is not None and last >= since


def _from_cookie(config: AccessConfig) -> User | None:
    """The user the login cookie signs in, read once per session (its cookies are those of the first request)."""
    if st.session_state[Key.COOKIE_CHECKED]:
        return None
    st.session_state[Key.COOKIE_CHECKED] = True
    value = st.context.cookies.get(COOKIE_NAME)
    if not isinstance(value, str) or not value:  # AppTest has no request, hence no cookies either
        return None
    now = _now()
    try:
        claims = read(signing_key(config, version_store()), value)
        if isinstance(claims, Refusal):
            LOG.info("login cookie refused: %s", claims)
            return None
        verdict = check(config, claims, now, login_log().last_logout(claims.user_name))
    except StoreError as exc:  # without the store no logout can be checked: no cookie login
        LOG.warning("Anmelde-Cookie nicht geprüft: %s", exc.message)
        return None
    if verdict.user is None:
        LOG.info("login cookie of %s refused: %s", claims.user_name, verdict.refusal)
        return None
    login_log().record(LoginAttempt(now, verdict.user.name, _client(), True, LoginKind.COOKIE))
    st.session_state[Key.USER] = verdict.user
    st.session_state[Key.SIGNED_IN_AT] = verdict.issued_at
    return verdict.user


def _local_user(config: AccessConfig) -> User | None:
    """The session's user: signed in here or by the cookie, less than 8 hours ago, and not logged out since
    (anywhere)."""
    user = st.session_state[Key.USER]
    signed_in_at = st.session_state[Key.SIGNED_IN_AT]
    if user is not None and (not login_holds(signed_in_at, _now()) or _logged_out_since(user, signed_in_at)):
        _forget()
        return None
    return user or _from_cookie(config)


def _requested_path() -> str:
    """The page and query this session shows, where the browser returns after the cookie is set."""
    path = urlsplit(st.context.url or "/").path or "/"
    query = urlencode([(name, value) for name in st.query_params for value in st.query_params.get_all(name)])
    return f"{path}?{query}" if query else path


def _keep_login(user: User) -> bool:
    """Send the browser with a ticket to the cookie route; False when the login lasts as long as the page:
    without a usable store, and for a browser that keeps no cookies (it came without Streamlit's own XSRF
    cookie), which would otherwise be sent to the login form again and again."""
    if not len(st.context.cookies):
        return False
    try:
        ticket = Tickets(version_store()).issue(user.name, user.role, _now())
    except StoreError as exc:
        LOG.warning("Anmeldung gilt nur für diese Seite: %s", exc.message)
        return False
    _navigate(sign_in_url(ticket, _requested_path()))
    return True


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
        if not st.session_state[Key.COOKIE_CHECKED]:  # once per session, as for a local cookie login
            st.session_state[Key.COOKIE_CHECKED] = True
            login_log().record(LoginAttempt(_now(), user.name, _client(), True, LoginKind.OIDC))
        logout = _log_out_oidc
    else:
        user = _local_user(config)
        if user is None:
            _login_form(config)
            st.stop()
        if st.session_state[Key.KEEP_LOGIN]:
            st.session_state[Key.KEEP_LOGIN] = False
            if _keep_login(user):  # the browser leaves for the cookie route and comes back to this page
                st.title("Maßnahmen-Cockpit")
                st.caption("Angemeldet. Die Seite wird neu geladen …")
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
    """The log the throttle counts from: the version store's (see lib/storing/audit.py for why), keeping
    entries `access.audit_days` days."""
    return LoginLog(version_store, _memory_log(default_location()), _config().audit_days)


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
                st.session_state[Key.SIGNED_IN_AT] = _now()
                st.session_state[Key.KEEP_LOGIN] = True
                st.rerun()


def login_history(user: User) -> None:
    """The latest logins and logouts, for editors only (readers do not see who tried what)."""
    if not user.can_edit or _config().mode is Mode.OPEN:
        return
    attempts = login_log().newest()
    with st.expander(f"Anmeldungen – die letzten {len(attempts)} Einträge"):
        st.caption(retention_sentence(_config().audit_days))
        table(login_table(attempts), alt="Anmeldungen und Abmeldungen, neueste zuerst", key="login_history")


def needs_login() -> bool:
    """Whether `current_user()` would draw the login form: accounts are configured and nobody is signed in yet."""
    config = _config()
    if config.mode is Mode.OPEN:
        return False
    if config.mode is Mode.OIDC:
        return not st.user.is_logged_in
    return _local_user(config) is None
