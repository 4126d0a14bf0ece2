"""German formatting of dates and numbers for everything a user reads (31.12.2019, 1.234,5)."""

from __future__ import annotations

import datetime as dt

import pandas as pd


def de_date(value) -> str:
    if value is None or (not isinstance(value, (dt.date, dt.datetime)) and pd.isna(value)):
        return ""
    return value.strftime("%d.%m.%Y")


def de_number(value, decimals: int = 0) -> str:
    if value is None or pd.isna(value):
        return ""
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def de_count(n: int, singular: str, plural: str) -> str:
    return f"{de_number(n)} {singular if n == 1 else plural}"
