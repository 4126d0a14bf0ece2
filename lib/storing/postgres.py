"""The PostgreSQL backend of the version store: the same tables and behaviour as SQLite, on a server.

Used when `MASSNAHMEN_DB` (or `--db`) is a postgresql:// URL, so that several app instances and the
CLI share one history. Connections come from one psycopg pool per URL and process. Writers are
serialised by a transaction-level advisory lock (released by the server when the transaction ends,
also when the client is killed), schema changes by a second one. Every psycopg error leaves this
module as a German StoreError naming host, port and database, never the password.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import ConnectionPool, PoolTimeout

from lib.storing import storage
from lib.storing.storage import (
    DEFAULT_REGISTER,
    MIGRATIONS,
    Fault,
    Store,
    StoreError,
    default_location,
    read_only_message,
    without_password,
)

# Each entry migrates the schema from version i to i + 1, all pending ones in one transaction. The
# numbers are SQLite's (storage.MIGRATIONS), so "Schema 2" means the same tables in both backends.
PG_MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE blobs (
            sha256 text PRIMARY KEY,
            size bigint NOT NULL,
            data bytea NOT NULL
        )""",
        """CREATE TABLE versions (
            number integer PRIMARY KEY,
            sha256 text NOT NULL REFERENCES blobs(sha256),
            file_name text NOT NULL,
            uploaded_at timestamptz NOT NULL,
            comment text NOT NULL DEFAULT '',
            stand date,                         -- the register's Stand
            uploader text NOT NULL DEFAULT '',
            restored_from integer REFERENCES versions(number)
        )""",
        "CREATE INDEX versions_sha256 ON versions(sha256)",
    ],
    # 2: SQLite's schema 2 dropped the derived status table, which PostgreSQL never had.
    [],
    # 3: the login audit log (lib/storing/audit.py), written in SQL both backends take as it is.
    MIGRATIONS[2],
    # 4: several registers side by side; what schema 3 held is the default register's history.
    [
        """CREATE TABLE registers (
            name text PRIMARY KEY,
            title text NOT NULL
        )""",
        # Spelled out, as in MIGRATIONS: a migration says what it did then, whatever the constant says later.
        "INSERT INTO registers (name, title) SELECT 'standard', 'standard' WHERE EXISTS (SELECT 1 FROM versions)",
        "ALTER TABLE versions DROP CONSTRAINT versions_restored_from_fkey",
        "ALTER TABLE versions DROP CONSTRAINT versions_pkey",
        "ALTER TABLE versions ADD COLUMN register text NOT NULL DEFAULT 'standard' REFERENCES registers(name)",
        "ALTER TABLE versions ALTER COLUMN register DROP DEFAULT",
        "ALTER TABLE versions ADD PRIMARY KEY (register, number)",
        "ALTER TABLE versions ADD FOREIGN KEY (register, restored_from) REFERENCES versions(register, number)",
        "DROP INDEX versions_sha256",
        "CREATE INDEX versions_sha256 ON versions(register, sha256)",
    ],
]
SCHEMA_VERSION = len(PG_MIGRATIONS)

# Keys of the advisory locks (any bigint; these spell "MASN" and "MASM" in ASCII).
WRITE_LOCK = 0x4D41534E
MIGRATE_LOCK = 0x4D41534D
CONNECT_TIMEOUT_S = 10
POOL_SIZE = 8

_pools: dict[str, ConnectionPool] = {}
_pools_lock = threading.Lock()


class _Session:
    """A pooled connection speaking the store's SQL: `?` placeholders become psycopg's `%s`."""

    def __init__(self, connection: psycopg.Connection) -> None:
        self.connection = connection

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> psycopg.Cursor:
        return self.connection.execute(sql.replace("?", "%s"), tuple(parameters))


