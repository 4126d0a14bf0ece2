"""The one status rule (lib/deriving/status.py), one table line per rule of register-format.md "Derived status".

The tables go through `derive_tables` (plain measures and rollout rows, the same code as `derive`);
a few tests at the end read real workbooks end to end. Every expectation is worked out by hand.
"""

import datetime as dt

import pandas as pd
import pytest

from lib.deriving.status import derive, derive_tables, priority_counts, resolve_stichtag, summary
from lib.reading.contract import Rollout
from tests.builders import Book, load

D = dt.date
STICHTAG = D(2019, 9, 17)
DONE, PARTIAL, OPEN, NR = Rollout.DONE, Rollout.PARTIAL, Rollout.OPEN, Rollout.NOT_RELEVANT


def one(rollout=(), offices=(), stichtag=STICHTAG, **measure) -> pd.Series:
    """The derived row of the single measure '1' (priority 3 unless given); rollout rows are (office, state[, app])."""
    measures = pd.DataFrame([{"id": "1", "priority": 3, **measure}])
    rows = pd.DataFrame([("1", *row) for row in rollout],
                        columns=["measure", "office", "state", "application"][:1 + max(map(len, rollout), default=2)])
    return derive_tables(measures, rows, offices=offices, stichtag=stichtag).iloc[0]


# 1. Base status: rollout decides when it has a relevant office; else Status, else Umgesetzt am.
@pytest.mark.parametrize(
    ("rollout", "measure", "status", "missing"),
    [
        pytest.param([("10", DONE), ("12", DONE), ("33", DONE)], {}, "complete", [], id="all done"),
        pytest.param([("10", OPEN), ("12", OPEN), ("33", OPEN)], {}, "not_started", ["10", "12", "33"], id="all open"),
        pytest.param([("10", DONE), ("12", OPEN), ("33", DONE)], {}, "partial", ["12"], id="done and open"),
        pytest.param([("10", PARTIAL), ("12", PARTIAL)], {}, "partial", ["10", "12"], id="all partial"),
        pytest.param([("10", DONE), ("12", PARTIAL)], {}, "partial", ["12"], id="done and partial"),
        pytest.param([("10", OPEN), ("12", PARTIAL)], {}, "partial", ["10", "12"], id="open and partial"),
        pytest.param([("10", DONE), ("12", NR), ("33", NR)], {}, "complete", [], id="n. r. ignored beside done"),
        pytest.param([("10", OPEN), ("12", NR)], {}, "not_started", ["10"], id="n. r. ignored beside open"),
        pytest.param([("10", DONE), ("12", DONE)], {"explicit_status": OPEN}, "complete", [],
                     id="rollout beats Status"),
        pytest.param([("10", OPEN)], {"explicit_status": DONE, "completed_on": D(2019, 1, 1)}, "not_started", ["10"],
                     id="rollout beats Status and Umgesetzt am"),
        pytest.param([("10", NR), ("12", NR)], {}, "not_started", [], id="all n. r., nothing else"),
        pytest.param([("10", NR), ("12", NR)], {"completed_on": D(2019, 1, 1)}, "complete", [],
                     id="all n. r., Umgesetzt am"),
        pytest.param([("10", NR)], {"explicit_status": PARTIAL}, "partial", [], id="all n. r., Status"),
        pytest.param([], {"explicit_status": DONE}, "complete", [], id="no rows, Status done"),
        pytest.param([], {"explicit_status": PARTIAL}, "partial", [], id="no rows, Status partial"),
        pytest.param([], {"explicit_status": OPEN}, "not_started", [], id="no rows, Status open"),
        pytest.param([], {"explicit_status": OPEN, "completed_on": D(2019, 1, 1)}, "not_started", [],
                     id="no rows, Status beats Umgesetzt am"),
        pytest.param([], {"explicit_status": PARTIAL, "completed_on": D(2019, 1, 1)}, "partial", [],
                     id="no rows, Status partial beats Umgesetzt am"),
        pytest.param([], {"completed_on": D(2019, 1, 1)}, "complete", [], id="no rows, Umgesetzt am"),
        pytest.param([], {}, "not_started", [], id="no rows, nothing"),
    ],
)
def test_base_status(rollout, measure, status, missing):
    row = one(rollout, **measure)
    assert (row["status"], row["missing_offices"]) == (status, missing)


