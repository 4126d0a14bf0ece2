"""The version store: every accepted register workbook, byte for byte, with its metadata, in SQLite or PostgreSQL.

`Store(location)` opens the backend the location names: a file path is the embedded SQLite database
(the default, var/massnahmen.db), a `postgresql://` URL a PostgreSQL server (lib/storing/postgres.py).
One database holds one register or several side by side (the municipalities of a county): every version
belongs to a register and is numbered within it; a Store is scoped to one (`Store(…, register=…)`,
`store.at(name)`), and `registers`, `newest_numbers` and `latest_versions` look at all of them at once.
Both backends share every read and write below and differ only in connecting, locking, migrating and
translating their errors. This module and lib/storing/postgres.py are the only ones that open the
database. The store keeps what was uploaded, never what was derived
from it: status tables are derived from the stored bytes on read (`lib.deriving.history`), so a corrected
status rule applies to every version. History is append-only: a version is never changed or
deleted; making an old version current again appends a new version with its bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import errno
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit, urlunsplit

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
    # 3: the login audit log (lib/storing/audit.py); plain SQL that PostgreSQL takes as it is.
    [
        """CREATE TABLE logins (
            at TEXT NOT NULL,                   -- ISO 8601, UTC, fixed width so text order is time order
            user_key TEXT NOT NULL,             -- lib.access.user_key of the name
            user_name TEXT NOT NULL,
            client TEXT NOT NULL,
            succeeded INTEGER NOT NULL
        )""",
        "CREATE INDEX logins_at ON logins(at)",
    ],
    # 4: several registers side by side. Every version belongs to a register and is numbered within it;
    # what schema 3 held is the default register's history. SQLite cannot change a primary key, so the
    # table is rebuilt; its self-reference names the new table, which RENAME carries over.
    [
        """CREATE TABLE registers (
            name TEXT PRIMARY KEY,              -- short id, see check_register_name
            title TEXT NOT NULL                 -- German display title
        )""",
        """INSERT INTO registers (name, title) SELECT 'standard', 'standard' WHERE EXISTS (SELECT 1 FROM versions)""",
        """CREATE TABLE versions_new (
            number INTEGER NOT NULL,
            sha256 TEXT NOT NULL REFERENCES blobs(sha256),
            file_name TEXT NOT NULL,
            uploaded_at TEXT NOT NULL,          -- ISO 8601, UTC
            comment TEXT NOT NULL DEFAULT '',
            stand TEXT,                         -- ISO date of the register's Stand
            uploader TEXT NOT NULL DEFAULT '',
            restored_from INTEGER,
            register TEXT NOT NULL REFERENCES registers(name),  -- last, as PostgreSQL's ADD COLUMN puts it
            PRIMARY KEY (register, number),
            FOREIGN KEY (register, restored_from) REFERENCES versions_new(register, number)
        )""",
        """INSERT INTO versions_new (register, number, sha256, file_name, uploaded_at, comment, stand, uploader,
            restored_from) SELECT 'standard', number, sha256, file_name, uploaded_at, comment, stand, uploader,
            restored_from FROM versions ORDER BY number""",
        "DROP TABLE versions",
        "ALTER TABLE versions_new RENAME TO versions",
        "CREATE INDEX versions_sha256 ON versions(register, sha256)",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)

# The register a simple installation has, and the one every version of schema 3 belongs to.
DEFAULT_REGISTER = "standard"
REGISTER_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
MAX_TITLE = 200



# What the app and the API say first when the store cannot be read; the StoreError says why.
UNREADABLE = "Die Versionen der Stadt können gerade nicht gelesen werden."


class Fault(enum.Enum):
    """Why the database cannot be used (or only be read)."""

    NO_FOLDER = "no_folder"  # its folder is missing and cannot be created, or a part of the path is a file
    CANNOT_OPEN = "cannot_open"
    NOT_A_DATABASE = "not_a_database"  # not SQLite, or damaged
    READ_ONLY = "read_only"  # can be viewed; uploading and restoring are not possible
    DISK_FULL = "disk_full"
    LOCKED = "locked"  # another process held the write lock longer than BUSY_TIMEOUT_S
    UNREACHABLE = "unreachable"  # the database server cannot be reached, or refuses the login
    UNKNOWN_KIND = "unknown_kind"  # a URL whose scheme names no database this program knows
    SCHEMA = "schema"  # written by a newer program, or not set up
    OTHER = "other"


class StoreError(Exception):
    """The database cannot be used; the message is a German sentence saying what is wrong and what to do."""

    def __init__(self, message: str, fault: Fault = Fault.OTHER) -> None:
        super().__init__(message)
        self.message = message
        self.fault = fault


class UnknownVersion(StoreError, LookupError):
    def __init__(self, number: int) -> None:
        super().__init__(f"Eine Version {number} gibt es nicht.")
        self.number = number


class InvalidRegisterName(StoreError, ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"„{name}“ ist kein gültiger Registername. Erlaubt sind 1 bis 32 Zeichen: "
                         "Kleinbuchstaben a–z, Ziffern und Bindestrich, am Anfang ein Buchstabe oder eine Ziffer "
                         "(z. B. mainz, trier, bad-kreuznach).")
        self.name = name


class AmbiguousRegister(StoreError):
    """The store holds several registers and none was named."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"Die Datenbank enthält {len(names)} Register: {', '.join(names)}. Bitte eines mit "
                         "--register NAME angeben.")
        self.names = names


