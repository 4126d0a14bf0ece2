"""The CLI's findings, called in-process (`main(argv)`): JSON records, text lines and the UI's table agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lib.cli import main
from lib.reading.problems import Code, problem_table
from lib.reading.register import read_register
from tests.builders import Book, ErrorCell

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Notiz")
KEYS = ["severity", "code", "sheet", "row", "column", "value", "message"]


@pytest.fixture
def broken(tmp_path) -> Path:
    """Nr 0.01 twice (row 4), priority 9 (row 3), an error value in the extra column Notiz (row 2)."""
    rows = [("0.01", "Poststelle", 0, "10", ErrorCell("#N/A")), ("0.02", "Formulare", 9, "10", None),
            ("0.01", "Portal", 1, "10", None)]
    return Book().measures(rows, header=HEADER).offices().save(tmp_path / "kaputt.xlsx")


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_validate_json_records_carry_code_and_severity(capsys, broken):
    code, out, _ = run(capsys, "validate", broken, "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    assert data["errors"] == [
        {"severity": "error", "code": "bad_priority", "sheet": "Maßnahmen", "row": 3, "column": "Priorität",
         "value": "9", "message": "Blatt ›Maßnahmen‹, Zeile 3, Spalte ›Priorität‹: Priorität 9 liegt außerhalb von "
                                  "0 bis 5; erwartet wird eine Priorität von 0 bis 5 (z. B. „0“, „P1“, „Prio 2“)."},
        {"severity": "error", "code": "duplicate_id", "sheet": "Maßnahmen", "row": 4, "column": "Nr", "value": "0.01",
         "message": "Blatt ›Maßnahmen‹, Zeile 4, Spalte ›Nr‹: „0.01“ kommt doppelt vor (zuerst in Zeile 2)."},
    ]
    assert [(w["severity"], w["code"], w["row"], w["column"], w["value"]) for w in data["warnings"]] == [
        ("warning", "extra_column", 1, "Notiz", None), ("warning", "excel_error", 2, "Notiz", "#N/A")]
    assert all(list(record) == KEYS for record in data["errors"] + data["warnings"])


def test_validate_text_prints_each_record_as_a_german_line(capsys, broken):
    code, out, _ = run(capsys, "validate", broken)
    assert code == 1
    assert out.splitlines() == [
        "Fehler: Blatt ›Maßnahmen‹, Zeile 3, Spalte ›Priorität‹: Priorität 9 liegt außerhalb von 0 bis 5; erwartet "
        "wird eine Priorität von 0 bis 5 (z. B. „0“, „P1“, „Prio 2“).",
        "Fehler: Blatt ›Maßnahmen‹, Zeile 4, Spalte ›Nr‹: „0.01“ kommt doppelt vor (zuerst in Zeile 2).",
        "Hinweis: Blatt ›Maßnahmen‹, Zeile 1, Spalte ›Notiz‹: Unbekannte Spalte ›Notiz‹ wird übernommen und "
        "angezeigt, aber nicht ausgewertet.",
        "Hinweis: Blatt ›Maßnahmen‹, Zeile 2, Spalte ›Notiz‹: Die Zelle enthält den Excel-Fehler „#N/A“ – bitte die "
        "Formel prüfen.",
        "Register ungültig: 2 Fehler, 2 Hinweise.",
    ]


def test_summary_of_a_refused_register_prints_the_same_records(capsys, broken):
    _, validated, _ = run(capsys, "validate", broken, "--json")
    code, out, _ = run(capsys, "summary", broken, "--json")
    assert code == 1
    assert json.loads(out) == json.loads(validated)


def test_the_uis_table_and_its_csv_are_the_same_records_under_german_headers(capsys, broken):
    _, out, _ = run(capsys, "validate", broken, "--json")
    records = json.loads(out)["errors"]
    table = problem_table(read_register(broken.read_bytes(), broken.name).errors)
    assert table.columns.tolist() == ["Art", "Blatt", "Zeile", "Spalte", "Wert", "Meldung", "Grund"]
    assert table.to_dict("records") == [
        {"Art": "Fehler", "Blatt": r["sheet"], "Zeile": r["row"], "Spalte": r["column"], "Wert": r["value"],
         "Meldung": r["message"], "Grund": Code(r["code"]).reason} for r in records]


def test_an_unreadable_file_is_one_record_without_a_place(capsys, tmp_path):
    path = tmp_path / "liste.xlsx"
    path.write_bytes("Nr;Maßnahme\n0.01;A\n".encode())
    code, out, _ = run(capsys, "validate", path, "--json")
    assert code == 2
    (record,) = json.loads(out)["errors"]
    assert {key: record[key] for key in KEYS[:-1]} == {"severity": "error", "code": "unreadable_file", "sheet": None,
                                                       "row": None, "column": None, "value": None}
    assert record["message"].startswith("Die Datei ist keine Excel-Arbeitsmappe (.xlsx) und keine OpenDocument-Tabelle (.ods).")