# An office with several rows (one per application) is done when all its relevant rows are done,
# open when all are open, else partial; the applications of rows not done are open applications.
@pytest.mark.parametrize(
    ("rollout", "status", "missing", "open_applications"),
    [
        pytest.param([("10", DONE, "A"), ("10", DONE, "B")], "complete", [], [], id="all rows done"),
        pytest.param([("10", DONE, "A"), ("10", OPEN, "B")], "partial", ["10"], ["B"], id="done and open rows"),
        pytest.param([("10", OPEN, "A"), ("10", OPEN, "B")], "not_started", ["10"], ["A", "B"], id="all rows open"),
        pytest.param([("10", PARTIAL, "A"), ("10", PARTIAL, "B")], "partial", ["10"], ["A", "B"],
                     id="all rows partial"),
        pytest.param([("10", DONE, "A"), ("10", NR, "B")], "complete", [], [], id="n. r. row does not count"),
        pytest.param([("10", DONE, "A"), ("12", NR, "A"), ("12", NR, "B")], "complete", [], [],
                     id="office with only n. r. rows is not relevant"),
        pytest.param([("10", DONE, "A"), ("12", OPEN, "A")], "partial", ["12"], ["A"], id="one app, two offices"),
        pytest.param([("10", OPEN, "A"), ("12", OPEN, "A")], "not_started", ["10", "12"], ["A"],
                     id="an app open in two offices is listed once"),
        pytest.param([("10", OPEN, "B"), ("12", OPEN, "A")], "not_started", ["10", "12"], ["B", "A"],
                     id="apps in row order"),
        pytest.param([("10", DONE, None), ("12", OPEN, "A")], "partial", ["12"], ["A"], id="row without app"),
    ],
)
def test_office_state_from_application_rows(rollout, status, missing, open_applications):
    row = one(rollout)
    assert (row["status"], row["missing_offices"], row["open_applications"]) == (status, missing, open_applications)


# 2. A complete measure with workplaces left or open applications is partial instead.
@pytest.mark.parametrize(
    ("rollout", "measure", "status", "workplaces_left", "open_applications"),
    [
        pytest.param([("10", DONE)], {"workplaces_total": 100, "workplaces_done": 90}, "partial", 10, [],
                     id="workplaces left"),
        pytest.param([("10", DONE)], {"workplaces_total": 100, "workplaces_done": 100}, "complete", 0, [],
                     id="all workplaces"),
        pytest.param([("10", DONE)], {"workplaces_total": 100, "workplaces_done": 0}, "partial", 100, [],
                     id="no workplace yet"),
        pytest.param([("10", DONE)], {"workplaces_total": 100}, "complete", 0, [], id="only gesamt given"),
        pytest.param([("10", DONE)], {"open_applications": ["Fachverfahren A", "B"]}, "partial", 0,
                     ["Fachverfahren A", "B"], id="column Anwendungen offen"),
        pytest.param([("10", DONE, "A"), ("10", NR, "B")], {"open_applications": ["C"]}, "partial", 0, ["C"],
                     id="column beside done rows"),
        pytest.param([("10", DONE, "A"), ("10", OPEN, "B")], {"open_applications": ["C", "B"]}, "partial", 0,
                     ["C", "B"], id="column and rows, each once"),
        pytest.param([], {"explicit_status": DONE, "workplaces_total": 50, "workplaces_done": 49}, "partial", 1, [],
                     id="Status done, workplaces left"),
        pytest.param([], {"completed_on": D(2019, 1, 1), "open_applications": ["X"]}, "partial", 0, ["X"],
                     id="Umgesetzt am, open application"),
        pytest.param([], {"workplaces_total": 50, "workplaces_done": 10}, "not_started", 40, [],
                     id="only complete turns partial"),
        pytest.param([("10", OPEN)], {"workplaces_total": 50, "workplaces_done": 50, "open_applications": ["A"]},
                     "not_started", 0, ["A"], id="open stays open"),
        pytest.param([("10", DONE), ("12", OPEN)], {"workplaces_total": 10, "workplaces_done": 5}, "partial", 5, [],
                     id="partial stays partial"),
    ],
)
def test_workplaces_and_applications(rollout, measure, status, workplaces_left, open_applications):
    row = one(rollout, **measure)
    assert (row["status"], row["workplaces_left"], row["open_applications"]) == (status, workplaces_left,
                                                                               open_applications)


