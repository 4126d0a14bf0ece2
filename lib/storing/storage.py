"""The version store: every accepted register workbook, byte for byte, with its metadata, in one SQLite file.

This is the only module that opens the database. It keeps what was uploaded, never what was derived
from it: status tables are derived from the stored bytes on read (`lib.deriving.history`), so a corrected
status rule applies to every version. History is append-only: a version is never changed or
deleted; making an old version current again appends a new version with its bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lib.reading.register import LoadResult, read_register

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "var" / "massnahmen.db"
ENV_PATH = "MASSNAHMEN_DB"
# Concurrent writers wait this long for the write lock instead of failing.
BUSY_TIMEOUT_S = 60.0

# Each entry migrates the schema from user_version i to i + 1; pending ones run in one transaction.
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            data BLOB NOT NULL
        )""",
        """CREATE TABLE versions (
            number INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL REFERENCES blobs(sha256),
            file_name TEXT NOT NULL,
            uploaded_at TEXT NOT NULL,          -- ISO 8601, UTC
            comment TEXT NOT NULL DEFAULT '',
            stand TEXT,                         -- ISO date of the register's Stand
            stichtag TEXT NOT NULL,             -- ISO date the status table was derived at
            uploader TEXT NOT NULL DEFAULT '',
            restored_from INTEGER REFERENCES versions(number),
            measures INTEGER NOT NULL
        )""",
        "CREATE INDEX versions_sha256 ON versions(sha256)",
        """CREATE TABLE statuses (
            version INTEGER NOT NULL REFERENCES versions(number),
            position INTEGER NOT NULL,          -- order of sheet Maßnahmen
            id TEXT NOT NULL,
            title TEXT NOT NULL,
            priority INTEGER NOT NULL,
            field TEXT,
            status TEXT NOT NULL,               -- complete / partial / not_started
            deadline TEXT,                      -- effective deadline, ISO date
            completed_on TEXT,
            lead_office TEXT,
            relevant_offices TEXT NOT NULL,     -- JSON list of office ids
            missing_offices TEXT NOT NULL,      -- JSON list of office ids not done
            workplaces_left INTEGER NOT NULL,
            open_applications TEXT NOT NULL,    -- JSON list
            overdue INTEGER NOT NULL,
            PRIMARY KEY (version, id)
        ) WITHOUT ROWID""",
    ],
    # 2: keep what was uploaded, not what was derived. The status rows, the measure count and the
    # Stichtag they were derived at leave; bytes and metadata stay as they are.
    [
        "DROP TABLE statuses",
        "ALTER TABLE versions DROP COLUMN measures",
        "ALTER TABLE versions DROP COLUMN stichtag",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)



class StoreError(Exception):
    """The database cannot be used; the message is a German sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownVersion(StoreError, LookupError):
    def __init__(self, number: int) -> None:
        super().__init__(f"Eine Version {number} gibt es nicht.")
        self.number = number


class RejectedRegister(Exception):
    """The workbook has errors (or cannot be read) and was not stored; `result` holds every finding."""

    def __init__(self, result: LoadResult) -> None:
        super().__init__(f"{len(result.errors)} Fehler")
        self.result = result


@dataclass(frozen=True)
class Version:
    """One stored version's metadata (the bytes are fetched separately)."""

    number: int
    sha256: str
    size: int
    file_name: str
    uploaded_at: dt.datetime  # timezone-aware, UTC
    comment: str
    stand: dt.date | None  # as the register said when it was accepted
    uploader: str
    restored_from: int | None

    @property
    def uploaded_local(self) -> dt.datetime:
        """Upload time in the server's local time zone, for display."""
        return self.uploaded_at.astimezone()

    @property
    def since(self) -> dt.date:
        """The date a comparison starting at this version is counted from: its Stand, else the upload day."""
        return self.stand or self.uploaded_local.date()

    @property
    def stichtag(self) -> dt.date:
        """The reporting date its status table is derived at in the history: the same day as `since`."""
        return self.since

    @property
    def label(self) -> str:
        """Short German name, e.g. 'Version 3 vom 17.09.2019 14:05 (register.xlsx)'."""
        return f"Version {self.number} vom {self.uploaded_local:%d.%m.%Y %H:%M} ({self.file_name})"

    def as_json(self) -> dict:
        return {
            "number": self.number, "sha256": self.sha256, "size": self.size, "file_name": self.file_name,
            "uploaded_at": self.uploaded_at.isoformat(), "comment": self.comment,
            "stand": self.stand.isoformat() if self.stand else None, "stichtag": self.stichtag.isoformat(),
            "uploader": self.uploader, "restored_from": self.restored_from,
        }


