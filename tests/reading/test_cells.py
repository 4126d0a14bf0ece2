"""Single cells as people type them: one line per case of the register contract, no I/O."""

import datetime as dt

import pandas as pd
import pytest

from lib.reading import cells
from lib.reading.cells import CellContext, CellError, ExcelError
from lib.reading.contract import EXCEL_ERRORS, KINDS, Kind, Rollout, fold_name, fold_word
from lib.reading.problems import Code

D = dt.date


@pytest.mark.parametrize(
    ("typed", "contract_name"),
    [
        (" Massnahmen ", "Maßnahmen"),
        ("MASSNAHMEN", "Maßnahmen"),
        ("maßnahmen", "Maßnahmen"),
        ("Umgesetzt am:", "Umgesetzt am"),
        ("umgesetzt_am", "Umgesetzt am"),
        ("frist", "Frist"),
        ("PRIORITAET", "Priorität"),
        ("Prioritaet", "Priorität"),
        ("Arbeitsplaetze  gesamt", "Arbeitsplätze gesamt"),
        ("Dauer Monate", "Dauer (Monate)"),
        ("Budget (EUR):", "Budget (EUR)"),
        ("AEMTER", "Ämter"),
        ("Federfuehrung", "Federführung"),
    ],
)
def test_names_fold_alike(typed, contract_name):
    assert fold_name(typed) == fold_name(contract_name)


@pytest.mark.parametrize(("a", "b"), [("Frist", "Beginn"), ("Nr", "Amt"), ("Status", "Stand")])
def test_different_names_stay_different(a, b):
    assert fold_name(a) != fold_name(b)


@pytest.mark.parametrize(
    ("cell", "expected", "numeric"),
    [
        ("0.01", "0.01", False),
        ("1.10", "1.10", False),  # text keeps its trailing zero: 1.10 ≠ 1.1
        (" B-3 ", "B-3", False),
        (1.1, "1.1", True),
        (1.10, "1.1", True),
        (2.0, "2", True),
        (2, "2", True),
        (0.01, "0.01", True),
    ],
)
def test_read_id(cell, expected, numeric):
    assert cells.read_id(cell) == (expected, numeric)


def test_ids_1_10_and_1_1_differ_as_text():
    assert cells.read_id("1.10")[0] != cells.read_id("1.1")[0]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (0, 0),
        (0.0, 0),
        (5, 5),
        ("0", 0),
        ("0.0", 0),
        ("3,0", 3),
        ("P0", 0),
        ("p 3", 3),
        ("Prio 0", 0),
        ("Prio. 2", 2),
        ("PRIO 1", 1),
        ("Priorität 0", 0),
        ("Prioritaet 4", 4),
        (" Priorität 5 ", 5),
    ],
)
def test_read_priority(cell, expected):
    assert cells.read_priority(cell) == expected


@pytest.mark.parametrize("cell", [6, -1, 1.5, "6", "P6", "Prio 9", "hoch", "", "-1", True, D(2019, 1, 1), "0.5"])
def test_read_priority_refuses(cell):
    with pytest.raises(CellError, match="0 bis 5"):
        cells.read_priority(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (D(2019, 12, 31), D(2019, 12, 31)),
        (dt.datetime(2019, 12, 31, 0, 0), D(2019, 12, 31)),
        ("31.12.2019", D(2019, 12, 31)),
        (" 01.02.2020 ", D(2020, 2, 1)),
        ("1.2.20", D(2020, 2, 1)),  # d.m.yy → 20yy
        ("5.3.19", D(2019, 3, 5)),
        ("2019-12-31", D(2019, 12, 31)),
        ("2019-12-31 00:00:00", D(2019, 12, 31)),
        (43830, D(2019, 12, 31)),  # Excel serial
        (43830.0, D(2019, 12, 31)),
        (32874, D(1990, 1, 1)),  # lowest serial taken as a date
        (73050, D(2099, 12, 31)),  # the contract's upper bound (31.12.2099) is inclusive
        (73050.75, D(2099, 12, 31)),  # a time of day on the last day
    ],
)
def test_read_date(cell, expected):
    assert cells.read_date(cell) == expected


