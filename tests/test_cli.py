"""The CLI (lib/cli.py) called in-process through `main(argv)`: exit codes, exact JSON, German output.

The `cli` fixture that calls it lives in tests/conftest.py, shared with the tests of the answer and the export.

One real subprocess per command at the end checks what only a process shows: the exit code
reaches the shell, and no traceback is printed.
"""

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lib.access import verify_password
from tests.builders import Book, simple, zip_bomb

ROOT = Path(__file__).parents[1]
HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Status", "Kooperationspartner")
PROBLEM_KEYS = {"severity", "code", "sheet", "row", "column", "value", "message"}
PRIORITY_KEYS = {"priority", "total", "complete", "partial", "not_started", "overdue"}
MEASURE_KEYS = {"id", "title", "priority", "status", "missing_departments", "deadline", "overdue", "partners"}


@pytest.fixture
def register(tmp_path) -> Path:
    """Stand 17.09.2019; four measures whose summary follows from the contract by hand."""
    measures = [
        ("0.01", "Virtuelle Poststelle", 0, "10", None, None, None),
        ("0.02", "E-Rechnung", "P0", "12", None, None, None),
        ("1.01", "Online-Termine", "Prio 1", "33", "30.06.2019", None, "Stadt Trier; Stadt Koblenz"),
        ("4.01", "Open Data", 4, "33", None, "teilweise", None),
    ]
    book = (Book().measures(measures, header=HEADER, title=["Maßnahmenregister", "Stand: 17.09.2019"]).offices()
            .matrix(["10", "12 Amt für Informationstechnik"],
                    [("0.01", "x", "x"), ("0.02", "x", "offen"), ("1.01", "offen", "n. r.")]))
    return book.save(tmp_path / "register.xlsx")


@pytest.fixture
def invalid(tmp_path) -> Path:
    """Nr 0.01 twice (row 3) and priority 9 (row 3)."""
    return Book().measures([("0.01", "A", 0, "10"), ("0.01", "B", 9, "10")]).offices().save(tmp_path / "bad.xlsx")


def zero(priority: int) -> dict:
    return {"priority": priority, "total": 0, "complete": 0, "partial": 0, "not_started": 0, "overdue": 0}


# --------------------------------------------------------------------------- validate

def test_validate_valid_register(cli, register):
    done = cli("validate", register, "--json")
    assert done.code == 0
    assert done.json() == {"ok": True, "errors": [], "warnings": []}
    human = cli("validate", register)
    assert human.code == 0 and "Register gültig: 4 Maßnahmen" in human.out


def test_validate_warnings_keep_exit_0(cli, tmp_path):
    path = Book().measures([(1.5, "A", 0, None)]).save(tmp_path / "w.xlsx")
    done = cli("validate", path, "--json")
    assert done.code == 0
    data = done.json()
    assert data["ok"] is True and data["errors"] == []
    assert len(data["warnings"]) == 2  # numeric Nr, neither Federführung nor rollout rows
    for warning in data["warnings"]:
        assert set(warning) == PROBLEM_KEYS
        assert (warning["sheet"], warning["row"]) == ("Maßnahmen", 2)
    human = cli("validate", path)
    assert human.code == 0 and human.out.count("Hinweis: Blatt ›Maßnahmen‹, Zeile 2") == 2
    assert "Register gültig: 1 Maßnahmen, 2 Hinweise." in human.out


def test_validate_invalid_register_exact_json(cli, tmp_path):
    rows = [("0.01", "A", 0, "10"), ("0.02", "B", 0, "10"), ("0.01", "C", 0, "10")]
    path = Book().measures(rows).offices().save(tmp_path / "dup.xlsx")
    done = cli("validate", path, "--json")
    assert done.code == 1
    assert done.json() == {"ok": False, "warnings": [], "errors": [{
        "severity": "error", "code": "duplicate_id", "sheet": "Maßnahmen", "row": 4, "column": "Nr", "value": "0.01",
        "message": "Blatt ›Maßnahmen‹, Zeile 4, Spalte ›Nr‹: „0.01“ kommt doppelt vor (zuerst in Zeile 2).",
    }]}
    human = cli("validate", path)
    assert human.code == 1
    assert "Fehler: Blatt ›Maßnahmen‹, Zeile 4, Spalte ›Nr‹: „0.01“ kommt doppelt vor" in human.out
    assert "Register ungültig: 1 Fehler, 0 Hinweise." in human.out


