"""The one status rule (lib/status.py): base status, workplaces and applications, what is missing, overdue."""

import datetime as dt

import pandas as pd
import pytest

from lib.status import derive, priority_counts, resolve_stichtag, summary
from tests.builders import Book, load

D = dt.date
STICHTAG = D(2019, 9, 17)
HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Status", "Umgesetzt am", "Arbeitsplätze gesamt",
          "Arbeitsplätze ausgerollt", "Anwendungen offen", "Frist")


def one_measure(tmp_path, rollout=None, status=None, completed=None, total=None, done=None, apps=None,
                priority=3, deadline=None, long=False):
    """Derive the single measure '1' with the given cells; rollout is {office: word} or long rows."""
    book = Book().measures([("1", "Maßnahme", priority, "10", status, completed, total, done, apps, deadline)],
                           header=HEADER).offices()
    if rollout is not None and long:
        book.long([("1", *r) for r in rollout], header=("Nr", "Amt", "Status", "Anwendung"))
    elif rollout is not None:
        book.matrix(list(rollout), [("1", *rollout.values())])
    result = load(book, tmp_path)
    assert result.ok, [p.text() for p in result.errors]
    return derive(result.register, STICHTAG).iloc[0]


@pytest.mark.parametrize(
    ("rollout", "status", "completed", "expected", "missing"),
    [
        # 1. base status from the relevant offices
        ({"10": "x", "12": "ja", "33": "✓"}, None, None, "complete", []),
        ({"10": "offen", "12": None, "33": "nein"}, None, None, "not_started", ["10", "12", "33"]),
        ({"10": "x", "12": "offen", "33": "x"}, None, None, "partial", ["12"]),
        ({"10": "teilweise", "12": "teilweise"}, None, None, "partial", ["10", "12"]),
        ({"10": "x", "12": "teilw."}, None, None, "partial", ["12"]),
        ({"10": "x", "12": "n. r.", "33": "-"}, None, None, "complete", []),
        ({"10": "offen", "12": "n. r."}, None, None, "not_started", ["10"]),
        # rollout decides over the Status column and Umgesetzt am
        ({"10": "x", "12": "x"}, "offen", None, "complete", []),
        ({"10": "offen"}, "umgesetzt", D(2019, 1, 1), "not_started", ["10"]),
        # all offices n. r. → like no rollout rows
        ({"10": "n. r.", "12": "entfällt"}, None, None, "not_started", []),
        ({"10": "n. r.", "12": "entfällt"}, None, D(2019, 1, 1), "complete", []),
        ({"10": "n. r."}, "teilweise", None, "partial", []),
        # no rollout rows: Status, else Umgesetzt am, else not_started
        (None, "x", None, "complete", []),
        (None, "in Arbeit", None, "partial", []),
        (None, "offen", D(2019, 1, 1), "not_started", []),
        (None, None, D(2019, 1, 1), "complete", []),
        (None, None, None, "not_started", []),
    ],
)
def test_base_status(tmp_path, rollout, status, completed, expected, missing):
    row = one_measure(tmp_path, rollout, status=status, completed=completed)
    assert row["status"] == expected
    assert row["missing_offices"] == missing


@pytest.mark.parametrize(
    ("rollout", "status", "total", "done", "apps", "expected", "left", "open_apps"),
    [
        ({"10": "x"}, None, 100, 90, None, "partial", 10, []),
        ({"10": "x"}, None, 100, 100, None, "complete", 0, []),
        ({"10": "x"}, None, 100, 0, None, "partial", 100, []),
        ({"10": "x"}, None, None, None, "Fachverfahren A; B", "partial", 0, ["Fachverfahren A", "B"]),
        (None, "x", 50, 49, None, "partial", 1, []),
        (None, None, 50, 10, None, "not_started", 40, []),  # rule 2 only turns complete into partial
        ({"10": "offen"}, None, 50, 50, "A", "not_started", 0, ["A"]),
        ({"10": "x", "12": "offen"}, None, 10, 5, None, "partial", 5, []),
    ],
)
def test_workplaces_and_applications(tmp_path, rollout, status, total, done, apps, expected, left, open_apps):
    row = one_measure(tmp_path, rollout, status=status, total=total, done=done, apps=apps)
    assert (row["status"], row["workplaces_left"], row["open_applications"]) == (expected, left, open_apps)


