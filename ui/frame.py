"""The frame every page shares: which register and version is shown, the Stichtag, the global filters.

Everything a user picks here lives in the URL (`bind="query-params"`), so a copied link
reproduces the exact view. Pages read the result with `current_view()`.
"""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from lib.access import User
from lib.deriving import history
from lib.deriving.filters import Filters, apply_filters
from lib.deriving.status import derive, resolve_stichtag
from lib.presenting.columns import HEADERS
from lib.presenting.export import safe_file_name
from lib.presenting.fmt import de_date
from lib.presenting.ods import ODS_MIME
from lib.presenting.text import md_escape
from lib.presenting.views import office_labels, page_count, page_number
from lib.presenting.xlsx import XLSX_MIME
from lib.reading.contract import PRIORITIES, STATUS_LABELS, STUFENPLAN_DEADLINE, Status
from lib.reading.register import LoadResult, Register
from lib.sample import SAMPLE_MARK, SampleSeries
from lib.storing.storage import (
    DEFAULT_REGISTER,
    UNREADABLE,
    RegisterInfo,
    Store,
    StoreError,
    Version,
    default_location,
    is_configured,
    read_only_message,
)
from ui.state import URL_KEYS, Key, reset_filters

STATUS_BY_LABEL = {STATUS_LABELS[s]: s.value for s in Status}


@dataclass(frozen=True)
class Source:
    """A workbook the app can show: a version of the sample series or a stored one (bytes loaded on demand)."""

    label: str
    file_name: str
    sha256: str
    is_sample: bool = False
    version: int | None = None  # number of the version in its history (the city's store or the sample series)
    register: str = DEFAULT_REGISTER  # the store's register it belongs to (where an upload goes for the sample)

    def data(self) -> bytes:
        if self.is_sample:
            return sample_series().original(self.version)
        return _stored_bytes(default_location(), self.register, self.version)


@dataclass(frozen=True)
class View:
    """What the pages draw from: the register, the Stichtag, all measures and the filtered ones."""

    source: Source
    register: Register
    stichtag: dt.date
    derived: pd.DataFrame  # every measure with its derived status
    filtered: pd.DataFrame  # after the sidebar filters
    filters: Filters
    user: User  # as seen in the shown register: its role is the role there
    history: Store | SampleSeries  # the versions `source` is one of: read history from here, never write to it
    register_title: str = ""  # the shown register's display title
    registers: tuple[str, ...] = ()  # the registers this user may choose from
    signed_in: User | None = None  # the user with its roles in every register (None: rebuilt for a download)

    @property
    def register_id(self) -> str:
        return self.source.register


@st.cache_data(show_spinner="Register wird gelesen …", max_entries=16)
def load(sha256: str, _data: bytes, file_name: str) -> LoadResult:
    """Parsed register, cached by content hash (the bytes themselves are not hashed again).

    Parsed through the history's cache: the shown version is the one its history reads first. A copy,
    as st.cache_data hands out on every later call: the history's own stays untouched.
    """
    return pickle.loads(pickle.dumps(history.parsed(_data, file_name, sha256), pickle.HIGHEST_PROTOCOL))


@st.cache_data(show_spinner=False, max_entries=64)
def derived_for(sha256: str, _register: Register, stichtag: dt.date) -> pd.DataFrame:
    return derive(_register, stichtag)


@st.cache_resource(show_spinner=False)
def sample_series() -> SampleSeries:
    """The fictitious sample with its history, built in memory once per server (0,1 s), never stored."""
    return SampleSeries.build()


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store(path)


def version_store(register: str | None = None) -> Store:
    """The shared handle on the version database (MASSNAHMEN_DB, else var/massnahmen.db), scoped to a register."""
    store = _store(default_location())
    return store if register is None else store.at(register)


@st.cache_data(show_spinner=False, max_entries=32)
def _versions(location: str, register: str, newest: int) -> list[Version]:
    """A register's versions, read again only when its newest number moved: another instance or the CLI
    added one. Versions are append-only, so that number names the whole list."""
    return _store(location).at(register).versions()


