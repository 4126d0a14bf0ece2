"""Comparing two versions: one table line per kind of change, the summary sentence, progress per version."""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import pytest

from lib.deriving.diff import Change, change_table, compare, compare_versions, history_table, progress, summary_line
from lib.deriving.status import derive
from lib.reading.register import read_register
from lib.storing.storage import Store, StoreError
from tests.builders import Book

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist")
BASE = {
    "id": "0.01", "title": "Virtuelle Poststelle", "priority": 0, "status": "partial",
    "deadline": pd.Timestamp("2019-12-31"), "lead_office": "10",
    "relevant_offices": ["10", "12", "33"], "missing_offices": ["12", "33"],
}


def table(*measures: dict) -> pd.DataFrame:
    return pd.DataFrame([{**BASE, **m} for m in measures])


def changes(older: pd.DataFrame, newer: pd.DataFrame) -> list[tuple]:
    frame = compare(older, newer).changes
    return list(frame[["change", "id", "office", "before", "after"]].itertuples(index=False, name=None))


@pytest.mark.parametrize(("older", "newer", "expected"), [
    ({}, {}, []),
    ({}, {"status": "complete", "missing_offices": []},
     [("status", "0.01", None, "partial", "complete"),
      ("office_done", "0.01", "12", "offen", "umgesetzt"), ("office_done", "0.01", "33", "offen", "umgesetzt")]),
    ({}, {"priority": 1}, [("priority", "0.01", None, 0, 1)]),
    ({}, {"deadline": pd.Timestamp("2020-03-31")}, [("deadline", "0.01", None, "2019-12-31", "2020-03-31")]),
    ({}, {"deadline": pd.NaT}, [("deadline", "0.01", None, "2019-12-31", None)]),
    ({}, {"lead_office": "33"}, [("lead_office", "0.01", None, "10", "33")]),
    ({}, {"lead_office": None}, [("lead_office", "0.01", None, "10", None)]),
    ({}, {"missing_offices": ["33"]}, [("office_done", "0.01", "12", "offen", "umgesetzt")]),
    # An office that is no longer relevant did not become done.
    ({}, {"relevant_offices": ["10", "33"], "missing_offices": ["33"]}, []),
    # An office newly in rollout and done at once was never open here.
    ({"relevant_offices": ["10"], "missing_offices": []}, {"relevant_offices": ["10", "12"]}, []),
    ({}, {"title": "Virtuelle Poststelle (neu benannt)"}, []),
])
def test_changes_of_one_measure(older, newer, expected):
    assert changes(table(older), table(newer)) == expected


def test_added_and_removed_measures_in_register_order():
    older = table({"id": "0.01"}, {"id": "0.02"})
    newer = table({"id": "0.03", "status": "not_started"}, {"id": "0.01"}, {"id": "0.04"})
    assert changes(older, newer) == [
        ("added", "0.03", None, None, "not_started"),
        ("added", "0.04", None, None, "partial"),
        ("removed", "0.02", None, "partial", None),
    ]


@pytest.mark.parametrize(("older", "newer", "line"), [
    (table({}), table({}), "Seit 03.09.2019: keine Änderungen."),
    (table({"id": "a"}, {"id": "b"}, {"id": "c"}),
     table({"id": "a", "status": "complete", "missing_offices": []}, {"id": "b", "status": "complete"},
           {"id": "c", "status": "not_started"}, {"id": "d"}),
     "Seit 03.09.2019: 2 Maßnahmen abgeschlossen, 1 neu, 1 mit anderem Status, 2 Ämter neu umgesetzt."),
    (table({"id": "a"}, {"id": "b"}),
     table({"id": "a", "status": "complete", "deadline": pd.NaT, "priority": 2, "lead_office": "12"}),
     "Seit 03.09.2019: 1 Maßnahme abgeschlossen, 1 entfernt, 1 Frist geändert, 1 Priorität geändert, "
     "1 Federführung geändert."),
])
def test_summary_line(older, newer, line):
    assert summary_line(compare(older, newer, dt.date(2019, 9, 3))) == line


def test_change_table_is_german():
    older = table({})
    newer = table({"status": "complete", "missing_offices": ["33"], "deadline": pd.Timestamp("2020-01-31")})
    shown = change_table(compare(older, newer))
    assert list(shown.columns) == ["Änderung", "Nr", "Maßnahme", "Amt", "vorher", "nachher"]
    assert shown.to_dict("records") == [
        {"Änderung": "Status geändert", "Nr": "0.01", "Maßnahme": "Virtuelle Poststelle", "Amt": "",
         "vorher": "teilweise umgesetzt", "nachher": "vollständig umgesetzt"},
        {"Änderung": "Frist geändert", "Nr": "0.01", "Maßnahme": "Virtuelle Poststelle", "Amt": "",
         "vorher": "31.12.2019", "nachher": "31.01.2020"},
        {"Änderung": "Amt umgesetzt", "Nr": "0.01", "Maßnahme": "Virtuelle Poststelle", "Amt": "12",
         "vorher": "offen", "nachher": "umgesetzt"},
    ]