def test_validate_reports_all_errors(cli, tmp_path):
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist")
    rows = [("0.01", "A", 0, "10", None), ("0.01", "B", 0, "10", None), ("0.03", None, 0, "10", None),
            ("0.04", "D", 8, "10", None), ("0.05", "E", 0, "77", "nie")]
    path = Book().measures(rows, header=header).offices().save(tmp_path / "bad.xlsx")
    data = cli("validate", path, "--json").json()
    assert sorted((e["row"], e["column"]) for e in data["errors"]) == [
        (3, "Nr"), (4, "Maßnahme"), (5, "Priorität"), (6, "Federführung"), (6, "Frist")]


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.xlsx", b""), ("csv.xlsx", "Nr;Maßnahme\n0.01;A\n".encode()), ("random.xlsx", bytes(range(256)) * 8),
     ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))],
)
def test_validate_unreadable_file_exit_2(cli, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    done = cli("validate", path, "--json")
    assert done.code == 2
    data = done.json()
    assert data["ok"] is False and data["warnings"] == []
    assert len(data["errors"]) == 1
    error = data["errors"][0]
    assert set(error) == PROBLEM_KEYS
    assert (error["sheet"], error["row"], error["column"]) == (None, None, None)
    assert error["message"]


def test_validate_zip_bomb_exit_2(cli, tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb(1500))
    done = cli("validate", path, "--json")
    assert done.code == 2 and "entpackt" in done.json()["errors"][0]["message"]


@pytest.mark.parametrize("args", [("validate", "/nonexistent/r.xlsx"), ("validate", "."), ("summary", "nope.xlsx"),
                                  (), ("frobnicate",), ("summary",), ("validate", "x.xlsx", "--bogus")])
def test_bad_calls_exit_2_in_german(cli, args):
    done = cli(*args)
    assert done.code == 2
    assert done.err.startswith("Fehler:") and done.out == ""


# --------------------------------------------------------------------------- summary

def test_summary_json_exact(cli, register):
    done = cli("summary", register, "--json")
    assert done.code == 0
    assert done.json() == {
        "stichtag": "2019-09-17",
        "priorities": [
            {"priority": 0, "total": 2, "complete": 1, "partial": 1, "not_started": 0, "overdue": 0},
            {"priority": 1, "total": 1, "complete": 0, "partial": 0, "not_started": 1, "overdue": 1},
            zero(2), zero(3),
            {"priority": 4, "total": 1, "complete": 0, "partial": 1, "not_started": 0, "overdue": 0},
            zero(5),
        ],
        "measures": [
            {"id": "0.01", "title": "Virtuelle Poststelle", "priority": 0, "status": "complete",
             "missing_departments": [], "deadline": "2019-12-31", "overdue": False, "partners": []},
            {"id": "0.02", "title": "E-Rechnung", "priority": 0, "status": "partial",
             "missing_departments": ["12"], "deadline": "2019-12-31", "overdue": False, "partners": []},
            {"id": "1.01", "title": "Online-Termine", "priority": 1, "status": "not_started",
             "missing_departments": ["10"], "deadline": "2019-06-30", "overdue": True,
             "partners": ["Stadt Trier", "Stadt Koblenz"]},
            {"id": "4.01", "title": "Open Data", "priority": 4, "status": "partial",
             "missing_departments": [], "deadline": None, "overdue": False, "partners": []},
        ],
    }


@pytest.mark.parametrize(("stichtag", "iso", "overdue"), [
    ("01.01.2020", "2020-01-01", ["0.02", "1.01"]),
    ("2019-06-30", "2019-06-30", []),
    ("1.7.19", "2019-07-01", ["1.01"]),
])
def test_summary_stichtag_changes_overdue(cli, register, stichtag, iso, overdue):
    data = cli("summary", register, "--stichtag", stichtag, "--json").json()
    assert data["stichtag"] == iso
    assert [m["id"] for m in data["measures"] if m["overdue"]] == overdue
    assert sum(p["overdue"] for p in data["priorities"]) == len(overdue)
    for priority in data["priorities"]:
        assert set(priority) == PRIORITY_KEYS
    for measure in data["measures"]:
        assert set(measure) == MEASURE_KEYS


def test_summary_without_stand_uses_today(cli, tmp_path):
    path = simple().save(tmp_path / "r.xlsx")
    assert cli("summary", path, "--json").json()["stichtag"] == dt.date.today().isoformat()


def test_summary_human_output(cli, register):
    done = cli("summary", register, "--stichtag", "01.01.2020")
    assert done.code == 0
    lines = done.out.splitlines()
    assert lines[0] == "Stichtag 01.01.2020 – 4 Maßnahmen"
    p0 = next(line for line in lines if line.startswith("Priorität 0 (Basismaßnahmen)"))
    assert p0.split()[-5:] == ["2", "1", "1", "0", "1"]  # total, complete, partial, not started, overdue
    assert "Überfällig:" in lines
    assert "  0.02 E-Rechnung – teilweise umgesetzt, Frist 31.12.2019" in lines
    assert "  1.01 Online-Termine – nicht umgesetzt, Frist 30.06.2019" in lines


def test_summary_of_invalid_register_prints_errors_and_exits_1(cli, invalid):
    done = cli("summary", invalid)
    assert done.code == 1
    assert "Blatt ›Maßnahmen‹, Zeile 3, Spalte ›Nr‹" in done.err
    assert "Blatt ›Maßnahmen‹, Zeile 3, Spalte ›Priorität‹" in done.err
    assert "Das Register wurde nicht ausgewertet (2 Fehler)." in done.err
    assert done.out == ""
    data = cli("summary", invalid, "--json").json()
    assert data["ok"] is False and len(data["errors"]) == 2
    assert "priorities" not in data and "measures" not in data


def test_summary_of_unreadable_file_exits_2(cli, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_text("Nr,Maßnahme\n")
    assert cli("summary", path, "--json").code == 2


def test_summary_bad_stichtag_exits_2(cli, register):
    done = cli("summary", register, "--stichtag", "morgen")
    assert done.code == 2 and "„morgen“ ist kein Datum" in done.err


# --------------------------------------------------------------------------- export, answer

def exported_ids(path: Path) -> list[str]:
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
    return [row[0] for row in rows[1:]]


@pytest.mark.parametrize(("args", "ids"), [
    (("--priority", "0"), ["0.01", "0.02"]),
    (("--status", "partial"), ["0.02", "4.01"]),
    (("--overdue", "--stichtag", "01.01.2020"), ["0.02", "1.01"]),
    (("--office", "12"), ["0.01", "0.02"]),  # lead of 0.02, relevant in 0.01 and 0.02; n. r. in 1.01
    (("--dezernat", "III"), ["1.01", "4.01"]),  # office 33 leads both
])
def test_export_writes_the_filtered_measures(cli, register, tmp_path, args, ids):
    out = tmp_path / "export.csv"
    done = cli("export", register, "--out", out, *args)
    assert done.code == 0, done.err
    assert exported_ids(out) == ids
    assert done.out.startswith(f"{len(ids)} Maßnahmen exportiert nach {out}")


@pytest.mark.parametrize("args", [("--out", "x.pdf"), ("--out", "x.xlsx", "--status", "done"),
                                  ("--out", "x.xlsx", "--priority", "7")])
def test_export_refuses_bad_calls_in_german(cli, register, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    done = cli("export", register, *args)
    assert done.code == 2 and done.err.startswith("Fehler:")
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "x.pdf").exists()


def test_export_of_invalid_register_writes_nothing(cli, invalid, tmp_path):
    out = tmp_path / "export.xlsx"
    done = cli("export", invalid, "--out", out)
    assert done.code == 1 and "Zeile 3, Spalte ›Nr‹" in done.err
    assert not out.exists()


def test_answer_writes_markdown(cli, register, tmp_path):
    out = tmp_path / "antwort.md"
    done = cli("answer", register, "--out", out, "--stichtag", "01.01.2020")
    assert done.code == 0, done.err
    assert done.out.startswith("Antwort auf die Anfrage") and "(Stichtag 01.01.2020)" in done.out
    assert "Online-Termine" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (("--out", "antwort.pdf"), "muss auf .docx oder .md enden"),
    (("--out", "antwort.md", "--anfrage", "/nonexistent/anfrage.toml"), "anfrage.toml"),
])
def test_answer_refuses_bad_calls_in_german(cli, register, args, message):
    done = cli("answer", register, *args)
    assert done.code == 2 and done.err.startswith("Fehler:") and message in done.err


