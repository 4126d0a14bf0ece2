"""Reading real workbooks: every tolerance, error and warning of the register contract.

Each test writes an .xlsx with openpyxl (tests/builders.py) and reads it back; expectations
come from the contract (/work/shared/mission/register-format.md), with exact Excel rows and
columns as spelled in the file.
"""

import datetime as dt

import pandas as pd
import pytest

from lib.reading.problems import Code
from tests.builders import MEASURE_HEADER, Book, load, simple

D = dt.date
M = "Maßnahmen"


def where(problems) -> list[tuple]:
    return [(p.sheet, p.row, p.column) for p in problems]


def codes(problems) -> list[Code]:
    return [p.code for p in problems]


def the_error(result):
    assert not result.ok and result.register is None
    assert len(result.errors) == 1, [p.text() for p in result.errors]
    return result.errors[0]


def valid(result):
    assert result.ok, [p.text() for p in result.errors]
    return result.register


def measure(register, measure_id: str) -> pd.Series:
    rows = register.measures[register.measures["id"] == measure_id]
    assert len(rows) == 1
    return rows.iloc[0]


# --------------------------------------------------------------------------- tolerance: names


@pytest.mark.parametrize("name", ["Maßnahmen", " Massnahmen ", "MASSNAHMEN", "maßnahmen", "Maßnahmen."])
def test_measure_sheet_name_tolerance(tmp_path, name):
    book = Book().measures([("0.01", "A", 0, "10")], name=name).offices()
    register = valid(load(book, tmp_path))
    assert list(register.measures["id"]) == ["0.01"]


@pytest.mark.parametrize(
    ("offices", "rollout", "info"),
    [("Ämter", "Rollout", "Info"), ("AEMTER", " rollout ", "INFO"), (" ämter", "ROLL-OUT", "info.")],
)
def test_optional_sheet_name_tolerance(tmp_path, offices, rollout, info):
    book = (Book().measures([("0.01", "A", 0, "10")]).offices(name=offices)
            .matrix(["10", "12"], [("0.01", "x", "offen")], name=rollout).info(D(2019, 9, 17), name=info))
    register = valid(load(book, tmp_path))
    assert list(register.offices["office"]) == ["10", "12", "33"]
    assert sorted(register.rollout["office"]) == ["10", "12"]
    assert register.stand == D(2019, 9, 17)


@pytest.mark.parametrize(
    "header",
    [
        ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Umgesetzt am"),
        ("NR", "MASSNAHME", "PRIORITAET", "FEDERFUEHRUNG", "FRIST", "UMGESETZT AM"),
        (" nr ", "massnahme", "prioritaet", "federführung", "frist", "Umgesetzt am:"),
        ("Nr.", "Maßnahme:", "Priorität", "Feder-führung", "Frist ", "umgesetzt_am"),
    ],
)
def test_header_tolerance(tmp_path, header):
    book = Book().measures([("0.01", "A", 2, "12", "30.06.2019", "01.05.2019")], header=header).offices()
    register = valid(load(book, tmp_path))
    row = measure(register, "0.01")
    assert (row["title"], row["priority"], row["lead_office"]) == ("A", 2, "12")
    assert row["deadline"] == pd.Timestamp(2019, 6, 30)
    assert row["completed_on"] == pd.Timestamp(2019, 5, 1)
    assert register.extra_columns == ()


def test_header_aliases(tmp_path):
    book = Book().measures([("1", "A", "P1")], header=("Nummer", "Titel", "Prio"))
    register = valid(load(book, tmp_path))
    assert (measure(register, "1")["title"], measure(register, "1")["priority"]) == ("A", 1)


# --------------------------------------------------------------------------- tolerance: rows


@pytest.mark.parametrize("title_rows", [0, 1, 3, 10])
def test_up_to_ten_title_rows(tmp_path, title_rows):
    title = ["Maßnahmenregister", None, "Hinweis: bitte pflegen", *[None] * 10][:title_rows]
    book = Book().measures([("0.01", "A", 0, "10"), ("0.01", "B", 0, "10")], title=title).offices()
    error = the_error(load(book, tmp_path))
    header_row = title_rows + 1
    assert where([error]) == [(M, header_row + 2, "Nr")]
    assert error.message == f"„0.01“ kommt doppelt vor (zuerst in Zeile {header_row + 1})."


