"""The version store on both backends (tests/storing/conftest.py): append-only history, byte-identical
originals, and nothing lost when writers are killed or race each other; then what only SQLite has."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from lib.deriving import history
from lib.storing import storage
from lib.storing.postgres import PostgresStore
from lib.storing.storage import (
    SCHEMA_VERSION,
    Fault,
    RejectedRegister,
    Store,
    StoreError,
    UnknownVersion,
    default_location,
    default_path,
    store_class,
)
from tests.builders import Book, simple, zip_with
from tests.storing.conftest import is_postgres, tables, version_columns, write_lock_held

ROOT = Path(__file__).resolve().parents[2]
MEASURES = [("0.01", "Virtuelle Poststelle", 0, "10"), ("1.01", "E-Rechnung", 1, "12")]


def register(title: str = "Virtuelle Poststelle", stand: str = "03.09.2019") -> bytes:
    rows = [("0.01", title, 0, "10"), ("1.01", "E-Rechnung", 1, "12")]
    return (Book().measures(rows, title=[f"Stand: {stand}"]).offices()
            .matrix(["10", "12"], [("0.01", "x", "offen")]).to_bytes())


def test_new_store_is_migrated_and_in_wal_mode(tmp_path):
    store = Store(tmp_path / "sub" / "v.db")
    assert store.schema_version() == SCHEMA_VERSION
    assert store.versions() == [] and store.latest() is None
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert Store(store.path).schema_version() == SCHEMA_VERSION  # reopening migrates nothing


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "v.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="neueren Programmversion"):
        Store(path)


def test_not_a_database_is_a_german_error(tmp_path):
    path = tmp_path / "v.db"
    path.write_bytes(b"kein SQLite" * 100)
    with pytest.raises(StoreError, match="nicht nutzbar"):
        Store(path)


def test_path_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MASSNAHMEN_DB", str(tmp_path / "env.db"))
    assert default_path() == tmp_path / "env.db"
    assert Store().path == tmp_path / "env.db"
    monkeypatch.setenv("MASSNAHMEN_DB", "postgresql://leser:geheim@db.stadt.example:6543/cockpit")
    assert default_location() == "postgresql://leser:geheim@db.stadt.example:6543/cockpit"
    assert store_class() is PostgresStore and store_class(tmp_path / "postgresql:x") is storage.SqliteStore
    monkeypatch.delenv("MASSNAHMEN_DB")
    assert default_path().parts[-2:] == ("var", "massnahmen.db")


def test_add_stores_metadata_and_bytes_and_nothing_derived(store, location):
    data = register()
    now = dt.datetime(2019, 9, 18, 7, 30, tzinfo=dt.UTC)
    added = store.add(data, "register.xlsx", comment=" für die Sitzung ", uploader="mmuster", now=now)
    version = added.version
    assert added.created
    assert (version.number, version.file_name, version.comment, version.uploader) == (
        1, "register.xlsx", "für die Sitzung", "mmuster")
    assert version.sha256 == hashlib.sha256(data).hexdigest() and version.size == len(data)
    assert version.uploaded_at == now and version.uploaded_at.tzinfo == dt.UTC
    assert (version.stand, version.stichtag, version.restored_from, added.measures) == (
        dt.date(2019, 9, 3), dt.date(2019, 9, 3), None, 2)
    assert store.original(1) == data
    assert store.latest() == version == store.version(1) and store.newest_number() == 1
    assert tables(location) == {"blobs", "versions", "logins", "registers"} | ({"schema_version"} if is_postgres(location) else set())
    assert version_columns(location) == ["number", "sha256", "file_name", "uploaded_at", "comment", "stand",
                                         "uploader", "restored_from", "register"]


def test_stichtag_without_stand_is_the_upload_day(store):
    added = store.add(simple().to_bytes(), "ohne-stand.xlsx", now=dt.datetime(2020, 2, 1, 12, tzinfo=dt.UTC))
    assert added.version.stand is None
    assert added.version.stichtag == dt.date(2020, 2, 1)
    assert added.version.since == dt.date(2020, 2, 1)


def test_same_bytes_twice_give_the_existing_version(store):
    data = register()  # built once: openpyxl stamps the save time into the file
    assert store.newest_number() == 0
    first = store.add(data, "a.xlsx").version
    store.add(register("Andere"), "b.xlsx")
    again = store.add(data, "c.xlsx")
    assert not again.created and again.version == first
    assert [v.number for v in store.versions()] == [1, 2]


@pytest.mark.parametrize("data", [
    Book().measures([("0.01", "A", 9, "10")]).offices().to_bytes(),  # priority outside 0–5
    Book().measures([("0.01", "A", 0, "99")]).offices().to_bytes(),  # office not in Ämter
    b"not a workbook",
])
def test_invalid_or_unreadable_files_are_never_stored(store, data):
    store.add(register(), "ok.xlsx")
    with pytest.raises(RejectedRegister) as raised:
        store.add(data, "kaputt.xlsx")
    assert raised.value.result.errors
    assert [v.number for v in store.versions()] == [1]
    assert store.integrity_check() == "ok"


def test_restore_appends_a_version_with_the_old_bytes(store):
    data = register()
    store.add(data, "a.xlsx")
    store.add(register("Neu benannt", "17.09.2019"), "b.xlsx")
    restored = store.restore(1, uploader="mmuster")
    assert (restored.number, restored.restored_from, restored.uploader) == (3, 1, "mmuster")
    assert restored.comment == "Version 1 wieder aktuell gemacht"
    assert restored.sha256 == store.version(1).sha256 and restored.stand == dt.date(2019, 9, 3)
    assert store.original(3) == store.original(1) == data
    assert history.statuses(store, 3).equals(history.statuses(store, 1))
    assert store.latest() == restored
    # Uploading those bytes again now returns the newest version holding them.
    assert store.add(data, "a.xlsx").version.number == 3
    with pytest.raises(UnknownVersion):
        store.restore(9)
    assert len(store.versions()) == 3


@pytest.mark.parametrize("call", [Store.version, Store.original, history.statuses])
def test_unknown_version(store, call):
    with pytest.raises(UnknownVersion, match="Version 4 gibt es nicht"):
        call(store, 4)


def test_every_version_downloads_byte_identical(store):
    files = [register(f"Titel {i}") for i in range(5)]
    for i, data in enumerate(files):
        store.add(data, f"{i}.xlsx")
    assert [store.original(n) for n in range(1, 6)] == files


# --------------------------------------------------------------------------- crashes and races
# Workers run in processes forked from a fork server that has imported the core already, so
# starting one takes milliseconds and it shares nothing with the test process.

def _processes():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["lib.storing.storage", "lib.storing.postgres", "tests.builders"])
    return context


def _signalling_store(location: str, writing) -> Store:
    """The location's own backend, setting a shared flag while a write transaction is open, so the test
    can kill right inside it."""

    class Signalling(store_class(location)):
        @contextmanager
        def _write(self, db):
            with super()._write(db):
                writing.value = 1
                yield db
                # Still inside the transaction: the COMMIT runs after this block.
            writing.value = 0

    return Signalling(location)


def _write_forever(path: str, base: bytes, seed: int, writing) -> None:
    """Add large distinct versions until killed (the padding makes each transaction take a while)."""
    store = _signalling_store(path, writing)
    rng = random.Random(seed)
    while True:
        store.add(zip_with({"docProps/padding.bin": rng.randbytes(3 << 20)}, base), f"w{seed}.xlsx")


def _import_files(path: str, files: list[str]) -> None:
    store = Store(path)
    for file in files:
        store.add(Path(file).read_bytes(), Path(file).name)


def _assert_consistent(store: Store) -> dict[int, str]:
    assert store.integrity_check() == "ok"
    versions = store.versions()
    assert [v.number for v in versions] == list(range(1, len(versions) + 1))
    for version in versions:
        assert hashlib.sha256(store.original(version.number)).hexdigest() == version.sha256
        assert not history.statuses(store, version).empty  # the bytes are still a whole, valid register
    return {v.number: v.sha256 for v in versions}


def test_killing_a_writer_mid_write_loses_nothing(location):
    path = location
    store = Store(path)
    store.add(register(), "erste.xlsx")
    base = simple(MEASURES).to_bytes()
    context, rng = _processes(), random.Random(4)
    kept = _assert_consistent(store)
    killed_in_transaction = 0
    rounds = 12 if is_postgres(location) else 24  # the server's side was proven by then; keep `make test` lean
    for round_ in range(rounds):
        writing = context.Value("i", 0, lock=False)
        writer = context.Process(target=_write_forever, args=(path, base, round_, writing))
        writer.start()
        if round_ % 3:
            # Wait until a write transaction is open, then kill somewhere inside it (they take ~10 ms).
            deadline = time.monotonic() + 5
            while not writing.value and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.008))
        else:
            # Let one more version get committed, then kill anywhere: opening, validating, writing.
            deadline = time.monotonic() + 20
            while len(Store(path).versions()) == len(kept) and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.2))
        writer.kill()  # SIGKILL: no cleanup, no rollback by the writer
        writer.join()
        assert writer.exitcode == -9
        killed_in_transaction += writing.value
        now = _assert_consistent(Store(path))
        assert {n: now[n] for n in kept} == kept, f"round {round_}: an earlier version changed"
        kept = now
    assert killed_in_transaction >= rounds // 5, "most kills should land inside a write transaction"
    assert len(kept) >= 1 + rounds // 3, "every third writer commits at least one version before it is killed"


def test_concurrent_imports_keep_every_version_whole(tmp_path, location):
    files = []
    for i in range(16):
        files.append(str(Book().measures([("0.01", f"Maßnahme {i}", i % 6, "10")]).offices()
                         .save(tmp_path / f"r{i}.xlsx")))
    path = location
    context = _processes()
    workers = [context.Process(target=_import_files, args=(path, files[i::4])) for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    store = Store(path)
    stored = _assert_consistent(store)
    assert len(stored) == 16
    by_sha = {hashlib.sha256(Path(f).read_bytes()).hexdigest(): Path(f).name for f in files}
    assert set(stored.values()) == set(by_sha)
    for version in store.versions():
        assert version.file_name == by_sha[version.sha256]
        assert history.statuses(store, version)["title"].tolist() == [f"Maßnahme {version.file_name[1:-5]}"]


def test_concurrent_uploads_of_the_same_bytes_make_one_version(tmp_path, location):
    file = simple(MEASURES).save(tmp_path / "same.xlsx")
    path = location
    context = _processes()
    workers = [context.Process(target=_import_files, args=(path, [str(file)])) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert len(Store(path).versions()) == 1


def test_fresh_database_created_by_many_processes_at_once(tmp_path, location):
    path = location
    files = [str(simple([("0.01", f"M{i}", 0, "10")]).save(tmp_path / f"f{i}.xlsx")) for i in range(6)]
    context = _processes()
    workers = [context.Process(target=_import_files, args=(path, [f])) for f in files]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert len(_assert_consistent(Store(path))) == 6
    assert is_postgres(path) or os.path.exists(path)


# ---------------------------------------------------------------------------- a store that cannot be used
def _garbage(path: Path) -> Path:
    path.write_bytes(b"kein SQLite " * 500)
    return path


def _below_a_file(path: Path) -> Path:
    path.write_text("kein Ordner")
    return path / "sub" / "v.db"


def _newer_schema(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return path


@pytest.mark.parametrize(("make", "fault", "words"), [
    (_garbage, Fault.NOT_A_DATABASE, ("ist nicht nutzbar", "Sicherung")),
    (_below_a_file, Fault.NO_FOLDER, ("ein Teil des Pfads ist eine Datei, kein Ordner", "MASSNAHMEN_DB")),
    (_newer_schema, Fault.SCHEMA, ("neueren Programmversion", "aktualisieren")),
])
def test_unusable_database_is_one_german_error_naming_the_path(tmp_path, make, fault, words):
    path = make(tmp_path / "v.db")
    with pytest.raises(StoreError) as raised:
        Store(path)
    assert raised.value.fault is fault
    assert str(path) in raised.value.message and all(w in raised.value.message for w in words)


def test_read_only_store_reads_and_never_writes(tmp_path):
    path = tmp_path / "v.db"
    Store(path).add(register(), "a.xlsx")
    with sqlite3.connect(path) as db:  # a journal mode a writer would switch to WAL on opening
        assert db.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    before = path.read_bytes()
    store = Store(path, read_only=True)
    assert [v.file_name for v in store.versions()] == ["a.xlsx"]
    assert store.original(1) == Store(path, read_only=True).original(1)
    for write in (lambda: store.add(register("Neu"), "b.xlsx"), lambda: store.restore(1)):
        with pytest.raises(StoreError, match="schreibgeschützt") as raised:
            write()
        assert raised.value.fault is Fault.READ_ONLY
    assert path.read_bytes() == before
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


_AS_SERVICE_USER = """
import os, sys
from pathlib import Path
from lib.storing.storage import Store, StoreError
from tests.storing.test_storage import register
if os.geteuid() == 0:  # after the imports: the interpreter lives below /root, which nobody may not enter
    os.setgroups([]), os.setgid(65534), os.setuid(65534)
