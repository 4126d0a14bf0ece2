"""The CLI through a real subprocess: exit codes, exact JSON, German output, never a traceback."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import Book, simple, zip_bomb

ROOT = Path(__file__).parents[1]
HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Status", "Kooperationspartner")
PROBLEM_KEYS = {"severity", "code", "sheet", "row", "column", "value", "message"}
PRIORITY_KEYS = {"priority", "total", "complete", "partial", "not_started", "overdue"}
MEASURE_KEYS = {"id", "title", "priority", "status", "missing_departments", "deadline", "overdue", "partners"}


def cli(*args) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "lib.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    assert "Traceback" not in done.stdout
    return done


def as_json(done: subprocess.CompletedProcess):
    return json.loads(done.stdout)


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


def zero(priority: int) -> dict:
    return {"priority": priority, "total": 0, "complete": 0, "partial": 0, "not_started": 0, "overdue": 0}


def test_validate_valid_register(register):
    done = cli("validate", register, "--json")
    assert done.returncode == 0
    assert as_json(done) == {"ok": True, "errors": [], "warnings": []}
    human = cli("validate", register)
    assert human.returncode == 0 and "Register gültig: 4 Maßnahmen" in human.stdout


def test_validate_warnings_keep_exit_0(tmp_path):
    path = Book().measures([(1.5, "A", 0, None)]).save(tmp_path / "w.xlsx")
    done = cli("validate", path, "--json")
    assert done.returncode == 0
    data = as_json(done)
    assert data["ok"] is True and data["errors"] == []
    assert len(data["warnings"]) == 2  # numeric Nr, neither Federführung nor rollout rows
    for warning in data["warnings"]:
        assert set(warning) == PROBLEM_KEYS
        assert (warning["sheet"], warning["row"]) == ("Maßnahmen", 2)


def test_validate_invalid_register_exact_json(tmp_path):
    rows = [("0.01", "A", 0, "10"), ("0.02", "B", 0, "10"), ("0.01", "C", 0, "10")]
    path = Book().measures(rows).offices().save(tmp_path / "dup.xlsx")
    done = cli("validate", path, "--json")
    assert done.returncode == 1
    assert as_json(done) == {"ok": False, "warnings": [], "errors": [{
        "severity": "error", "code": "duplicate_id", "sheet": "Maßnahmen", "row": 4, "column": "Nr", "value": "0.01",
        "message": "Blatt ›Maßnahmen‹, Zeile 4, Spalte ›Nr‹: „0.01“ kommt doppelt vor (zuerst in Zeile 2).",
    }]}
    human = cli("validate", path)
    assert human.returncode == 1
    assert "Fehler: Blatt ›Maßnahmen‹, Zeile 4, Spalte ›Nr‹: „0.01“ kommt doppelt vor" in human.stdout


def test_validate_reports_all_errors(tmp_path):
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist")
    rows = [("0.01", "A", 0, "10", None), ("0.01", "B", 0, "10", None), ("0.03", None, 0, "10", None),
            ("0.04", "D", 8, "10", None), ("0.05", "E", 0, "77", "nie")]
    path = Book().measures(rows, header=header).offices().save(tmp_path / "bad.xlsx")
    data = as_json(cli("validate", path, "--json"))
    assert sorted((e["row"], e["column"]) for e in data["errors"]) == [
        (3, "Nr"), (4, "Maßnahme"), (5, "Priorität"), (6, "Federführung"), (6, "Frist")]


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.xlsx", b""), ("csv.xlsx", "Nr;Maßnahme\n0.01;A\n".encode()), ("random.xlsx", bytes(range(256)) * 8),
     ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))],
)
def test_validate_unreadable_file_exit_2(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    done = cli("validate", path, "--json")
    assert done.returncode == 2
    data = as_json(done)
    assert data["ok"] is False and data["warnings"] == []
    assert len(data["errors"]) == 1
    error = data["errors"][0]
    assert set(error) == PROBLEM_KEYS
    assert (error["sheet"], error["row"], error["column"]) == (None, None, None)
    assert error["message"]


def test_validate_zip_bomb_exit_2(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb(1500))
    done = cli("validate", path, "--json")
    assert done.returncode == 2 and "entpackt" in as_json(done)["errors"][0]["message"]


@pytest.mark.parametrize("args", [("validate", "/nonexistent/r.xlsx"), ("validate", "."), ("summary", "nope.xlsx"),
                                  (), ("frobnicate",), ("summary",), ("validate", "x.xlsx", "--bogus")])
def test_bad_calls_exit_2_in_german(args):
    done = cli(*args)
    assert done.returncode == 2
    assert done.stderr.startswith("Fehler:")


def test_summary_json_exact(register):
    done = cli("summary", register, "--json")
    assert done.returncode == 0
    assert as_json(done) == {
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
def test_summary_stichtag_changes_overdue(register, stichtag, iso, overdue):
    data = as_json(cli("summary", register, "--stichtag", stichtag, "--json"))
    assert data["stichtag"] == iso
    assert [m["id"] for m in data["measures"] if m["overdue"]] == overdue
    assert sum(p["overdue"] for p in data["priorities"]) == len(overdue)
    for priority in data["priorities"]:
        assert set(priority) == PRIORITY_KEYS
    for measure in data["measures"]:
        assert set(measure) == MEASURE_KEYS


def test_summary_without_stand_uses_today(tmp_path):
    path = simple().save(tmp_path / "r.xlsx")
    data = as_json(cli("summary", path, "--json"))
    assert data["stichtag"] == dt.date.today().isoformat()


def test_summary_human_output(register):
    done = cli("summary", register, "--stichtag", "01.01.2020")
    assert done.returncode == 0
    assert "Stichtag 01.01.2020" in done.stdout
    assert "Priorität 0 (Basismaßnahmen)" in done.stdout
    assert "Überfällig:" in done.stdout and "1.01 Online-Termine" in done.stdout


def test_summary_of_invalid_register_prints_errors_and_exits_1(tmp_path):
    path = Book().measures([("0.01", "A", 0, "10"), ("0.01", "B", 9, "10")]).offices().save(tmp_path / "bad.xlsx")
    done = cli("summary", path)
    assert done.returncode == 1
    assert "Blatt ›Maßnahmen‹, Zeile 3, Spalte ›Nr‹" in done.stderr
    assert "Blatt ›Maßnahmen‹, Zeile 3, Spalte ›Priorität‹" in done.stderr
    assert "Stichtag" not in done.stdout and "Priorität 0" not in done.stdout
    data = as_json(cli("summary", path, "--json"))
    assert data["ok"] is False and len(data["errors"]) == 2
    assert "priorities" not in data and "measures" not in data


def test_summary_of_unreadable_file_exits_2(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_text("Nr,Maßnahme\n")
    assert cli("summary", path, "--json").returncode == 2


def test_summary_bad_stichtag_exits_2(register):
    done = cli("summary", register, "--stichtag", "morgen")
    assert done.returncode == 2 and "morgen" in done.stderr


def test_template_writes_a_register_that_validates(tmp_path):
    out = tmp_path / "vorlage.xlsx"
    done = cli("template", out)
    assert done.returncode == 0 and out.is_file()
    check = cli("validate", out, "--json")
    assert check.returncode == 0
    assert as_json(check)["ok"] is True
    summary = as_json(cli("summary", out, "--json"))
    assert [p["priority"] for p in summary["priorities"]] == [0, 1, 2, 3, 4, 5]


def test_template_to_unwritable_path_exits_2(tmp_path):
    done = cli("template", tmp_path / "missing-dir" / "vorlage.xlsx")
    assert done.returncode == 2 and done.stderr.startswith("Fehler:")