def test_eleven_title_rows_are_too_many(tmp_path):
    book = Book().measures([("0.01", "A", 0, "10")], title=["Register", *[None] * 10]).offices()
    error = the_error(load(book, tmp_path))
    assert error.code is Code.MISSING_COLUMN
    assert error.sheet == M
    assert "Kopfzeile" in error.message and "›Nr‹" in error.message


def test_header_may_start_in_a_later_column(tmp_path):
    book = Book().sheet(M, None, [[], [None, "Nr", "Maßnahme", "Priorität"], [None, "0.01", "A", 0],
                                  [None, "0.02", "B", 9]])
    error = the_error(load(book, tmp_path))
    assert where([error]) == [(M, 4, "Priorität")]


def test_blank_rows_are_ignored_and_rows_are_excel_rows(tmp_path):
    rows = [None, ("0.01", "A", 0, "10"), None, None, ("0.02", "B", 1, "12"), ("   ", None, None, "  "),
            ("0.03", "C", 7, "12"), None]
    book = Book().measures(rows, title=["Register", None]).offices()
    error = the_error(load(book, tmp_path))
    # title rows 1-2, header row 3, blank 4, 0.01 in 5, blanks 6-7, 0.02 in 8, blank-ish 9, 0.03 in 10
    assert where([error]) == [(M, 10, "Priorität")]
    book.measures(rows[:-2], title=["Register", None])
    register = valid(load(book, tmp_path))
    assert list(register.measures["id"]) == ["0.01", "0.02"]
    assert list(register.measures["row"]) == [5, 8]


def test_blank_rows_in_rollout_and_offices(tmp_path):
    book = (Book().measures([("0.01", "A", 0, "10")])
            .offices([None, ("10", "Hauptamt", "I"), None, ("12", "IT", "I")])
            .matrix(["10", "12"], [None, ("0.01", "x", "offen"), None, None], title=[None, "Umsetzung"]))
    register = valid(load(book, tmp_path))
    assert list(register.offices["office"]) == ["10", "12"]
    assert sorted(zip(register.rollout["office"], register.rollout["row"], strict=True)) == [("10", 5), ("12", 5)]


def test_extra_columns_are_kept_and_warned(tmp_path):
    header = (*MEASURE_HEADER, "Notiz intern", "Ansprechpartner")
    book = Book().measures([("0.01", "A", 0, "10", "dringend", None), ("0.02", "B", 0, "10", None, 42)],
                           header=header, title=["Register"]).offices()
    result = load(book, tmp_path)
    register = valid(result)
    assert register.extra_columns == ("Notiz intern", "Ansprechpartner")
    assert [None if pd.isna(v) else v for v in register.measures["Notiz intern"]] == ["dringend", None]
    assert [None if pd.isna(v) else v for v in register.measures["Ansprechpartner"]] == [None, "42"]
    assert where(result.warnings) == [(M, 2, "Notiz intern"), (M, 2, "Ansprechpartner")]
    assert set(codes(result.warnings)) == {Code.EXTRA_COLUMN}


# --------------------------------------------------------------------------- tolerance: Stand


@pytest.mark.parametrize(
    "title",
    [
        ["Maßnahmenregister", "Stand: 17.09.2019"],
        ["Maßnahmenregister", "Stand 17.09.2019"],
        ["Stand:17.9.19"],
        ["Maßnahmenregister", ("Stand:", D(2019, 9, 17))],  # date in the next cell
        [("Stand:", "17.09.2019")],
        [(None, "Stand:", None, "2019-09-17")],
        [("Register", None, "Stand: 17.09.2019")],
    ],
)
def test_stand_in_title_rows(tmp_path, title):
    book = Book().measures([("0.01", "A", 0, "10")], title=title).offices()
    assert valid(load(book, tmp_path)).stand == D(2019, 9, 17)


def test_no_stand_anywhere(tmp_path):
    assert valid(load(simple(), tmp_path)).stand is None


