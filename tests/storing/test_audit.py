"""The login audit log in a real SQLite store: throttling holds across log objects (sessions, processes),
and a store that cannot be used falls back to process memory instead of switching throttling off."""

from __future__ import annotations

import datetime as dt

from lib.access import LoginAttempt, hash_password, log_in, parse_config
from lib.storing.audit import LoginLog, MemoryLoginLog, StoreLoginLog
from lib.storing.storage import Store

T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
S = dt.timedelta(seconds=1)
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