def check_register_name(name: str) -> str:
    """The name when it is a register id (`mainz`, `bad-kreuznach`), else InvalidRegisterName."""
    if not isinstance(name, str) or not REGISTER_NAME.match(name):
        raise InvalidRegisterName(str(name))
    return name


def check_register_title(title: str) -> str:
    cleaned = " ".join(str(title).split())
    if not cleaned or len(cleaned) > MAX_TITLE:
        raise StoreError(f"Der Titel eines Registers braucht 1 bis {MAX_TITLE} Zeichen.", Fault.OTHER)
    return cleaned


@dataclass(frozen=True)
class RegisterInfo:
    """One register of the store: its id, German title, how many versions it has and the newest number."""

    name: str
    title: str
    version_count: int
    newest_number: int


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
    restored_from: int | None  # a number within the same register
    register: str = DEFAULT_REGISTER

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
            "uploader": self.uploader, "restored_from": self.restored_from, "register": self.register,
        }


@dataclass(frozen=True)
class Added:
    """What `Store.add` did: the version holding the bytes, and whether it was created just now."""

    version: Version
    created: bool
    warnings: tuple = ()
    measures: int | None = None  # measures in the workbook, when it was read just now


def default_location() -> str:
    """`MASSNAHMEN_DB` when set (a path or a postgresql:// URL), else var/massnahmen.db in the project."""
    return os.environ.get(ENV_PATH, "").strip() or str(DEFAULT_PATH)


def default_path() -> Path:
    """The SQLite file `default_location` names (meaningless for a PostgreSQL URL)."""
    return Path(default_location())


def is_configured() -> bool:
    """Whether the city's database is meant to be used: `MASSNAHMEN_DB` is set or var/massnahmen.db exists.

    Only an unconfigured store may fall back to the bundled sample when it cannot be used (first run).
    """
    return bool(os.environ.get(ENV_PATH, "").strip()) or DEFAULT_PATH.exists()


# A scheme of two letters or more: `postgresql:`, `mysql:`; a one-letter one would be a Windows drive.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
POSTGRES_SCHEMES = ("postgresql", "postgres")


def without_password(location: str) -> str:
    """The location as it may be shown: a URL's password replaced by ***, a path unchanged."""
    if not _SCHEME.match(location):
        return location
    try:
        parts = urlsplit(location)
        if parts.password is None:
            return location
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))
    except ValueError:  # a URL too broken to split: show its scheme only
        return _SCHEME.match(location).group(0) + "…"