@pytest.mark.parametrize(
    ("rows", "expected", "missing", "open_apps"),
    [
        ([("10", "x", "A"), ("10", "ja", "B")], "complete", [], []),
        ([("10", "x", "A"), ("10", "offen", "B")], "partial", ["10"], ["B"]),
        ([("10", "offen", "A"), ("10", "nein", "B")], "not_started", ["10"], ["A", "B"]),
        ([("10", "teilweise", "A"), ("10", "teilweise", "B")], "partial", ["10"], ["A", "B"]),
        ([("10", "x", "A"), ("10", "n. r.", "B")], "complete", [], []),  # n. r. rows do not count
        ([("10", "x", "A"), ("12", "n. r.", "A"), ("12", "-", "B")], "complete", [], []),
        ([("10", "x", "A"), ("12", "offen", "A")], "partial", ["12"], ["A"]),
        # without applications the long form is one row per office
        ([("10", "x", None), ("12", "x", None)], "complete", [], []),
        ([("10", "offen", None), ("12", "offen", None)], "not_started", ["10", "12"], []),
        ([("10", "x", None), ("33", "offen", None), ("12", "teilweise", None)], "partial", ["12", "33"], []),
    ],
)
def test_long_form_office_aggregation(tmp_path, rows, expected, missing, open_apps):
    row = one_measure(tmp_path, rows, long=True)
    assert (row["status"], row["missing_offices"], row["open_applications"]) == (expected, missing, open_apps)


def test_open_applications_from_column_and_rows_together(tmp_path):
    row = one_measure(tmp_path, [("10", "x", "A"), ("10", "offen", "B")], apps="C; B", long=True)
    assert sorted(row["open_applications"]) == ["B", "C"]
    assert row["status"] == "partial"


def test_missing_offices_in_order_of_sheet_aemter(tmp_path):
    offices = [("33", "Bürgeramt", "III"), ("10", "Hauptamt", "I"), ("12", "IT", "I"), ("9", "Rat", "I")]
    book = (Book().measures([("1", "A", 0, "10")]).offices(offices)
            .matrix(["9", "10", "12", "33"], [("1", "offen", "offen", "x", "teilweise")]))
    register = load(book, tmp_path).register
    assert derive(register, STICHTAG).iloc[0]["missing_offices"] == ["33", "10", "9"]


def test_missing_offices_ascending_without_aemter(tmp_path):
    book = (Book().measures([("1", "A", 0, "10")])
            .matrix(["100", "12", "9", "12.1", "2"], [("1", "offen", "offen", "offen", "offen", "x")]))
    register = load(book, tmp_path).register
    assert derive(register, STICHTAG).iloc[0]["missing_offices"] == ["9", "12", "12.1", "100"]


@pytest.mark.parametrize(
    ("priority", "deadline", "rollout", "stichtag", "effective", "overdue"),
    [
        (0, None, {"10": "offen"}, D(2020, 1, 1), D(2019, 12, 31), True),  # default deadline for 0-2
        (2, None, {"10": "teilweise"}, D(2020, 1, 1), D(2019, 12, 31), True),
        (1, None, {"10": "offen"}, D(2019, 12, 31), D(2019, 12, 31), False),  # strictly before only
        (0, None, {"10": "x"}, D(2020, 1, 1), D(2019, 12, 31), False),  # complete is never overdue
        (3, None, {"10": "offen"}, D(2030, 1, 1), None, False),  # no default for 3-5
        (5, None, {"10": "offen"}, D(2030, 1, 1), None, False),
        (3, D(2019, 6, 30), {"10": "offen"}, D(2019, 9, 17), D(2019, 6, 30), True),
        (4, D(2019, 9, 17), {"10": "offen"}, D(2019, 9, 17), D(2019, 9, 17), False),
        (4, D(2019, 9, 16), {"10": "teilweise"}, D(2019, 9, 17), D(2019, 9, 16), True),
        (0, D(2019, 6, 30), {"10": "offen"}, D(2019, 7, 1), D(2019, 6, 30), True),  # own deadline beats default
        (0, D(2019, 6, 30), {"10": "offen"}, D(2019, 6, 1), D(2019, 6, 30), False),
    ],
)
def test_deadline_and_overdue(tmp_path, priority, deadline, rollout, stichtag, effective, overdue):
    book = (Book().measures([("1", "A", priority, "10", deadline)],
                            header=("Nr", "Maßnahme", "Priorität", "Federführung", "Frist"))
            .offices().matrix(list(rollout), [("1", *rollout.values())]))
    row = derive(load(book, tmp_path).register, stichtag).iloc[0]
    assert (None if pd.isna(row["deadline"]) else row["deadline"].date()) == effective
    assert bool(row["overdue"]) is overdue


