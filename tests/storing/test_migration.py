"""Schema 1 → 2: the derived status table leaves the database, every version stays, and history is
derived from the stored bytes again (tests/fixtures/store-schema1.db was written by the schema-1 store)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import sqlite3
from pathlib import Path

import pytest

from lib.cli import main
from lib.deriving import history
from lib.deriving.diff import compare_versions, progress, summary_line
from lib.storing.storage import SCHEMA_VERSION, Store, StoreError
from tests.builders import Book

FIXTURE = Path(__file__).parents[1] / "fixtures" / "store-schema1.db"
HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung")
SEPTEMBER = [("0.01", "Virtuelle Poststelle", 0, "10"), ("1.01", "E-Rechnung", 1, "12")]


def _book(measures: list[tuple], rollout: list[tuple], title: list[str]) -> bytes:
    return (Book().measures(measures, header=HEADER, title=title).offices()
            .matrix(["10", "12"], rollout).to_bytes())


# 0.01 is rolled out in offices 10 and 12, 1.01 only in 12 ("–": not relevant in 10).
REGISTERS = {
    # 0.01: 10 done, 12 open → partial; 1.01: 12 partial → partial.
    "september": lambda: _book(SEPTEMBER, [("0.01", "x", "offen"), ("1.01", "–", "teilweise")],
                               ["Stand: 03.09.2019"]),
    # No Stand. Both complete.
    "oktober": lambda: _book(SEPTEMBER, [("0.01", "x", "x"), ("1.01", "–", "x")], ["Register"]),
    # Both complete, 2.01 new without rollout rows → not started.
    "november": lambda: _book([*SEPTEMBER, ("2.01", "Open Data", 2, "12")],
                              [("0.01", "x", "x"), ("1.01", "–", "x")], ["Stand: 12.11.2019"]),
}
# What the fixture holds, as the schema-1 store wrote it (tests/fixtures/make_store_schema1.py).
METADATA = [  # number, file_name, uploaded_at, comment, stand, uploader, restored_from
    (1, "september.xlsx", "2019-09-18T07:30:00+00:00", "Sitzung September", "2019-09-03", "mmuster", None),
    (2, "oktober.xlsx", "2019-10-01T07:30:00+00:00", "", None, "", None),
    (3, "september.xlsx", "2019-10-02T07:30:00+00:00", "Version 1 wieder aktuell gemacht", "2019-09-03",
     "kbeispiel", 1),
    (4, "november.xlsx", "2019-11-07T07:30:00+00:00", "mit Open Data", "2019-11-12", "", None),
]


@pytest.fixture
def old_db(tmp_path) -> Path:
    path = tmp_path / "alt.db"
    shutil.copyfile(FIXTURE, path)
    return path


def _rows(path: Path, query: str) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


def _tables(path: Path) -> set[str]:
    return {name for (name,) in _rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_fixture_is_a_schema1_database(old_db):
    assert _rows(old_db, "PRAGMA user_version") == [(1,)]
    assert _tables(old_db) == {"blobs", "versions", "statuses"}
    assert _rows(old_db, "SELECT version, count(*) FROM statuses GROUP BY version") == [(1, 2), (2, 2), (3, 2), (4, 3)]


def test_migration_keeps_every_version_with_bytes_and_metadata(old_db):
    blobs = dict(_rows(old_db, "SELECT v.number, b.data FROM versions v JOIN blobs b ON b.sha256 = v.sha256"))
    shas = dict(_rows(old_db, "SELECT number, sha256 FROM versions"))
    store = Store(old_db)
    assert store.schema_version() == SCHEMA_VERSION == 4
    assert _tables(old_db) == {"blobs", "versions", "logins", "registers"}
    assert store.integrity_check() == "ok"
    versions = store.versions()
    assert [(v.number, v.file_name, v.uploaded_at.isoformat(), v.comment, v.stand and v.stand.isoformat(),
             v.uploader, v.restored_from) for v in versions] == METADATA
    for version in versions:
        assert store.original(version.number) == blobs[version.number]
        assert hashlib.sha256(blobs[version.number]).hexdigest() == version.sha256 == shas[version.number]
        assert version.size == len(blobs[version.number])
    assert shas[3] == shas[1]  # the restored version shares its bytes
    assert Store(old_db).schema_version() == SCHEMA_VERSION  # a second open migrates nothing (DROP TABLE would fail)


def test_history_is_derived_from_the_bytes_not_from_the_old_table(old_db):
    # Overwrite what schema 1 derived: every measure complete, nothing missing, a wrong count.
    db = sqlite3.connect(old_db)
    with db:
        db.execute("UPDATE statuses SET status = 'complete', missing_offices = '[]'")
        db.execute("UPDATE versions SET measures = 99")
    db.close()
    store = Store(old_db)

    comparison = compare_versions(store, 1, 2)
    assert summary_line(comparison) == "Seit 03.09.2019: 2 Maßnahmen abgeschlossen, 2 Ämter neu umgesetzt."
    assert list(comparison.changes[["change", "id", "office", "before", "after"]].itertuples(index=False,
                                                                                             name=None)) == [
        ("status", "0.01", None, "partial", "complete"),
        ("status", "1.01", None, "partial", "complete"),
        ("office_done", "0.01", "12", "offen", "umgesetzt"),
        ("office_done", "1.01", "12", "offen", "umgesetzt"),
    ]
    frame = progress(store)
    complete = frame.pivot(index="version", columns="priority", values="complete")
    total = frame.pivot(index="version", columns="priority", values="total")
    assert complete.loc[:, [0, 1, 2]].values.tolist() == [[0, 0, 0], [1, 1, 0], [0, 0, 0], [1, 1, 0]]
    assert total.loc[:, [0, 1, 2]].values.tolist() == [[1, 1, 0], [1, 1, 0], [1, 1, 0], [1, 1, 1]]
    assert history.measure_counts(store, store.versions()) == {1: 2, 2: 2, 3: 2, 4: 3}
    # The overview line of version 4 starts at the Stand of version 3.
    assert summary_line(compare_versions(store, newer=4)) == "Seit 03.09.2019: 2 Maßnahmen abgeschlossen, 1 neu, " \
                                                             "2 Ämter neu umgesetzt."


def test_versions_json_keeps_its_keys_after_the_migration(old_db, capsys):
    assert main(["versions", "--json", "--db", str(old_db)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [list(v) for v in listed] == [["number", "sha256", "size", "file_name", "uploaded_at", "comment", "stand",
                                          "stichtag", "uploader", "restored_from", "register", "measures"]] * 4
    assert [(v["stichtag"], v["measures"]) for v in listed] == [
        ("2019-09-03", 2), ("2019-10-01", 2), ("2019-09-03", 2), ("2019-11-12", 3)]
    old = _rows(FIXTURE, "SELECT stichtag, measures FROM versions ORDER BY number")
    assert [(v["stichtag"], v["measures"]) for v in listed] == old  # what schema 1 had stored


def test_a_failing_migration_leaves_the_database_as_it_was(old_db):
    # A view on a dropped column makes the last step fail, after the first ones ran.
    db = sqlite3.connect(old_db)
    db.execute("CREATE VIEW counted AS SELECT number, measures FROM versions")
    db.close()
    with pytest.raises(StoreError, match="nicht nutzbar"):
        Store(old_db)
    assert _rows(old_db, "PRAGMA user_version") == [(1,)]
    assert _tables(old_db) == {"blobs", "versions", "statuses"}
    assert len(_rows(old_db, "SELECT * FROM statuses")) == 9
    assert [row[1] for row in _rows(old_db, "PRAGMA table_info(versions)")][-1] == "measures"
    db = sqlite3.connect(old_db)
    db.execute("DROP VIEW counted")
    db.close()
    assert [v.number for v in Store(old_db).versions()] == [1, 2, 3, 4]


def _open(path: str) -> None:
    assert len(Store(path).versions()) == 4


def test_many_processes_opening_an_old_database_at_once_migrate_it_once(old_db):
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["lib.storing.storage"])
    workers = [context.Process(target=_open, args=(str(old_db),)) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    store = Store(old_db)
    assert store.schema_version() == SCHEMA_VERSION and store.integrity_check() == "ok"
    assert [(v.number, v.file_name) for v in store.versions()] == [(m[0], m[1]) for m in METADATA]
