"""Backups: every version's bytes and metadata into a zip and back, SQLite → PostgreSQL → SQLite unchanged;
a backup that does not match its manifest, or a store that is not empty, is refused as a whole."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from lib.storing.storage import Store
from tests.builders import simple
from tests.storing.test_storage import register

UTC = dt.UTC


def _history(store: Store) -> dict[str, bytes]:
    """Four versions as a city's history has them: comments, uploaders, one without Stand, one restored."""
    books = {"september": register("Virtuelle Poststelle", "03.09.2019"),
             "oktober": register("Poststelle digital", "01.10.2019"),
             "ohne": simple([("0.01", "Ohne Stand", 0, "10")]).to_bytes()}
    store.add(books["september"], "september.xlsx", comment="Sitzung September", uploader="mmuster",
              now=dt.datetime(2019, 9, 18, 7, 30, tzinfo=UTC))
    store.add(books["oktober"], "oktober.xlsx", uploader="kbeispiel",
              now=dt.datetime(2019, 10, 2, 12, 0, 0, 250000, tzinfo=UTC))
    store.restore(1, uploader="leitung", now=dt.datetime(2019, 10, 3, 8, 0, tzinfo=UTC))
    store.add(books["ohne"], "Änderung 4 ü.ods.xlsx", comment="mit „Anführung“", now=dt.datetime(2019, 11, 7, tzinfo=UTC))
    return books


# What `_history` stored, worked out by hand: number, file, uploaded (UTC), comment, Stand, who, restored from.
EXPECTED = [
    (1, "september.xlsx", "2019-09-18T07:30:00+00:00", "Sitzung September", "2019-09-03", "mmuster", None),
    (2, "oktober.xlsx", "2019-10-02T12:00:00.250000+00:00", "", "2019-10-01", "kbeispiel", None),
    (3, "september.xlsx", "2019-10-03T08:00:00+00:00", "Version 1 wieder aktuell gemacht", "2019-09-03", "leitung", 1),
    (4, "Änderung 4 ü.ods.xlsx", "2019-11-07T00:00:00+00:00", "mit „Anführung“", None, "", None),
]


def _rows(store: Store) -> list[tuple]:
    return [(v.number, v.file_name, v.uploaded_at.isoformat(), v.comment, v.stand and v.stand.isoformat(),
             v.uploader, v.restored_from) for v in store.versions()]


def _manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


def test_round_trip_sqlite_postgresql_sqlite_keeps_everything(tmp_path, postgres_url, cli):
    first = Store(tmp_path / "stadt.db")
    books = _history(first)
    assert _rows(first) == EXPECTED

    done = cli("backup", tmp_path / "eins.zip", "--db", tmp_path / "stadt.db")
    assert done.code == 0 and done.out.startswith(f"Sicherung geschrieben: {tmp_path / 'eins.zip'} – 4 Versionen, "
                                                  "3 Dateien, 0,")
    loaded = cli("load-backup", tmp_path / "eins.zip", "--db", postgres_url)
    assert loaded.code == 0 and "4 Versionen aus" in loaded.out and "aktuell ist Version 4" in loaded.out
    server = Store(postgres_url)
    assert _rows(server) == EXPECTED and server.integrity_check() == "ok"
    assert cli("backup", tmp_path / "zwei.zip", "--db", postgres_url).code == 0
    assert cli("load-backup", tmp_path / "zwei.zip", "--db", tmp_path / "zurueck.db").code == 0
    back = Store(tmp_path / "zurueck.db")

    assert _rows(back) == EXPECTED and back.versions() == server.versions() == first.versions()
    for number in range(1, 5):
        assert back.original(number) == server.original(number) == first.original(number)
    assert [first.original(n) for n in (1, 2, 3, 4)] == [books["september"], books["oktober"], books["september"],
                                                          books["ohne"]]
    one, two = _manifest(tmp_path / "eins.zip"), _manifest(tmp_path / "zwei.zip")
    assert one.pop("written_at") and two.pop("written_at") and one == two
    # A new version continues the numbering after the loaded ones.
    assert server.add(register("Neu"), "neu.xlsx").version.number == 5