@pytest.mark.parametrize(
    ("chosen", "stand", "today", "expected"),
    [
        (D(2020, 1, 1), D(2019, 9, 17), D(2021, 5, 5), D(2020, 1, 1)),
        (None, D(2019, 9, 17), D(2021, 5, 5), D(2019, 9, 17)),
        (None, None, D(2021, 5, 5), D(2021, 5, 5)),
        (D(2020, 1, 1), None, D(2021, 5, 5), D(2020, 1, 1)),
    ],
)
def test_resolve_stichtag(chosen, stand, today, expected):
    assert resolve_stichtag(chosen, stand, today) == expected


def test_resolve_stichtag_defaults_to_today():
    assert resolve_stichtag(None, None) == dt.date.today()


def test_measures_keep_the_order_of_the_sheet(tmp_path):
    ids = ["2.01", "0.02", "B-3", "0.01", "1.10", "1.1"]
    book = Book().measures([(i, "A", 3, "10") for i in ids]).offices()
    derived = derive(load(book, tmp_path).register, STICHTAG)
    assert list(derived["id"]) == ids


def test_priority_counts_always_0_to_5(tmp_path):
    rows = [("1", "A", 3, "10", "x"), ("2", "B", 3, "10", None), ("3", "C", 3, "10", "teilweise"),
            ("4", "D", 5, "10", None), ("5", "E", 0, "10", "x")]
    book = Book().measures(rows, header=("Nr", "Maßnahme", "Priorität", "Federführung", "Status")).offices()
    counts = priority_counts(derive(load(book, tmp_path).register, STICHTAG))
    assert counts.to_dict(orient="records") == [
        {"priority": 0, "total": 1, "complete": 1, "partial": 0, "not_started": 0, "overdue": 0},
        {"priority": 1, "total": 0, "complete": 0, "partial": 0, "not_started": 0, "overdue": 0},
        {"priority": 2, "total": 0, "complete": 0, "partial": 0, "not_started": 0, "overdue": 0},
        {"priority": 3, "total": 3, "complete": 1, "partial": 1, "not_started": 1, "overdue": 0},
        {"priority": 4, "total": 0, "complete": 0, "partial": 0, "not_started": 0, "overdue": 0},
        {"priority": 5, "total": 1, "complete": 0, "partial": 0, "not_started": 1, "overdue": 0},
    ]


def test_priority_counts_of_an_empty_register(tmp_path):
    register = load(Book().measures([]), tmp_path).register
    data = summary(derive(register, STICHTAG), STICHTAG)
    assert [p["priority"] for p in data["priorities"]] == [0, 1, 2, 3, 4, 5]
    assert all(p["total"] == p["overdue"] == 0 for p in data["priorities"])
    assert data["measures"] == []


def test_overdue_counts_per_priority(tmp_path):
    rows = [("1", "A", 0, "10", None), ("2", "B", 0, "10", "x"), ("3", "C", 1, "10", "teilweise"),
            ("4", "D", 4, "10", None)]
    book = Book().measures(rows, header=("Nr", "Maßnahme", "Priorität", "Federführung", "Status")).offices()
    counts = priority_counts(derive(load(book, tmp_path).register, D(2020, 1, 1)))
    assert list(counts["overdue"]) == [1, 1, 0, 0, 0, 0]


def test_status_office_and_priority_stay_categorical(tmp_path):
    """Few distinct values in many rows: codes, not strings per row (issue 6)."""
    register = load(Book().measures([("1", "A", 0, "10"), ("2", "B", 4, "12")]).offices()
                    .matrix(["10", "12"], [("1", "x", "offen"), ("2", "-", "x")]), tmp_path).register
    derived = derive(register, STICHTAG)
    assert list(derived["priority"].cat.categories) == [0, 1, 2, 3, 4, 5] and derived["priority"].cat.ordered
    assert (derived["priority"] >= 3).tolist() == [False, True]
    assert list(derived["status"].cat.categories) == ["complete", "partial", "not_started"]
    assert isinstance(register.rollout["office"].dtype, pd.CategoricalDtype)
    assert isinstance(register.rollout["state"].dtype, pd.CategoricalDtype)


def test_changing_the_derived_table_leaves_the_register_as_read(tmp_path):
    book = Book().measures([("1", "A", 0, "10", None, "01.03.2019", 5, 2, "X", "31.12.2019"),
                            ("2", "B", 3, "12", "offen", None, 9, 1, None, "30.06.2020")], header=HEADER).offices()
    register = load(book, tmp_path).register
    as_read = pd.DataFrame(register.measure_columns)
    table = derive(register, STICHTAG)
    for column in as_read.columns:  # every register column, whatever its dtype, written in place
        table.iloc[0, table.columns.get_loc(column)] = table.iloc[1][column]
    assert table.iloc[0]["title"] == "B"
    pd.testing.assert_frame_equal(pd.DataFrame(register.measure_columns), as_read)