def register_book(states: list[str], stand: str, extra: tuple = ()) -> Book:
    measures = [("0.01", "Virtuelle Poststelle", 0, "10", None), ("3.01", "Open Data", 3, "33", "30.06.2020"),
                *extra]
    return (Book().measures(measures, header=HEADER, title=[f"Stand: {stand}"]).offices()
            .matrix(["10", "12", "33"], [("0.01", *states)]))


def test_derived_registers_compare_like_stored_versions(tmp_path):
    older = register_book(["x", "offen", "teilweise"], "03.09.2019").to_bytes()
    newer = register_book(["x", "x", "x"], "17.09.2019", extra=[("1.01", "E-Rechnung", 1, "12", None)]).to_bytes()
    store = Store(tmp_path / "v.db")
    store.add(older, "alt.xlsx")
    store.add(newer, "neu.xlsx")
    stored = compare_versions(store)
    assert (stored.older, stored.newer, stored.since) == (1, 2, dt.date(2019, 9, 3))
    assert summary_line(stored) == "Seit 03.09.2019: 1 Maßnahme abgeschlossen, 1 neu, 2 Ämter neu umgesetzt."

    fresh = [derive(r.register, r.register.stand) for r in (read_register(older), read_register(newer))]
    pd.testing.assert_frame_equal(compare(*fresh).changes, stored.changes)


def test_compare_versions_needs_two_versions(tmp_path):
    store = Store(tmp_path / "v.db")
    with pytest.raises(StoreError, match="noch keine Version"):
        compare_versions(store)
    store.add(register_book(["x", "x", "x"], "03.09.2019").to_bytes(), "a.xlsx")
    with pytest.raises(StoreError, match="keine Version zum Vergleichen"):
        compare_versions(store)


def test_progress_counts_complete_measures_per_priority_and_version(tmp_path):
    store = Store(tmp_path / "v.db")
    store.add(register_book(["x", "offen", "x"], "03.09.2019").to_bytes(), "a.xlsx")
    store.add(register_book(["x", "x", "x"], "17.09.2019").to_bytes(), "b.xlsx")
    store.restore(1)
    frame = progress(store)
    assert len(frame) == 3 * 6
    p0 = frame[frame["priority"] == 0]
    assert list(p0["version"]) == [1, 2, 3]
    assert list(p0["complete"]) == [0, 1, 0]
    assert list(p0["total"]) == [1, 1, 1]
    p3 = frame[frame["priority"] == 3]
    assert list(p3["complete"]) == [0, 0, 0] and list(p3["total"]) == [1, 1, 1]
    assert list(frame.loc[frame["priority"] == 5, "total"]) == [0, 0, 0]
    assert list(p0["stand"]) == [dt.date(2019, 9, 3), dt.date(2019, 9, 17), dt.date(2019, 9, 3)]


def test_progress_of_empty_store(tmp_path):
    assert progress(Store(tmp_path / "v.db")).empty


def test_change_kinds_all_have_labels():
    assert all(c.label for c in Change)


@pytest.fixture
def berlin(monkeypatch):
    """The server's local time zone is the city's."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_history_table_counts_the_measures_in_each_version(tmp_path, berlin):
    store = Store(tmp_path / "v.db")
    now = dt.datetime(2019, 9, 18, 7, 30, tzinfo=dt.UTC)
    store.add(register_book(["x", "offen", "x"], "03.09.2019").to_bytes(), "a.xlsx", uploader="mmuster", now=now)
    store.add(register_book(["x", "x", "x"], "17.09.2019", extra=[("1.01", "E-Rechnung", 1, "12", None)]).to_bytes(),
              "b.xlsx", comment="mit E-Rechnung", now=now + dt.timedelta(days=14))
    store.restore(1, now=now + dt.timedelta(days=15))
    shown = history_table(store)
    assert shown.to_dict("list") == {
        "Version": [3, 2, 1],
        "Gespeichert am": ["03.10.2019 09:30", "02.10.2019 09:30", "18.09.2019 09:30"],  # CEST
        "von": ["(ohne Anmeldung)", "(ohne Anmeldung)", "mmuster"],
        "Datei": ["a.xlsx", "b.xlsx", "a.xlsx"],
        "Stand": ["03.09.2019", "17.09.2019", "03.09.2019"],
        "Maßnahmen": [2, 3, 2],
        "Kommentar": ["Version 1 wieder aktuell gemacht", "mit E-Rechnung", ""],
        "Wiederhergestellt aus": ["Version 1", "", ""],
    }