@st.cache_resource(show_spinner=False, max_entries=64)
def _stored_bytes(path: str, register: str, number: int) -> bytes:
    """A version's original workbook; versions never change, so each is read once per server."""
    return _store(path).at(register).original(number)


def show_version(version: Version) -> None:
    """Show this version from the next run on (the version choice is a widget drawn before the pages)."""
    st.session_state[Key.VERSION_NEXT] = version.label
    st.session_state.pop(Key.STICHTAG, None)  # the new version's Stand becomes the default again


def _make_current(register: str, number: int, user: User) -> None:
    try:
        show_version(version_store(register).restore(number, uploader=user.name))
    except StoreError as exc:  # a callback cannot draw in place: the next run shows it in the sidebar
        st.session_state[Key.STORE_NOTICE] = f"Nicht wiederhergestellt: {exc.message}"


def store_failed(exc: StoreError) -> None:
    """The one way a StoreError reaches the user where a page needed the store: the German sentence in the
    page and in the sidebar, never Streamlit's generic error. The page shows nothing else after it."""
    st.error(f"{UNREADABLE} {md_escape(exc.message)}", icon=":material/database_off:")
    _store_note(exc)


def _store_note(exc: StoreError) -> None:
    st.sidebar.warning(f"Gespeicherte Versionen nicht verfügbar: {md_escape(exc.message)}")


def stored_registers() -> list[RegisterInfo]:
    """The store's registers with their newest numbers, in one query per run (the cheap rerun check); empty
    when a store nobody configured cannot be used (first run: the sample, with a note)."""
    try:
        return version_store().registers()
    except StoreError as exc:
        if is_configured():
            raise
        _store_note(exc)
        return []


def register_choice(user: User, infos: list[RegisterInfo]) -> list[str]:
    """The registers this user may choose from: those holding versions that it may read; while the whole
    store is empty (the sample is shown) those named for the user, else the default register."""
    held = [info.name for info in infos if info.version_count]
    if held:
        return user.readable(held)
    return user.listed if user.only_listed else [DEFAULT_REGISTER]


def sources(register: str = DEFAULT_REGISTER, newest: int = 0) -> tuple[list[Source], Store | SampleSeries]:
    """The versions of `register` to choose from, newest first, and the history they belong to: its stored
    versions, or while the whole store is empty (`newest` 0 there) the sample series (the first real
    upload replaces it everywhere). Raises StoreError when the city's store cannot be read."""
    versions = _versions(default_location(), register, newest) if newest else []
    history: Store | SampleSeries = version_store(register) if versions else sample_series()
    if not versions:
        versions = history.versions()
    listed = [Source(v.label, v.file_name, v.sha256, is_sample=not isinstance(history, Store), version=v.number,
                     register=register) for v in reversed(versions)]
    return listed, history


def _choose_register(options: list[str], titles: dict[str, str]) -> str:
    """The register drawn in the sidebar when there are several; its URL parameter holds the id.

    Kept by hand rather than with bind="query-params": a bound selectbox puts the formatted option (the
    title) into the URL, and links must name the register by its id.
    """
    if len(options) == 1:
        if st.query_params.get(Key.REGISTER) not in (None, options[0]):
            st.query_params.pop(Key.REGISTER)  # a name nobody may choose here; the notice says so
        return options[0]
    asked = st.query_params.get(Key.REGISTER)
    if asked in options and asked != st.session_state[Key.REGISTER_SHOWN]:
        st.session_state[Key.REGISTER] = asked  # a link followed in this session (the page Vergleich's)
    elif st.session_state.get(Key.REGISTER) not in options:
        st.session_state[Key.REGISTER] = options[0]
    chosen = st.sidebar.selectbox("Register", options, format_func=lambda name: titles.get(name, name),
                                  key=Key.REGISTER, help="Welches Register dieser Installation gezeigt wird")
    st.query_params[Key.REGISTER] = chosen
    return chosen