@pytest.mark.parametrize("value", [D(2019, 9, 17), "17.09.2019", "2019-09-17", 43725])
def test_stand_in_info_sheet(tmp_path, value):
    book = simple().info(value)
    result = load(book, tmp_path)
    assert valid(result).stand == D(2019, 9, 17)
    assert result.warnings == []


@pytest.mark.parametrize("label", ["Stand:", " STAND ", "stand"])
def test_info_stand_label_tolerance(tmp_path, label):
    assert valid(load(simple().info("17.09.2019", label=label), tmp_path)).stand == D(2019, 9, 17)


def test_info_stand_wins_with_warning_when_different(tmp_path):
    book = Book().measures([("0.01", "A", 0, "10")], title=["Stand: 01.09.2019"]).offices().info(D(2019, 9, 17))
    result = load(book, tmp_path)
    assert valid(result).stand == D(2019, 9, 17)
    assert codes(result.warnings) == [Code.STAND_DIFFERS]
    assert result.warnings[0].sheet == "Info" and result.warnings[0].row == 3


def test_same_stand_twice_is_no_warning(tmp_path):
    book = Book().measures([("0.01", "A", 0, "10")], title=["Stand: 17.09.2019"]).offices().info("17.09.2019")
    result = load(book, tmp_path)
    assert valid(result).stand == D(2019, 9, 17) and result.warnings == []


def test_unreadable_stand_in_info_is_an_error(tmp_path):
    error = the_error(load(simple().info("Herbst 2019"), tmp_path))
    assert error.code is Code.BAD_DATE
    assert (error.sheet, error.row, error.column) == ("Info", 3, "B")
    assert "Herbst 2019" in error.message


@pytest.mark.parametrize("line", ["Stand: Herbst 2019", "Stand: 31.02.2019"])
def test_unreadable_stand_in_title_is_an_error(tmp_path, line):
    book = Book().measures([("0.01", "A", 0, "10")], title=["Register", line]).offices()
    error = the_error(load(book, tmp_path))
    assert error.code is Code.BAD_DATE
    assert (error.sheet, error.row) == (M, 2)


# --------------------------------------------------------------------------- tolerance: values


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (D(2019, 12, 31), D(2019, 12, 31)),
        (dt.datetime(2019, 12, 31), D(2019, 12, 31)),
        ("31.12.2019", D(2019, 12, 31)),
        ("1.6.19", D(2019, 6, 1)),
        ("2019-12-31", D(2019, 12, 31)),
        (43830, D(2019, 12, 31)),
        (32874, D(1990, 1, 1)),
    ],
)
def test_date_forms_in_a_real_workbook(tmp_path, cell, expected):
    book = Book().measures([("0.01", "A", 4, cell, cell)], header=("Nr", "Maßnahme", "Priorität", "Frist", "Beginn"))
    row = measure(valid(load(book, tmp_path)), "0.01")
    assert row["deadline"] == pd.Timestamp(expected)
    assert row["start"] == pd.Timestamp(expected)


@pytest.mark.parametrize(("cell", "expected"), [("03.2020", D(2020, 3, 1)), ("3.2020", D(2020, 3, 1))])
def test_beginn_takes_a_month(tmp_path, cell, expected):
    book = Book().measures([("0.01", "A", 4, cell)], header=("Nr", "Maßnahme", "Priorität", "Beginn"))
    assert measure(valid(load(book, tmp_path)), "0.01")["start"] == pd.Timestamp(expected)


def test_month_is_not_a_deadline(tmp_path):
    book = Book().measures([("0.01", "A", 4, "03.2020")], header=("Nr", "Maßnahme", "Priorität", "Frist"))
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.BAD_DATE, M, 2, "Frist")


@pytest.mark.parametrize(
    ("cell", "expected", "warned"),
    [("1.10", "1.10", False), ("0.01", "0.01", False), ("B-3", "B-3", False), (1.1, "1.1", True), (2, "2", True),
     (1.10, "1.1", True)],
)
def test_nr_is_text_numbers_warned(tmp_path, cell, expected, warned):
    book = Book().measures([(cell, "A", 0, "10")]).offices()
    result = load(book, tmp_path)
    assert list(valid(result).measures["id"]) == [expected]
    if warned:
        assert codes(result.warnings) == [Code.NUMERIC_ID]
        assert where(result.warnings) == [(M, 2, "Nr")]
        assert f"„{expected}“" in result.warnings[0].message
    else:
        assert result.warnings == []


