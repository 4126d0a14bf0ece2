"""Login throttling: the wait after wrong passwords, worked out by hand on a clock the test holds."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.access import (
    NO_WAIT,
    LoginAttempt,
    LoginResult,
    Role,
    User,
    hash_password,
    log_in,
    login_wait,
    parse_config,
    wait_message,
)

T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
S = dt.timedelta(seconds=1)
M = dt.timedelta(minutes=1)


def failures(n: int, name: str = "leitung", client: str = "10.0.0.1", every: dt.timedelta = S) -> list[LoginAttempt]:
    return [LoginAttempt(T0 + i * every, name, client, False) for i in range(n)]


@pytest.mark.parametrize(("attempts", "name", "client", "now", "wait"), [
    # four failures are free, the fifth costs 30 s from the last one, each further one doubles it
    (failures(4), "leitung", "10.0.0.1", T0 + 3 * S, NO_WAIT),
    (failures(5), "leitung", "10.0.0.1", T0 + 4 * S, 30 * S),
    (failures(5), "leitung", "10.0.0.1", T0 + 14 * S, 20 * S),
    (failures(5), "leitung", "10.0.0.1", T0 + 34 * S, NO_WAIT),
    (failures(6), "leitung", "10.0.0.1", T0 + 5 * S, 60 * S),
    (failures(7), "leitung", "10.0.0.1", T0 + 6 * S, 2 * M),
    (failures(9), "leitung", "10.0.0.1", T0 + 8 * S, 8 * M),
    # the lock: never longer than 15 minutes, however many failures
    (failures(10), "leitung", "10.0.0.1", T0 + 9 * S, 15 * M),
    (failures(40), "leitung", "10.0.0.1", T0 + 39 * S, 15 * M),
    # the name is counted case-insensitively and without blanks, from any client
    (failures(5, client="10.0.0.9"), " Leitung ", "10.0.0.1", T0 + 4 * S, 30 * S),
    # the client is counted whatever names it tried …
    ([*failures(3, name="a"), *failures(2, name="b")], "c", "10.0.0.1", T0 + 2 * S, 30 * S),  # last at T0 + 2 s
    # … but an unknown client ("", local use) is not one client
    ([*failures(3, name="a", client=""), *failures(2, name="b", client="")], "c", "", T0 + 2 * S, NO_WAIT),
    # in a row: none more than 15 minutes after the one before, however long the row takes
    (failures(5, every=14 * M), "leitung", "10.0.0.1", T0 + 56 * M + S, 29 * S),
    (failures(5, every=15 * M + S), "leitung", "10.0.0.1", T0 + 60 * M + 5 * S, NO_WAIT),
    # the log's order does not matter
    (failures(5)[::-1], "leitung", "10.0.0.1", T0 + 4 * S, 30 * S),
    # waited out: the last failure of a row of five, 30 s ago
    (failures(5), "leitung", "10.0.0.1", T0 + 4 * S + 30 * S, NO_WAIT),
    # each failure after a 15-minute lock locks again …
    ([*failures(10), LoginAttempt(T0 + 9 * S + 15 * M, "leitung", "", False)], "leitung", "",
     T0 + 9 * S + 15 * M, 15 * M),
    # … until one comes more than 15 minutes after the one before: a new row
    ([*failures(10), LoginAttempt(T0 + 10 * S + 15 * M, "leitung", "", False)], "leitung", "",
     T0 + 10 * S + 15 * M, NO_WAIT),
])
def test_wait_after_wrong_passwords(attempts, name, client, now, wait):
    assert login_wait(attempts, name, client, now) == wait


def test_a_success_forgives_the_names_failures_but_not_the_clients():
    attempts = [*failures(4, name="leitung"), LoginAttempt(T0 + 5 * S, "leitung", "10.0.0.1", True),
                LoginAttempt(T0 + 6 * S, "leitung", "10.0.0.1", False)]
    assert login_wait(attempts, "leitung", "10.0.0.2", T0 + 7 * S) == NO_WAIT  # 1 failure since the success
    assert login_wait(attempts, "leitung", "10.0.0.1", T0 + 7 * S) == 29 * S  # the client has 5


@pytest.mark.parametrize(("wait", "text"), [
    (30 * S, "Bitte in 30 Sekunden erneut versuchen."),
    (dt.timedelta(milliseconds=200), "Bitte in 1 Sekunde erneut versuchen."),
    (61 * S, "Bitte in 2 Minuten erneut versuchen."),
    (M, "Bitte in 1 Minute erneut versuchen."),
    (15 * M, "Bitte in 15 Minuten erneut versuchen."),
])
def test_wait_message_says_how_long_in_german(wait, text):
    assert wait_message(wait).startswith("Zu viele falsche Anmeldeversuche")
    assert wait_message(wait).endswith(text)


class ListLog:
    """The simplest AttemptLog: a list (the real ones are tested in tests/storing/test_audit.py)."""

    def __init__(self) -> None:
        self.attempts: list[LoginAttempt] = []

    def recent(self, since, user_name, client):
        return [a for a in self.attempts if a.at > since]

    def record(self, attempt):
        self.attempts.append(attempt)


def test_log_in_refuses_the_right_password_during_the_wait_and_records_only_checked_attempts():
    config = parse_config({"users": {"leitung": {"role": "Bearbeiten", "password_hash": hash_password("richtig")}}})
    log = ListLog()
    for i in range(5):
        assert log_in(config, log, "leitung", "falsch", "", T0 + i * S) == LoginResult(None)
    assert log_in(config, log, "leitung", "richtig", "", T0 + 10 * S) == LoginResult(None, 24 * S)
    assert len(log.attempts) == 5  # the refused attempt cost no password check and is not written
    assert log_in(config, log, "leitung", "richtig", "", T0 + 34 * S) == LoginResult(User("leitung", Role.EDIT))
    assert [a.succeeded for a in log.attempts] == [False] * 5 + [True]
    # unknown names are throttled the same way: the refusal tells nothing about which names exist
    for i in range(5):
        log_in(config, log, "niemand", "x", "", T0 + M + i * S)
    assert log_in(config, log, "niemand", "x", "", T0 + M + 5 * S).wait == 29 * S