def _set_stichtag(value: dt.date) -> None:
    st.session_state[Key.STICHTAG] = value


def build_view(user: User, page: StreamlitPage | None = None) -> View | None:
    """Draws the sidebar and stores the view for the pages; None when no register can be shown (then the
    page's title and why stand in the page)."""
    shown_before = st.session_state[Key.VIEW]  # a Shown from the last run, or None in the session's first
    st.session_state[Key.VIEW] = None
    if notice := st.session_state.pop(Key.STORE_NOTICE, None):
        st.sidebar.error(md_escape(notice))
    requested = None if st.session_state[Key.URL_CHECKED] else {k: st.query_params.get_all(k) for k in URL_KEYS}
    sidebar = st.sidebar
    sidebar.markdown("### Register")
    try:
        infos = stored_registers()
        options = register_choice(user, infos)
        if not options:
            _not_allowed(page)
            return None
        titles = {info.name: info.title for info in infos}
        register = _choose_register(options, titles)
        newest = {info.name: info.newest_number for info in infos}.get(register, 0)
        available, history = sources(register, newest if any(i.version_count for i in infos) else 0)
    except StoreError as exc:
        _cannot_show(page, exc)
        return None
    signed_in, user = user, user.within(register)
    labels = [s.label for s in available]
    if st.session_state[Key.REGISTER_SHOWN] not in (None, register):
        st.session_state[Key.VERSION_NEXT] = labels[0]  # another register: its current version
        st.session_state.pop(Key.STICHTAG, None)
    elif st.session_state[Key.NEWEST_SEEN] == (register, st.session_state.get(Key.VERSION)) != (register, labels[0]):
        st.session_state[Key.VERSION_NEXT] = labels[0]  # who looked at the current version keeps seeing it
    st.session_state[Key.NEWEST_SEEN] = (register, labels[0])
    st.session_state[Key.REGISTER_SHOWN] = register
    if st.session_state[Key.VERSION_NEXT] in labels:
        st.session_state[Key.VERSION], st.session_state[Key.VERSION_NEXT] = st.session_state[Key.VERSION_NEXT], None
    if len(available) > 1 and not available[0].is_sample:  # the sample's history shows on Änderungen and Maßnahme
        chosen = sidebar.selectbox("Angezeigte Version", labels, key=Key.VERSION, bind="query-params")
    else:
        chosen = labels[0]
        st.query_params.pop(Key.VERSION, None)  # no choice drawn: nothing else could be honoured
    source = available[labels.index(chosen)]
    try:
        data = source.data()
    except StoreError as exc:
        _cannot_show(page, exc)
        return None
    result = load(source.sha256, data, source.file_name)
    if not result.ok:  # stored versions are valid by construction; this guards a broken sample file
        st.error("Das Register kann nicht angezeigt werden: " + "; ".join(md_escape(p.text()) for p in result.errors[:3]))
        return None
    workbook = result.register
    stand = workbook.stand
    sidebar.caption(
        f"Datei: {md_escape(source.file_name)}  \nStand: {de_date(stand) if stand else 'nicht angegeben'}"
        + (f"  \n**{SAMPLE_MARK}**" if source.is_sample else "")
    )
    _version_actions(source, newest=available[0].version, user=user)

    sidebar.markdown("### Stichtag")
    default = resolve_stichtag(None, stand)
    stichtag = sidebar.date_input(
        "Stichtag der Auswertung", value=default, key=Key.STICHTAG, bind="query-params", format="DD.MM.YYYY",
        help="Standard ist der Stand des Registers. Überfällig ist, was bis zum Vortag fällig und nicht vollständig ist.",
    )
    left, right = sidebar.columns(2)
    left.button("31.12.2019", on_click=_set_stichtag, args=(STUFENPLAN_DEADLINE,), use_container_width=True,
                help="Stichtag auf das Ende des Stufenplans setzen")
    right.button("Stand", on_click=_set_stichtag, args=(default,), use_container_width=True,
                 help="Stichtag auf den Stand des Registers setzen")

    derived = derived_for(source.sha256, workbook, stichtag)
    filters = _filter_widgets(workbook, derived)
    filtered = apply_filters(derived, filters, workbook.offices)
    view = View(source, workbook, stichtag, derived, filtered, filters, user, history,
                titles.get(source.register, source.register), tuple(options), signed_in)
    st.session_state[Key.VIEW] = view
    _keep_data_page(view, shown_before)
    if requested is not None:
        _url_notice(requested)
    return view