def test_manifest_names_every_version_and_each_file_once(tmp_path, cli):
    store = Store(tmp_path / "v.db")
    books = _history(store)
    cli("backup", tmp_path / "s.zip", "--db", tmp_path / "v.db")
    manifest = _manifest(tmp_path / "s.zip")
    september = hashlib.sha256(books["september"]).hexdigest()
    assert (manifest["format"], manifest["format_version"], manifest["schema"]) == ("massnahmen-cockpit-sicherung", 2, 4)
    assert manifest["registers"] == [{"name": "standard", "title": "standard"}] and manifest["logins"] == []
    assert manifest["versions"][2] == {
        "register": "standard", "number": 3, "sha256": september, "size": len(books["september"]), "file_name": "september.xlsx",
        "stand": "2019-09-03", "uploaded_at": "2019-10-03T08:00:00+00:00", "uploader": "leitung",
        "comment": "Version 1 wieder aktuell gemacht", "restored_from": 1, "file": f"originals/{september}.xlsx"}
    with zipfile.ZipFile(tmp_path / "s.zip") as archive:
        assert sorted(archive.namelist()) == sorted(
            ["manifest.json", *{f"originals/{hashlib.sha256(b).hexdigest()}.xlsx" for b in books.values()}])
        assert archive.read(f"originals/{september}.xlsx") == books["september"]


def _tampered(good: Path, out: Path, manifest: Callable[[dict], None] = lambda m: None,
              files: Callable[[dict[str, bytes]], None] = lambda f: None) -> Path:
    with zipfile.ZipFile(good) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    data = json.loads(contents.pop("manifest.json"))
    manifest(data)
    files(contents)
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", json.dumps(data))
        for name, content in contents.items():
            archive.writestr(name, content)
    return out


def _flip_a_byte(files: dict[str, bytes]) -> None:
    name = sorted(files)[0]
    files[name] = files[name][:-30] + bytes([files[name][-30] ^ 1]) + files[name][-29:]


@pytest.mark.parametrize(("manifest", "files", "words"), [
    (lambda m: None, _flip_a_byte, "passt nicht zu seiner Prüfsumme im Manifest"),
    (lambda m: None, lambda f: f.pop(sorted(f)[1]), "fehlt in der Sicherung"),
    (lambda m: None, lambda f: f.update({"originals/fremd.xlsx": b"x"}), "originals/fremd.xlsx: steht nicht im Manifest"),
    (lambda m: m["versions"][1].update(size=m["versions"][1]["size"] + 1), lambda f: None, "das Manifest sagt"),
    (lambda m: m["versions"][3].update(number=5), lambda f: None, "lückenlos aufsteigen (erwartet 4)"),
    (lambda m: m["versions"][0].update(restored_from=3), lambda f: None, "restored_from nennt keine frühere Version"),
    (lambda m: m["versions"][0].update(uploaded_at="18.09.2019"), lambda f: None, "kein Datum im ISO-Format"),
    (lambda m: m["versions"][0].pop("uploader"), lambda f: None, "Eintrag 1 des Manifests: uploader fehlt"),
    (lambda m: m.update(format_version=3), lambda f: None, "Format, das dieses Programm nicht kennt"),
])
def test_a_backup_that_does_not_match_its_manifest_loads_nothing(tmp_path, cli, manifest, files, words):
    _history(Store(tmp_path / "v.db"))
    cli("backup", tmp_path / "gut.zip", "--db", tmp_path / "v.db")
    bad = _tampered(tmp_path / "gut.zip", tmp_path / "schlecht.zip", manifest, files)
    done = cli("load-backup", bad, "--db", tmp_path / "neu.db")
    assert done.code == 2 and words in done.err and "Nichts wurde geladen" in done.err, done.err
    assert Store(tmp_path / "neu.db").versions() == []
    assert cli("load-backup", tmp_path / "gut.zip", "--db", tmp_path / "neu.db").code == 0  # the good one loads


@pytest.mark.parametrize(("content", "words"), [
    (b"PK\x03\x04 kaputt", "keine ZIP-Datei"),
    (None, "manifest.json fehlt"),
])
def test_a_file_that_is_no_backup_is_refused(tmp_path, cli, content, words):
    path = tmp_path / "keine.zip"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("register.xlsx", b"x")
    else:
        path.write_bytes(content)
    done = cli("load-backup", path, "--db", tmp_path / "neu.db")
    assert done.code == 2 and words in done.err


def test_a_store_that_is_not_empty_is_refused(tmp_path, cli, location):
    _history(Store(tmp_path / "quelle.db"))
    cli("backup", tmp_path / "s.zip", "--db", tmp_path / "quelle.db")
    target = Store(location)
    target.add(register("Schon da"), "da.xlsx")
    done = cli("load-backup", tmp_path / "s.zip", "--db", location)
    assert done.code == 2 and "enthält schon 1 Version." in done.err and "nichts wurde geändert" in done.err
    assert [v.file_name for v in target.versions()] == ["da.xlsx"]


def test_check_store_says_ready_on_both_backends(cli, location):
    Store(location).add(register(), "a.xlsx")
    done = cli("check-store", "--db", location)
    assert done.code == 0 and done.out == f"Datenbank bereit: {location} (Schema 4, 1 Version).\n"
