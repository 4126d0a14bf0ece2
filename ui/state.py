"""Every key the app reads or writes in `st.session_state`, with its initial value, in one place.

`init_session_state()` runs first in each run of the entry file. Widget keys bound to the URL
(`bind="query-params"`) are the query parameter names as well; a value in the URL wins over the
initial value set here.
"""

from __future__ import annotations

import streamlit as st


class Key:
    """Names of the session state keys."""

    # sidebar widgets, all bound to the URL
    REGISTER = "register"  # id of the shown register (selectbox, drawn when there are several; its URL parameter
    #                        is kept by ui.frame itself, so that it holds the id while the widget shows the title)
    VERSION = "version"  # label of the shown version (selectbox; its default: the newest version)
    STICHTAG = "stichtag"  # date_input; its default is the shown register's Stand, so it starts unset
    PRIORITIES = "prio"  # filter values: priorities as text ("0" … "5")
    STATUSES = "status"  # German status labels
    DEPARTMENTS = "dezernat"
    OFFICES = "amt"  # office ids; the widget shows their labels
    FIELDS = "feld"
    OVERDUE_ONLY = "ueberfaellig"
    # set by code
    VERSION_NEXT = "version_next"  # label of a version to show from the next run on (upload, restore)
    NEWEST_SEEN = "newest_seen"  # (register, label) of its newest version at the last run: who showed it follows a newer one
    REGISTER_SHOWN = "register_shown"  # id of the register the last run showed: a change shows the new one's newest
    VIEW = "view"  # the View the entry file built for this run (ui.frame.View); between runs ui.frame.Shown
    USER = "user"  # the signed-in user in local-accounts mode (lib.access.User)
    SIGNED_IN_AT = "signed_in_at"  # when USER's login was made (UTC); it holds 8 hours, a logout of theirs ends it
    KEEP_LOGIN = "keep_login"  # a password login just succeeded: hand the browser a ticket for the cookie
    COOKIE_CHECKED = "cookie_checked"  # the login cookie (or an OIDC login) was looked at in this session
    UPLOAD_NOTICE = "upload_notice"  # what the last upload stored, shown once on the page Hochladen
    STORE_NOTICE = "store_notice"  # why the last restore failed (set in a callback), shown once in the sidebar
    MEETING_DAYS = "tage"  # page Sitzung: "due soon" means within this many days (number_input, bound to the URL)
    # URL parameters of page Sitzung set by its buttons, not by widgets (they must exist before the page draws)
    MEETING_MODE = "modus"  # "praesentation": one agenda item per screen
    MEETING_ITEM = "punkt"  # the agenda item shown in the presentation, 1-based
    # URL parameter of page Daten set by its buttons and number field, not bound to a widget: ui.frame keeps it
    # only while it names a page of the shown table (a changed register, Stichtag or filter starts at page 1)
    DATA_PAGE = "seite"  # the page of a long table shown, 1-based
    DATA_PAGE_CHOICE = "data_page_choice"  # the number field of page Daten that goes to a page
    MEASURE = "measure_choice"  # the measure chosen on the page Maßnahme (its URL parameter `nr` is set from it)
    URL_CHECKED = "url_checked"  # the URL this session started with was compared with what the widgets took
    OFFICE_CHOICE = "office_choice"  # page Ämter: one office to narrow every view to (sets OFFICES, then is reset)


# The URL parameters the frame checks, with their German names, for the notice about values the app cannot honour.
URL_KEYS: dict[str, str] = {
    Key.REGISTER: "Register", Key.VERSION: "Version", Key.STICHTAG: "Stichtag", Key.PRIORITIES: "Priorität", Key.STATUSES: "Status",
    Key.DEPARTMENTS: "Dezernat", Key.OFFICES: "Amt", Key.FIELDS: "Handlungsfeld",
    Key.OVERDUE_ONLY: "nur überfällige Maßnahmen", Key.DATA_PAGE: "Seite",
}

FILTER_DEFAULTS: dict[str, object] = {
    Key.PRIORITIES: [],
    Key.STATUSES: [],
    Key.DEPARTMENTS: [],
    Key.OFFICES: [],
    Key.FIELDS: [],
    Key.OVERDUE_ONLY: False,
}
_INITIAL: dict[str, object] = {
    **FILTER_DEFAULTS,
    Key.VERSION_NEXT: None,
    Key.NEWEST_SEEN: None,
    Key.REGISTER_SHOWN: None,
    Key.VIEW: None,
    Key.USER: None,
    Key.SIGNED_IN_AT: None,
    Key.KEEP_LOGIN: False,
    Key.COOKIE_CHECKED: False,
    Key.UPLOAD_NOTICE: None,
    Key.STORE_NOTICE: None,
    Key.URL_CHECKED: False,
}


def init_session_state() -> None:
    """Give every key that has no value yet its initial value (copies: the lists must not be shared)."""
    for key, value in _INITIAL.items():
        if key not in st.session_state:
            st.session_state[key] = list(value) if isinstance(value, list) else value


def reset_filters() -> None:
    for key, value in FILTER_DEFAULTS.items():
        st.session_state[key] = list(value) if isinstance(value, list) else value
