"""The version store: every accepted register workbook and its derived status table in one SQLite file.

This is the only module that opens the database. History is append-only: a version is never
changed or deleted; making an old version current again appends a new version with its bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.register import LoadResult, read_register
from lib.status import derive, resolve_stichtag

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "var" / "massnahmen.db"
ENV_PATH = "MASSNAHMEN_DB"
# Concurrent writers wait this long for the write lock instead of failing.
BUSY_TIMEOUT_S = 60.0

# Each entry migrates the schema from user_version i to i + 1, in one transaction.
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
]
SCHEMA_VERSION = len(MIGRATIONS)

STATUS_COLUMNS = ["id", "title", "priority", "field", "status", "deadline", "completed_on", "lead_office",
                  "relevant_offices", "missing_offices", "workplaces_left", "open_applications", "overdue"]
_LIST_COLUMNS = ("relevant_offices", "missing_offices", "open_applications")
_DATE_COLUMNS = ("deadline", "completed_on")


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
    """One stored version's metadata (the bytes and status rows are fetched separately)."""

    number: int
    sha256: str
    size: int
    file_name: str
    uploaded_at: dt.datetime  # timezone-aware, UTC
    comment: str
    stand: dt.date | None
    stichtag: dt.date
    uploader: str
    restored_from: int | None
    measures: int

    @property
    def uploaded_local(self) -> dt.datetime:
        """Upload time in the server's local time zone, for display."""
        return self.uploaded_at.astimezone()

    @property
    def since(self) -> dt.date:
        """The date a comparison starting at this version is counted from: its Stand, else the upload day."""
        return self.stand or self.uploaded_local.date()

    @property
    def label(self) -> str:
        """Short German name, e.g. 'Version 3 vom 17.09.2019 14:05 (register.xlsx)'."""
        return f"Version {self.number} vom {self.uploaded_local:%d.%m.%Y %H:%M} ({self.file_name})"

    def as_json(self) -> dict:
        return {
            "number": self.number, "sha256": self.sha256, "size": self.size, "file_name": self.file_name,
            "uploaded_at": self.uploaded_at.isoformat(), "comment": self.comment,
            "stand": self.stand.isoformat() if self.stand else None, "stichtag": self.stichtag.isoformat(),
            "uploader": self.uploader, "restored_from": self.restored_from, "measures": self.measures,
        }


