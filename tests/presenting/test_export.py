"""Exports: German headers, exactly the filtered rows, readable back, never a live formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lib.deriving.filters import Filters, apply_filters
from lib.deriving.status import derive
from lib.presenting.columns import german
from lib.presenting.export import measure_table, neutralise, safe_file_name, to_csv, to_xlsx
from lib.reading.register import read_register
from tests.builders import Book

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "massnahmen.xlsx"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 6131", "'+49 6131"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ('  =HYPERLINK("http://x","y")', '\'  =HYPERLINK("http://x","y")'),
        ("\u00a0=1", "'\u00a0=1"),
        ("E-Akte", "E-Akte"),
        ("Nr. 1", "Nr. 1"),
        (5, 5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.fixture(scope="module")
def sample():
    register = read_register(SAMPLE.read_bytes()).register
    return register, derive(register, register.stand)


def test_xlsx_round_trip_keeps_rows_and_is_formatted(sample):
    register, derived = sample
    chosen = apply_filters(derived, Filters(priorities=(0, 2)), register.offices)
    table = measure_table(chosen, register)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table)))
    sheet = book["Maßnahmen"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Nr", "Maßnahme", "Priorität"]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == list(chosen["id"])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    deadline = sheet.cell(2, header.index("Frist") + 1)
    assert deadline.is_date and deadline.number_format == "DD.MM.YYYY"


def test_csv_is_semicolon_utf8_bom_with_german_dates(sample):
    register, derived = sample
    table = measure_table(derived, register)
    data = to_csv(table)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Nr" and [r[0] for r in rows[1:]] == list(derived["id"])
    frist = rows[0].index("Frist")
    assert rows[1][frist] == "31.12.2019"


def test_titles_with_formulas_stay_text_in_both_formats(sample):
    register, derived = sample
    evil = derived.head(3).copy()
    titles = ["=HYPERLINK(\"http://evil\",\"x\")", "+1", " @cmd"]
    evil["title"] = titles
    table = measure_table(evil, register)
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(table))).active
    cells = [sheet.cell(r, 2) for r in range(2, 5)]
    # exactly the text, as a text cell with Excel's quote-prefix style: no apostrophe, no formula
    assert [c.value for c in cells] == titles
    assert [(c.data_type, c.quotePrefix) for c in cells] == [("s", True)] * 3
    assert sheet.cell(2, 1).quotePrefix is False  # ordinary text keeps the plain style
    text = to_csv(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";'+1;" in text


def test_xlsx_keeps_formula_like_text_and_error_words_in_headers_titles_and_cells():
    table = pd.DataFrame({"=A1": ["#N/A", "-5", "E-Akte"]})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, title_lines=("=Titel", "Stand")))).active
    assert [(c.value, c.data_type, c.quotePrefix) for (c,) in sheet.iter_rows()] == [
        ("=Titel", "s", True), ("Stand", "s", False), ("=A1", "s", True),
        ("#N/A", "s", True), ("-5", "s", True), ("E-Akte", "s", False)]


def small_register(tmp_path):
    """Seven measures; the comments say what each one is, worked out by hand from the contract.

    Offices 10 and 12 belong to Dezernat I, 33 to Dezernat III; Priorität 0–2 are due 31.12.2019.
    """
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Status")
    measures = [
        ("0.01", "A", 0, "33", None, None),  # 10 done, 33 partial → partial; Dezernat I and III
        ("0.02", "B", 0, "10", None, None),  # 10 and 12 done → complete
        ("1.01", "C", 1, "33", "01.06.2019", None),  # 10 done, 33 open → partial; Dezernat I and III
        ("1.02", "D", 1, "12", None, None),  # 12 partial → partial; Dezernat I only
        ("2.01", "E", 2, "33", None, "teilweise"),  # no rollout: its Status → partial
        ("3.01", "F", 3, "33", None, None),  # no rollout, no Status → not started, no deadline
        ("4.01", "G", 4, "33", "01.01.2020", "offen"),  # due on the Stichtag itself: not overdue
    ]
    rollout = [("0.01", "x", "-", "teilweise"), ("0.02", "x", "x", "-"), ("1.01", "x", "-", "offen"),
               ("1.02", "-", "teilweise", "-")]
    book = Book().measures(measures, header=header, title=["Stand: 01.07.2019"]).offices()
    return book.matrix(["10", "12", "33"], rollout).save(tmp_path / "register.xlsx")


def test_cli_export_writes_exactly_the_filtered_rows(cli, tmp_path):
    out = tmp_path / "export.xlsx"
    done = cli("export", str(small_register(tmp_path)), "--out", str(out), "--priority", "0,1", "--status", "partial",
               "--dezernat", "III")
    assert done.code == 0, done.err
    frame = pd.read_excel(out, dtype={"Nr": str}, engine="openpyxl")
    assert list(frame["Nr"]) == ["0.01", "1.01"]


def test_cli_export_overdue_at_stichtag(cli, tmp_path):
    out = tmp_path / "late.csv"
    done = cli("export", str(small_register(tmp_path)), "--out", str(out), "--overdue", "--stichtag", "01.01.2020")
    assert done.code == 0, done.err
    ids = [r[0] for r in csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";")][1:]
    assert ids == ["0.01", "1.01", "1.02", "2.01"]


@pytest.mark.parametrize("args", [("--out", "x.pdf"), ("--out", "x.xlsx", "--status", "done"),
                                  ("--out", "x.xlsx", "--priority", "7")])
def test_cli_export_refuses_bad_calls_in_german(cli, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)  # the relative --out of a refused call must land nowhere near the repository
    done = cli("export", str(SAMPLE), *args)
    assert done.code == 2 and "Traceback" not in done.err and done.err.startswith("Fehler:")


def test_measure_table_headers_and_one_row_worked_out_by_hand():
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Kooperationspartner", "Ansprechperson")
    book = (Book().measures([("1.01", "E-Rechnung", 1, "12", "01.03.2019", "Kreis; Land", "Frau A")], header=header,
                            title=["Stand: 01.07.2019"])
            .offices().matrix(["10", "12"], [("1.01", "x", None)]))
    register = read_register(book.to_bytes()).register
    table = measure_table(derive(register, dt.date(2019, 7, 1)), register)
    assert list(table.columns) == [
        "Nr", "Maßnahme", "Priorität", "Handlungsfeld", "Federführung", "Dezernat", "Status", "Frist", "Überfällig",
        "Tage überfällig", "Umgesetzt am", "Noch offen in Ämtern", "Arbeitsplätze gesamt", "Arbeitsplätze ausgerollt",
        "Arbeitsplätze offen", "Anwendungen offen", "Kooperationspartner", "Reihenfolge", "Beginn", "Dauer (Monate)",
        "Personentage", "Budget (EUR)", "Bemerkung", "Ansprechperson"]
    row = table.iloc[0]
    assert (row["Federführung"], row["Dezernat"], row["Status"]) == ("12 Amt für Informationstechnik", "I",
                                                                    "teilweise umgesetzt")
    assert (row["Frist"], row["Überfällig"], row["Tage überfällig"]) == (dt.date(2019, 3, 1), "ja", 122)
    assert (row["Noch offen in Ämtern"], row["Kooperationspartner"], row["Ansprechperson"]) == ("12", "Kreis; Land",
                                                                                               "Frau A")


def test_german_headers_keep_ids_first_under_their_own_name():
    frame = pd.DataFrame({"office": ["61"], "office_label": ["61 Bau & Verkehr"], "done": [2], "measures": [4]})
    assert list(german(frame, ["office_label", "measures", "done"], ids=["office"]).columns) == [
        "office", "Amt", "Maßnahmen", "umgesetzt"]


@pytest.mark.parametrize(("name", "expected"), [
    ("register.xlsx", "register.xlsx"),
    ("Maßnahmen Stand 09-2019.xlsx", "Maßnahmen Stand 09-2019.xlsx"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\amt\\register.xlsx", "register.xlsx"),
    ('re"gi<st>er|?.xlsx', "re_gi_st_er__.xlsx"),
    ("rechnung\u202excod.xlsx", "rechnungxcod.xlsx"),  # no right-to-left override
    ("a\r\nContent-Type: text.xlsx", "aContent-Type_ text.xlsx"),
    ("CON.xlsx", "_CON.xlsx"),
    ("nul", "_nul"),
    (" .xlsx. ", "xlsx"),
    ("...", "register.xlsx"),
    ("", "register.xlsx"),
    ("x" * 300 + ".xlsx", "x" * 145 + ".xlsx"),
])
def test_download_names_are_safe(name, expected):
    assert safe_file_name(name) == expected