def store_class(location: str | os.PathLike | None = None) -> type[Store]:
    """The backend a location names; a URL of an unknown kind is a StoreError, never a local file of that name."""
    if isinstance(location, os.PathLike):
        return SqliteStore
    text = default_location() if location is None else str(location)
    match = _SCHEME.match(text)
    if match is None:
        return SqliteStore
    if match.group(1).lower() in POSTGRES_SCHEMES:
        from lib.storing.postgres import PostgresStore  # psycopg is loaded only where it is used
        return PostgresStore
    raise StoreError(f"„{without_password(text)}“ ist keine Datenbank, die das Maßnahmen-Cockpit kennt "
                     f"(„{match.group(1)}:“). MASSNAHMEN_DB bzw. --db nimmt einen Dateipfad (SQLite, z. B. "
                     "var/massnahmen.db) oder eine PostgreSQL-Adresse postgresql://benutzer@rechner:5432/datenbank.",
                     Fault.UNKNOWN_KIND)


def read_only_message(where: str | os.PathLike) -> str:
    """Why nothing can be stored; `where` is a store's `location` (a path, or a URL without its password)."""
    grant = ("dem Datenbankbenutzer Schreibrechte auf die Tabellen" if _SCHEME.match(str(where))
             else "dem Dienst Schreibrechte auf die Datei und ihren Ordner")
    return (f"Die Datenbank „{where}“ ist schreibgeschützt: Anzeigen geht, Hochladen und Wiederherstellen nicht. "
            f"Bitte {grant} geben.")


def not_empty_message(where: str, held: int) -> str:
    return (f"Die Datenbank „{where}“ enthält schon {held} {'Version' if held == 1 else 'Versionen'}. Eine "
            "Sicherung wird nur in eine leere Datenbank geladen; nichts wurde geändert.")


def explain(exc: sqlite3.Error | OSError, path: Path) -> StoreError:
    """The one translation of a SQLite or file system error into a German StoreError (path, never a secret)."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOTDIR, errno.EEXIST):
            reason = "ein Teil des Pfads ist eine Datei, kein Ordner"
        elif exc.errno in (errno.EACCES, errno.EPERM):
            reason = "keine Berechtigung"
        elif exc.errno == errno.EROFS:
            reason = "das Dateisystem ist schreibgeschützt"
        elif exc.errno == errno.ENOSPC:
            reason = "der Datenträger ist voll"
        else:
            reason = exc.strerror or str(exc)
        return StoreError(f"Der Ordner für die Datenbank „{path}“ kann nicht angelegt werden ({reason}). "
                          "Bitte MASSNAHMEN_DB auf eine Datei in einem Ordner setzen, in den der Dienst schreiben darf.",
                          Fault.NO_FOLDER)
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return StoreError(f"Die Datei „{path}“ ist nicht nutzbar: sie ist keine Datenbank des Maßnahmen-Cockpits "
                          "oder beschädigt. Bitte MASSNAHMEN_DB auf die richtige Datei setzen oder die Datenbank "
                          "aus der Sicherung zurückholen.", Fault.NOT_A_DATABASE)
    if code == sqlite3.SQLITE_READONLY:
        return StoreError(read_only_message(path), Fault.READ_ONLY)
    if code == sqlite3.SQLITE_FULL:
        return StoreError(f"Der Datenträger der Datenbank „{path}“ ist voll; nichts wurde gespeichert. "
                          "Bitte Platz schaffen und es dann erneut versuchen.", Fault.DISK_FULL)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(f"Die Datenbank „{path}“ war länger als {BUSY_TIMEOUT_S:.0f} Sekunden durch einen anderen "
                          "Vorgang gesperrt. Bitte gleich noch einmal versuchen.", Fault.LOCKED)
    if code == sqlite3.SQLITE_CANTOPEN:
        return StoreError(f"Die Datenbank „{path}“ kann nicht geöffnet werden (Ordner fehlt oder keine "
                          "Berechtigung). Bitte MASSNAHMEN_DB prüfen.", Fault.CANNOT_OPEN)
    return StoreError(f"Die Datenbank „{path}“ ist nicht nutzbar ({exc}).", Fault.OTHER)


def _lacks_write_access(path: Path) -> bool:
    """A database file we may read but not write, or whose folder we may not write (WAL needs its -wal and
    -shm files there). For root `os.access` says yes on an ordinary file system whatever the mode bits,
    which is the truth: root can write there."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Connection(Protocol):
    """What the shared reads and writes need of a backend's connection: `?` placeholders, rows as tuples."""

    def execute(self, sql: str, parameters: Iterable[Any] = ...) -> Any: ...