class PostgresStore(Store):
    """The version store on a PostgreSQL server (a database the service user owns, or may write)."""

    def __init__(self, location: str | None = None, read_only: bool | None = None,
                 register: str | None = None) -> None:
        """Connect, create or migrate the tables; `read_only` None means: read-only when this login may read
        the versions but not add any. A server that cannot be reached is a StoreError at once."""
        self._scope(register)
        self.url = str(location) if location is not None else default_location()
        self.location = without_password(self.url)
        try:
            params = conninfo_to_dict(self.url)
        except psycopg.ProgrammingError:
            raise StoreError(f"„{self.location}“ ist keine gültige PostgreSQL-Adresse. Erwartet wird "
                             "postgresql://benutzer@rechner:5432/datenbank.", Fault.CANNOT_OPEN) from None
        self.host = params.get("host") or "localhost"
        self.port = params.get("port") or "5432"
        self.database = params.get("dbname") or params.get("user") or "postgres"
        defaults = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "massnahmen-cockpit"}
        self._conninfo = make_conninfo(self.url, **{k: v for k, v in defaults.items() if k not in params})
        with self._direct() as connection:
            current = self._schema(connection)
            if read_only is None:
                read_only = current == SCHEMA_VERSION and not connection.execute(
                    "SELECT has_table_privilege('versions', 'INSERT')").fetchone()[0]
            self.read_only = read_only
            if current > SCHEMA_VERSION:
                raise StoreError(f"Die Datenbank „{self.where}“ stammt von einer neueren Programmversion "
                                 f"(Schema {current}, bekannt bis {SCHEMA_VERSION}). Bitte das Programm "
                                 "aktualisieren.", Fault.SCHEMA)
            if current < SCHEMA_VERSION:
                if self.read_only:
                    raise StoreError(f"Die Datenbank „{self.where}“ ist schreibgeschützt und kann nicht "
                                     f"eingerichtet werden (Schema {current}).", Fault.SCHEMA)
                self._migrate(connection)

    @property
    def where(self) -> str:
        """Database, host and port as an operator would look them up: 'cockpit auf db.example:5432'."""
        return f"{self.database} auf {self.host}:{self.port}"

    # ------------------------------------------------------------------ connections
    @contextmanager
    def _direct(self) -> Iterator[psycopg.Connection]:
        """One connection outside the pool, for opening: its failure says why, a pool's timeout would not."""
        try:
            connection = psycopg.connect(self._conninfo, autocommit=True)
        except psycopg.Error as exc:
            raise self._explain(exc) from None
        try:
            yield connection
        except psycopg.Error as exc:
            raise self._explain(exc) from None
        finally:
            connection.close()

    def _pool(self) -> ConnectionPool:
        with _pools_lock:
            pool = _pools.get(self._conninfo)
            if pool is None or pool.closed:
                pool = ConnectionPool(self._conninfo, min_size=1, max_size=POOL_SIZE, open=True,
                                      kwargs={"autocommit": True}, check=ConnectionPool.check_connection,
                                      timeout=CONNECT_TIMEOUT_S, name="massnahmen-store")
                _pools[self._conninfo] = pool
            return pool

    @contextmanager
    def _connect(self) -> Iterator[_Session]:
        try:
            with self._pool().connection() as connection:
                yield _Session(connection)
        except PoolTimeout:
            # No connection within the timeout: ask the server directly, so the message says why.
            with self._direct():
                pass
            raise StoreError(f"Die Datenbank „{self.where}“ antwortet nicht schnell genug (alle Verbindungen "
                             "belegt). Bitte gleich noch einmal versuchen.", Fault.LOCKED) from None
        except psycopg.Error as exc:
            raise self._explain(exc) from None

    def close(self) -> None:
        with _pools_lock:
            pool = _pools.pop(self._conninfo, None)
        if pool is not None:
            pool.close()

    @contextmanager
    def _write(self, db: _Session) -> Iterator[_Session]:
        """One transaction holding the store's write lock: concurrent writers of every process queue on it,
        for at most BUSY_TIMEOUT_S. The server drops the lock with the transaction, a killed client's too."""
        with db.connection.transaction():
            db.execute("SELECT set_config('lock_timeout', ?, true)", (f"{int(storage.BUSY_TIMEOUT_S * 1000)}ms",))
            db.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            yield db

    # ------------------------------------------------------------------ schema
    @staticmethod
    def _schema(connection: psycopg.Connection) -> int:
        if connection.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
            return 0
        row = connection.execute("SELECT version FROM schema_version").fetchone()
        return 0 if row is None else row[0]

    def _migrate(self, connection: psycopg.Connection) -> None:
        # Every pending step in one transaction (PostgreSQL's DDL is transactional): an error leaves the
        # database as it was. The lock lets one of many instances starting at once do it.
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
            connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
            current = self._schema(connection)
            for steps in PG_MIGRATIONS[current:]:
                for statement in steps:
                    connection.execute(statement)
            connection.execute("DELETE FROM schema_version")
            connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (max(current, SCHEMA_VERSION),))

    def schema_version(self) -> int:
        with self._connect() as db:
            return self._schema(db.connection)

    def integrity_check(self) -> str:
        """'ok' when every version has its bytes and every blob's bytes match its sha256 and size."""
        with self._connect() as db:
            broken = db.execute(
                "SELECT v.register, v.number FROM versions v LEFT JOIN blobs b ON b.sha256 = v.sha256"
                " WHERE b.sha256 IS NULL UNION SELECT v.register, v.number FROM versions v JOIN blobs b"
                " ON b.sha256 = v.sha256 WHERE length(b.data) <> b.size OR encode(sha256(b.data), 'hex') <> b.sha256"
                " ORDER BY 1, 2").fetchall()
        if not broken:
            return "ok"
        named = [str(n) if r == DEFAULT_REGISTER else f"{r} {n}" for r, n in broken]
        return "Versionen ohne passende Datei: " + ", ".join(named)

    # ------------------------------------------------------------------ errors
    def _explain(self, exc: psycopg.Error) -> StoreError:
        """The one translation of a psycopg error into German: host, port and database, never the password
        (the server's own text is not repeated: it may quote the connection string)."""
        server = f"PostgreSQL-Server {self.host}:{self.port}"
        text = str(exc)
        if isinstance(exc, errors.LockNotAvailable | errors.QueryCanceled):
            return StoreError(f"Die Datenbank „{self.where}“ war länger als {storage.BUSY_TIMEOUT_S:.0f} Sekunden "
                              "durch einen anderen Vorgang gesperrt. Bitte gleich noch einmal versuchen.", Fault.LOCKED)
        if isinstance(exc, errors.ReadOnlySqlTransaction | errors.InsufficientPrivilege):
            return StoreError(read_only_message(self.location), Fault.READ_ONLY)
        if isinstance(exc, errors.DiskFull | errors.OutOfMemory):
            return StoreError(f"Der Server der Datenbank „{self.where}“ hat keinen Platz mehr; nichts wurde "
                              "gespeichert. Bitte den Betrieb informieren.", Fault.DISK_FULL)
        if isinstance(exc, psycopg.OperationalError) and exc.sqlstate is None:  # no session: connecting failed
            if "failed to resolve host" in text or "could not translate host name" in text:
                reason = f"den Rechner „{self.host}“ gibt es nicht (Name unbekannt)"
            elif f'database "{self.database}" does not exist' in text:
                reason = f"auf dem Server gibt es die Datenbank „{self.database}“ nicht"
            elif ("authentication failed" in text or ("role" in text and "does not exist" in text)
                  or "pg_hba.conf" in text or "password" in text):
                reason = "die Anmeldung wurde abgelehnt (Benutzer oder Passwort falsch, oder nicht zugelassen)"
            elif "timeout" in text.lower():
                reason = f"keine Antwort innerhalb von {CONNECT_TIMEOUT_S} Sekunden"
            else:
                reason = "Verbindung abgelehnt oder unterbrochen – läuft der Server, stimmen Rechner und Port?"
            return StoreError(f"Der {server} ist für die Datenbank „{self.database}“ nicht erreichbar: {reason}. "
                              "Bitte MASSNAHMEN_DB bzw. --db prüfen.", Fault.UNREACHABLE)
        if isinstance(exc, psycopg.OperationalError):
            return StoreError(f"Die Verbindung zum {server} ist abgebrochen ({exc.sqlstate}). Bitte gleich noch "
                              "einmal versuchen.", Fault.UNREACHABLE)
        return StoreError(f"Die Datenbank „{self.where}“ ist nicht nutzbar (PostgreSQL-Fehler {exc.sqlstate or '–'}: "
                          f"{type(exc).__name__}).", Fault.OTHER)


def close_pools() -> None:
    """Close every pool this process opened (a test's database is dropped after it; a CLI run ends)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()