@dataclass(frozen=True)
class Added:
    """What `Store.add` did: the version holding the bytes, and whether it was created just now."""

    version: Version
    created: bool
    warnings: tuple = ()


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
        while current < SCHEMA_VERSION:
            with self._write(db):
                # Another process may have migrated while we waited for the lock.
                current = db.execute("PRAGMA user_version").fetchone()[0]
                if current >= SCHEMA_VERSION:
                    break
                for statement in MIGRATIONS[current]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {current + 1}")
            current += 1

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

    def statuses(self, number: int) -> pd.DataFrame:
        """The derived status table stored with a version, in the order of sheet Maßnahmen."""
        frame = self.status_rows([number])
        if frame.empty:
            self.version(number)  # raises for an unknown version; an empty register is fine
        return frame.drop(columns="version")

    def status_rows(self, numbers: list[int] | None = None) -> pd.DataFrame:
        """Status rows of the given versions (all when None), with a `version` column."""
        query = f"SELECT version, {', '.join(STATUS_COLUMNS)} FROM statuses"
        params: list[int] = []
        if numbers is not None:
            query += f" WHERE version IN ({', '.join('?' * len(numbers))})"
            params = list(numbers)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY version, position", params).fetchall()
        frame = pd.DataFrame(rows, columns=["version", *STATUS_COLUMNS])
        for column in _LIST_COLUMNS:
            frame[column] = [json.loads(v) for v in frame[column]]
        for column in _DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
        frame["priority"] = frame["priority"].astype("Int64")
        frame["overdue"] = frame["overdue"].astype(bool)
        frame["workplaces_left"] = frame["workplaces_left"].astype(int)
        return frame

    # ------------------------------------------------------------------ writing
    def add(self, data: bytes, file_name: str, comment: str = "", uploader: str = "",
            now: dt.datetime | None = None) -> Added:
        """Store a valid workbook as the newest version; bytes already stored give that version back.

        Raises `RejectedRegister` (nothing stored) when the workbook has errors or cannot be read.
        """
        digest = sha256_of(data)
        existing = self._by_sha(digest)
        if existing is not None:
            return Added(existing, created=False)
        result = read_register(data, file_name)
        if not result.ok:
            raise RejectedRegister(result)
        register = result.register
        uploaded = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        stichtag = resolve_stichtag(None, register.stand, uploaded.astimezone().date())
        rows = _status_records(derive(register, stichtag))
        with self._connect() as db, self._write(db):
            # Checked again under the write lock: a concurrent upload of the same bytes may have won.
            row = db.execute(_VERSION_SELECT + " WHERE v.sha256 = ? ORDER BY v.number DESC LIMIT 1",
                             (digest,)).fetchone()
            if row is not None:
                return Added(_version(row), created=False)
            db.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                       (digest, len(data), sqlite3.Binary(data)))
            number = self._insert_version(db, digest, file_name, uploaded, comment, register.stand, stichtag,
                                          uploader, None, len(rows))
            db.executemany(_STATUS_INSERT, [(number, position, *row) for position, row in enumerate(rows)])
        return Added(self.version(number), created=True, warnings=tuple(result.warnings))

    def restore(self, number: int, comment: str = "", uploader: str = "",
                now: dt.datetime | None = None) -> Version:
        """Make an old version current again: a new version with its bytes and status table."""
        uploaded = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        with self._connect() as db, self._write(db):
            old = db.execute(_VERSION_SELECT + " WHERE v.number = ?", (number,)).fetchone()
            if old is None:
                raise UnknownVersion(number)
            source = _version(old)
            new = self._insert_version(
                db, source.sha256, source.file_name, uploaded,
                comment or f"Version {number} wieder aktuell gemacht", source.stand, source.stichtag,
                uploader, number, source.measures)
            db.execute(f"INSERT INTO statuses (version, position, {', '.join(STATUS_COLUMNS)}) "
                       f"SELECT ?, position, {', '.join(STATUS_COLUMNS)} FROM statuses WHERE version = ?",
                       (new, number))
        return self.version(new)

    def _insert_version(self, db, digest, file_name, uploaded, comment, stand, stichtag, uploader,
                        restored_from, measures) -> int:
        number = db.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM versions").fetchone()[0]
        db.execute(
            "INSERT INTO versions (number, sha256, file_name, uploaded_at, comment, stand, stichtag, uploader,"
            " restored_from, measures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (number, digest, file_name, uploaded.isoformat(), comment.strip(),
             stand.isoformat() if stand else None, stichtag.isoformat(), uploader, restored_from, measures))
        return number

    def _by_sha(self, digest: str) -> Version | None:
        with self._connect() as db:
            row = db.execute(_VERSION_SELECT + " WHERE v.sha256 = ? ORDER BY v.number DESC LIMIT 1",
                             (digest,)).fetchone()
        return None if row is None else _version(row)


_VERSION_SELECT = (
    "SELECT v.number, v.sha256, b.size, v.file_name, v.uploaded_at, v.comment, v.stand, v.stichtag,"
    " v.uploader, v.restored_from, v.measures FROM versions v JOIN blobs b ON b.sha256 = v.sha256"
)
_STATUS_INSERT = (f"INSERT INTO statuses (version, position, {', '.join(STATUS_COLUMNS)}) "
                  f"VALUES (?, ?, {', '.join('?' * len(STATUS_COLUMNS))})")


def _version(row: tuple) -> Version:
    number, digest, size, file_name, uploaded, comment, stand, stichtag, uploader, restored_from, measures = row
    return Version(number, digest, size, file_name, dt.datetime.fromisoformat(uploaded), comment,
                   dt.date.fromisoformat(stand) if stand else None, dt.date.fromisoformat(stichtag),
                   uploader, restored_from, measures)


def _status_records(derived: pd.DataFrame) -> list[tuple]:
    """The derived table as rows for the statuses table (lists as JSON, dates as ISO text)."""

    def iso(value) -> str | None:
        return None if pd.isna(value) else value.date().isoformat()

    def text(value) -> str | None:
        return None if value is None or pd.isna(value) else str(value)

    return [
        (m.id, m.title, int(m.priority), text(m.field), str(m.status), iso(m.deadline), iso(m.completed_on),
         text(m.lead_office), json.dumps(list(m.relevant_offices), ensure_ascii=False),
         json.dumps(list(m.missing_offices), ensure_ascii=False), int(m.workplaces_left),
         json.dumps(list(m.open_applications), ensure_ascii=False), int(bool(m.overdue)))
        for m in derived.itertuples()
    ]