def test_nr_1_10_and_1_1_are_different_measures(tmp_path):
    book = Book().measures([("1.1", "A", 0, "10"), ("1.10", "B", 0, "10")]).offices()
    assert list(valid(load(book, tmp_path)).measures["id"]) == ["1.1", "1.10"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(0, 0), (0.0, 0), ("0", 0), ("0.0", 0), ("P0", 0), ("Prio 0", 0), ("Priorität 0", 0), ("PRIORITAET 3", 3),
     (5, 5), ("P5", 5)],
)
def test_priority_forms(tmp_path, cell, expected):
    book = Book().measures([("0.01", "A", cell, "10")]).offices()
    assert measure(valid(load(book, tmp_path)), "0.01")["priority"] == expected


@pytest.mark.parametrize("lead", ["12", 12, "12 Amt für Informationstechnik", "Amt für Informationstechnik",
                                  "amt fuer informationstechnik", " 12 "])
def test_lead_office_forms(tmp_path, lead):
    book = Book().measures([("0.01", "A", 0, lead)]).offices()
    assert measure(valid(load(book, tmp_path)), "0.01")["lead_office"] == "12"


def test_lead_office_without_offices_sheet(tmp_path):
    book = Book().measures([("0.01", "A", 0, "12 Amt für IT"), ("0.02", "B", 0, 33)])
    register = valid(load(book, tmp_path))
    assert list(register.measures["lead_office"]) == ["12", "33"]


def test_optional_columns(tmp_path):
    header = ("Nr", "Maßnahme", "Priorität", "Handlungsfeld", "Kooperationspartner", "Arbeitsplätze gesamt",
              "Arbeitsplätze ausgerollt", "Anwendungen offen", "Reihenfolge", "Dauer (Monate)", "Personentage",
              "Budget (EUR)", "Bemerkung", "Status")
    row = ("3.01", "A", 3, "Bürgerservice", "Stadt Trier; Stadt Koblenz", 120, "100", "Fachverfahren A;B", 2,
           "6", "1.234,5", "50.000", "siehe Plan", "teilw.")
    m = measure(valid(load(Book().measures([row], header=header), tmp_path)), "3.01")
    assert m["field"] == "Bürgerservice"
    assert m["partners"] == ["Stadt Trier", "Stadt Koblenz"]
    assert (m["workplaces_total"], m["workplaces_done"]) == (120, 100)
    assert m["open_applications"] == ["Fachverfahren A", "B"]
    assert (m["order"], m["duration_months"], m["person_days"], m["budget_eur"]) == (2, 6, 1234.5, 50000)
    assert (m["remark"], m["explicit_status"]) == ("siehe Plan", "teilweise")


# --------------------------------------------------------------------------- vocabulary in both forms

WORDS = [
    ("umgesetzt", "umgesetzt"), ("x", "umgesetzt"), ("ja", "umgesetzt"), ("✓", "umgesetzt"), ("✔", "umgesetzt"),
    ("erledigt", "umgesetzt"), ("ausgerollt", "umgesetzt"), ("Fertig", "umgesetzt"),
    ("teilweise", "teilweise"), ("teilw.", "teilweise"), ("teilw", "teilweise"), ("in Arbeit", "teilweise"),
    ("begonnen", "teilweise"), ("läuft", "teilweise"), ("laeuft", "teilweise"),
    (None, "offen"), ("offen", "offen"), ("nein", "offen"), ("nicht begonnen", "offen"),
    ("-", "n. r."), ("–", "n. r."), ("n. r.", "n. r."), ("n.r.", "n. r."), ("n.r", "n. r."),
    ("entfällt", "n. r."), ("nicht relevant", "n. r."),
]


@pytest.mark.parametrize(("word", "state"), WORDS)
def test_vocabulary_in_matrix(tmp_path, word, state):
    book = simple().matrix(["10", "12 Amt für Informationstechnik"], [("0.01", word, "x")])
    rollout = valid(load(book, tmp_path)).rollout
    assert dict(zip(rollout["office"], rollout["state"], strict=True)) == {"10": state, "12": "umgesetzt"}


