"""The store's part of logins that outlive a reload, in both backends: tickets are single use, short-lived and
kept only as digests; every instance reads the same signing key; a logout is found by name; old login rows
get their kind when the schema step runs."""

from __future__ import annotations

import datetime as dt
import sqlite3

from lib.access import LoginAttempt, LoginKind, Role
from lib.storing.audit import LoginLog, MemoryLoginLog, StoreLoginLog
from lib.storing.storage import MIGRATIONS, SESSIONS_MIGRATION, Store
from lib.storing.tickets import Tickets, cookie_key
from tests.storing.conftest import query

T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
S = dt.timedelta(seconds=1)


def test_a_ticket_signs_in_once(location):
    ticket = Tickets(Store(location)).issue("leitung", Role.EDIT, T0)
    other_instance = Tickets(Store(location))
    assert other_instance.redeem(ticket, T0 + 5 * S) == ("leitung", Role.EDIT, T0)
    assert other_instance.redeem(ticket, T0 + 6 * S) is None
    assert Tickets(Store(location)).redeem("erfunden", T0) is None


def test_a_ticket_holds_sixty_seconds(location):
    tickets = Tickets(Store(location))
    late, in_time = tickets.issue("leitung", Role.EDIT, T0), tickets.issue("rat", Role.READ, T0)
    assert tickets.redeem(in_time, T0 + 59 * S) == ("rat", Role.READ, T0)
    assert tickets.redeem(late, T0 + 60 * S) is None


def test_tickets_are_kept_as_digests_and_stale_ones_are_removed(location):
    tickets = Tickets(Store(location))
    first = tickets.issue("leitung", Role.EDIT, T0)
    rows = query(location, "SELECT digest, user_name FROM login_tickets")
    assert len(rows) == 1 and first not in repr(rows) and len(rows[0][0]) == 64
    tickets.issue("rat", Role.READ, T0 + 61 * S)  # the first is stale by now and leaves
    assert [name for _, name in query(location, "SELECT digest, user_name FROM login_tickets")] == ["rat"]


def test_every_instance_signs_with_the_same_key(location):
    first = cookie_key(Store(location))
    assert cookie_key(Store(location)) == first and len(first) >= 32
    assert query(location, "SELECT name FROM signing_keys") == [("login_cookie",)]


def test_the_latest_logout_is_found_by_name_and_does_not_count_for_the_throttle(location):
    log = StoreLoginLog(Store(location))
    assert log.last_logout("leitung") is None
    for at, name, kind in ((T0, "leitung", LoginKind.LOGOUT), (T0 + S, "Leitung", LoginKind.LOGOUT),
                           (T0 + 2 * S, "leitung", LoginKind.COOKIE), (T0 + 3 * S, "rat", LoginKind.LOGOUT)):
        log.record(LoginAttempt(at, name, "", True, kind))
    assert log.last_logout("leitung") == T0 + S
    assert log.recent(T0 - S, "leitung", "") == []  # only password checks count for the throttle
    assert [a.kind for a in log.newest()] == [LoginKind.LOGOUT, LoginKind.COOKIE, LoginKind.LOGOUT, LoginKind.LOGOUT]


def test_a_logout_while_the_store_fails_is_kept_in_memory_and_still_counts(tmp_path):
    location = tmp_path / "versions.db"
    broken = tmp_path / "datei"
    broken.write_text("keine Datenbank")
    memory = MemoryLoginLog()
    LoginLog(lambda: Store(broken / "versions.db"), memory).record(
        LoginAttempt(T0, "leitung", "", True, LoginKind.LOGOUT))
    assert LoginLog(lambda: Store(location), memory).last_logout("leitung") == T0


def test_the_schema_step_gives_old_login_rows_their_kind(tmp_path):
    path = tmp_path / "alt.db"
    step = MIGRATIONS.index(SESSIONS_MIGRATION)
    with sqlite3.connect(path) as db:
        for statements in MIGRATIONS[:step]:
            for statement in statements:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {step}")
        db.execute("INSERT INTO logins (at, user_key, user_name, client, succeeded) VALUES (?, ?, ?, ?, ?)",
                   (T0.isoformat(timespec="microseconds"), "leitung", "leitung", "10.0.0.1", 0))
    log = StoreLoginLog(Store(path))
    assert log.newest() == [LoginAttempt(T0, "leitung", "10.0.0.1", False, LoginKind.PASSWORD)]
    assert log.recent(T0 - S, "leitung", "") == log.newest()  # and it still counts for the throttle
