"""Error values, the 1904 date system, overlong texts and hidden parts, in files written by real writers.

openpyxl and XlsxWriter write the workbooks here in the test; the LibreOffice files are committed
fixtures (tests/fixtures/README.md says how they were made), so LibreOffice is not needed to run this.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lib.reading.contract import EXCEL_ERRORS
from lib.reading.register import read_register
from tests.builders import OFFICES, Book, ErrorCell, simple

FIXTURES = Path(__file__).parents[1] / "fixtures"
D = dt.date
HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Notiz")


def findings(data: bytes) -> list[tuple]:
    """Errors, then warnings, as tuples; the warnings about the extra columns used here left out."""
    result = read_register(data, "register.xlsx")
    return [(p.severity.value, p.code.value, p.sheet, p.row, p.column, p.value, p.message)
            for p in (*result.errors, *result.warnings) if p.code.value != "extra_column"]


def excel_error(literal: str) -> str:
    return f"Die Zelle enthält den Excel-Fehler „{literal}“ – bitte die Formel prüfen."


def with_error_in_frist(literal: str) -> Book:
    return Book().measures([("0.01", "Poststelle", 0, "10", ErrorCell(literal), "")], header=HEADER).offices()


@pytest.mark.parametrize("literal", EXCEL_ERRORS)
@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_every_error_value_in_a_contract_column_is_an_error_naming_it(literal, writer):
    book = with_error_in_frist(literal)
    data = book.to_bytes() if writer == "openpyxl" else book.xlsxwriter_bytes()
    # Not 31.12.2019 (what an empty Frist means), not an unreadable sheet: the cell and its value.
    assert findings(data) == [("error", "excel_error", "Maßnahmen", 2, "Frist", literal, excel_error(literal))]


def test_the_message_names_sheet_row_column_and_value():
    result = read_register(Book().measures([("0.01", "A", 0, "12"), ("0.02", "B", 0, "12")]).offices().matrix(
        ["12"], [("0.01", "x"), ("0.02", ErrorCell("#N/A"))]).to_bytes())
    assert [p.text() for p in result.errors][-1] == (
        "Blatt ›Rollout‹, Zeile 3, Spalte ›12‹: Die Zelle enthält den Excel-Fehler „#N/A“ – bitte die Formel prüfen.")


NA = ErrorCell("#N/A")
SPILL = ErrorCell("#SPILL!")  # a kind the readers refuse a whole sheet over, unless rewritten first
MEASURE = ("0.01", "Poststelle", 0, "10", None, None)


def measures(*rows: tuple) -> Book:
    return Book().measures(rows, header=HEADER).offices()


@pytest.mark.parametrize(
    ("book", "expected"),
    [
        (measures(("0.01", NA, 0, "10", None, None)), ("error", "Maßnahmen", 2, "Maßnahme")),
        (measures(MEASURE, (SPILL, "Formulare", 1, "10", None, None)), ("error", "Maßnahmen", 3, "Nr")),
        (measures(("0.01", "Poststelle", NA, "10", None, None)), ("error", "Maßnahmen", 2, "Priorität")),
        (measures(("0.01", "Poststelle", 0, SPILL, None, None)), ("error", "Maßnahmen", 2, "Federführung")),
        (measures(("0.01", "Poststelle", 0, "10", None, NA)), ("warning", "Maßnahmen", 2, "Notiz")),
        (Book().measures([MEASURE[:4] + (None, None)], header=("Nr", "Maßnahme", "Priorität", "Federführung", NA))
         .offices(), ("error", "Maßnahmen", 1, "E")),
        (Book().measures([MEASURE[:4]]).offices([*OFFICES, ("20", NA, "II")]), ("error", "Ämter", 5, "Bezeichnung")),
        (Book().measures([MEASURE[:4]]).offices([("10", "Hauptamt", SPILL)]), ("error", "Ämter", 2, "Dezernat")),
        (Book().measures([MEASURE[:4]]).offices([("10", "Hauptamt", "I"), (NA, "Amt", "I")]), ("error", "Ämter", 3,
                                                                                               "Nr")),
        (simple().info(NA), ("error", "Info", 3, "B")),
        (simple().measures([MEASURE[:4]], title=[("Stand:", SPILL)]).offices(), ("error", "Maßnahmen", 1, "B")),
        (simple().matrix(["10", "Notiz"], [("0.01", NA, None)]), ("error", "Rollout", 2, "10")),
        (simple().matrix(["10", "Notiz"], [("0.01", "x", SPILL)]), ("warning", "Rollout", 2, "Notiz")),
        (simple().matrix(["10"], [("0.01", "x"), (NA, "x")]), ("error", "Rollout", 3, "Nr")),
        (simple().matrix(["10", SPILL], [("0.01", "x", "x")]), ("error", "Rollout", 1, "C")),
        (simple().long([("0.01", SPILL, "x")]), ("error", "Rollout", 2, "Amt")),
        (simple().long([("0.01", "10", NA)]), ("error", "Rollout", 2, "Status")),
        (simple().long([(NA, "10", "x")]), ("error", "Rollout", 2, "Nr")),
        (simple().long([("0.01", "10", "x", NA)], header=("Nr", "Amt", "Status", "Anwendung")),
         ("error", "Rollout", 2, "Anwendung")),
        (simple().long([("0.01", "10", "x", NA)], header=("Nr", "Amt", "Status", "Notiz")),
         ("warning", "Rollout", 2, "Notiz")),
    ],
)
def test_an_error_value_is_found_wherever_the_reader_looks(book, expected):
    severity, sheet, row, column = expected
    literal = next(v for rows in book.sheets.values() for r in rows for v in r if isinstance(v, ErrorCell))
    problems = findings(book.to_bytes())
    message = f"Stand: {excel_error(literal)}" if column == "B" and sheet in ("Info", "Maßnahmen") else \
        excel_error(literal)
    # The only finding: no second one for the same cell (empty required value, unknown word, Nr missing …).
    assert problems == [(severity, "excel_error", sheet, row, column, literal, message)]


def test_an_error_value_in_an_extra_column_leaves_the_register_valid_and_shows_the_value():
    result = read_register(measures(("0.01", "Poststelle", 0, "10", None, NA)).to_bytes())
    assert result.ok
    assert result.register.measures["Notiz"].tolist() == ["#N/A"]


def test_a_row_holding_only_an_error_value_is_not_a_blank_row():
    assert [p for p in findings(measures(MEASURE, (None, None, None, None, NA, None)).to_bytes()) if p[0] == "error"] == [
        ("error", "empty_required", "Maßnahmen", 3, "Nr", None, "Pflichtfeld ist leer; erwartet wird eine eindeutige "
         "Nr wie „1.02“."),
        ("error", "empty_required", "Maßnahmen", 3, "Maßnahme", None, "Pflichtfeld ist leer; erwartet wird ein Text."),
        ("error", "empty_required", "Maßnahmen", 3, "Priorität", None, "Pflichtfeld ist leer; erwartet wird eine "
         "Priorität von 0 bis 5."),
        ("error", "excel_error", "Maßnahmen", 3, "Frist", "#N/A", excel_error("#N/A")),
    ]


def test_formulas_count_by_their_cached_value():
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Maßnahmen")
    sheet.write_row(0, 0, ["Nr", "Maßnahme", "Priorität"])
    sheet.write_string(1, 0, "0.01")
    sheet.write_formula(1, 1, '="Post"&"stelle"', None, "Poststelle")
    sheet.write_formula(1, 2, "=1+1", None, 2)
    book.close()
    result = read_register(buffer.getvalue())
    assert result.ok
    assert (result.register.measures["title"].tolist(), result.register.measures["priority"].tolist()) == (
        ["Poststelle"], [2])


# --------------------------------------------------------------------------- the 1904 date system

# 31.12.2019 is serial 43830 in the 1900 system and 42368 (1.462 days fewer) in the 1904 system.
@pytest.mark.parametrize(
    ("date1904", "frist", "stand", "expected_frist", "expected_stand"),
    [
        (False, 43830, 43725, D(2019, 12, 31), D(2019, 9, 17)),
        (True, 42368, 42263, D(2019, 12, 31), D(2019, 9, 17)),
        (True, 43830, 43725, D(2024, 1, 1), D(2023, 9, 18)),  # a 1900 serial in a 1904 workbook is four years later
        (True, D(2019, 12, 31), D(2019, 9, 17), D(2019, 12, 31), D(2019, 9, 17)),  # date cells need no arithmetic
    ],
)
@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_plain_numbers_in_date_columns_use_the_workbooks_date_system(writer, date1904, frist, stand, expected_frist,
                                                                    expected_stand):
    book = Book(date1904=date1904).measures([("0.01", "Poststelle", 3, "10", frist, None)], header=HEADER).offices()
    book.info(stand)
    result = read_register(book.to_bytes() if writer == "openpyxl" else book.xlsxwriter_bytes())
    assert result.ok, result.errors
    assert result.register.measures["deadline"].dt.date.tolist() == [expected_frist]
    assert result.register.stand == expected_stand


# --------------------------------------------------------------------------- LibreOffice

def test_libreoffice_error_values_are_named():
    data = (FIXTURES / "libreoffice_errors_1904.xlsx").read_bytes()
    assert [p[:6] for p in findings(data)] == [
        ("error", "excel_error", "Maßnahmen", 3, "Frist", "#N/A"),
        ("error", "excel_error", "Maßnahmen", 4, "Maßnahme", "#DIV/0!"),
        ("error", "excel_error", "Rollout", 3, "10", "#N/A"),
        ("warning", "excel_error", "Maßnahmen", 2, "Notiz", "#N/A"),
    ]


def test_libreoffice_1904_workbook_reads_plain_numbers_and_dates_and_formula_results():
    result = read_register((FIXTURES / "libreoffice_1904.xlsx").read_bytes())
    assert result.ok, result.errors
    measures = result.register.measures
    assert measures["title"].tolist() == ["Poststelle", "Formulare", "Portal"]  # 'Poststelle' is a formula's result
    assert measures["deadline"].dt.date.tolist()[:2] == [D(2019, 12, 31), D(2020, 3, 1)]  # 42368 and a date cell
    assert measures["deadline"].isna().tolist() == [False, False, True]
    assert result.register.rollout["state"].tolist() == ["umgesetzt", "teilweise"]


# --------------------------------------------------------------------------- texts longer than a cell holds

LONG = "LANGERTEXT"  # replaced in the file's XML: openpyxl and XlsxWriter cut a text at 32.767 characters


def with_long_text(data: bytes) -> bytes:
    """The workbook with every LONG replaced by a text of 32.768 characters, as a writer without Excel's limit writes it."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry).replace(LONG.encode(), b"x" * 32_768))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("book", "where"),
    [
        (measures(("0.01", LONG, 0, "10", None, None)), ("Maßnahmen", 2, "Maßnahme")),
        (measures(("0.01", "Poststelle", 0, "10", None, LONG)), ("Maßnahmen", 2, "Notiz")),
        (simple().long([("0.01", "10", "x", LONG)], header=("Nr", "Amt", "Status", "Anwendung")),
         ("Rollout", 2, "Anwendung")),
        (Book().measures([MEASURE[:4]]).offices([("10", LONG, "I")]), ("Ämter", 2, "Bezeichnung")),
    ],
)
def test_a_text_longer_than_a_cell_holds_is_an_error_naming_the_cell(book, where):
    problems = findings(with_long_text(book.to_bytes()))
    assert [p[:5] for p in problems] == [("error", "text_too_long", *where)]
    assert problems[0][6] == "Der Text ist 32.768 Zeichen lang; eine Excel-Zelle fasst höchstens 32.767 Zeichen."