# 3. What is missing: relevant offices not done, in the order of sheet Ämter, else ascending.
@pytest.mark.parametrize(
    ("offices", "rollout", "relevant", "missing", "share"),
    [
        pytest.param(("33", "10", "12", "9"), [("9", OPEN), ("10", OPEN), ("12", DONE), ("33", PARTIAL)],
                     ["33", "10", "12", "9"], ["33", "10", "9"], 0.25, id="order of sheet Ämter"),
        pytest.param((), [("100", OPEN), ("12", OPEN), ("9", OPEN), ("12.1", OPEN), ("2", DONE)],
                     ["2", "9", "12", "12.1", "100"], ["9", "12", "12.1", "100"], 0.2, id="ascending without Ämter"),
        pytest.param(("33",), [("10", OPEN), ("33", OPEN), ("9", OPEN)], ["33", "9", "10"], ["33", "9", "10"], 0.0,
                     id="unlisted offices after the listed, ascending"),
        pytest.param(("10", "12"), [("12", DONE), ("10", NR)], ["12"], [], 1.0, id="n. r. is not relevant"),
        pytest.param(("10",), [], [], [], None, id="no rollout: no share"),
    ],
)
def test_missing_offices(offices, rollout, relevant, missing, share):
    row = one(rollout, offices=offices)
    assert (row["relevant_offices"], row["missing_offices"]) == (relevant, missing)
    assert (None if pd.isna(row["offices_done_share"]) else row["offices_done_share"]) == share


# Overdue: deadline strictly before the Stichtag and not complete; an empty Frist is 31.12.2019
# for priorities 0–2 and none for 3–5.
@pytest.mark.parametrize(
    ("priority", "deadline", "rollout", "stichtag", "effective", "overdue", "days"),
    [
        pytest.param(0, None, [("10", OPEN)], D(2020, 1, 1), D(2019, 12, 31), True, 1, id="P0 default Frist"),
        pytest.param(1, None, [("10", OPEN)], D(2020, 1, 1), D(2019, 12, 31), True, 1, id="P1 default Frist"),
        pytest.param(2, None, [("10", PARTIAL)], D(2020, 1, 1), D(2019, 12, 31), True, 1, id="P2 default Frist"),
        pytest.param(1, None, [("10", OPEN)], D(2019, 12, 31), D(2019, 12, 31), False, None, id="on the day: not yet"),
        pytest.param(0, None, [("10", DONE)], D(2020, 1, 1), D(2019, 12, 31), False, None, id="complete never overdue"),
        pytest.param(3, None, [("10", OPEN)], D(2030, 1, 1), None, False, None, id="P3 no default"),
        pytest.param(4, None, [("10", OPEN)], D(2030, 1, 1), None, False, None, id="P4 no default"),
        pytest.param(5, None, [("10", OPEN)], D(2030, 1, 1), None, False, None, id="P5 no default"),
        pytest.param(3, D(2019, 6, 30), [("10", OPEN)], D(2019, 9, 17), D(2019, 6, 30), True, 79, id="own Frist P3"),
        pytest.param(4, D(2019, 9, 17), [("10", OPEN)], D(2019, 9, 17), D(2019, 9, 17), False, None,
                     id="own Frist on the day"),
        pytest.param(4, D(2019, 9, 16), [("10", PARTIAL)], D(2019, 9, 17), D(2019, 9, 16), True, 1,
                     id="own Frist the day before"),
        pytest.param(0, D(2019, 6, 30), [("10", OPEN)], D(2019, 7, 1), D(2019, 6, 30), True, 1,
                     id="own Frist beats default"),
        pytest.param(0, D(2019, 6, 30), [("10", OPEN)], D(2019, 6, 1), D(2019, 6, 30), False, None,
                     id="own Frist still ahead"),
        pytest.param(2, D(2019, 6, 30), [("10", DONE)], D(2019, 7, 1), D(2019, 6, 30), False, None,
                     id="own Frist, complete"),
        pytest.param(0, None, [("10", DONE, "A"), ("10", OPEN, "B")], D(2020, 1, 1), D(2019, 12, 31), True, 1,
                     id="partial by an open application"),
    ],
)
def test_deadline_and_overdue(priority, deadline, rollout, stichtag, effective, overdue, days):
    row = one(rollout, stichtag=stichtag, priority=priority, deadline=deadline)
    assert (None if pd.isna(row["deadline"]) else row["deadline"].date()) == effective
    assert bool(row["overdue"]) is overdue
    assert (None if pd.isna(row["days_overdue"]) else row["days_overdue"]) == days


# Stichtag = the one the user picks, else the register's Stand, else today.
@pytest.mark.parametrize(
    ("chosen", "stand", "today", "expected"),
    [
        pytest.param(D(2020, 1, 1), D(2019, 9, 17), D(2021, 5, 5), D(2020, 1, 1), id="chosen beats Stand"),
        pytest.param(None, D(2019, 9, 17), D(2021, 5, 5), D(2019, 9, 17), id="Stand beats today"),
        pytest.param(None, None, D(2021, 5, 5), D(2021, 5, 5), id="today"),
        pytest.param(D(2020, 1, 1), None, D(2021, 5, 5), D(2020, 1, 1), id="chosen without Stand"),
    ],
)
def test_resolve_stichtag(chosen, stand, today, expected):
    assert resolve_stichtag(chosen, stand, today) == expected


