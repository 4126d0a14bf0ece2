"""The page Vergleich's data: which registers the user may compare, and their comparison, cached by what names it.

One look at the store per run (`Store.registers`: names, titles, newest numbers); the current versions and the
comparison are read again only when a register got a new version or the Stichtag changed. Below that,
`lib.deriving.history.status_counts` keeps each register's counts by (sha256, Stichtag) for the whole
process, so a new version of one register out of 400 reads that one register only.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from lib.access import User
from lib.presenting.comparison import RegisterComparison, registers_compared
from lib.storing.storage import RegisterInfo, StoreError, Version, default_location
from ui.frame import View, version_store
from ui.state import Key

_Names = tuple[tuple[str, str, int], ...]  # (name, title, newest number) of each register compared


def readable_registers(user: User) -> list[RegisterInfo]:
    """The registers with at least one version that this user may read, by name.

    Until roles are given per register (lib.access), every user who may read may read every register.
    """
    return [info for info in version_store().registers() if info.newest_number > 0]


def comparable(user: User) -> bool:
    """Whether the page Vergleich has something to compare: more than one register this user may read.

    A store that cannot be read compares nothing; the frame says why.
    """
    try:
        return len(readable_registers(user)) > 1
    except StoreError:
        return False


@st.cache_data(show_spinner=False, max_entries=8)
def _latest(location: str, names: _Names) -> dict[str, Version]:
    """Each register's current version; `names` holds the newest numbers, so a new version anywhere reads again."""
    return version_store().latest_versions()


@st.cache_data(show_spinner="Register werden verglichen …", max_entries=16)
def _compared(location: str, names: _Names, stichtag: dt.date | None) -> RegisterComparison:
    return registers_compared(version_store(), [(name, title) for name, title, _ in names],
                              _latest(location, names), stichtag)


def chosen_stichtag() -> dt.date | None:
    """The sidebar's Stichtag when the user set one (it is in the URL then), else None: each register's own."""
    return st.session_state[Key.STICHTAG] if Key.STICHTAG in st.query_params else None


def comparison_of(view: View) -> RegisterComparison:
    """The registers this user may read compared at the chosen Stichtag, or each at its own Stand.

    Raises StoreError when the store cannot be read.
    """
    names = tuple((info.name, info.title, info.newest_number) for info in readable_registers(view.user))
    return _compared(default_location(), names, chosen_stichtag())
