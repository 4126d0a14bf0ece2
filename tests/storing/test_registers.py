"""Several registers in one store, on both backends: each numbered on its own, duplicates found within a
register, the calls over all registers answering in one query; schema 3 becoming the default register
without losing a version; backups keeping registers, titles and the login log."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zipfile

import psycopg
import pytest

from lib.access import LoginAttempt, LoginKind
from lib.storing.audit import StoreLoginLog
from lib.storing.postgres import PG_MIGRATIONS
from lib.storing.storage import (
    DEFAULT_REGISTER,
    MIGRATIONS,
    SCHEMA_VERSION,
    AmbiguousRegister,
    InvalidRegisterName,
    RegisterInfo,
    Store,
    StoreError,
    UnknownVersion,
    check_register_name,
    default_register,
)
from tests.storing.conftest import is_postgres
from tests.storing.test_storage import register

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("name", ["mainz", "trier", "bad-kreuznach", "0", "a" * 32, "kreis-2026"])
def test_register_names_that_are_ids(name):
    assert check_register_name(name) == name


@pytest.mark.parametrize("name", ["", "Mainz", "-mainz", "a" * 33, "bad kreuznach", "mainz/trier", "zürich", "a_b"])
def test_other_names_are_refused_in_german_naming_the_allowed_form(name):
    with pytest.raises(InvalidRegisterName) as raised:
        check_register_name(name)
    assert f"„{name}“ ist kein gültiger Registername" in raised.value.message
    assert "Kleinbuchstaben a–z, Ziffern und Bindestrich" in raised.value.message
    assert isinstance(raised.value, StoreError)


def test_a_store_is_scoped_to_its_register(location):
    with pytest.raises(InvalidRegisterName):
        Store(location, register="Mainz")
    assert Store(location).register == DEFAULT_REGISTER
    mainz = Store(location, register="mainz")
    trier = mainz.at("trier")
    assert (mainz.register, trier.register, trier.location) == ("mainz", "trier", mainz.location)
    with pytest.raises(InvalidRegisterName):
        mainz.at("Trier")


def test_each_register_counts_its_own_versions(location):
    mainz = Store(location, register="mainz")
    trier = mainz.at("trier")
    shared = register("Virtuelle Poststelle")  # the same bytes in both registers
    assert mainz.add(shared, "mainz-1.xlsx", now=T0).version.number == 1
    assert mainz.add(register("Zweite"), "mainz-2.xlsx", now=T0).version.number == 2
    first = trier.add(shared, "trier-1.xlsx", now=T0)
    # Known bytes in mainz are new in trier: a version of its own, with the blob stored once.
    assert first.created and (first.version.number, first.version.register) == (1, "trier")
    assert not trier.add(shared, "nochmal.xlsx").created
    assert trier.add(register("Trier zwei"), "trier-2.xlsx", now=T0).version.number == 2
    assert trier.add(register("Trier drei"), "trier-3.xlsx", now=T0).version.number == 3
    restored = mainz.restore(1, now=T0)
    assert (restored.number, restored.restored_from, restored.register) == (3, 1, "mainz")

    assert [(v.number, v.file_name) for v in mainz.versions()] == [
        (1, "mainz-1.xlsx"), (2, "mainz-2.xlsx"), (3, "mainz-1.xlsx")]
    assert [v.file_name for v in trier.versions()] == ["trier-1.xlsx", "trier-2.xlsx", "trier-3.xlsx"]
    assert mainz.version(2).file_name == "mainz-2.xlsx" and trier.version(2).file_name == "trier-2.xlsx"
    assert (mainz.newest_number(), trier.newest_number(), mainz.at("koblenz").newest_number()) == (3, 3, 0)
    assert mainz.latest().file_name == "mainz-1.xlsx" and trier.latest().file_name == "trier-3.xlsx"
    assert trier.original(1) == mainz.original(1) == shared
    assert Store(location).versions() == [] and Store(location).latest() is None
    with pytest.raises(UnknownVersion):
        mainz.at("koblenz").restore(1)
    with pytest.raises(UnknownVersion):
        mainz.original(4)
    assert mainz.blobs([hashlib.sha256(shared).hexdigest()]) == {hashlib.sha256(shared).hexdigest(): shared}
    assert mainz.integrity_check() == "ok"


def test_the_calls_over_all_registers(location):
    store = Store(location, register="trier")
    for name, count in (("trier", 2), ("mainz", 1), ("bad-kreuznach", 3)):
        for i in range(count):
            store.at(name).add(register(f"{name} {i}"), f"{name}-{i + 1}.xlsx", now=T0)
    store.at("mainz").set_title("Stadt Mainz")
    store.at("alzey").set_title("  Verbandsgemeinde   Alzey ")  # a title first, versions later

    assert store.registers() == [
        RegisterInfo("alzey", "Verbandsgemeinde Alzey", 0, 0),
        RegisterInfo("bad-kreuznach", "bad-kreuznach", 3, 3),
        RegisterInfo("mainz", "Stadt Mainz", 1, 1),
        RegisterInfo("trier", "trier", 2, 2),
    ]
    assert store.newest_numbers() == {"bad-kreuznach": 3, "mainz": 1, "trier": 2}
    latest = store.latest_versions()
    assert list(latest) == ["bad-kreuznach", "mainz", "trier"]
    assert [(v.register, v.number, v.file_name) for v in latest.values()] == [
        ("bad-kreuznach", 3, "bad-kreuznach-3.xlsx"), ("mainz", 1, "mainz-1.xlsx"), ("trier", 2, "trier-2.xlsx")]
    assert (store.at("mainz").title(), store.title(), store.at("koblenz").title()) == ("Stadt Mainz", "trier",
                                                                                        "koblenz")
    assert [(v.register, v.number) for v in store.all_versions()] == [
        ("bad-kreuznach", 1), ("bad-kreuznach", 2), ("bad-kreuznach", 3), ("mainz", 1), ("trier", 1), ("trier", 2)]
    with pytest.raises(StoreError, match="1 bis 200 Zeichen"):
        store.set_title("   ")


def test_an_empty_store_has_no_registers(location):
    store = Store(location)
    assert (store.registers(), store.newest_numbers(), store.latest_versions()) == ([], {}, {})


def test_the_default_register_is_the_only_one_or_none_given():
    assert default_register([]) == DEFAULT_REGISTER
    assert default_register(["mainz"]) == "mainz"
    with pytest.raises(AmbiguousRegister) as raised:
        default_register(["trier", "mainz"])
    assert raised.value.message == ("Die Datenbank enthält 2 Register: mainz, trier. Bitte eines mit "
                                    "--register NAME angeben.")


# --------------------------------------------------------------------------- schema 3 → 4

# A schema-3 history, as the schema-3 store wrote it: number, file, uploaded, comment, Stand, who, restored.
OLD_ROWS = [
    (1, "september.xlsx", "2019-09-18T07:30:00+00:00", "Sitzung September", "2019-09-03", "mmuster", None),
    (2, "oktober.xlsx", "2019-10-01T07:30:00+00:00", "", None, "", None),
    (3, "september.xlsx", "2019-10-02T07:30:00+00:00", "Version 1 wieder aktuell gemacht", "2019-09-03",
     "kbeispiel", 1),
]


def _schema3(location: str) -> dict[int, bytes]:
    """Build a schema-3 database by the schema-3 code path: the first three migrations, then rows."""
    books = {1: register("Virtuelle Poststelle"), 2: register("Poststelle digital", "01.10.2019")}
    books[3] = books[1]
    blobs = {hashlib.sha256(data).hexdigest(): data for data in books.values()}
    versions = [(n, hashlib.sha256(books[n]).hexdigest(), *rest) for n, *rest in OLD_ROWS]
    if is_postgres(location):
        with psycopg.connect(location) as db:  # one transaction, committed on leaving
            db.execute("CREATE TABLE schema_version (version integer NOT NULL)")
            for steps in PG_MIGRATIONS[:3]:
                for statement in steps:
                    db.execute(statement)
            db.execute("INSERT INTO schema_version (version) VALUES (3)")
            for digest, data in blobs.items():
                db.execute("INSERT INTO blobs (sha256, size, data) VALUES (%s, %s, %s)", (digest, len(data), data))
            for row in versions:
                db.execute("INSERT INTO versions (number, sha256, file_name, uploaded_at, comment, stand, uploader,"
                           " restored_from) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", row)
            db.execute("INSERT INTO logins VALUES ('2019-09-18T07:00:00.000000+00:00', 'mmuster', 'MMuster', "
                       "'10.0.0.1', 1)")
        return books
    db = sqlite3.connect(location, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("BEGIN")
    for steps in MIGRATIONS[:3]:
        for statement in steps:
            db.execute(statement)
    db.execute("PRAGMA user_version = 3")
    db.executemany("INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                   [(digest, len(data), data) for digest, data in blobs.items()])
    db.executemany("INSERT INTO versions (number, sha256, file_name, uploaded_at, comment, stand, uploader,"
                   " restored_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", versions)
    db.execute("INSERT INTO logins VALUES ('2019-09-18T07:00:00.000000+00:00', 'mmuster', 'MMuster', '10.0.0.1', 1)")
    db.execute("COMMIT")
    db.close()
    return books


def test_schema3_becomes_the_default_register_without_losing_a_version(location):
    books = _schema3(location)
    store = Store(location)
    assert store.schema_version() == SCHEMA_VERSION
    assert [(v.number, v.file_name, v.uploaded_at.isoformat(), v.comment, v.stand and v.stand.isoformat(),
             v.uploader, v.restored_from) for v in store.versions()] == OLD_ROWS
    assert {v.register for v in store.versions()} == {DEFAULT_REGISTER}
    assert [store.original(n) for n in (1, 2, 3)] == [books[1], books[2], books[1]]
    assert store.registers() == [RegisterInfo(DEFAULT_REGISTER, DEFAULT_REGISTER, 3, 3)]
    assert [a.user_name for a in StoreLoginLog(store).newest()] == ["MMuster"]
    assert store.integrity_check() == "ok"
    # The same file continues its numbering, a new register starts at 1, and duplicates are per register.
    assert not store.add(books[2], "oktober.xlsx").created
    assert store.add(register("Neu"), "neu.xlsx").version.number == 4
    assert store.at("mainz").add(books[2], "oktober.xlsx").version.number == 1
    assert Store(location).schema_version() == SCHEMA_VERSION  # reopening migrates nothing


def test_restored_from_must_name_a_version_of_the_same_register(location):
    _schema3(location)
    store = Store(location)
    store.at("mainz").add(register("Mainz"), "mainz.xlsx")
    insert = ("INSERT INTO versions (register, number, sha256, file_name, uploaded_at, comment, stand, uploader,"
              " restored_from) SELECT 'mainz', 2, sha256, file_name, uploaded_at, comment, stand, uploader, 3"
              " FROM versions WHERE register = 'standard' AND number = 3")
    # Version 3 exists in the default register, not in mainz: the database refuses the reference.
    if is_postgres(location):
        with psycopg.connect(location, autocommit=True) as db, pytest.raises(psycopg.errors.ForeignKeyViolation):
            db.execute(insert)
    else:
        db = sqlite3.connect(location)
        db.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            db.execute(insert)
        db.close()
    assert store.at("mainz").newest_number() == 1


# --------------------------------------------------------------------------- backups

def _county(location: str) -> Store:
    store = Store(location, register="mainz")
    # Built once: openpyxl stamps the save time into the file, so two builds across a second differ.
    mainz_one = register("Mainz eins")
    store.add(mainz_one, "mainz-1.xlsx", comment="erste", uploader="mm", now=T0)
    store.add(register("Mainz zwei"), "mainz-2.xlsx", now=T0 + dt.timedelta(days=1))
    store.restore(1, uploader="leitung", now=T0 + dt.timedelta(days=2))
    trier = store.at("trier")
    trier.add(mainz_one, "trier-1.xlsx", now=T0)  # the same bytes as mainz 1
    trier.set_title("Stadt Trier")
    log = StoreLoginLog(store)
    log.record(LoginAttempt(T0, "Leitung", "10.0.0.1", True))
    log.record(LoginAttempt(T0 + dt.timedelta(seconds=1), "gast", "", False))
    log.record(LoginAttempt(T0 + dt.timedelta(seconds=2), "Leitung", "10.0.0.1", True, LoginKind.LOGOUT))
    return store


def _everything(store: Store) -> tuple:
    return ([(v.register, v.number, v.sha256, v.file_name, v.uploaded_at, v.comment, v.stand, v.uploader,
              v.restored_from) for v in store.all_versions()], store.registers(), StoreLoginLog(store).rows())


def test_a_backup_keeps_registers_titles_and_logins_across_backends(tmp_path, location, cli):
    source = _county(str(tmp_path / "kreis.db"))
    assert cli("backup", tmp_path / "kreis.zip", "--db", tmp_path / "kreis.db").code == 0
    with zipfile.ZipFile(tmp_path / "kreis.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert len([n for n in archive.namelist() if n.startswith("originals/")]) == 2  # mainz 1 = trier 1
    assert manifest["registers"] == [{"name": "mainz", "title": "mainz"}, {"name": "trier", "title": "Stadt Trier"}]
    assert [(v["register"], v["number"], v["restored_from"]) for v in manifest["versions"]] == [
        ("mainz", 1, None), ("mainz", 2, None), ("mainz", 3, 1), ("trier", 1, None)]
    assert manifest["logins"] == [
        {"at": "2026-03-02T08:00:00.000000+00:00", "user_key": "leitung", "user_name": "Leitung",
         "client": "10.0.0.1", "succeeded": True, "kind": "password"},
        {"at": "2026-03-02T08:00:01.000000+00:00", "user_key": "gast", "user_name": "gast", "client": "",
         "succeeded": False, "kind": "password"},
        {"at": "2026-03-02T08:00:02.000000+00:00", "user_key": "leitung", "user_name": "Leitung",
         "client": "10.0.0.1", "succeeded": True, "kind": "logout"}]

    loaded = cli("load-backup", tmp_path / "kreis.zip", "--db", location)
    assert loaded.code == 0, loaded.err
    assert "4 Versionen aus" in loaded.out and "2 Register (mainz, trier)" in loaded.out
    target = Store(location)
    assert _everything(target) == _everything(source)
    assert target.at("mainz").add(register("Neu"), "neu.xlsx").version.number == 4
    assert target.at("trier").add(register("Neu"), "neu.xlsx").version.number == 2


def test_a_format1_backup_loads_into_the_default_register(tmp_path, location, cli):
    data = register()
    digest = hashlib.sha256(data).hexdigest()
    entry = {"number": 1, "sha256": digest, "size": len(data), "file_name": "alt.xlsx", "stand": "2019-09-03",
             "uploaded_at": "2019-09-18T07:30:00+00:00", "uploader": "mm", "comment": "",
             "restored_from": None, "file": f"originals/{digest}.xlsx"}
    old = tmp_path / "alt.zip"
    with zipfile.ZipFile(old, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "massnahmen-cockpit-sicherung", "format_version": 1,
                                                      "schema": 3, "versions": [entry, {**entry, "number": 2,
                                                                                        "restored_from": 1}]}))
        archive.writestr(f"originals/{digest}.xlsx", data)
    assert cli("load-backup", old, "--db", location).code == 0
    store = Store(location)
    assert [(v.register, v.number, v.restored_from) for v in store.all_versions()] == [
        (DEFAULT_REGISTER, 1, None), (DEFAULT_REGISTER, 2, 1)]
    assert store.registers() == [RegisterInfo(DEFAULT_REGISTER, DEFAULT_REGISTER, 2, 2)]


@pytest.mark.parametrize(("change", "words"), [
    (lambda m: m["versions"][3].update(number=2), "Version 2 des Registers „trier“: die Nummern müssen ab 1 "
                                                  "lückenlos aufsteigen (erwartet 1)"),
    (lambda m: m["versions"][3].update(restored_from=1), "„trier“: restored_from nennt keine frühere Version"),
    (lambda m: m["versions"][0].update(register="Mainz"), "„Mainz“ ist kein gültiger Registername"),
    (lambda m: m["registers"][0].update(title=""), "Register 1 des Manifests: name oder title"),
    (lambda m: m["logins"][0].pop("client"), "Anmeldung 1 des Manifests"),
])
def test_a_backup_with_bad_registers_or_logins_loads_nothing(tmp_path, cli, change, words):
    _county(str(tmp_path / "kreis.db"))
    cli("backup", tmp_path / "gut.zip", "--db", tmp_path / "kreis.db")
    with zipfile.ZipFile(tmp_path / "gut.zip") as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(contents.pop("manifest.json"))
    change(manifest)
    with zipfile.ZipFile(tmp_path / "schlecht.zip", "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, content in contents.items():
            archive.writestr(name, content)
    done = cli("load-backup", tmp_path / "schlecht.zip", "--db", tmp_path / "neu.db")
    assert done.code == 2 and words in done.err and "Nichts wurde geladen" in done.err, done.err
    assert Store(tmp_path / "neu.db").registers() == []
