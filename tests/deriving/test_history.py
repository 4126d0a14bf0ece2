"""Status tables of stored versions: derived from the bytes at the version's Stichtag, cached by content,
and every caller gets a copy of its own."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pandas as pd
import pytest

from lib.deriving import history
from lib.storing.storage import Store, StoreError
from tests.builders import Book

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist")


def register(stand: str | None) -> bytes:
    # 3.01 is due on 30.06.2020 and not done; 0.01 is done in both its offices.
    measures = [("0.01", "Virtuelle Poststelle", 0, "10", None), ("3.01", "Open Data", 3, "33", "30.06.2020")]
    return (Book().measures(measures, header=HEADER, title=[f"Stand: {stand}"] if stand else ["Register"])
            .offices().matrix(["10", "12"], [("0.01", "x", "x")]).to_bytes())


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "v.db")


def test_a_version_is_derived_at_its_stand(store):
    store.add(register("03.09.2019"), "a.xlsx")
    table = history.statuses(store, 1)
    assert list(table["id"]) == ["0.01", "3.01"]
    assert list(table["status"]) == ["complete", "not_started"]
    assert list(table["missing_offices"]) == [[], []]
    assert list(table["relevant_offices"]) == [["10", "12"], []]
    assert list(table["deadline"]) == [pd.Timestamp("2019-12-31"), pd.Timestamp("2020-06-30")]
    assert list(table["overdue"]) == [False, False]


def test_another_stichtag_is_derived_anew(store):
    store.add(register("03.09.2019"), "a.xlsx")
    assert list(history.statuses(store, 1)["overdue"]) == [False, False]
    later = history.statuses(store, 1, stichtag=dt.date(2020, 7, 1))
    assert list(later["overdue"]) == [False, True] and list(later["days_overdue"]) == [pd.NA, 1]
    assert list(history.statuses(store, 1)["overdue"]) == [False, False]  # its own Stichtag is still cached apart


def test_without_stand_the_upload_day_is_the_stichtag(store):
    store.add(register(None), "a.xlsx", now=dt.datetime(2020, 7, 2, 9, tzinfo=dt.UTC))
    version = store.version(1)
    assert version.stand is None and version.stichtag == dt.date(2020, 7, 2)
    table = history.statuses(store, version)
    assert list(table["overdue"]) == [False, True] and list(table["days_overdue"]) == [pd.NA, 2]


def test_callers_cannot_change_what_the_next_caller_gets(store):
    store.add(register("03.09.2019"), "a.xlsx")
    first = history.statuses(store, 1)
    first.loc[0, "status"] = "not_started"
    first["title"] = "geändert"
    first.loc[1, "relevant_offices"].append("99")
    first.loc[0, "missing_offices"].append("12")
    first.loc[0, "partners"].append("Nachbarstadt")
    again = history.statuses(store, 1)
    assert list(again["status"]) == ["complete", "not_started"]
    assert list(again["title"]) == ["Virtuelle Poststelle", "Open Data"]
    assert list(again["relevant_offices"]) == [["10", "12"], []]
    assert list(again["missing_offices"]) == [[], []]
    assert list(again["partners"]) == [[], []]


def test_counts_per_version_and_priority(store):
    store.add(register("03.09.2019"), "a.xlsx")
    store.restore(1)
    assert history.measure_counts(store, store.versions()) == {1: 2, 2: 2}
    counts = history.priority_counts(store, store.versions())
    assert [(c.tolist(), t.tolist()) for c, t in counts] == [([1, 0, 0, 0, 0, 0], [1, 0, 0, 1, 0, 0])] * 2
    counts[0][0][0] = 7  # a fresh array: the cache keeps its own numbers
    assert history.priority_counts(store, store.versions())[0][0].tolist() == [1, 0, 0, 0, 0, 0]


def test_bytes_the_reader_refuses_are_a_german_error(store):
    # A version written by another program (or a reader that has become stricter): not a workbook.
    data = b"kein Register"
    digest = hashlib.sha256(data).hexdigest()
    db = sqlite3.connect(store.path)
    with db:
        db.execute("INSERT INTO blobs VALUES (?, ?, ?)", (digest, len(data), data))
        db.execute("INSERT INTO registers VALUES ('standard', 'standard')")
        db.execute("INSERT INTO versions (register, number, sha256, file_name, uploaded_at) "
                   "VALUES ('standard', 1, ?, 'alt.xlsx', ?)", (digest, "2019-09-18T07:30:00+00:00"))
    db.close()
    with pytest.raises(StoreError, match="„alt.xlsx“ ist mit dem heutigen Programm nicht mehr lesbar: "):
        history.statuses(store, 1)


def test_counts_per_priority_at_the_stand_and_at_another_stichtag(store):
    """`register`: 0.01 (P0) complete in both offices; 3.01 (P3) not started, due 30.06.2020."""
    version = store.add(register("03.09.2019"), "a.xlsx").version
    [own] = history.status_counts(store, [version])
    assert own.tolist() == [[1, 1, 0, 0, 0], [0] * 5, [0] * 5, [1, 0, 0, 1, 0], [0] * 5, [0] * 5]
    [later] = history.status_counts(store, [version], stichtag=dt.date(2020, 7, 1))
    assert later[3].tolist() == [1, 0, 0, 1, 1]  # now overdue


def test_counts_are_kept_by_content_and_handed_out_as_copies(store, tmp_path):
    version = store.add(register("04.09.2019"), "a.xlsx").version
    [counts] = history.status_counts(store, [version])
    counts[0, 0] = 99
    elsewhere = Store(tmp_path / "leer.db")  # holds no bytes: what is counted already is not read again
    [again] = history.status_counts(elsewhere, [version])
    assert again[0].tolist() == [1, 1, 0, 0, 0]
