"""Status tables of stored versions, derived from their original bytes on read and cached by content.

The store keeps bytes and metadata only. Here a version becomes a status table the way every page
makes one (`read_register`, then `derive`), at the version's Stichtag (its Stand, else its upload
day), so a corrected status rule applies to the whole history at once. One table per
(sha256, Stichtag) is kept in memory; callers always get a copy of their own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.contract import PRIORITIES, Status
from lib.register import read_register
from lib.status import derive
from lib.storage import Store, StoreError, Version

CACHE_SIZE = 256  # tables; one of 1.000 measures takes about 1 MB


@dataclass(frozen=True)
class _Derived:
    """One version's derived table (never handed out) and what progress counts from it."""

    table: pd.DataFrame
    complete: tuple[int, ...]  # per priority 0–5
    total: tuple[int, ...]


class _Cache:
    """Least recently used entries by key; safe for the threads of one server process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[str, dt.date], _Derived] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, dt.date], compute: Callable[[], _Derived]) -> _Derived:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()  # outside the lock: two threads may derive the same table, never wait on each other
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_cache = _Cache(CACHE_SIZE)


def clear_cache() -> None:
    """Forget every derived table (the benchmark's cold start)."""
    _cache.clear()


def _derive(data: bytes, file_name: str, stichtag: dt.date) -> _Derived:
    result = read_register(data, file_name)
    if not result.ok:  # accepted once, so only a stricter reader can refuse it now
        raise StoreError(f"„{file_name}“ ist mit dem heutigen Programm nicht mehr lesbar: "
                         + "; ".join(p.text() for p in result.errors[:3]))
    table = derive(result.register, stichtag)
    priority = table["priority"].cat.codes.to_numpy()
    complete = table["status"].to_numpy() == Status.COMPLETE.value
    size = len(PRIORITIES)
    return _Derived(table, tuple(np.bincount(priority, weights=complete, minlength=size).astype(int).tolist()),
                    tuple(np.bincount(priority, minlength=size).tolist()))


def _derived(store: Store, version: Version, stichtag: dt.date | None = None) -> _Derived:
    day = stichtag or version.stichtag
    return _cache.get((version.sha256, day),
                      lambda: _derive(store.original(version.number), version.file_name, day))


def statuses(store: Store, version: Version | int, stichtag: dt.date | None = None) -> pd.DataFrame:
    """A version's status table (`derive` output), at its own Stichtag unless another is given.

    A copy: changing it, or a list inside it, changes nothing for the next caller.
    """
    if not isinstance(version, Version):
        version = store.version(version)
    table = _derived(store, version, stichtag).table
    copy = table.copy()
    for column in [c for c in table.columns if table[c].dtype == np.dtype("O")]:  # the list columns
        copy[column] = [list(v) if isinstance(v, list) else v for v in table[column]]
    return copy


def measure_counts(store: Store, versions: list[Version]) -> dict[int, int]:
    """Number of measures per version number."""
    return {v.number: sum(_derived(store, v).total) for v in versions}


def priority_progress(store: Store, versions: list[Version]) -> pd.DataFrame:
    """Complete and total measures per (version, priority), every priority 0–5 for every version."""
    rows = [(v.number, p, complete, total) for v in versions
            for p, complete, total in zip(PRIORITIES, *_counts(store, v), strict=True)]
    return pd.DataFrame(rows, columns=["version", "priority", "complete", "total"])


def _counts(store: Store, version: Version) -> tuple[tuple[int, ...], tuple[int, ...]]:
    derived = _derived(store, version)
    return derived.complete, derived.total
