"""The login audit log: every local login that reached the password check, kept in the version store.

Why the store and not process memory: the throttle is a count over this log, and the store is what every
instance of the app shares (several processes on one SQLite file, or one PostgreSQL server), so a lock
holds whichever instance a reload or a second browser reaches, and it survives a restart. The log has
to be kept anyway, for the editors' view on Änderungen. Only while the store cannot be used does the log
fall back to process memory (shared by the sessions of this process), so a broken store never switches
throttling off. Refused attempts are not written: only attempts that cost a password check, which the
throttle itself bounds, can grow the table.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import deque
from collections.abc import Callable

from lib.access import LoginAttempt, user_key
from lib.storing.storage import Store, StoreError

LOG = logging.getLogger(__name__)
MEMORY_ATTEMPTS = 10_000  # the newest kept in process memory; older ones are past any window anyway


def _stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _attempt(row: tuple) -> LoginAttempt:
    at, user_name, client, succeeded = row
    return LoginAttempt(dt.datetime.fromisoformat(at), user_name, client, bool(succeeded))


class StoreLoginLog:
    """Login attempts in the table `logins` of the version store (schema 3)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record(self, attempt: LoginAttempt) -> None:
        self.store._writable()
        with self.store._connect() as db, self.store._write(db):
            db.execute("INSERT INTO logins (at, user_key, user_name, client, succeeded) VALUES (?, ?, ?, ?, ?)",
                       (_stamp(attempt.at), user_key(attempt.user_name), attempt.user_name, attempt.client,
                        int(attempt.succeeded)))

    def recent(self, since: dt.datetime, user_name: str, client: str) -> list[LoginAttempt]:
        with self.store._connect() as db:
            rows = db.execute("SELECT at, user_name, client, succeeded FROM logins WHERE at > ? AND "
                              "(user_key = ? OR (client <> '' AND client = ?)) ORDER BY at",
                              (_stamp(since), user_key(user_name), client)).fetchall()
        return [_attempt(row) for row in rows]

    def rows(self) -> list[tuple]:
        """Every row as stored (at, user_key, user_name, client, succeeded), oldest first: for a backup."""
        with self.store._connect() as db:
            return [tuple(row) for row in db.execute("SELECT at, user_key, user_name, client, succeeded FROM logins "
                                                     "ORDER BY at, user_key, client").fetchall()]

    def newest(self, limit: int = 200) -> list[LoginAttempt]:
        """The latest attempts, newest first."""
        with self.store._connect() as db:
            rows = db.execute("SELECT at, user_name, client, succeeded FROM logins ORDER BY at DESC LIMIT ?",
                              (limit,)).fetchall()
        return [_attempt(row) for row in rows]


class MemoryLoginLog:
    """The same log in process memory, bounded; for the time the store cannot be used."""

    def __init__(self, size: int = MEMORY_ATTEMPTS) -> None:
        self._attempts: deque[LoginAttempt] = deque(maxlen=size)
        self._lock = threading.Lock()

    def record(self, attempt: LoginAttempt) -> None:
        with self._lock:
            self._attempts.append(attempt)

    def recent(self, since: dt.datetime, user_name: str, client: str) -> list[LoginAttempt]:
        key = user_key(user_name)
        with self._lock:
            return [a for a in self._attempts
                    if a.at > since and (user_key(a.user_name) == key or (client and a.client == client))]

    def newest(self, limit: int = 200) -> list[LoginAttempt]:
        with self._lock:
            return list(reversed(self._attempts))[:limit]


class LoginLog:
    """The store's log while the store can be used, else the memory log; either way an AttemptLog."""

    def __init__(self, store: Callable[[], Store], memory: MemoryLoginLog) -> None:
        self._store = store  # called each time: opening the store may fail now and work later
        self.memory = memory

    def _stored(self) -> StoreLoginLog:
        return StoreLoginLog(self._store())

    def record(self, attempt: LoginAttempt) -> None:
        try:
            self._stored().record(attempt)
        except StoreError as exc:
            LOG.warning("Anmeldung nur im Arbeitsspeicher protokolliert: %s", exc.message)
            self.memory.record(attempt)

    def recent(self, since: dt.datetime, user_name: str, client: str) -> list[LoginAttempt]:
        # Both: attempts recorded in memory while the store failed still count once it works again.
        in_memory = self.memory.recent(since, user_name, client)
        try:
            return self._stored().recent(since, user_name, client) + in_memory
        except StoreError:
            return in_memory

    def newest(self, limit: int = 200) -> list[LoginAttempt]:
        try:
            stored = self._stored().newest(limit)
        except StoreError:
            stored = []
        return sorted(stored + self.memory.newest(limit), key=lambda a: a.at, reverse=True)[:limit]
