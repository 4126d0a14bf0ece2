"""Columnar building blocks: values as integer codes, lookups and groups by sorting.

The reader and the status rule work on integer codes of distinct values instead of on text
cells. Grouping sorts the codes once (a stable radix sort for integers), which is cheaper
than hashing them and leaves groups in key order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TEXT = pd.StringDtype(na_value=np.nan)  # the dtype "str" stands for, resolved once (a lookup costs ~15 µs)


@dataclass(frozen=True)
class Codes:
    """A column as integer codes into its distinct values; -1 is a missing value."""

    codes: np.ndarray
    values: list

    @staticmethod
    def of_texts(column: pa.Array | pa.ChunkedArray) -> Codes:
        """Encode first, then strip each distinct text once: ' x' and 'x' end up as one value, '' as missing."""
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        encoded = pc.dictionary_encode(column)
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        values: dict[str, int] = {}
        recode = [values.setdefault(text, len(values)) if text else -1
                  for text in map(str.strip, encoded.dictionary.to_pylist())]
        return Codes(np.array([*recode, -1], dtype=np.intp)[codes], list(values))

    @staticmethod
    def blank(size: int) -> Codes:
        return Codes(np.full(size, -1, dtype=np.intp), [])

    def take(self, rows: np.ndarray | slice) -> Codes:
        return Codes(self.codes[rows], self.values)

    def used(self) -> list:
        """The values that occur, in the order of `values` (counted, not sorted: linear in the codes)."""
        counts = np.bincount(self.codes + 1, minlength=len(self.values) + 1)[1:]  # code -1 lands in bin 0
        return [self.values[code] for code in np.flatnonzero(counts)]

    def positions(self, index: Mapping | Sequence) -> np.ndarray:
        """Each element's value looked up in `index` (a value → position map, or a sequence); -1 when absent.

        One lookup per distinct value, none per element.
        """
        where = index if isinstance(index, Mapping) else dict(zip(index, range(len(index)), strict=True))
        lookup = np.fromiter(map(where.get, self.values, repeat(-1)), dtype=np.intp, count=len(self.values))
        return np.append(lookup, -1)[self.codes]  # code -1 (a missing value) → -1


def categorical(codes: np.ndarray, values: Sequence) -> pd.Categorical:
    """Codes into `values` as a Categorical. Its categories stay plain objects: a str index is built and
    checked about three times slower (~0.1 ms each)."""
    return pd.Categorical.from_codes(codes, categories=pd.Index(np.array(values, dtype=object), dtype=object),
                                     validate=False)  # codes are ours


def sorted_groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The stable sort order of integer keys and where each run of equal keys starts in it."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(keys) else np.zeros(0, dtype=np.intp)
    return order, starts


def merge_equal(values: Sequence, codes: np.ndarray) -> Codes:
    """Codes into `values` recoded so that equal values share one code.

    A None value and code -1 give -1. One dict lookup per entry of `values`, none per code.
    """
    index: dict = {}
    recode = [-1 if value is None else index.setdefault(value, len(index)) for value in values]
    return Codes(np.array([*recode, -1], dtype=np.intp)[codes], list(index))


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