class Store:
    """All access to the version database, whichever backend holds it, scoped to one register.

    `Store(location)` gives the backend's subclass (as `pathlib.Path` gives a PosixPath): a path or None
    (`MASSNAHMEN_DB`, else var/massnahmen.db) is SQLite, a postgresql:// URL PostgreSQL. Reads and writes
    act within `register` (None: DEFAULT_REGISTER); `at(name)` is the same database seen from another
    register, and the calls over all registers (`registers`, `newest_numbers`, `latest_versions`,
    `blobs`, `load`) ignore the scope. A Store may be shared between threads; many processes may use the
    same database. Subclasses provide `_connect` (one connection for one call, its errors translated into
    StoreError), `_write` (one transaction, serialised against every other writer of the database),
    `schema_version` and `integrity_check`.
    """

    location: str  # how the database is named to people: a path, or a URL without its password
    read_only: bool
    register: str = DEFAULT_REGISTER

    def __new__(cls, location: str | os.PathLike | None = None, read_only: bool | None = None,
                register: str | None = None) -> Store:
        return super().__new__(store_class(location) if cls is Store else cls)

    def _scope(self, register: str | None) -> None:
        self.register = DEFAULT_REGISTER if register is None else check_register_name(register)

    def at(self, register: str) -> Store:
        """The same database scoped to another register: no new connection, no migration."""
        other = copy.copy(self)
        other._scope(register)
        return other

    def close(self) -> None:
        """Give back what the store holds open (a PostgreSQL store's connection pool)."""

    # ------------------------------------------------------------------ backend
    def _connect(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _write(self, db: Connection) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def schema_version(self) -> int:
        raise NotImplementedError

    def integrity_check(self) -> str:
        """'ok' when the backend finds the database consistent, else what it found."""
        raise NotImplementedError

    # ------------------------------------------------------------------ registers
    def registers(self) -> list[RegisterInfo]:
        """Every register of the store with its title, version count and newest number, by name; one query."""
        with self._connect() as db:
            rows = db.execute("SELECT r.name, r.title, COUNT(v.number), COALESCE(MAX(v.number), 0) FROM registers r"
                              " LEFT JOIN versions v ON v.register = r.name GROUP BY r.name, r.title").fetchall()
        # Sorted here: a server's collation may order the hyphen differently.
        return sorted((RegisterInfo(*row) for row in rows), key=lambda info: info.name)

    def newest_numbers(self) -> dict[str, int]:
        """Each register's newest version number, in one query over the primary key: a cheap rerun check."""
        with self._connect() as db:
            rows = db.execute("SELECT register, MAX(number) FROM versions GROUP BY register").fetchall()
        return dict(sorted(rows))

    def latest_versions(self) -> dict[str, Version]:
        """The current version of each register that has one, by register name; one query."""
        with self._connect() as db:
            rows = db.execute(_VERSION_SELECT + " JOIN (SELECT register, MAX(number) AS newest FROM versions"
                              " GROUP BY register) n ON n.register = v.register AND n.newest = v.number").fetchall()
        return {version.register: version for version in sorted(map(_version, rows), key=lambda v: v.register)}

    def title(self) -> str:
        """This register's German display title (its name until one is set)."""
        with self._connect() as db:
            row = db.execute("SELECT title FROM registers WHERE name = ?", (self.register,)).fetchone()
        return self.register if row is None else row[0]

    def set_title(self, title: str) -> None:
        """Give this register its display title; creates the register when it has no version yet."""
        self._writable()
        cleaned = check_register_title(title)
        with self._connect() as db, self._write(db):
            db.execute("INSERT INTO registers (name, title) VALUES (?, ?) ON CONFLICT (name) DO UPDATE "
                       "SET title = excluded.title", (self.register, cleaned))

    def all_versions(self) -> list[Version]:
        """Every version of every register, by register and number (a backup)."""
        with self._connect() as db:
            return sorted(map(_version, db.execute(_VERSION_SELECT).fetchall()), key=lambda v: (v.register, v.number))

    # ------------------------------------------------------------------ reading
    def versions(self) -> list[Version]:
        """All versions of this register, oldest first."""
        with self._connect() as db:
            return [_version(row) for row in db.execute(_VERSION_SELECT + " WHERE v.register = ? ORDER BY v.number",
                                                        (self.register,))]

    def version(self, number: int) -> Version:
        with self._connect() as db:
            row = db.execute(_VERSION_SELECT + " WHERE v.register = ? AND v.number = ?",
                             (self.register, number)).fetchone()
        if row is None:
            raise UnknownVersion(number)
        return _version(row)

    def latest(self) -> Version | None:
        """The current version (the newest) of this register, or None when it has none yet."""
        with self._connect() as db:
            row = db.execute(_VERSION_SELECT + " WHERE v.register = ? ORDER BY v.number DESC LIMIT 1",
                             (self.register,)).fetchone()
        return None if row is None else _version(row)

    def newest_number(self) -> int:
        """The number of this register's newest version, 0 when none: one look at the primary key's index,
        cheap enough for every rerun of every session. Versions are append-only, so this number names the
        register's whole history."""
        with self._connect() as db:
            return db.execute("SELECT COALESCE(MAX(number), 0) FROM versions WHERE register = ?",
                              (self.register,)).fetchone()[0]

    def original(self, number: int) -> bytes:
        """The workbook exactly as uploaded."""
        with self._connect() as db:
            row = db.execute("SELECT b.data FROM versions v JOIN blobs b ON b.sha256 = v.sha256 "
                             "WHERE v.register = ? AND v.number = ?", (self.register, number)).fetchone()
        if row is None:
            raise UnknownVersion(number)
        return bytes(row[0])

    def blobs(self, digests: list[str]) -> dict[str, bytes]:
        """Stored workbooks by sha256, of any register, in one query (a history of many versions reads them
        all at once)."""
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
        """Store a valid workbook as this register's newest version; bytes already stored in this register
        give that version back (another register's copy does not count).

        The workbook is read only to refuse it when it has errors (`RejectedRegister`, nothing stored)
        and to record its Stand; nothing derived from it is stored.
        """
        self._writable()
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
            row = db.execute(_VERSION_SELECT + " WHERE v.register = ? AND v.sha256 = ? ORDER BY v.number DESC "
                             "LIMIT 1", (self.register, digest)).fetchone()
            if row is not None:
                return Added(_version(row), created=False)
            self._insert_blob(db, digest, data)
            number = self._insert_version(db, digest, file_name, uploaded, comment, result.register.stand,
                                          uploader, None)
        return Added(self.version(number), created=True, warnings=tuple(result.warnings),
                     measures=len(result.register.measure_columns["id"]))

    def restore(self, number: int, comment: str = "", uploader: str = "",
                now: dt.datetime | None = None) -> Version:
        """Make an old version of this register current again: a new version with its bytes."""
        self._writable()
        uploaded = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        with self._connect() as db, self._write(db):
            old = db.execute(_VERSION_SELECT + " WHERE v.register = ? AND v.number = ?",
                             (self.register, number)).fetchone()
            if old is None:
                raise UnknownVersion(number)
            source = _version(old)
            new = self._insert_version(db, source.sha256, source.file_name, uploaded,
                                       comment or f"Version {number} wieder aktuell gemacht", source.stand,
                                       uploader, number)
        return self.version(new)

    def load(self, history: Iterable[tuple[Version, bytes]], titles: dict[str, str] | None = None,
             logins: Iterable[tuple] = ()) -> int:
        """Write a whole store's history into this empty store as it was, registers, numbers, times and
        uploaders included, in one transaction (a backup being loaded; lib/storing/backup.py checks it
        first). `titles` names registers' titles, `logins` are rows of the login audit log (at, user_key,
        user_name, client, succeeded). Returns the count of versions; refuses a store that holds any
        version, and bytes that do not match their sha256."""
        self._writable()
        titles = titles or {}
        with self._connect() as db, self._write(db):
            held = db.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
            if held:
                raise StoreError(not_empty_message(self.location, held), Fault.OTHER)
            count = 0
            for name, title in titles.items():
                self._insert_register(db, check_register_name(name), check_register_title(title), replace=True)
            for version, data in history:
                if sha256_of(data) != version.sha256:
                    raise StoreError(f"Die Datei von Version {version.number} des Registers „{version.register}“ "
                                     "passt nicht zu ihrer Prüfsumme; nichts wurde geladen.", Fault.OTHER)
                self._insert_register(db, check_register_name(version.register), version.register)
                self._insert_blob(db, version.sha256, data)
                db.execute(_VERSION_INSERT, (version.register, version.number, version.sha256, version.file_name,
                                             version.uploaded_at.astimezone(dt.UTC).isoformat(), version.comment,
                                             version.stand.isoformat() if version.stand else None,
                                             version.uploader, version.restored_from))
                count += 1
            for row in logins:
                db.execute("INSERT INTO logins (at, user_key, user_name, client, succeeded) VALUES (?, ?, ?, ?, ?)",
                           tuple(row))
        return count

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(read_only_message(self.location), Fault.READ_ONLY)

    def _insert_blob(self, db: Connection, digest: str, data: bytes) -> None:
        db.execute("INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                   (digest, len(data), data))

    @staticmethod
    def _insert_register(db: Connection, name: str, title: str, replace: bool = False) -> None:
        db.execute("INSERT INTO registers (name, title) VALUES (?, ?) ON CONFLICT (name) DO "
                   + ("UPDATE SET title = excluded.title" if replace else "NOTHING"), (name, title))

    def _insert_version(self, db: Connection, digest: str, file_name: str, uploaded: dt.datetime,
                        comment: str, stand: dt.date | None, uploader: str, restored_from: int | None) -> int:
        # Safe only under `_write`, which lets one writer at a time reach this line.
        self._insert_register(db, self.register, self.register)
        number = db.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE register = ?",
                            (self.register,)).fetchone()[0]
        db.execute(_VERSION_INSERT, (self.register, number, digest, file_name, uploaded.isoformat(), comment.strip(),
                                     stand.isoformat() if stand else None, uploader, restored_from))
        return number

    def _by_sha(self, digest: str) -> Version | None:
        with self._connect() as db:
            row = db.execute(_VERSION_SELECT + " WHERE v.register = ? AND v.sha256 = ? ORDER BY v.number DESC "
                             "LIMIT 1", (self.register, digest)).fetchone()
        return None if row is None else _version(row)


def default_register(names: list[str]) -> str:
    """The register meant when none is named: the only one, DEFAULT_REGISTER when there is none, else
    AmbiguousRegister listing them (a county's installation must say which)."""
    if not names:
        return DEFAULT_REGISTER
    if len(names) == 1:
        return names[0]
    raise AmbiguousRegister(sorted(names))


class SqliteStore(Store):
    """The embedded default: one SQLite file in WAL mode. Each call opens its own short-lived connection,
    so many processes can use the same file; BEGIN IMMEDIATE makes concurrent writers queue."""

    def __init__(self, location: str | os.PathLike | None = None, read_only: bool | None = None,
                 register: str | None = None) -> None:
        """Open (and create or migrate) the database; `read_only` None means: read-only when the file or its
        folder is not writable for this process. A read-only store never writes, not even on opening."""
        self._scope(register)
        self.path = Path(location) if location is not None else default_path()
        self.location = str(self.path)
        self.read_only = _lacks_write_access(self.path) if read_only is None else read_only
        if not self.read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise explain(exc, self.path) from None
            try:
                with self._connect() as db:
                    self._migrate(db)
                return
            except StoreError as exc:
                # A file system that refuses writes os.access did not foresee (ACLs, network shares).
                if exc.fault is not Fault.READ_ONLY or not self.path.exists():
                    raise
                self.read_only = True
        with self._connect() as db:
            current = db.execute("PRAGMA user_version").fetchone()[0]
        if current != SCHEMA_VERSION:  # the reads ask for the registers of schema 4
            raise StoreError(f"Die Datenbank „{self.path}“ ist schreibgeschützt und kann nicht eingerichtet "
                             f"werden (Schema {current}, nötig {SCHEMA_VERSION}). Bitte dem Dienst einmal "
                             "Schreibrechte geben.", Fault.SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            db = self._open()
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if self.read_only:
                db.execute("PRAGMA query_only = ON")
            else:
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            yield db
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None
        finally:
            db.close()

    def _open(self) -> sqlite3.Connection:
        if not self.read_only:
            return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            db.execute("PRAGMA user_version").fetchone()
            return db
        except sqlite3.OperationalError:
            # A WAL database in a folder we cannot write: without its -shm file SQLite refuses mode=ro.
            # The last writer checkpointed and removed -wal on closing, so the file alone is the whole
            # database; `immutable` reads it without any lock (a writer elsewhere would not be noticed).
            return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)

    @contextmanager
    def _write(self, db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front so concurrent writers queue."""
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")  # inside: a full disk may refuse the commit itself
        except BaseException:
            if db.in_transaction:  # SQLite already rolled back after some errors (SQLITE_FULL)
                db.execute("ROLLBACK")
            raise

    def _migrate(self, db: sqlite3.Connection) -> None:
        current = db.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise StoreError(f"Die Datenbank „{self.path}“ stammt von einer neueren Programmversion "
                             f"(Schema {current}, bekannt bis {SCHEMA_VERSION}). Bitte das Programm aktualisieren.",
                             Fault.SCHEMA)
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


_VERSION_SELECT = (
    "SELECT v.number, v.sha256, b.size, v.file_name, v.uploaded_at, v.comment, v.stand,"
    " v.uploader, v.restored_from, v.register FROM versions v JOIN blobs b ON b.sha256 = v.sha256"
)
_VERSION_INSERT = (
    "INSERT INTO versions (register, number, sha256, file_name, uploaded_at, comment, stand, uploader,"
    " restored_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _version(row: tuple) -> Version:
    """SQLite gives ISO text, PostgreSQL timestamptz and date values; both become the same Version."""
    number, digest, size, file_name, uploaded, comment, stand, uploader, restored_from, register = row
    if isinstance(uploaded, str):
        uploaded = dt.datetime.fromisoformat(uploaded)
    if isinstance(stand, str):
        stand = dt.date.fromisoformat(stand)
    return Version(number, digest, size, file_name, uploaded.astimezone(dt.UTC), comment, stand or None,
                   uploader, restored_from, register)
