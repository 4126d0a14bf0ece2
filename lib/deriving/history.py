"""Status tables of stored versions, derived from their original bytes on read and cached by content.

The store keeps bytes and metadata only. Here a version becomes a status table the way every page
makes one (`read_register`, then `derive`), at the version's Stichtag (its Stand, else its upload
day), so a corrected status rule applies to the whole history at once. One table per
(sha256, Stichtag) is kept in memory; callers always get a copy of their own. The last few parsed
registers are kept by sha256 as well (`parsed`), so the version a page shows is read once for the
page and its history alike.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

import numpy as np
import pandas as pd

from lib.deriving import status as rule
from lib.deriving.status import derive, derive_columns, table_of
from lib.reading.contract import PRIORITIES, Status
from lib.reading.register import LoadResult, read_register
from lib.storing.storage import Store, StoreError, Version

CACHE_SIZE = 256  # tables; one of 1.000 measures takes about 1 MB
REGISTER_CACHE_SIZE = 4  # parsed registers: the shown version and the ones it is compared with


@dataclass(frozen=True)
class _Derived:
    """One version's derived columns, its table (never handed out) and what progress counts from them."""

    columns: Mapping[str, object]  # `derive_columns`
    complete: tuple[int, ...]  # per priority 0–5
    total: tuple[int, ...]

    @cached_property
    def table(self) -> pd.DataFrame:
        """Built on first use: progress over all versions counts without a table of each."""
        return table_of(self.columns)


_Key = tuple[str, dt.date]  # (sha256, Stichtag)


K = TypeVar("K")
V = TypeVar("V")


class _Cache(Generic[K, V]):
    """Least recently used entries by key; safe for the threads of one server process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
            return self._entries.get(key)

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_cache: _Cache[_Key, _Derived] = _Cache(CACHE_SIZE)
_registers: _Cache[str, LoadResult] = _Cache(REGISTER_CACHE_SIZE)


def clear_cache() -> None:
    """Forget every derived table, parsed register and count (the benchmark's cold start)."""
    _cache.clear()
    _registers.clear()
    _counts.clear()


def parsed(data: bytes, file_name: str, sha256: str) -> LoadResult:
    """`read_register(data, file_name)`, kept by the content's sha256 (the caller's: not hashed again).

    Shared, not copied: callers must not change it (the UI's st.cache_data copies what it hands out).
    """
    if (result := _registers.get(sha256)) is None:
        result = read_register(data, file_name)
        _registers.put(sha256, result)
    return result


def _derive(data: bytes, file_name: str, sha256: str, stichtag: dt.date) -> _Derived:
    result = parsed(data, file_name, sha256)
    if not result.ok:  # accepted once, so only a stricter reader can refuse it now
        raise StoreError(f"„{file_name}“ ist mit dem heutigen Programm nicht mehr lesbar: "
                         + "; ".join(p.text() for p in result.errors[:3]))
    columns = derive_columns(result.register, stichtag)
    # On the categorical codes: comparing the values costs ten times as much (0,4 ms per version).
    priority, status = columns["priority"], columns["status"]
    priority = np.asarray(priority.categories, dtype=np.int64)[priority.codes]
    complete = status.codes == status.categories.get_loc(Status.COMPLETE.value)
    size = len(PRIORITIES)
    return _Derived(columns, tuple(np.bincount(priority, weights=complete, minlength=size).astype(int).tolist()),
                    tuple(np.bincount(priority, minlength=size).tolist()))


def _derived(store: Store, versions: list[Version], stichtag: dt.date | None = None) -> list[_Derived]:
    """Each version's entry; the bytes of all that are not cached are fetched in one query.

    Derived outside the cache's lock: two threads may derive the same table, neither waits on the other.
    """
    keys = [(v.sha256, stichtag or v.stichtag) for v in versions]
    found = {key: entry for key in keys if (entry := _cache.get(key)) is not None}
    missing = {key: v for key, v in zip(keys, versions, strict=True) if key not in found}
    if missing:
        data = store.blobs([digest for digest, _ in missing])
        for (digest, day), version in missing.items():
            found[digest, day] = _derive(data[digest], version.file_name, digest, day)
            _cache.put((digest, day), found[digest, day])
    return [found[key] for key in keys]


def statuses(store: Store, version: Version | int, stichtag: dt.date | None = None) -> pd.DataFrame:
    """A version's status table (`derive` output), at its own Stichtag unless another is given.

    A copy: changing it, or a list inside it, changes nothing for the next caller.
    """
    if not isinstance(version, Version):
        version = store.version(version)
    [derived] = _derived(store, [version], stichtag)
    table = derived.table
    copy = table.copy()
    for column in [c for c in table.columns if table[c].dtype == np.dtype("O")]:  # the list columns
        copy[column] = [list(v) if isinstance(v, list) else v for v in table[column]]
    return copy


def measure_counts(store: Store, versions: list[Version]) -> dict[int, int]:
    """Number of measures per version number."""
    return {v.number: sum(d.total) for v, d in zip(versions, _derived(store, versions), strict=True)}


def priority_counts(store: Store, versions: list[Version]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per version: complete and total measures for each priority 0–5 (fresh arrays)."""
    return [(np.array(d.complete), np.array(d.total)) for d in _derived(store, versions)]


# Counts per priority are all a comparison of registers needs: a few hundred bytes each, so one per register
# of a large installation stays (400 registers at two Stichtage), where whole tables would not.
COUNTS_CACHE_SIZE = 4096
_counts: _Cache[_Key, np.ndarray] = _Cache(COUNTS_CACHE_SIZE)
COUNT_COLUMNS = ["total", "complete", "partial", "not_started", "overdue"]  # of status_counts


def status_counts(store: Store, versions: list[Version], stichtag: dt.date | None = None) -> list[np.ndarray]:
    """Per version the counts of its `lib.deriving.status.priority_counts` (rows: priorities 0–5; columns: total,
    complete, partial, not_started, overdue), at `stichtag` or else at its own Stichtag; fresh arrays.

    Kept by (sha256, Stichtag) apart from the tables: the bytes of all versions not counted yet are fetched
    in one query, read and derived one after the other, and only their counts are kept.
    """
    keys = [(v.sha256, stichtag or v.stichtag) for v in versions]
    found = {key: entry for key in keys if (entry := _counts.get(key)) is not None}
    missing = {key: v for key, v in zip(keys, versions, strict=True) if key not in found}
    if missing:
        data = store.blobs(list(dict.fromkeys(digest for digest, _ in missing)))
        for (digest, day), version in missing.items():
            result = read_register(data[digest], version.file_name)  # not `parsed`: it keeps the shown register
            if not result.ok:
                raise StoreError(f"„{version.file_name}“ ist mit dem heutigen Programm nicht mehr lesbar: "
                                 + "; ".join(p.text() for p in result.errors[:3]))
            counts = rule.priority_counts(derive(result.register, day))
            found[digest, day] = counts[COUNT_COLUMNS].to_numpy()
            _counts.put((digest, day), found[digest, day])
    return [found[key].copy() for key in keys]
