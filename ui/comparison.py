"""The page Vergleich's data: which registers the user may compare, and their comparison, cached by what names it.

Besides the frame's, one more look at the store per run (`Store.registers`: names, titles, newest numbers; one
query, 3 ms on 400 registers × 10 versions); the current versions and the
comparison are read again only when a register got a new version or the Stichtag changed. Below that,
`lib.deriving.history.status_counts` keeps each register's counts by (sha256, Stichtag) for the whole
process, so a new version of one register out of 400 reads that one register only.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from lib.access import User
from lib.presenting.comparison import RegisterComparison, registers_compared
from lib.presenting.comparison_chart import register_share_bars
from lib.presenting.drawing import SCREEN
from lib.storing.storage import StoreError, Version, default_location
from ui.frame import View, register_choice, version_store
from ui.state import Key

_Names = tuple[tuple[str, str, int], ...]  # (name, title, newest number) of each register compared


def comparable(user: User) -> bool:
    """Whether the page Vergleich has something to compare: more than one register holding versions that this
    user may read (`ui.frame.register_choice`, the registers the sidebar offers).

    A store that cannot be read compares nothing; the frame says why.
    """
    try:
        infos = version_store().registers()
    except StoreError:
        return False
    return any(info.version_count for info in infos) and len(register_choice(user, infos)) > 1


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
    """The registers the sidebar offers this user (`view.registers`) compared at the chosen Stichtag, or each
    at its own Stand. Raises StoreError when the store cannot be read.
    """
    names = tuple((info.name, info.title, info.newest_number) for info in version_store().registers()
                  if info.name in view.registers and info.version_count)
    return _compared(default_location(), names, chosen_stichtag())


@st.cache_data(show_spinner=False, max_entries=16)
def _picture(location: str, registers: tuple[tuple[str, str, int], ...], stichtag: dt.date | None,
             _page: RegisterComparison) -> str:
    return register_share_bars(_page.priorities, SCREEN).decode()


def comparison_picture_of(page: RegisterComparison) -> str:
    """The chart of `comparison_of(view)` as SVG, drawn on the server (lib.presenting.comparison_chart).

    Cached by what determines the comparison: each register's name, title and current version number, and the
    common Stichtag (None: each register at its own). Drawn once per comparison: 400 registers take 1,0–1,3 s.
    """
    registers = page.registers
    key = tuple(zip(registers["register"], registers["register_title"], registers["version"].tolist(), strict=True))
    return _picture(default_location(), key, page.common_stichtag, page)