# --------------------------------------------------------------------------- template, hash-password

def test_template_writes_a_register_that_validates(cli, tmp_path):
    out = tmp_path / "vorlage.xlsx"
    done = cli("template", out)
    assert done.code == 0 and out.is_file()
    assert done.out == f"Leere Vorlage geschrieben: {out}\n"
    check = cli("validate", out, "--json")
    assert check.code == 0 and check.json()["ok"] is True
    summary = cli("summary", out, "--json").json()
    assert [p["priority"] for p in summary["priorities"]] == [0, 1, 2, 3, 4, 5]


def test_template_to_unwritable_path_exits_2(cli, tmp_path):
    done = cli("template", tmp_path / "missing-dir" / "vorlage.xlsx")
    assert done.code == 2 and done.err.startswith("Fehler:")


def test_hash_password_from_standard_input(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("geheim\n"))
    done = cli("hash-password")
    assert done.code == 0
    prefix, stored = done.out.strip().split(" = ")
    assert prefix == "password_hash"
    assert verify_password("geheim", json.loads(stored)) and not verify_password("falsch", json.loads(stored))


def test_hash_password_refuses_an_empty_password(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    done = cli("hash-password")
    assert done.code == 2 and done.err.startswith("Fehler: Leeres Passwort")


# --------------------------------------------------------------------------- one real process per command

def command_line(*args, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, input=stdin, timeout=120)


@pytest.mark.parametrize(("command", "code", "first_words"), [
    ("validate", 1, "Fehler: Blatt ›Maßnahmen‹"),
    ("summary", 0, '{\n  "stichtag": "2019-09-17"'),
    ("export", 2, "Fehler: Die Datei"),
    ("answer", 0, "Antwort auf die Anfrage"),
    ("template", 0, "Leere Vorlage geschrieben"),
    ("hash-password", 0, 'password_hash = "scrypt$'),
])
def test_each_command_in_a_real_process(register, invalid, tmp_path, command, code, first_words):
    args = {
        "validate": (invalid,),
        "summary": (register, "--json"),
        "export": (tmp_path / "missing.xlsx", "--out", tmp_path / "x.csv"),
        "answer": (register, "--out", tmp_path / "antwort.md"),
        "template": (tmp_path / "vorlage.xlsx",),
        "hash-password": (),
    }[command]
    done = command_line(command, *args, stdin="geheim\n")
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert (done.stdout + done.stderr).startswith(first_words)
