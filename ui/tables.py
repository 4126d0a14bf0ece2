"""Tables as Streamlit draws them: each column's German number or date format from its header (lib.presenting.columns),
and each `Nr` a link to the page of its measure.

The values stay numbers and dates, so sorting and the CSV of the grid's toolbar stay right. Streamlit formats
"localized", "euro" and "percent" with the browser's language (`navigator.languages`): a German browser shows
1.234, 2.580.000 € and 40 %; the browser tests run Chromium with the locale de-DE.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from lib.presenting.columns import HEADERS, Kind, kind_of
from lib.presenting.measure import NR_PARAM, measure_path
from ui.state import Key

_CONFIG = {
    Kind.COUNT: st.column_config.NumberColumn(format="localized", step=1),
    Kind.NUMBER: st.column_config.NumberColumn(format="localized"),
    Kind.EURO: st.column_config.NumberColumn(format="euro", step=1),
    Kind.SHARE: st.column_config.NumberColumn(format="percent", step=0.01),
    Kind.DAY: st.column_config.DateColumn(format="DD.MM.YYYY"),
    Kind.MONTH: st.column_config.DateColumn(format="MM.YYYY"),
}
_DATES = {Kind.DAY, Kind.MONTH}


def column_config(frame: pd.DataFrame) -> dict[str, object]:
    """The column_config for `frame`: a format for every column whose header declares one and whose values fit it
    (a priority held as a category, say, stays as it is)."""
    config: dict[str, object] = {}
    for header in frame.columns:
        kind = kind_of(str(header))
        if kind is None:
            continue
        values = frame[header]
        if kind in _DATES or (is_numeric_dtype(values) and not is_bool_dtype(values)):
            config[header] = _CONFIG[kind]
    return config


NR = HEADERS["id"]


def _whole_percents(frame: pd.DataFrame) -> pd.DataFrame:
    """Shares rounded to the whole percent shown: Streamlit cuts a number to its step's decimals, so 0.266 would
    read 26 % beside a sentence saying 27 %."""
    shares = {header: frame[header].round(2) for header in frame.columns
              if kind_of(str(header)) is Kind.SHARE and is_numeric_dtype(frame[header])}
    return frame.assign(**shares) if shares else frame


def measure_links(frame: pd.DataFrame, config: dict[str, object]) -> tuple[pd.DataFrame, dict[str, object]]:
    """A table that lists measures, with each `Nr` a link to the page of its measure (keeping the register,
    Stichtag and filters of the URL, not the page of a long table); the frame given is not changed, downloads keep the plain Nr."""
    if NR not in frame.columns or frame.empty:
        return frame, config
    params = {k: st.query_params.get_all(k) for k in st.query_params if k not in (NR_PARAM, Key.DATA_PAGE)}
    linked = frame.assign(**{NR: [measure_path(str(nr), params) for nr in frame[NR]]})
    link = st.column_config.LinkColumn(NR, display_text=rf"{NR_PARAM}=([^&]*)$", alignment="left",
                                       help="Nr anklicken: die Seite der Maßnahme mit ihrem Verlauf")
    return linked, {**config, NR: link}


def table(frame: pd.DataFrame, alt: str | None = None, key: str | None = None,
          links: Mapping[str, str] | None = None) -> None:
    """A table in German formats; `alt` names it for screen readers where its heading does not say enough.

    `links`: columns holding addresses, each shown as the part its pattern captures (a register's name).
    """
    shown, config = measure_links(_whole_percents(frame), column_config(frame))
    for header, pattern in (links or {}).items():
        config[header] = st.column_config.LinkColumn(header, display_text=pattern, alignment="left")
    # placeholder: a missing value stays an empty cell, as in Excel (Streamlit would draw "None")
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, alt=alt, key=key, placeholder="")