def test_resolve_stichtag_defaults_to_today():
    assert resolve_stichtag(None, None) == dt.date.today()


@pytest.mark.parametrize(
    ("measures", "rollout"),
    [
        pytest.param([{"id": "1", "priority": 0}], [("2", "10", DONE)], id="rollout row of an unknown measure"),
        pytest.param([{"id": "1", "priority": 0, "explicit_status": NR}], [], id="n. r. as Status"),
        pytest.param([{"id": "1", "priority": 7}], [], id="priority outside 0-5"),
        pytest.param([{"id": "1", "priority": 0}, {"id": "1", "priority": 1}], [], id="repeated Nr"),
        pytest.param([{"id": "1", "priority": 0}], [("1", "10", "fertig")], id="a cell word, not a state"),
    ],
)
def test_plain_tables_refuse_what_a_register_cannot_hold(measures, rollout):
    with pytest.raises(ValueError):
        derive_tables(pd.DataFrame(measures), pd.DataFrame(rollout, columns=["measure", "office", "state"]),
                      stichtag=STICHTAG)


def test_states_may_be_given_as_their_words():
    measures = pd.DataFrame([{"id": "1", "priority": 3, "explicit_status": "teilweise"}, {"id": "2", "priority": 3}])
    rollout = pd.DataFrame([("2", "10", "umgesetzt"), ("2", "12", "n. r.")], columns=["measure", "office", "state"])
    derived = derive_tables(measures, rollout, stichtag=STICHTAG)
    assert derived["status"].tolist() == ["partial", "complete"]


def test_measures_keep_their_order_and_extra_columns():
    ids = ["2.01", "0.02", "B-3", "0.01", "1.10", "1.1"]
    measures = pd.DataFrame({"id": ids, "priority": 3, "title": list("ABCDEF")})
    derived = derive_tables(measures, stichtag=STICHTAG)
    assert derived["id"].tolist() == ids
    assert derived["title"].tolist() == list("ABCDEF")


def test_priority_counts_always_0_to_5():
    measures = pd.DataFrame([
        {"id": "1", "priority": 3, "explicit_status": DONE}, {"id": "2", "priority": 3},
        {"id": "3", "priority": 3, "explicit_status": PARTIAL}, {"id": "4", "priority": 5},
        {"id": "5", "priority": 0, "explicit_status": DONE},
    ])
    counts = priority_counts(derive_tables(measures, stichtag=STICHTAG))
    assert counts.to_dict(orient="records") == [
        {"priority": 0, "total": 1, "complete": 1, "partial": 0, "not_started": 0, "overdue": 0},
        {"priority": 1, "total": 0, "complete": 0, "partial": 0, "not_started": 0, "overdue": 0},
        {"priority": 2, "total": 0, "complete": 0, "partial": 0, "not_started": 0, "overdue": 0},
        {"priority": 3, "total": 3, "complete": 1, "partial": 1, "not_started": 1, "overdue": 0},
        {"priority": 4, "total": 0, "complete": 0, "partial": 0, "not_started": 0, "overdue": 0},
        {"priority": 5, "total": 1, "complete": 0, "partial": 0, "not_started": 1, "overdue": 0},
    ]


def test_overdue_counts_per_priority():
    measures = pd.DataFrame([
        {"id": "1", "priority": 0}, {"id": "2", "priority": 0, "explicit_status": DONE},
        {"id": "3", "priority": 1, "explicit_status": PARTIAL}, {"id": "4", "priority": 4},
    ])
    counts = priority_counts(derive_tables(measures, stichtag=D(2020, 1, 1)))
    assert counts["overdue"].tolist() == [1, 1, 0, 0, 0, 0]


def test_summary_of_no_measures():
    data = summary(derive_tables(pd.DataFrame(columns=["id", "priority"]), stichtag=STICHTAG), STICHTAG)
    assert [p["priority"] for p in data["priorities"]] == [0, 1, 2, 3, 4, 5]
    assert all(p["total"] == p["overdue"] == 0 for p in data["priorities"])
    assert data["measures"] == []


def test_summary_names_what_is_missing():
    measures = pd.DataFrame([{"id": "1", "title": "E-Akte", "priority": 1, "partners": ["Stadt Trier"]}])
    rollout = pd.DataFrame([("1", "12", DONE), ("1", "10", PARTIAL)], columns=["measure", "office", "state"])
    data = summary(derive_tables(measures, rollout, offices=("12", "10"), stichtag=D(2020, 1, 1)), D(2020, 1, 1))
    assert data["measures"] == [{"id": "1", "title": "E-Akte", "priority": 1, "status": "partial",
                                 "missing_departments": ["10"], "deadline": "2019-12-31", "overdue": True,
                                 "partners": ["Stadt Trier"]}]