@pytest.mark.parametrize(("word", "state"), WORDS)
def test_vocabulary_in_long_form(tmp_path, word, state):
    book = simple().long([("0.01", "10", word), ("0.01", "12", "x")])
    rollout = valid(load(book, tmp_path)).rollout
    assert dict(zip(rollout["office"], rollout["state"], strict=True)) == {"10": state, "12": "umgesetzt"}


def test_long_form_offices_by_number_text_and_name(tmp_path):
    book = simple().long([("0.01", 10, "x"), ("0.01", "12 Amt für Informationstechnik", "x"),
                          ("0.01", "Bürgeramt", "offen")], header=("nr", "AMT", "status"))
    rollout = valid(load(book, tmp_path)).rollout
    assert list(rollout["office"]) == ["10", "12", "33"]
    assert list(rollout["row"]) == [2, 3, 4]


def test_matrix_with_numeric_headers_and_ids(tmp_path):
    book = Book().measures([(2, "A", 0, "10")]).offices().matrix([10, 12], [(2, "x", "–")])
    rollout = valid(load(book, tmp_path)).rollout
    assert sorted(zip(rollout["id"], rollout["office"], rollout["state"], strict=True)) == [
        ("2", "10", "umgesetzt"), ("2", "12", "n. r.")]


def test_matrix_non_office_columns_are_warned_not_errors(tmp_path):
    book = simple().matrix(["Maßnahme", "10"], [("0.01", "Poststelle", "x")])
    result = load(book, tmp_path)
    assert list(valid(result).rollout["office"]) == ["10"]
    assert where(result.warnings) == [("Rollout", 1, "Maßnahme")]


def test_long_form_with_applications(tmp_path):
    book = simple().long([("0.01", "10", "x", "Fachverfahren A"), ("0.01", "10", "offen", "Fachverfahren B")],
                         header=("Nr", "Amt", "Status", "Anwendung"))
    rollout = valid(load(book, tmp_path)).rollout
    assert list(rollout["application"]) == ["Fachverfahren A", "Fachverfahren B"]


# --------------------------------------------------------------------------- errors with their place


def test_duplicate_nr_exact_message(tmp_path):
    book = Book().measures([("0.01", "A", 0, "10"), ("0.02", "B", 0, "10"), ("0.01", "C", 0, "10")]).offices()
    error = the_error(load(book, tmp_path))
    assert error.code is Code.DUPLICATE_ID
    assert error.text() == "Blatt ›Maßnahmen‹, Zeile 4, Spalte ›Nr‹: „0.01“ kommt doppelt vor (zuerst in Zeile 2)."


def test_duplicate_nr_number_and_text(tmp_path):
    book = Book().measures([("2", "A", 0, "10"), (2, "B", 0, "10")]).offices()
    error = the_error(load(book, tmp_path))
    assert where([error]) == [(M, 3, "Nr")] and "(zuerst in Zeile 2)" in error.message


def test_missing_measure_sheet(tmp_path):
    book = Book().sheet("Tabelle1", ("Nr", "Maßnahme", "Priorität"), [("0.01", "A", 0)]).offices()
    error = the_error(load(book, tmp_path))
    assert (error.code, error.sheet, error.row, error.column) == (Code.MISSING_SHEET, M, None, None)
    assert "›Tabelle1‹" in error.message


@pytest.mark.parametrize(
    ("header", "missing"),
    [(("Nr", "Maßnahme"), ["Priorität"]), (("Maßnahme", "Priorität"), ["Nr"]), (("Nr", "Prio"), ["Maßnahme"]),
     (("Nr", "Frist"), ["Maßnahme", "Priorität"])],
)
def test_missing_required_column(tmp_path, header, missing):
    book = Book().measures([("x",) * len(header)], header=header, title=["Register", None])
    result = load(book, tmp_path)
    assert not result.ok
    missing_errors = [p for p in result.errors if p.code is Code.MISSING_COLUMN]
    assert where(missing_errors) == [(M, 3, name) for name in missing]