@pytest.mark.parametrize(
    "cell",
    [32873, 73051, 2019, 0, "31.02.2019", "2019-13-01", "12.2019", "morgen", "31/12/2019", "31.12.", True],
)
def test_read_date_refuses(cell):
    with pytest.raises(CellError, match="Datum"):
        cells.read_date(cell)


# The 1904 date system counts from 01.01.1904: its serials are 1.462 days below the 1900 system's.
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (42368, D(2019, 12, 31)),  # 43830 in the 1900 system
        (31412.0, D(1990, 1, 1)),  # the contract's lower bound
        (71588, D(2099, 12, 31)),  # and its upper bound
        (43830, D(2024, 1, 1)),  # the 1900 system's 31.12.2019 is four years and a day later here
        ("31.12.2019", D(2019, 12, 31)),  # text dates are no serials
    ],
)
def test_read_date_1904(cell, expected):
    assert cells.read_date(cell, epoch=cells.EXCEL_EPOCH_1904) == expected


@pytest.mark.parametrize("cell", [31411, 71589])
def test_read_date_1904_refuses_serials_outside_the_bounds(cell):
    with pytest.raises(CellError, match="kein Datum"):
        cells.read_date(cell, epoch=cells.EXCEL_EPOCH_1904)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("03.2020", D(2020, 3, 1)), ("3.2020", D(2020, 3, 1)), ("12.2019", D(2019, 12, 1)), ("15.03.2020", D(2020, 3, 15))],
)
def test_read_month_date(cell, expected):
    assert cells.read_date(cell, month_ok=True) == expected


def test_month_only_where_allowed():
    with pytest.raises(CellError):
        cells.read_date("13.2020", month_ok=True)


@pytest.mark.parametrize(
    ("cell", "whole", "expected"),
    [
        (12, True, 12),
        (12.0, True, 12),
        ("12", True, 12),
        ("1.234", True, 1234),  # German thousands separator
        (0, True, 0),
        ("1.234,5", False, 1234.5),
        ("12,5", False, 12.5),
        ("1234.5", False, 1234.5),
        ("12 €", False, 12.0),
        ("5000 EUR", False, 5000.0),
    ],
)
def test_read_number(cell, whole, expected):
    assert cells.read_number(cell, whole=whole) == expected


@pytest.mark.parametrize(
    ("cell", "whole"),
    [(-1, True), (-1, False), (1.5, True), ("1,5", True), ("viele", False), (True, False), (D(2019, 1, 1), False),
     ("nan", False), ("inf", False)],
)
def test_read_number_refuses(cell, whole):
    with pytest.raises(CellError, match="Zahl"):
        cells.read_number(cell, whole=whole)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Stadt Trier; Stadt Koblenz", ["Stadt Trier", "Stadt Koblenz"]),
        ("Stadt Trier;", ["Stadt Trier"]),
        (" ; A ;; B ", ["A", "B"]),
        ("Land Rheinland-Pfalz", ["Land Rheinland-Pfalz"]),
    ],
)
def test_read_list(cell, expected):
    assert cells.read_list(cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", "12"), ("12 Amt für Informationstechnik", "12"), (" 33 Bürgeramt", "33"), ("12.1 Kasse", "12.1"),
     ("12-Hauptamt", "12"), ("Hauptamt", None), ("Amt 12", None), ("Nr", None)],
)
def test_office_number(text, expected):
    assert cells.office_number(text) == expected


DONE, PARTIAL, OPEN, NR = Rollout.DONE, Rollout.PARTIAL, Rollout.OPEN, Rollout.NOT_RELEVANT
VOCABULARY = [
    ("umgesetzt", DONE), ("Umgesetzt", DONE), ("x", DONE), ("X", DONE), ("ja", DONE), ("JA", DONE), ("✓", DONE),
    ("✔", DONE), ("erledigt", DONE), ("ausgerollt", DONE), ("fertig", DONE), (" fertig ", DONE),
    ("teilweise", PARTIAL), ("teilw.", PARTIAL), ("teilw", PARTIAL), ("in Arbeit", PARTIAL), ("in arbeit", PARTIAL),
    ("begonnen", PARTIAL), ("läuft", PARTIAL), ("laeuft", PARTIAL), ("Läuft", PARTIAL),
    (None, OPEN), ("", OPEN), ("  ", OPEN), ("offen", OPEN), ("nein", OPEN), ("nicht begonnen", OPEN),
    ("Nicht  begonnen", OPEN),
    ("-", NR), ("–", NR), ("n. r.", NR), ("n.r.", NR), ("n.r", NR), ("N.R.", NR), ("entfällt", NR),
    ("entfaellt", NR), ("nicht relevant", NR),
]