# --------------------------------------------------------------------------- end to end, real workbooks

def test_matrix_workbook_end_to_end(tmp_path):
    """Cell words through the reader into the rule; offices in the order of sheet Ämter (33 before 10)."""
    offices = [("33", "Bürgeramt", "III"), ("10", "Hauptamt", "I"), ("12", "IT", "I"), ("9", "Rat", "I")]
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Status", "Arbeitsplätze gesamt",
              "Arbeitsplätze ausgerollt")
    book = (Book().measures([("1", "A", 0, "10", None, None, None), ("2", "B", 4, "12", "teilweise", None, None),
                             ("3", "C", 3, "12", None, 20, 15), ("4", "D", 1, "10", None, None, None)], header=header)
            .offices(offices)
            .matrix(["9", "10", "12 Amt für Informationstechnik", "33"],
                    [("1", "offen", None, "x", "teilw."), ("2", "-", "n. r.", "entfällt", "–"),
                     ("3", "ja", "✓", "erledigt", "n.r."), ("4", "x", "fertig", "ausgerollt", "umgesetzt")]))
    derived = derive(load(book, tmp_path).register, D(2020, 1, 1))
    assert derived["id"].tolist() == ["1", "2", "3", "4"]
    assert derived["status"].tolist() == ["partial", "partial", "partial", "complete"]
    assert derived["missing_offices"].tolist() == [["33", "10", "9"], [], [], []]
    assert derived["workplaces_left"].tolist() == [0, 0, 5, 0]
    assert derived["overdue"].tolist() == [True, False, False, False]


def test_long_workbook_with_applications_end_to_end(tmp_path):
    """Without sheet Ämter the offices are ascending; applications of rows not done are open."""
    book = (Book().measures([("1", "A", 0, "100"), ("2", "B", 3, "9")])
            .long([("1", "100", "x", "A"), ("1", "100", "offen", "B"), ("1", "9", "ja", "A"), ("1", "12", "nein", "B"),
                   ("2", "9", "x", "A"), ("2", "9", "-", "B")], header=("Nr", "Amt", "Status", "Anwendung")))
    derived = derive(load(book, tmp_path).register, STICHTAG)
    assert derived["status"].tolist() == ["partial", "complete"]
    assert derived["relevant_offices"].tolist() == [["9", "12", "100"], ["9"]]
    assert derived["missing_offices"].tolist() == [["12", "100"], []]
    assert derived["open_applications"].tolist() == [["B"], []]


def test_status_office_and_priority_stay_categorical(tmp_path):
    """Few distinct values in many rows: codes, not strings per row (issue 6)."""
    register = load(Book().measures([("1", "A", 0, "10"), ("2", "B", 4, "12")]).offices()
                    .matrix(["10", "12"], [("1", "x", "offen"), ("2", "-", "x")]), tmp_path).register
    derived = derive(register, STICHTAG)
    assert list(derived["priority"].cat.categories) == [0, 1, 2, 3, 4, 5] and derived["priority"].cat.ordered
    assert (derived["priority"] >= 3).tolist() == [False, True]
    assert list(derived["status"].cat.categories) == ["complete", "partial", "not_started"]
    assert derived["status"].tolist() == ["partial", "complete"]
    assert isinstance(register.rollout["office"].dtype, pd.CategoricalDtype)
    assert isinstance(register.rollout["state"].dtype, pd.CategoricalDtype)


def test_changing_the_derived_table_leaves_the_register_as_read(tmp_path):
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Status", "Umgesetzt am", "Arbeitsplätze gesamt",
              "Arbeitsplätze ausgerollt", "Anwendungen offen", "Frist")
    book = Book().measures([("1", "A", 0, "10", None, "01.03.2019", 5, 2, "X", "31.12.2019"),
                            ("2", "B", 3, "12", "offen", None, 9, 1, None, "30.06.2020")], header=header).offices()
    register = load(book, tmp_path).register
    as_read = pd.DataFrame(register.measure_columns)
    table = derive(register, STICHTAG)
    for column in as_read.columns:  # every register column, whatever its dtype, written in place
        table.iloc[0, table.columns.get_loc(column)] = table.iloc[1][column]
    assert table.iloc[0]["title"] == "B"
    pd.testing.assert_frame_equal(pd.DataFrame(register.measure_columns), as_read)