@pytest.mark.parametrize(
    ("row", "column"),
    [((None, "A", 0), "Nr"), (("0.02", None, 0), "Maßnahme"), (("0.02", "B", None), "Priorität"),
     (("0.02", "  ", 1), "Maßnahme")],
)
def test_empty_required_value(tmp_path, row, column):
    book = Book().measures([("0.01", "A", 0), row], header=("Nr", "Maßnahme", "Priorität"))
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.EMPTY_REQUIRED, M, 3, column)


@pytest.mark.parametrize("cell", [6, -1, "P7", "hoch", 2.5])
def test_priority_outside_range(tmp_path, cell):
    book = Book().measures([("0.01", "A", cell, "10")], header=("Nr", "Maßnahme", "prio", "Federführung")).offices()
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.BAD_PRIORITY, M, 2, "prio")


@pytest.mark.parametrize(
    ("column", "cell", "code"),
    [
        ("Frist", "31.02.2019", Code.BAD_DATE),
        ("Umgesetzt am", "gestern", Code.BAD_DATE),
        ("Beginn", "Q3/2020", Code.BAD_DATE),
        ("Frist", 2019, Code.BAD_DATE),
        ("Arbeitsplätze gesamt", "viele", Code.BAD_NUMBER),
        ("Arbeitsplätze ausgerollt", 2.5, Code.BAD_NUMBER),
        ("Budget (EUR)", "-5", Code.BAD_NUMBER),
        ("Personentage", "ca. 20", Code.BAD_NUMBER),
    ],
)
def test_unreadable_date_or_number(tmp_path, column, cell, code):
    book = Book().measures([("0.01", "A", 3, None), ("0.02", "B", 3, cell)], header=("Nr", "Maßnahme", "Priorität", column))
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (code, M, 3, column)
    assert error.value is not None


def test_unknown_word_in_matrix(tmp_path):
    book = simple([("0.01", "A", 0, "10"), ("0.02", "B", 0, "10")]).matrix(
        ["10 Hauptamt", "12 IT"], [("0.01", "x", "x"), ("0.02", "x", "vielleicht")], title=["Umsetzung", None])
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.UNKNOWN_WORD, "Rollout", 5, "12 IT")
    assert "„vielleicht“" in error.message and "„umgesetzt“" in error.message and "„n. r.“" in error.message


def test_unknown_word_in_long_form(tmp_path):
    book = simple().long([("0.01", "10", "x"), ("0.01", "12", "jein")], header=("Nr", "Amt", "Stand der Dinge"))
    # 'Stand der Dinge' is no Status column: a long form without Status is refused, not read as a matrix
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.MISSING_COLUMN, "Rollout", 1, "Status")
    book = simple().long([("0.01", "10", "x"), ("0.01", "12", "jein")], header=("Nr", "Amt", "status"))
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.UNKNOWN_WORD, "Rollout", 3, "status")


@pytest.mark.parametrize("cell", ["n. r.", "-", "entfällt", "unbekannt"])
def test_bad_word_in_measure_status(tmp_path, cell):
    book = Book().measures([("0.01", "A", 0, "x"), ("0.02", "B", 0, cell)], header=("Nr", "Maßnahme", "Priorität", "Status"))
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.UNKNOWN_WORD, M, 3, "Status")
    assert "„umgesetzt“" in error.message and "„offen“" in error.message


def test_rollout_row_for_unknown_measure(tmp_path):
    book = simple().matrix(["10", "12"], [("0.01", "x", "x"), ("9.99", "x", "offen")])
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.UNKNOWN_MEASURE, "Rollout", 3, "Nr")
    assert "„9.99“" in error.message
    book = simple().long([("0.01", "10", "x"), None, ("0.1", "10", "x")])
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.UNKNOWN_MEASURE, "Rollout", 4, "Nr")


def test_repeated_key_long_form(tmp_path):
    book = simple().long([("0.01", "10", "x"), ("0.01", "12", "x"), ("0.01", "10 Hauptamt", "offen")])
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.DUPLICATE_ROLLOUT, "Rollout", 4, "Nr")
    assert "(zuerst in Zeile 2)" in error.message