def _keep_data_page(view: View, shown_before: object) -> None:
    """Keep the page of Daten's table in the URL (`?seite=`) only while it names one of its pages.

    Another register, version, Stichtag or filter than the last run's starts again at page 1; a page the
    table does not have is dropped, and the URL notice names it when the link brought it.
    """
    asked = st.query_params.get(Key.DATA_PAGE)
    if asked is None:
        return
    changed = isinstance(shown_before, Shown) and shown_before != Shown(view.source, view.stichtag, view.filters)
    if changed or page_number(asked, page_count(len(view.filtered))) is None:
        st.query_params.pop(Key.DATA_PAGE)


def _url_notice(requested: dict[str, list[str]]) -> None:
    """Say which values of the URL the session started with were not taken, once.

    The bound widgets drop from the URL what is not among their options (`?prio=9`, a Stichtag that is no
    date), `_keep_data_page` a page the table does not have (`?seite=99`); a value gone from st.query_params
    after them is one the app could not honour.
    """
    st.session_state[Key.URL_CHECKED] = True
    dropped = [(key, value) for key, values in requested.items()
               for value in values if value not in st.query_params.get_all(key)]
    if dropped:
        st.warning("Aus dem Link nicht übernommen, weil es das im angezeigten Register nicht gibt: "
                   + "; ".join(f"{URL_KEYS[key]} „{md_escape(value)}“" for key, value in dropped)
                   + ". Die Auswahl in der Seitenleiste zeigt, was jetzt gilt."
                   + (" Die Tabelle beginnt bei Seite 1." if any(key == Key.DATA_PAGE for key, _ in dropped) else ""),
                   icon=":material/link_off:")


def _not_allowed(page: StreamlitPage | None) -> None:
    if page is not None:
        st.title(page.title)
    st.warning("Für Ihr Konto ist keines der gespeicherten Register freigegeben. Bitte bei der Betreuung des "
               "Cockpits nachfragen (Einstellung in .streamlit/secrets.toml, siehe docs/zugang.md).",
               icon=":material/lock:")


def _cannot_show(page: StreamlitPage | None, exc: StoreError) -> None:
    if page is not None:  # read only here: outside a running server (bare mode) a page has no title
        st.title(page.title)
    store_failed(exc)


def _version_actions(source: Source, newest: int | None, user: User) -> None:
    sidebar = st.sidebar
    if source.version != newest:
        sidebar.info(f"Ältere Version – aktuell ist Version {newest}.")
    if source.is_sample:  # never written, so nothing to make current; the sample file is in data/ already
        return
    restorable = source.version != newest and user.can_edit
    if restorable and version_store().read_only:
        sidebar.caption(f"Wieder aktuell machen ist nicht möglich. {md_escape(read_only_message(version_store().location))}")
    elif restorable:
        sidebar.button("Diese Version wieder aktuell machen", on_click=_make_current,
                       args=(source.register, source.version, user),
                       use_container_width=True, key="make_current",
                       help="Speichert sie als neue Version; die Historie bleibt vollständig.")
    sidebar.download_button("Originaldatei herunterladen", source.data, safe_file_name(source.file_name),
                            on_click="ignore",
                            mime=ODS_MIME if source.file_name.lower().endswith(".ods") else XLSX_MIME,
                            key="download_original", icon=":material/download:", use_container_width=True)


