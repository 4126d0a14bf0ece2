"""Columnar building blocks: values as integer codes, lookups and groups by sorting.

The reader and the status rule work on integer codes of distinct values instead of on text
cells. Grouping sorts the codes once (a stable radix sort for integers), which is cheaper
than hashing them and leaves groups in key order.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

import numpy as np
import pandas as pd

TEXT = pd.StringDtype(na_value=np.nan)  # the dtype "str" stands for, resolved once (a lookup costs ~15 µs)


def codes_of(column: pd.Series) -> tuple[np.ndarray, list]:
    """Per cell, the index of its value among the distinct values (-1 when missing)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), column.cat.categories.tolist()
    codes, distinct = pd.factorize(column)
    return codes, list(distinct)


def distinct(column: pd.Series) -> list:
    """The column's distinct values without missing ones (a categorical's in category order)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, categories = codes_of(column)
        used = np.bincount(codes[codes >= 0], minlength=len(categories)) > 0
        return [value for value, is_used in zip(categories, used, strict=True) if is_used]
    return [value for value in set(column.tolist()) if not pd.isna(value)]


def positions(column: pd.Series, values: list) -> np.ndarray:
    """Position of each cell's value in `values` (-1 when absent), looked up once per distinct value."""
    codes, seen = codes_of(column)
    where = dict(zip(values, range(len(values)), strict=True))
    lookup = np.fromiter(map(where.get, seen, repeat(-1)), dtype=np.intp, count=len(seen))
    return np.append(lookup, -1)[codes]  # code -1 (a missing value) → -1


def sorted_groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The stable sort order of integer keys and where each run of equal keys starts in it."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(keys) else np.zeros(0, dtype=np.intp)
    return order, starts


def merge_equal(values: Sequence, codes: np.ndarray) -> tuple[np.ndarray, list]:
    """Codes into `values` recoded so that equal values share one code, with the distinct values.

    A None value and code -1 give -1. One dict lookup per entry of `values`, none per code.
    """
    index: dict = {}
    recode = [-1 if value is None else index.setdefault(value, len(index)) for value in values]
    return np.array([*recode, -1], dtype=np.intp)[codes], list(index)


def first_rows(keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each element, the first row holding the same integer key (its own row when it is the first).

    Rows must ascend among elements of equal key, as they do in sheet order.
    """
    order, starts = sorted_groups(keys)
    is_start = np.zeros(len(keys), dtype=bool)
    is_start[starts] = True
    result = np.empty_like(rows)
    result[order] = rows[order][starts][np.cumsum(is_start) - 1]
    return result


def lists(positions: np.ndarray, values: list, n: int) -> list[list]:
    """Values grouped by position 0…n-1 (positions ascending) as one new list per position."""
    bounds = np.searchsorted(positions, np.arange(n + 1)).tolist()
    return list(map(values.__getitem__, map(slice, bounds[:-1], bounds[1:])))