def test_repeated_key_long_form_with_application(tmp_path):
    header = ("Nr", "Amt", "Status", "Anwendung")
    rows = [("0.01", "10", "x", "A"), ("0.01", "10", "x", "B"), ("0.01", "12", "x", "A"), ("0.01", "10", "offen", "B")]
    error = the_error(load(simple().long(rows, header=header), tmp_path))
    assert (error.code, *where([error])[0]) == (Code.DUPLICATE_ROLLOUT, "Rollout", 5, "Nr")
    assert "(zuerst in Zeile 3)" in error.message
    assert valid(load(simple().long(rows[:3], header=header), tmp_path)).rollout.shape[0] == 3


def test_repeated_nr_row_in_matrix(tmp_path):
    book = simple([("0.01", "A", 0, "10"), ("0.02", "B", 0, "10")]).matrix(
        ["10", "12"], [("0.01", "x", "x"), ("0.02", "x", "x"), None, ("0.01", "offen", "x")])
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.DUPLICATE_ROLLOUT, "Rollout", 5, "Nr")
    assert "„0.01“" in error.message and "(zuerst in Zeile 2)" in error.message


def test_unknown_office_in_matrix_header(tmp_path):
    book = simple().matrix(["10", "99 Amt für Träume"], [("0.01", "x", "x")], title=["Umsetzung", "Stand: egal"])
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.UNKNOWN_OFFICE, "Rollout", 3, "99 Amt für Träume")


def test_unknown_office_in_long_form(tmp_path):
    book = simple().long([("0.01", "10", "x"), ("0.01", "Amt für Träume", "x"), ("0.01", "99", "x")],
                         header=("Nr", "Dienststelle", "Status"))
    # 'Dienststelle' is no Amt column: a long form without Amt is refused, not read as an empty matrix
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.MISSING_COLUMN, "Rollout", 1, "Amt")
    book = simple().long([("0.01", "10", "x"), ("0.01", "Amt für Träume", "x"), ("0.01", "99", "x")])
    result = load(book, tmp_path)
    assert codes(result.errors) == [Code.UNKNOWN_OFFICE] * 2
    assert where(result.errors) == [("Rollout", 3, "Amt"), ("Rollout", 4, "Amt")]


@pytest.mark.parametrize("lead", ["99", "99 Amt für Träume", "Amt für Träume"])
def test_unknown_lead_office(tmp_path, lead):
    book = Book().measures([("0.01", "A", 0, "10"), ("0.02", "B", 0, lead)], title=["Register"]).offices()
    result = load(book, tmp_path)
    error = the_error(result)
    assert (error.code, *where([error])[0]) == (Code.UNKNOWN_OFFICE, M, 4, "Federführung")
    assert result.warnings == []  # an unknown lead office is still a lead office


def test_workplaces_done_exceed_total(tmp_path):
    header = ("Nr", "Maßnahme", "Priorität", "Arbeitsplätze gesamt", "Arbeitsplätze ausgerollt")
    book = Book().measures([("0.01", "A", 0, 10, 10), ("0.02", "B", 0, 10, 11)], header=header)
    error = the_error(load(book, tmp_path))
    assert (error.code, *where([error])[0]) == (Code.WORKPLACES_EXCEED, M, 3, "Arbeitsplätze ausgerollt")


def test_all_errors_of_a_file_at_once(tmp_path):
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist")
    book = (Book().measures([("0.01", "A", 0, "10", None), ("0.01", "B", 0, "10", None), ("0.03", "C", 9, "10", None),
                             ("0.04", "D", 0, "99", None), ("0.05", "E", 0, "10", "bald")], header=header)
            .offices().matrix(["10"], [("0.01", "x"), ("0.05", "hm")]))
    result = load(book, tmp_path)
    assert result.register is None
    assert sorted(where(result.errors)) == sorted([
        (M, 3, "Nr"), (M, 4, "Priorität"), (M, 5, "Federführung"), (M, 6, "Frist"), ("Rollout", 3, "10")])
    assert sorted(c.value for c in codes(result.errors)) == sorted(c.value for c in (
        Code.DUPLICATE_ID, Code.BAD_PRIORITY, Code.UNKNOWN_OFFICE, Code.BAD_DATE, Code.UNKNOWN_WORD))


