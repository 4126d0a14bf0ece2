"""The login audit log in a real store: throttling holds across log objects (sessions, processes), a store
that cannot be used falls back to process memory instead of switching throttling off, and old entries are
deleted on both backends without taking from the throttle or the logouts what they need."""

from __future__ import annotations

import datetime as dt

from lib.access import LoginAttempt, LoginKind, Role, hash_password, log_in, parse_config
from lib.sessions import Claims, Refusal, check, password_fingerprint
from lib.storing.audit import RETENTION_FLOOR, LoginLog, MemoryLoginLog, StoreLoginLog, stamp
from lib.storing.storage import Store
from tests.storing.conftest import query

T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
S = dt.timedelta(seconds=1)
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)
CONFIG = parse_config({"users": {"leitung": {"role": "Bearbeiten", "password_hash": hash_password("richtig")}}})


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, by: dt.timedelta) -> dt.datetime:
        self.now += by
        return self.now


def test_attempts_are_stored_and_found_by_name_or_client(location):
    log = StoreLoginLog(Store(location))
    log.record(LoginAttempt(T0, "Leitung", "10.0.0.1", False))
    log.record(LoginAttempt(T0 + S, "rat", "10.0.0.2", True))
    log.record(LoginAttempt(T0 + 2 * S, "gast", "", False))
    reopened = StoreLoginLog(Store(location))
    assert reopened.recent(T0 - S, "leitung", "") == [LoginAttempt(T0, "Leitung", "10.0.0.1", False)]
    assert [a.user_name for a in reopened.recent(T0 - S, "x", "10.0.0.2")] == ["rat"]
    assert reopened.recent(T0 - S, "x", "") == []  # "" is no client: it finds nothing by address
    assert reopened.recent(T0, "leitung", "10.0.0.1") == []  # strictly after `since`
    assert [a.user_name for a in reopened.newest()] == ["gast", "rat", "Leitung"]
    assert reopened.recent(T0 - S, "leitung", "")[0].at == T0  # times come back as UTC datetimes


def test_lock_holds_for_a_second_session_and_ends_after_the_wait(location):
    clock = Clock(T0)
    first = LoginLog(lambda: Store(location), MemoryLoginLog())
    # five failures a second apart, then each one as soon as its wait is over: 30 s, 1, 2, 4, 8 minutes
    checked = []
    for at in (0, 1, 2, 3, 4, 34, 94, 214, 454, 934):
        clock.now = T0 + at * S
        result = log_in(CONFIG, first, "leitung", "falsch", "10.0.0.1", clock())
        checked.append(result.wait)
    assert checked == [dt.timedelta(0)] * 10  # none was refused: each came when it was allowed
    assert log_in(CONFIG, first, "leitung", "falsch", "10.0.0.1", clock.advance(S)).wait == \
        dt.timedelta(minutes=15) - S  # the tenth in a row locks for 15 minutes
    # another session (its own memory, as in another process) sees the same lock, also for the right password
    second = LoginLog(lambda: Store(location), MemoryLoginLog())
    assert log_in(CONFIG, second, "leitung", "richtig", "10.0.0.7", clock.advance(10 * S)).wait == \
        dt.timedelta(minutes=15) - 11 * S
    clock.now = T0 + 934 * S + dt.timedelta(minutes=15)
    assert log_in(CONFIG, second, "leitung", "richtig", "10.0.0.7", clock()).user is not None
    stored = StoreLoginLog(Store(location)).newest()
    assert [a.succeeded for a in stored] == [True] + [False] * 10  # 10 checked failures, refusals not written


def test_unusable_store_keeps_throttling_in_memory(tmp_path):
    garbage = tmp_path / "v.db"
    garbage.write_bytes(b"kein SQLite " * 500)
    memory = MemoryLoginLog()
    log = LoginLog(lambda: Store(garbage), memory)
    for i in range(5):
        log_in(CONFIG, log, "leitung", "falsch", "", T0 + i * S)
    assert len(memory.newest()) == 5
    assert log_in(CONFIG, log, "leitung", "richtig", "", T0 + 5 * S).wait == 29 * S
    assert [a.user_name for a in log.newest()] == ["leitung"] * 5


def test_read_only_store_counts_what_it_holds_and_what_memory_holds(tmp_path):
    path = tmp_path / "v.db"
    writable = StoreLoginLog(Store(path))
    for i in range(3):
        writable.record(LoginAttempt(T0 + i * S, "leitung", "", False))
    memory = MemoryLoginLog()
    log = LoginLog(lambda: Store(path, read_only=True), memory)
    log_in(CONFIG, log, "leitung", "falsch", "", T0 + 3 * S)
    log_in(CONFIG, log, "leitung", "falsch", "", T0 + 4 * S)
    assert len(memory.newest()) == 2  # the read-only store refused the writes
    assert log_in(CONFIG, log, "leitung", "richtig", "", T0 + 5 * S).wait == 29 * S


# --------------------------------------------------------------------------- retention

def stored_times(location: str) -> list[dt.datetime]:
    return [dt.datetime.fromisoformat(at) for (at,) in query(location, "SELECT at FROM logins ORDER BY at")]


