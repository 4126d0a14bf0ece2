"""The version commands of the CLI: import, versions, diff, restore, called in-process through `main`
(one real subprocess proves the entry point and the environment variable)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from lib.cli import main
from lib.storing.storage import Store
from tests.builders import Book
from tests.postgres import free_port

ROOT = Path(__file__).parents[1]
HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung")


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys):
    def run(*args) -> Done:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Done(code, out, err)
    return run


def book(states: tuple[str, str], stand: str) -> Book:
    measures = [("0.01", "Virtuelle Poststelle", 0, "10"), ("1.01", "E-Rechnung", 1, "12")]
    return (Book().measures(measures, header=HEADER, title=[f"Stand: {stand}"]).offices()
            .matrix(["10", "12"], [("0.01", *states)]))


@pytest.fixture
def files(tmp_path) -> tuple[Path, Path]:
    return (book(("x", "offen"), "03.09.2019").save(tmp_path / "alt.xlsx"),
            book(("x", "x"), "17.09.2019").save(tmp_path / "neu.xlsx"))


def test_import_versions_diff_restore(cli, tmp_path, files):
    db = tmp_path / "v.db"
    old, new = files
    done = cli("import", old, "--comment", "Sitzung September", "--db", db)
    assert done.returncode == 0 and "Gespeichert als Version 1 (2 Maßnahmen)." in done.stdout
    assert cli("import", new, "--db", db).returncode == 0
    again = cli("import", old, "--db", db)
    assert again.returncode == 0 and "bereits Version 1" in again.stdout

    listed = json.loads(cli("versions", "--json", "--db", db).stdout)
    assert [(v["number"], v["file_name"], v["stand"], v["stichtag"], v["comment"], v["restored_from"],
             v["measures"]) for v in listed] == [
        (1, "alt.xlsx", "2019-09-03", "2019-09-03", "Sitzung September", None, 2),
        (2, "neu.xlsx", "2019-09-17", "2019-09-17", "", None, 2),
    ]
    assert listed[0]["sha256"] == hashlib.sha256(old.read_bytes()).hexdigest()
    human = cli("versions", "--db", db).stdout.splitlines()
    assert "Stand 03.09.2019  2 Maßnahmen  alt.xlsx" in human[0] and "Sitzung September" in human[0]
    assert human[1].endswith("[aktuell]")

    diff = cli("diff", "--db", db)
    assert diff.returncode == 0
    assert "Seit 03.09.2019: 1 Maßnahme abgeschlossen, 1 Amt neu umgesetzt." in diff.stdout
    assert "0.01 Virtuelle Poststelle – Status geändert: teilweise umgesetzt → vollständig umgesetzt" in diff.stdout
    as_json = json.loads(cli("diff", "1", "2", "--json", "--db", db).stdout)
    assert (as_json["older"], as_json["newer"], as_json["since"], as_json["completed"]) == (1, 2, "2019-09-03", 1)
    assert as_json["changes"] == [
        {"change": "status", "id": "0.01", "title": "Virtuelle Poststelle", "office": None,
         "before": "partial", "after": "complete"},
        {"change": "office_done", "id": "0.01", "title": "Virtuelle Poststelle", "office": "12",
         "before": "offen", "after": "umgesetzt"},
    ]

    restored = cli("restore", "1", "--db", db)
    assert restored.returncode == 0 and "gespeichert als Version 3" in restored.stdout
    store = Store(db)
    assert store.latest().restored_from == 1 and store.original(3) == old.read_bytes()
    back = json.loads(cli("diff", "--json", "--db", db).stdout)
    assert (back["older"], back["newer"], back["counts"]["status"]) == (2, 3, 1)


@pytest.mark.parametrize(("content", "code", "message"), [
    (Book().measures([("0.01", "A", 7, "10")], header=HEADER).offices(), 1, "Priorität"),
    (b"Nr;Massnahme\n0.01;A\n", 2, "keine Excel-Arbeitsmappe"),
])
def test_import_of_broken_file_stores_nothing(cli, tmp_path, files, content, code, message):
    db = tmp_path / "v.db"
    assert cli("import", files[0], "--db", db).returncode == 0
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(content if isinstance(content, bytes) else content.to_bytes())
    done = cli("import", path, "--db", db)
    assert done.returncode == code
    assert message in done.stderr and "Nicht gespeichert" in done.stderr
    assert [v.number for v in Store(db).versions()] == [1]


def test_subprocess_with_database_from_environment(tmp_path, files):
    db = tmp_path / "env.db"
    out = {}
    for args in (("import", files[0]), ("import", files[1]), ("versions",), ("diff",), ("restore", "1")):
        done = subprocess.run([sys.executable, "-m", "lib.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                              text=True, timeout=120, env={**os.environ, "MASSNAHMEN_DB": str(db)})
        assert done.returncode == 0 and "Traceback" not in done.stderr + done.stdout, done.stderr
        out[args[0]] = out.get(args[0], "") + done.stdout
    assert "Gespeichert als Version 2 (2 Maßnahmen)." in out["import"]
    assert "2 Maßnahmen  neu.xlsx  [aktuell]" in out["versions"]
    assert "Seit 03.09.2019: 1 Maßnahme abgeschlossen, 1 Amt neu umgesetzt." in out["diff"]
    assert "gespeichert als Version 3" in out["restore"]
    assert [v.restored_from for v in Store(db).versions()] == [None, None, 1]


@pytest.mark.parametrize(("args", "message"), [
    (("restore", "5"), "Eine Version 5 gibt es nicht."),
    (("diff", "1", "7"), "Eine Version 7 gibt es nicht."),
    (("diff",), "Vor Version 1 gibt es keine Version"),
    (("restore", "null"), "keine Versionsnummer"),
    (("import", "fehlt.xlsx"), "gibt es nicht"),
])
def test_errors_are_german_with_exit_2(cli, tmp_path, files, args, message):
    db = tmp_path / "v.db"
    cli("import", files[0], "--db", db)
    done = cli(*args, "--db", db)
    assert done.returncode == 2
    assert message in done.stderr


def test_empty_store_and_unusable_database(cli, tmp_path):
    assert "Noch keine Version gespeichert" in cli("versions", "--db", tmp_path / "leer.db").stdout
    assert json.loads(cli("versions", "--json", "--db", tmp_path / "leer.db").stdout) == []
    assert "noch keine Version" in cli("diff", "--db", tmp_path / "leer.db").stderr
    done = cli("versions", "--db", tmp_path)
    assert done.returncode == 2 and "Datenbank" in done.stderr


@pytest.mark.parametrize("db", [
    "postgresql://cockpit:geheim@127.0.0.1:{port}/cockpit",
    "mysql://cockpit:geheim@127.0.0.1:{port}/cockpit",
])
def test_unreachable_server_or_unknown_kind_is_exit_2_without_the_password(cli, tmp_path, monkeypatch, db):
    monkeypatch.chdir(tmp_path)
    port = free_port()
    for command in ("versions", "check-store", "backup"):
        done = cli(command, *(["s.zip"] if command == "backup" else []), "--db", db.format(port=port))
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith("Fehler: ") and "Traceback" not in done.stderr
        assert f"127.0.0.1:{port}" in done.stderr and "geheim" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # no local directory named after the scheme