def _filter_widgets(register: Register, derived: pd.DataFrame) -> Filters:
    sidebar = st.sidebar
    sidebar.markdown("### Filter")
    # select_all=False: nothing chosen already means "alle", and Streamlit's option would read "Select all"
    priorities = sidebar.multiselect(
        "Priorität", [str(p) for p in PRIORITIES], key=Key.PRIORITIES, bind="query-params", placeholder="alle",
        select_all=False,
        help="0 = Basismaßnahmen; 0–2 waren bis 31.12.2019 umzusetzen.")
    statuses = sidebar.multiselect("Status", list(STATUS_BY_LABEL), key=Key.STATUSES, bind="query-params",
                                   placeholder="alle", select_all=False)
    departments = sorted({d for d in register.offices["department"] if d})
    chosen_departments = sidebar.multiselect("Dezernat", departments, key=Key.DEPARTMENTS, bind="query-params",
                                             placeholder="alle", select_all=False) if departments else []
    labels = office_labels(register)
    # The values are office ids; people and the URL see the labels (format_func), so `?amt=33 Bürgeramt` stays.
    chosen_offices = sidebar.multiselect("Amt", list(labels), format_func=labels.__getitem__, key=Key.OFFICES,
                                         bind="query-params", placeholder="alle", select_all=False,
                                         help="Federführung oder Rollout in diesem Amt")
    fields = sorted({f for f in derived["field"].dropna() if f})
    chosen_fields = sidebar.multiselect("Handlungsfeld", fields, key=Key.FIELDS, bind="query-params",
                                        placeholder="alle", select_all=False) if fields else []
    overdue = sidebar.checkbox("nur überfällige Maßnahmen", key=Key.OVERDUE_ONLY, bind="query-params")
    filters = Filters(
        priorities=tuple(int(p) for p in priorities),
        departments=tuple(chosen_departments),
        offices=tuple(o for o in chosen_offices if o in labels),
        fields=tuple(chosen_fields),
        statuses=tuple(STATUS_BY_LABEL[s] for s in statuses),
        overdue_only=overdue,
    )
    if filters.active():
        sidebar.button("Filter zurücksetzen", on_click=reset_filters, use_container_width=True)
    return filters


@dataclass(frozen=True)
class Shown:
    """What the last run showed, kept between runs: a View without the register and its tables."""

    source: Source
    stichtag: dt.date
    filters: Filters


def release_view() -> None:
    """At the end of a run, keep only what the View showed, not the View.

    It holds the session's own copies of the register and its tables (st.cache_data hands out
    copies): left in session state they stayed with every idle session, 16–21 MB each on 6.000
    measures, until Streamlit expired the session two minutes after its tab closed.
    """
    view = st.session_state.get(Key.VIEW)
    if isinstance(view, View):
        st.session_state[Key.VIEW] = Shown(view.source, view.stichtag, view.filters)


def current_view() -> View:
    """The view the entry file built for this run.

    On a fresh server Streamlit runs a deep link such as /fristen in its legacy pages-folder mode,
    i.e. the page file without the entry file, until `st.navigation` has been called once. Then
    there is no view yet: leave legacy mode and rerun through the entry file.
    """
    if not isinstance(st.session_state.get(Key.VIEW), View):  # None, or Shown from the last run
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state[Key.VIEW]


def office_choice(shares: pd.DataFrame) -> None:
    """A choice of one office that narrows every view to it, as the sidebar's filter »Amt« does: the offices of
    the chart »Anteil umgesetzt je Amt« in its order. It carries the office id; the label is for people only."""
    labels = dict(zip(shares["office"], shares[HEADERS["office_label"]], strict=True))

    def narrow() -> None:
        if (office := st.session_state[Key.OFFICE_CHOICE]) is not None:
            st.session_state[Key.OFFICES] = [office]
            st.session_state[Key.OFFICE_CHOICE] = None  # the sidebar shows the office from now on

    st.selectbox("Alle Ansichten auf ein Amt eingrenzen", list(labels), format_func=labels.__getitem__, index=None,
                 placeholder="Amt wählen", key=Key.OFFICE_CHOICE, on_change=narrow)