@pytest.mark.parametrize(("cell", "expected"), VOCABULARY)
def test_rollout_vocabulary(cell, expected):
    assert cells.read_rollout_word(cell) is expected


@pytest.mark.parametrize("cell", ["vielleicht", "xx", "jein", "?", "1", "done", "n"])
def test_unknown_rollout_word_lists_accepted_words(cell):
    with pytest.raises(CellError) as raised:
        cells.read_rollout_word(cell)
    message = str(raised.value)
    for word in ("umgesetzt", "teilweise", "offen", "n. r.", "entfällt", "✓"):
        assert f"„{word}“" in message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("umgesetzt", DONE), ("x", DONE), ("teilweise", PARTIAL), ("laeuft", PARTIAL), ("offen", OPEN), ("nein", OPEN)],
)
def test_status_word(cell, expected):
    assert cells.read_status_word(cell) is expected


@pytest.mark.parametrize("cell", ["n. r.", "n.r", "-", "–", "entfällt", "nicht relevant", "unklar"])
def test_status_word_refuses_not_relevant_and_unknown(cell):
    with pytest.raises(CellError, match="kein zulässiger Status"):
        cells.read_status_word(cell)


@pytest.mark.parametrize(("a", "b"), [("n. r.", "N.R"), ("Läuft", "laeuft"), ("in  Arbeit", "InArbeit")])
def test_fold_word(a, b):
    assert fold_word(a) == fold_word(b)


@pytest.mark.parametrize(
    ("cell", "shown"),
    [(D(2019, 12, 31), "31.12.2019"), (1.5, "1,5"), (2.0, "2"), (True, "WAHR"), (" a ", "a")],
)
def test_display(cell, shown):
    assert cells.display(cell) == shown


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (cells.read_priority, "P" + "x" * 30_000),
        (cells.read_date, "1" * 30_000),
        (cells.read_number, "zwölf" * 6_000),
        (cells.read_rollout_word, "unbekannt " * 3_000),
    ],
)
def test_messages_quote_long_values_shortened(reader, value):
    with pytest.raises(CellError) as refused:
        reader(value)
    message = str(refused.value)
    assert len(message) < 400 and " …“" in message


# --------------------------------------------------------------------------- what no column accepts

OFFICES = CellContext(resolve_office=lambda text: (text, None))


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("literal", EXCEL_ERRORS)
def test_every_kind_refuses_an_excel_error_value(kind, literal):
    with pytest.raises(CellError) as refused:
        KINDS[kind].read(ExcelError(literal), OFFICES)
    assert refused.value.code is Code.EXCEL_ERROR
    assert str(refused.value) == f"Die Zelle enthält den Excel-Fehler „{literal}“ – bitte die Formel prüfen."


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_refuses_a_text_longer_than_a_cell_holds(kind):
    with pytest.raises(CellError) as refused:
        KINDS[kind].read("x" * 32_768, OFFICES)
    assert refused.value.code is Code.TEXT_TOO_LONG
    assert str(refused.value) == "Der Text ist 32.768 Zeichen lang; eine Excel-Zelle fasst höchstens 32.767 Zeichen."


def test_a_text_of_exactly_a_cells_length_is_a_text():
    assert KINDS[Kind.TEXT].read("x" * 32_767, OFFICES) == "x" * 32_767


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("#N/A", "#N/A"), ("#SPILL!", "#SPILL!"), (" #N/A", None), ("#GETTING_DATA", "#GETTING_DATA"), ("#n/a", None), ("#N/A!", None),
     ("N/A", None), ("#", None), (float("nan"), None), (ExcelError("#REF!"), "#REF!")],
)
def test_excel_error_by_spelling(cell, expected):
    error = cells.excel_error(cell)
    assert (None if error is None else error.literal) == expected