def test_offices_sheet_errors(tmp_path):
    book = simple().offices([("10", "Hauptamt"), ("10", "Hauptamt 2"), ("12", None)], header=("Nr", "Bezeichnung"))
    result = load(book, tmp_path)
    assert where(result.errors) == [("Ämter", 3, "Nr"), ("Ämter", 4, "Bezeichnung")]


# --------------------------------------------------------------------------- warnings


def test_measure_without_lead_or_rollout_is_warned(tmp_path):
    book = Book().measures([("0.01", "A", 0, None), ("0.02", "B", 0, None), ("0.03", "C", 0, "10")]).offices() \
        .matrix(["10"], [("0.02", "x")])
    result = load(book, tmp_path)
    valid(result)
    assert (codes(result.warnings), where(result.warnings)) == ([Code.NO_OFFICE], [(M, 2, "Federführung")])


@pytest.mark.parametrize(
    ("priority", "deadline", "warned"),
    [(0, D(2020, 1, 1), True), (2, "01.01.2020", True), (1, D(2019, 12, 31), False), (3, D(2021, 1, 1), False),
     (5, D(2030, 1, 1), False), (0, None, False)],
)
def test_late_deadline_for_priorities_0_to_2(tmp_path, priority, deadline, warned):
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist")
    result = load(Book().measures([("0.01", "A", priority, "10", deadline)], header=header).offices(), tmp_path)
    valid(result)
    assert where(result.warnings) == ([(M, 2, "Frist")] if warned else [])


def test_warnings_do_not_refuse_the_file(tmp_path):
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Notiz")
    book = Book().measures([(1.5, "A", 0, None, D(2020, 6, 1), "n")], header=header, title=["Stand: 01.01.2019"]) \
        .info(D(2019, 2, 1))
    result = load(book, tmp_path)
    valid(result)
    assert sorted(c.value for c in codes(result.warnings)) == sorted(c.value for c in (
        Code.EXTRA_COLUMN, Code.NO_OFFICE, Code.LATE_DEADLINE, Code.NUMERIC_ID, Code.STAND_DIFFERS))


def test_a_title_starting_with_stand_is_no_date_line(tmp_path):
    title = ["Stand der Umsetzung E-Government", "Stand: 17.09.2019"]
    book = Book().measures([("0.01", "A", 0, "10")], title=title).offices()
    assert valid(load(book, tmp_path)).stand == D(2019, 9, 17)


@pytest.mark.parametrize("name", ["id", "row", "title", "priority", "deadline"])
def test_extra_column_named_like_an_internal_key(tmp_path, name):
    header = (*MEASURE_HEADER, name)
    book = Book().measures([("0.01", "A", 1, "10", "foo"), ("0.02", "B", 2, "10", "bar")], header=header).offices()
    result = load(book, tmp_path)
    register = valid(result)
    assert list(register.measures["id"]) == ["0.01", "0.02"]
    assert list(register.measures["row"]) == [2, 3]
    assert list(register.measures["priority"]) == [1, 2]
    assert where(result.warnings) == [(M, 1, name)]
    assert len(register.extra_columns) == 1
    assert list(register.measures[register.extra_columns[0]]) == ["foo", "bar"]


def test_rollout_rows_without_nr_or_amt(tmp_path):
    book = simple().long([("0.01", "10", "x"), (None, "12", "x"), ("0.01", None, "x")], title=["Liste"])
    result = load(book, tmp_path)
    assert sorted(where(result.errors)) == [("Rollout", 4, "Nr"), ("Rollout", 5, "Amt")]
    assert set(codes(result.errors)) == {Code.EMPTY_REQUIRED}


def test_empty_measure_sheet_has_no_header(tmp_path):
    error = the_error(load(Book().sheet(M, None, []).offices(), tmp_path))
    assert (error.code, error.sheet) == (Code.MISSING_COLUMN, M)


def test_matrix_office_with_two_columns(tmp_path):
    book = simple().matrix(["12", "12 Amt für Informationstechnik"], [("0.01", "x", "x")])
    error = the_error(load(book, tmp_path))
    assert where([error]) == [("Rollout", 1, "12 Amt für Informationstechnik")]