# --------------------------------------------------------------------------- hidden parts count

def test_hidden_rows_columns_filtered_rows_and_hidden_sheets_count_like_visible_ones():
    book = Book().measures([("0.01", "Poststelle", 0, "10", D(2019, 6, 30), None),
                            ("0.02", "Formulare", 1, "12", None, None),
                            ("0.03", "Portal", 2, "33", None, None)], header=HEADER).offices()
    book.matrix(["10", "12", "33"], [("0.01", "x", "-", "-"), ("0.02", "-", "teilweise", "-"),
                                     ("0.03", "-", "-", "x")])
    workbook = load_workbook(io.BytesIO(book.to_bytes()))
    measures_sheet = workbook["Maßnahmen"]
    measures_sheet.row_dimensions[3].hidden = True  # 0.02
    measures_sheet.column_dimensions["E"].hidden = True  # Frist
    measures_sheet.auto_filter.ref = "A1:F4"
    measures_sheet.auto_filter.add_filter_column(0, ["0.01", "0.02"])  # 0.03 filtered out …
    measures_sheet.row_dimensions[4].hidden = True  # … as Excel stores it: the row hidden
    workbook["Rollout"].sheet_state = "hidden"
    workbook["Ämter"].sheet_state = "veryHidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read_register(buffer.getvalue())
    assert result.ok, result.errors
    register = result.register
    assert register.measures["id"].tolist() == ["0.01", "0.02", "0.03"]
    assert register.measures["deadline"].dt.date.tolist()[0] == D(2019, 6, 30)
    assert register.office_ids == ("10", "12", "33")
    assert sorted(zip(register.rollout["id"], register.rollout["office"], register.rollout["state"], strict=True)) == [
        ("0.01", "10", "umgesetzt"), ("0.01", "12", "n. r."), ("0.01", "33", "n. r."),
        ("0.02", "10", "n. r."), ("0.02", "12", "teilweise"), ("0.02", "33", "n. r."),
        ("0.03", "10", "n. r."), ("0.03", "12", "n. r."), ("0.03", "33", "umgesetzt"),
    ]
