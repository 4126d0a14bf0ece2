"""Several registers through the CLI, called in-process: `--register` on every command on one register,
the single register as default so a city's calls stay as they were, and a clear exit 2 when a county's
store holds several and none was named."""

from __future__ import annotations

import json

from lib.storing.storage import Store
from tests.test_cli_storage import book


def _county(cli, tmp_path):
    db = tmp_path / "kreis.db"
    mainz = book(("x", "offen"), "03.09.2019").save(tmp_path / "mainz.xlsx")
    trier = book(("x", "x"), "17.09.2019").save(tmp_path / "trier.xlsx")
    assert cli("import", mainz, "--register", "mainz", "--titel", "Stadt Mainz", "--db", db).code == 0
    done = cli("import", trier, "--register", "trier", "--db", db)
    assert done.code == 0 and "Gespeichert als Version 1 im Register „trier“ (2 Maßnahmen)." in done.out
    return db, mainz, trier


def test_one_register_needs_no_name(cli, tmp_path):
    db = tmp_path / "stadt.db"
    register = book(("x", "offen"), "03.09.2019").save(tmp_path / "r.xlsx")
    done = cli("import", register, "--db", db)
    assert done.code == 0 and done.out == "Gespeichert als Version 1 (2 Maßnahmen).\n"
    assert [v.register for v in Store(db).versions()] == ["standard"]
    assert cli("versions", "--db", db).out.startswith("   1  ")
    listed = cli("registers", "--json", "--db", db)
    assert json.loads(listed.out) == [{"name": "standard", "title": "standard", "versions": 1, "newest": 1}]


def test_a_store_with_one_named_register_uses_it_by_default(cli, tmp_path):
    db = tmp_path / "mainz.db"
    register = book(("x", "offen"), "03.09.2019").save(tmp_path / "r.xlsx")
    assert cli("import", register, "--register", "mainz", "--db", db).code == 0
    done = cli("restore", "1", "--db", db)
    assert done.code == 0 and "gespeichert als Version 2" in done.out
    assert [(v.register, v.number, v.restored_from) for v in Store(db, register="mainz").versions()] == [
        ("mainz", 1, None), ("mainz", 2, 1)]


def test_several_registers_side_by_side(cli, tmp_path):
    db, mainz, trier = _county(cli, tmp_path)
    # The same bytes in another register are a version of their own; again in the same one they are not.
    assert "Gespeichert als Version 2 im Register „trier“" in cli("import", mainz, "--register", "trier",
                                                                   "--db", db).out
    assert "bereits Version 1 im Register „mainz“" in cli("import", mainz, "--register", "mainz", "--db", db).out
    listed = cli("registers", "--db", db)
    assert listed.code == 0 and listed.out == "mainz  1 Version  Stadt Mainz\ntrier  2 Versionen\n"
    assert json.loads(cli("registers", "--json", "--db", db).out) == [
        {"name": "mainz", "title": "Stadt Mainz", "versions": 1, "newest": 1},
        {"name": "trier", "title": "trier", "versions": 2, "newest": 2}]
    versions = json.loads(cli("versions", "--json", "--register", "trier", "--db", db).out)
    assert [(v["register"], v["number"], v["file_name"]) for v in versions] == [
        ("trier", 1, "trier.xlsx"), ("trier", 2, "mainz.xlsx")]
    diff = cli("diff", "--register", "trier", "--db", db)
    assert diff.code == 0 and diff.out.startswith("Version 1 → Version 2")
    assert cli("restore", "1", "--register", "mainz", "--db", db).code == 0
    assert [v.number for v in Store(db, register="mainz").versions()] == [1, 2]
    assert [v.number for v in Store(db, register="trier").versions()] == [1, 2]
    ready = cli("check-store", "--db", db)
    assert ready.code == 0 and "(Schema 4, 4 Versionen, 2 Register)" in ready.out
    report = cli("bericht", "--out", tmp_path / "b.docx", "--register", "mainz", "--db", db)
    assert report.code == 0 and (tmp_path / "b.docx").stat().st_size > 0


def test_several_registers_and_none_named_is_exit_2_listing_them(cli, tmp_path):
    db, mainz, _ = _county(cli, tmp_path)
    for args in (["versions"], ["import", mainz], ["diff"], ["restore", "1"], ["bericht", "--out", tmp_path / "b.docx"]):
        done = cli(*args, "--db", db)
        assert done.code == 2, args
        assert done.err == ("Fehler: Die Datenbank enthält 2 Register: mainz, trier. Bitte eines mit "
                               "--register NAME angeben.\n")
    assert [info.version_count for info in Store(db).registers()] == [1, 1]  # nothing was stored


def test_a_bad_or_unknown_register_name_is_exit_2_in_german(cli, tmp_path):
    db, mainz, _ = _county(cli, tmp_path)
    bad = cli("import", mainz, "--register", "Bad Kreuznach", "--db", db)
    assert bad.code == 2 and "„Bad Kreuznach“ ist kein gültiger Registername" in bad.err
    unknown = cli("versions", "--register", "koblenz", "--db", db)
    assert unknown.code == 2 and unknown.err == (
        "Fehler: Ein Register „koblenz“ gibt es in der Datenbank nicht. Vorhanden: mainz, trier.\n")
    assert cli("restore", "1", "--register", "koblenz", "--db", db).code == 2
    # Importing is how a register comes into being.
    assert cli("import", mainz, "--register", "koblenz", "--titel", "Stadt Koblenz", "--db", db).code == 0
    assert [(i.name, i.title) for i in Store(db).registers()] == [
        ("koblenz", "Stadt Koblenz"), ("mainz", "Stadt Mainz"), ("trier", "trier")]


def test_registers_of_an_empty_store(cli, tmp_path):
    done = cli("registers", "--db", tmp_path / "leer.db")
    assert done.code == 0 and done.out == f"Noch kein Register gespeichert ({tmp_path / 'leer.db'}).\n"
    assert json.loads(cli("registers", "--json", "--db", tmp_path / "leer.db").out) == []
