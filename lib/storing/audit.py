"""The login audit log: every local login that reached the password check, the logins by cookie or through
the identity provider and the logouts, kept in the version store.

Why the store and not process memory: the throttle is a count over this log, and the store is what every
instance of the app shares (several processes on one SQLite file, or one PostgreSQL server), so a lock
holds whichever instance a reload or a second browser reaches, and it survives a restart. The log has
to be kept anyway, for the editors' view on Änderungen. Only while the store cannot be used does the log
fall back to process memory (shared by the sessions of this process), so a broken store never switches
throttling off. Refused attempts are not written: only attempts that cost a password check, which the
throttle itself bounds, can grow the table. A logout is also what ends a user's cookie logins
(lib/sessions.py): in the store it holds for every instance.

Entries are personal data (name, address, time), kept `access.audit_days` days (DSGVO Art. 5 (1) e): writing
an entry deletes the older ones, at most once per PRUNE_EVERY in each process. Never less than
RETENTION_FLOOR, the furthest back any reader of the table looks: the throttle counts LOOKBACK (150 minutes),
a logout ends the logins made before it, and a login holds at most LIFETIME (8 hours, lib/sessions.py), each
plus the CLOCK_SKEW allowed between instances. Tickets and signing keys live in tables of their own.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import deque
from collections.abc import Callable

from lib.access import DEFAULT_AUDIT_DAYS, LOOKBACK, LoginAttempt, LoginKind, user_key
from lib.sessions import CLOCK_SKEW, LIFETIME
from lib.storing.storage import Store, StoreError

LOG = logging.getLogger(__name__)
MEMORY_ATTEMPTS = 10_000  # the newest kept in process memory; older ones are past any window anyway
RETENTION_FLOOR = max(LOOKBACK, LIFETIME) + CLOCK_SKEW  # 8 hours 1 minute
PRUNE_EVERY = dt.timedelta(hours=1)

_pruned: dict[str, dt.datetime] = {}  # store location → when this process last deleted old entries there
_pruned_lock = threading.Lock()


def _pruning_due(location: str, now: dt.datetime) -> bool:
    """Whether this process should delete old entries of the store at `location` now; if so, noted as done.
    (A write that then fails postpones the deleting to the next hour: the entries are only a little older.)
    A clock set back counts as due: deleting from an earlier time deletes less, never more."""
    with _pruned_lock:
        last = _pruned.get(location)
        if last is not None and last <= now < last + PRUNE_EVERY:
            return False
        _pruned[location] = now
        return True


def retention(audit_days: int) -> dt.timedelta:
    """How long entries are kept for `access.audit_days`: those days, never less than RETENTION_FLOOR."""
    return max(dt.timedelta(days=audit_days), RETENTION_FLOOR)


def stamp(at: dt.datetime) -> str:
    """Stored times: UTC, fixed width, so text order is time order (SQL compares them as text)."""
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _attempt(row: tuple) -> LoginAttempt:
    at, user_name, client, succeeded, kind = row
    return LoginAttempt(dt.datetime.fromisoformat(at), user_name, client, bool(succeeded), LoginKind(kind))


_COLUMNS = "at, user_name, client, succeeded, kind"


class StoreLoginLog:
    """The entries of the table `logins` of the version store, kept for `retention(audit_days)`."""

    def __init__(self, store: Store, audit_days: int = DEFAULT_AUDIT_DAYS) -> None:
        self.store = store
        self.keep = retention(audit_days)

    def record(self, attempt: LoginAttempt) -> None:
        """Write the entry; its time is the writer's clock, from which entries older than `keep` go."""
        self.store._writable()
        prune = _pruning_due(self.store.location, attempt.at)
        with self.store._connect() as db, self.store._write(db):
            if prune:
                db.execute("DELETE FROM logins WHERE at < ?", (stamp(attempt.at - self.keep),))
            db.execute("INSERT INTO logins (at, user_key, user_name, client, succeeded, kind) VALUES (?, ?, ?, ?, ?, ?)",
                       (stamp(attempt.at), user_key(attempt.user_name), attempt.user_name, attempt.client,
                        int(attempt.succeeded), attempt.kind.value))

    def recent(self, since: dt.datetime, user_name: str, client: str) -> list[LoginAttempt]:
        with self.store._connect() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM logins WHERE at > ? AND kind = 'password' AND "
                              "(user_key = ? OR (client <> '' AND client = ?)) ORDER BY at",
                              (stamp(since), user_key(user_name), client)).fetchall()
        return [_attempt(row) for row in rows]

    def rows(self) -> list[tuple]:
        """Every row as stored (at, user_key, user_name, client, succeeded, kind), oldest first: for a backup."""
        with self.store._connect() as db:
            return [tuple(row) for row in db.execute("SELECT at, user_key, user_name, client, succeeded, kind FROM logins "
                                                     "ORDER BY at, user_key, client").fetchall()]

    def last_logout(self, user_name: str) -> dt.datetime | None:
        with self.store._connect() as db:
            at = db.execute("SELECT MAX(at) FROM logins WHERE user_key = ? AND kind = 'logout'",
                            (user_key(user_name),)).fetchone()[0]
        return None if at is None else dt.datetime.fromisoformat(at)

    def newest(self, limit: int = 200) -> list[LoginAttempt]:
        """The latest attempts, newest first."""
        with self.store._connect() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM logins ORDER BY at DESC LIMIT ?",
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
            return [a for a in self._attempts if a.at > since and a.kind is LoginKind.PASSWORD
                    and (user_key(a.user_name) == key or (client and a.client == client))]

    def last_logout(self, user_name: str) -> dt.datetime | None:
        key = user_key(user_name)
        with self._lock:
            return max((a.at for a in self._attempts if a.kind is LoginKind.LOGOUT and user_key(a.user_name) == key),
                       default=None)

    def newest(self, limit: int = 200) -> list[LoginAttempt]:
        with self._lock:
            return list(reversed(self._attempts))[:limit]


class LoginLog:
    """The store's log while the store can be used, else the memory log; either way an AttemptLog."""

    def __init__(self, store: Callable[[], Store], memory: MemoryLoginLog,
                 audit_days: int = DEFAULT_AUDIT_DAYS) -> None:
        self._store = store  # called each time: opening the store may fail now and work later
        self.memory = memory
        self.audit_days = audit_days

    def _stored(self) -> StoreLoginLog:
        return StoreLoginLog(self._store(), self.audit_days)

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

    def last_logout(self, user_name: str) -> dt.datetime | None:
        """The user's latest logout; raises StoreError when the store cannot say (a cookie then signs nobody in)."""
        return max(filter(None, (self._stored().last_logout(user_name), self.memory.last_logout(user_name))),
                   default=None)

    def newest(self, limit: int = 200) -> list[LoginAttempt]:
        try:
            stored = self._stored().newest(limit)
        except StoreError:
            stored = []
        return sorted(stored + self.memory.newest(limit), key=lambda a: a.at, reverse=True)[:limit]