try:
    (Path(sys.argv[1]).parent / "probe").write_text("x")
    sys.exit("the mode bits do not bind this process: the test would prove nothing")
except PermissionError:
    pass
store = Store(sys.argv[1])
print(store.read_only, [v.file_name for v in store.versions()], len(store.original(1)))
try:
    store.add(register("Neu"), "b.xlsx")
except StoreError as exc:
    print(exc.fault.name)
"""


def test_database_the_service_user_may_not_write_is_read_only(tmp_path):
    """The real thing, not `os.access` answered by the test: a file 0444 in a folder 0555, opened by a
    process that is not root (as root the child drops to `nobody`, whom the mode bits bind). SQLite reads
    the WAL database without creating its -shm file; the upload is refused before anything is written."""
    folder = Path(tempfile.mkdtemp(prefix="ro-store-", dir="/tmp"))  # pytest's tmp_path is 0700 for root
    try:
        path = folder / "v.db"
        Store(path).add(register(), "a.xlsx")
        before = path.read_bytes()
        path.chmod(0o444)
        folder.chmod(0o555)
        done = subprocess.run([sys.executable, "-c", _AS_SERVICE_USER, str(path)], cwd=ROOT, capture_output=True,
                              text=True, timeout=60, env={**os.environ, "HOME": "/tmp"})
        assert done.returncode == 0, done.stderr
        assert done.stdout.split("\n")[:2] == [f"True ['a.xlsx'] {len(Store(path).original(1))}", "READ_ONLY"]
        assert path.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["v.db"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@contextmanager
def _disk_full(monkeypatch):
    """Every new connection may not grow the file (`PRAGMA max_page_count` at its current size): SQLite
    then answers SQLITE_FULL as on a full disk. sqlite3.connect is wrapped, our code is not."""
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        db = real_connect(*args, **kwargs)
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        return db

    with monkeypatch.context() as patch:
        patch.setattr(storage.sqlite3, "connect", connect)
        yield


def test_disk_full_stores_nothing_and_the_next_upload_works(tmp_path, monkeypatch):
    store = Store(tmp_path / "v.db")
    store.add(register(), "a.xlsx")
    big = register("Poststelle " + "lang " * 4000)
    with _disk_full(monkeypatch), pytest.raises(StoreError, match="ist voll") as raised:
        store.add(big, "b.xlsx")
    assert raised.value.fault is Fault.DISK_FULL
    assert [v.file_name for v in store.versions()] == ["a.xlsx"] and store.integrity_check() == "ok"
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 1  # the blob left with its version
    assert store.add(big, "b.xlsx").version.number == 2


def test_write_lock_held_too_long_is_a_german_error(store, location, monkeypatch):
    monkeypatch.setattr(storage, "BUSY_TIMEOUT_S", 0.2)
    with write_lock_held(location), pytest.raises(StoreError, match="gesperrt") as raised:
        store.add(register(), "a.xlsx")
    assert raised.value.fault is Fault.LOCKED
    assert store.versions() == []
    assert store.add(register(), "a.xlsx").version.number == 1  # the lock is gone with its holder


def test_read_only_flag_refuses_writes(store, location):
    store.add(register(), "a.xlsx")
    reader = Store(location, read_only=True)
    assert [v.file_name for v in reader.versions()] == ["a.xlsx"] and reader.original(1) == store.original(1)
    for write in (lambda: reader.add(register("Neu"), "b.xlsx"), lambda: reader.restore(1)):
        with pytest.raises(StoreError, match="schreibgeschützt") as raised:
            write()
        assert raised.value.fault is Fault.READ_ONLY
    assert store.newest_number() == 1