def plant(location: str, at: dt.datetime, name: str = "alt") -> None:
    """An entry written beside the log, as an earlier process or a loaded backup would have left it."""
    store = Store(location)
    with store._connect() as db, store._write(db):
        db.execute("INSERT INTO logins (at, user_key, user_name, client, succeeded, kind) VALUES (?, ?, ?, ?, ?, ?)",
                   (stamp(at), name, name, "10.0.0.9", 0, "password"))


def test_the_floor_is_the_longest_any_reader_looks_back():
    # the throttle: 150 minutes; a login and so the logouts that end it: 8 hours; clocks may differ by 1 minute
    assert dt.timedelta(hours=8, minutes=1) == RETENTION_FLOOR


def test_writing_deletes_entries_older_than_the_days_kept(location):
    for at in (T0 - 91 * D, T0 - 90 * D - S, T0 - 90 * D, T0 - 89 * D):
        plant(location, at)
    StoreLoginLog(Store(location), audit_days=90).record(LoginAttempt(T0, "leitung", "10.0.0.1", True))
    assert stored_times(location) == [T0 - 90 * D, T0 - 89 * D, T0]  # exactly 90 days old is not older


def test_zero_days_keeps_what_the_floor_keeps(location):
    for at in (T0 - 2 * D, T0 - 8 * H - M - S, T0 - 8 * H - M, T0 - 3 * H):
        plant(location, at)
    StoreLoginLog(Store(location), audit_days=0).record(LoginAttempt(T0, "leitung", "", True))
    assert stored_times(location) == [T0 - 8 * H - M, T0 - 3 * H, T0]


def test_old_entries_are_deleted_at_most_once_an_hour(location):
    log = StoreLoginLog(Store(location), audit_days=1)
    log.record(LoginAttempt(T0, "leitung", "", True))  # the first write of this process deletes
    plant(location, T0 - 3 * D)
    Store(location)  # another handle on the same store changes nothing: the hour is the process's
    StoreLoginLog(Store(location), audit_days=1).record(LoginAttempt(T0 + 59 * M, "rat", "", True))
    assert stored_times(location) == [T0 - 3 * D, T0, T0 + 59 * M]
    log.record(LoginAttempt(T0 + H, "rat", "", True))
    assert stored_times(location) == [T0, T0 + 59 * M, T0 + H]


def test_deleting_takes_nothing_from_the_throttle(location):
    """The lock of test_lock_holds_for_a_second_session_and_ends_after_the_wait, with entries kept 0 days and
    a stale entry deleted on the way: the tenth failure in a row (15.5 minutes after the first) still locks."""
    plant(location, T0 - 2 * D, "leitung")
    log = LoginLog(lambda: Store(location), MemoryLoginLog(), audit_days=0)
    for at in (0, 1, 2, 3, 4, 34, 94, 214, 454, 934):
        assert log_in(CONFIG, log, "leitung", "falsch", "10.0.0.1", T0 + at * S).wait == dt.timedelta(0)
    assert T0 - 2 * D not in stored_times(location)
    assert log_in(CONFIG, log, "leitung", "richtig", "10.0.0.1", T0 + 935 * S).wait == dt.timedelta(minutes=15) - S


def test_a_throttle_row_reaching_back_its_whole_window_survives_deleting(location):
    """Ten failures 14 minutes apart span 126 minutes; written an hour apart from the first, each write deletes."""
    log = LoginLog(lambda: Store(location), MemoryLoginLog(), audit_days=0)
    start = T0 - 126 * M
    for i in range(10):
        log.record(LoginAttempt(start + i * 14 * M, "leitung", "", False))
    assert len(stored_times(location)) == 10
    # at T0 + 1 min: the last failure locks 15 minutes from T0
    assert log_in(CONFIG, log, "leitung", "richtig", "", T0 + M).wait == 14 * M


def test_a_logout_is_kept_as_long_as_a_login_before_it_could_hold(location):
    """A cookie issued just before a logout would hold 8 hours: the logout must be there as long."""
    account = CONFIG.accounts["leitung"][1]
    cookie = Claims("leitung", Role.EDIT, T0 - S, password_fingerprint(account))
    log = StoreLoginLog(Store(location), audit_days=0)
    log.record(LoginAttempt(T0, "leitung", "", True, LoginKind.LOGOUT))
    log.record(LoginAttempt(T0 + 8 * H - 2 * S, "rat", "", True))  # deletes before T0 - 1 min 2 s: not the logout
    late = T0 + 8 * H - 2 * S
    assert check(CONFIG, cookie, late, log.last_logout("leitung")).refusal is Refusal.LOGGED_OUT
    log.record(LoginAttempt(T0 + 9 * H + 2 * M, "rat", "", True))  # deletes before T0 + 1 h 1 min: the logout goes
    assert log.last_logout("leitung") is None
    # … when the cookie it ended has expired anyway
    assert check(CONFIG, cookie, T0 + 9 * H + 2 * M, None).refusal is Refusal.EXPIRED