@dataclass(frozen=True)
class Added:
    """What `Store.add` did: the version holding the bytes, and whether it was created just now."""

    version: Version
    created: bool
    warnings: tuple = ()
    measures: int | None = None  # measures in the workbook, when it was read just now


def default_path() -> Path:
    """`MASSNAHMEN_DB` when set, else var/massnahmen.db in the project."""
    configured = os.environ.get(ENV_PATH, "").strip()
    return Path(configured) if configured else DEFAULT_PATH


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    """All access to the version database. Each call opens its own short-lived connection,
    so one Store can be shared between threads and many processes can use the same file."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Der Ordner für die Datenbank „{self.path}“ kann nicht angelegt werden "
                             f"({exc.strerror}).") from None
        with self._connect() as db:
            self._migrate(db)

    # ------------------------------------------------------------------ connection and schema
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"Die Datenbank „{self.path}“ kann nicht geöffnet werden ({exc}).") from None
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            yield db
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Die Datenbank „{self.path}“ ist nicht nutzbar ({exc}).") from None
        finally:
            db.close()

    @contextmanager
    def _write(self, db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front so concurrent writers queue."""
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _migrate(self, db: sqlite3.Connection) -> None:
        current = db.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise StoreError(f"Die Datenbank „{self.path}“ stammt von einer neueren Programmversion "
                             f"(Schema {current}, bekannt bis {SCHEMA_VERSION}).")
        if current == SCHEMA_VERSION:
            return
        # Every pending step in one transaction: a crash or an error leaves the file as it was.
        with self._write(db):
            # Another process may have migrated while we waited for the lock.
            current = db.execute("PRAGMA user_version").fetchone()[0]
            for steps in MIGRATIONS[current:]:
                for statement in steps:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def schema_version(self) -> int:
        with self._connect() as db:
            return db.execute("PRAGMA user_version").fetchone()[0]

    def integrity_check(self) -> str:
        """'ok' when SQLite finds the file consistent."""
        with self._connect() as db:
            return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))

    # ------------------------------------------------------------------ reading
    def versions(self) -> list[Version]:
        """All versions, oldest first."""
        with self._connect() as db:
            return [_version(row) for row in db.execute(_VERSION_SELECT + " ORDER BY v.number")]

    def version(self, number: int) -> Version:
        with self._connect() as db:
            row = db.execute(_VERSION_SELECT + " WHERE v.number = ?", (number,)).fetchone()
        if row is None:
            raise UnknownVersion(number)
        return _version(row)

    def latest(self) -> Version | None:
        """The current version (the newest), or None when nothing is stored yet."""
        with self._connect() as db:
            row = db.execute(_VERSION_SELECT + " ORDER BY v.number DESC LIMIT 1").fetchone()
        return None if row is None else _version(row)

    def original(self, number: int) -> bytes:
        """The workbook exactly as uploaded."""
        with self._connect() as db:
            row = db.execute("SELECT b.data FROM versions v JOIN blobs b ON b.sha256 = v.sha256 "
                             "WHERE v.number = ?", (number,)).fetchone()
        if row is None:
            raise UnknownVersion(number)
        return bytes(row[0])

    def blobs(self, digests: list[str]) -> dict[str, bytes]:
        """Stored workbooks by sha256, in one query (a history of many versions reads them all at once)."""
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(digests))
        with self._connect() as db:
            for start in range(0, len(unique), 500):  # well below SQLite's limit of bound parameters
                chunk = unique[start:start + 500]
                query = f"SELECT sha256, data FROM blobs WHERE sha256 IN ({', '.join('?' * len(chunk))})"
                found.update((digest, bytes(data)) for digest, data in db.execute(query, chunk))
        return found

    # ------------------------------------------------------------------ writing
    def add(self, data: bytes, file_name: str, comment: str = "", uploader: str = "",
            now: dt.datetime | None = None) -> Added:
        """Store a valid workbook as the newest version; bytes already stored give that version back.

        The workbook is read only to refuse it when it has errors (`RejectedRegister`, nothing stored)
        and to record its Stand; nothing derived from it is stored.
        """
        digest = sha256_of(data)
        existing = self._by_sha(digest)
        if existing is not None:
            return Added(existing, created=False)
        result = read_register(data, file_name)
        if not result.ok:
            raise RejectedRegister(result)
        uploaded = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        with self._connect() as db, self._write(db):
            # Checked again under the write lock: a concurrent upload of the same bytes may have won.
            row = db.execute(_VERSION_SELECT + " WHERE v.sha256 = ? ORDER BY v.number DESC LIMIT 1",
                             (digest,)).fetchone()
            if row is not None:
                return Added(_version(row), created=False)
            db.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                       (digest, len(data), sqlite3.Binary(data)))
            number = self._insert_version(db, digest, file_name, uploaded, comment, result.register.stand,
                                          uploader, None)
        return Added(self.version(number), created=True, warnings=tuple(result.warnings),
                     measures=len(result.register.measure_columns["id"]))

    def restore(self, number: int, comment: str = "", uploader: str = "",
                now: dt.datetime | None = None) -> Version:
        """Make an old version current again: a new version with its bytes."""
        uploaded = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        with self._connect() as db, self._write(db):
            old = db.execute(_VERSION_SELECT + " WHERE v.number = ?", (number,)).fetchone()
            if old is None:
                raise UnknownVersion(number)
            source = _version(old)
            new = self._insert_version(db, source.sha256, source.file_name, uploaded,
                                       comment or f"Version {number} wieder aktuell gemacht", source.stand,
                                       uploader, number)
        return self.version(new)

    def _insert_version(self, db: sqlite3.Connection, digest: str, file_name: str, uploaded: dt.datetime,
                        comment: str, stand: dt.date | None, uploader: str, restored_from: int | None) -> int:
        number = db.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM versions").fetchone()[0]
        db.execute(
            "INSERT INTO versions (number, sha256, file_name, uploaded_at, comment, stand, uploader, restored_from)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (number, digest, file_name, uploaded.isoformat(), comment.strip(),
             stand.isoformat() if stand else None, uploader, restored_from))
        return number

    def _by_sha(self, digest: str) -> Version | None:
        with self._connect() as db:
            row = db.execute(_VERSION_SELECT + " WHERE v.sha256 = ? ORDER BY v.number DESC LIMIT 1",
                             (digest,)).fetchone()
        return None if row is None else _version(row)


_VERSION_SELECT = (
    "SELECT v.number, v.sha256, b.size, v.file_name, v.uploaded_at, v.comment, v.stand,"
    " v.uploader, v.restored_from FROM versions v JOIN blobs b ON b.sha256 = v.sha256"
)


def _version(row: tuple) -> Version:
    number, digest, size, file_name, uploaded, comment, stand, uploader, restored_from = row
    return Version(number, digest, size, file_name, dt.datetime.fromisoformat(uploaded), comment,
                   dt.date.fromisoformat(stand) if stand else None, uploader, restored_from)