# Each kind's spec: one cell read, and the dtype its column has in the register.
@pytest.mark.parametrize(
    ("kind", "cell", "value", "dtype"),
    [
        (Kind.TEXT, " Poststelle ", "Poststelle", "str"),
        (Kind.ID, 1.1, "1.1", "str"),
        (Kind.PRIORITY, "Prio 2", 2, "category"),
        (Kind.DATE, "31.12.2019", D(2019, 12, 31), "datetime64[s]"),
        (Kind.MONTH_DATE, "03.2020", D(2020, 3, 1), "datetime64[s]"),
        (Kind.WHOLE, "1.234", 1234, "Int64"),
        (Kind.NUMBER, "1.234,5", 1234.5, "Float64"),
        (Kind.LIST, "a; b", ["a", "b"], "object"),
        (Kind.OFFICE, "12 Amt für Informationstechnik", "12 Amt für Informationstechnik", "str"),
        (Kind.STATUS, "teilw.", "teilweise", "category"),
    ],
)
def test_kind_spec_reads_a_cell_into_its_dtype(kind, cell, value, dtype):
    spec = KINDS[kind]
    assert spec.read(cell, OFFICES) == value
    column = cells.read_column([cell, "", cell], spec.reader(OFFICES), spec.strips_text)
    array = pd.Series(column.to_array(spec.dtype))
    assert str(array.dtype) == dtype
    assert array.isna().tolist() == [False, kind is not Kind.LIST, False]  # a blank list cell is an empty list
    first = array.iloc[0]
    assert (first.date() if isinstance(first, pd.Timestamp) else first) == value


def test_office_without_sheet_amter_is_its_number():
    assert KINDS[Kind.OFFICE].read("12 Amt für Informationstechnik", CellContext()) == "12"


# --------------------------------------------------------------------------- whole columns


def test_read_column_reads_each_distinct_typed_value_once():
    calls = []

    def read(value):
        calls.append(value)
        return cells.read_priority(value)

    column = cells.read_column(["1", 1, "1", 1.0, True, "", None, "P9", "1"], read)
    # Values are keyed with their type: the text '1', 1, 1.0 and WAHR are read once each, never mixed up.
    assert sorted(map(repr, calls)) == sorted(map(repr, ["1", 1, 1.0, True, "P9"]))
    assert column.values().tolist() == [1, 1, 1, 1, None, None, None, None, 1]
    assert column.blank.tolist() == [False, False, False, False, False, True, True, False, False]
    assert column.bad().tolist() == [4, 7]
    assert "keine Priorität" in str(column.error(4)) and "außerhalb von 0 bis 5" in str(column.error(7))


def test_read_column_without_wahr_reads_equal_numbers_once():
    calls = []

    def read(value):
        calls.append(value)
        return cells.read_priority(value)

    column = cells.read_column(["1", 1, 1.0, "", 2.0, 1], read)
    assert calls == ["1", 1, 2.0]  # 1.0 reads like 1; the text '1' is a cell of its own
    assert column.values().tolist() == [1, 1, 1, None, 2, 1]
    assert column.blank.tolist() == [False, False, False, True, False, False]


@pytest.mark.parametrize("raw", [["  a ", "", "b", " ", "a"], ["  a ", "", 3, None, "a"]])
def test_text_columns_read_in_one_pass_equal_the_cell_by_cell_reading(raw):
    fast = cells.read_column(raw, cells.read_text, strips_text=True)
    slow = cells.read_column(raw, cells.read_text)
    assert fast.values().tolist() == slow.values().tolist()
    assert fast.blank.tolist() == slow.blank.tolist()
    assert fast.bad().tolist() == slow.bad().tolist() == []


def test_read_column_keeps_list_values_whole():
    column = cells.read_column(["a; b", "", "a; b"], cells.read_list)
    assert column.values().tolist() == [["a", "b"], None, ["a", "b"]]
