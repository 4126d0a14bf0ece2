"""The login cookie without I/O: signing, what a cookie must hold to sign anybody in, and where a login may
send the browser afterwards. Every case is worked out by hand on a clock the test holds."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.access import AccessConfigError, Mode, Role, User, hash_password, parse_config
from lib.sessions import (
    Claims,
    Refusal,
    clear_cookie_header,
    local_path,
    login_holds,
    password_fingerprint,
    read,
    set_cookie_header,
    sign,
    sign_in_url,
    verify,
)

KEY = b"k" * 32
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
H, M, S, US = dt.timedelta(hours=1), dt.timedelta(minutes=1), dt.timedelta(seconds=1), dt.timedelta(microseconds=1)
LEITUNG_HASH, RAT_HASH = hash_password("richtig"), hash_password("lesen")
CONFIG = parse_config({"users": {"leitung": {"role": "Bearbeiten", "password_hash": LEITUNG_HASH},
                                 "rat": {"role": "Lesen", "password_hash": RAT_HASH}}})
LEITUNG = User("leitung", Role.EDIT)


def claims(name: str = "leitung", role: Role = Role.EDIT, issued: dt.datetime = NOW - H,
           password_hash: str = LEITUNG_HASH) -> Claims:
    return Claims(name, role, issued, password_fingerprint(password_hash))


def test_a_signed_cookie_reads_back_as_its_claims():
    issued = dt.datetime(2026, 12, 2, 8, 15, 3, 123456, tzinfo=dt.UTC)
    value = sign(KEY, claims(issued=issued))
    assert read(KEY, value) == claims(issued=issued)
    assert value.startswith("v1.") and value.count(".") == 2
    assert all(c.isalnum() or c in "-_." for c in value)  # nothing a cookie would have to quote


@pytest.mark.parametrize(("cookie", "last_logout", "user", "refusal"), [
    (claims(), None, LEITUNG, None),
    (claims(name="rat", role=Role.READ, password_hash=RAT_HASH), None, User("rat", Role.READ), None),
    # eight hours from the issue, not one microsecond more
    (claims(issued=NOW - 8 * H + US), None, LEITUNG, None),
    (claims(issued=NOW - 8 * H), None, None, Refusal.EXPIRED),
    (claims(issued=NOW - 30 * H), None, None, Refusal.EXPIRED),
    # another instance's clock may run a minute ahead, not more
    (claims(issued=NOW + 60 * S), None, LEITUNG, None),
    (claims(issued=NOW + 61 * S), None, None, Refusal.FROM_THE_FUTURE),
    # the account must still be the one the cookie was issued for
    (claims(name="ehemalig"), None, None, Refusal.UNKNOWN_USER),
    (claims(name="Leitung"), None, None, Refusal.UNKNOWN_USER),  # names are exact, as at the password check
    (claims(role=Role.READ), None, None, Refusal.ROLE_CHANGED),
    (claims(name="rat", role=Role.EDIT, password_hash=RAT_HASH), None, None, Refusal.ROLE_CHANGED),
    (claims(password_hash=hash_password("neu")), None, None, Refusal.PASSWORD_CHANGED),
    # a logout at or after the issue ends the cookie; one before it (an earlier session) does not
    (claims(), NOW - H, None, Refusal.LOGGED_OUT),
    (claims(), NOW - 30 * M, None, Refusal.LOGGED_OUT),
    (claims(), NOW - H - US, LEITUNG, None),
    (claims(), NOW - 2 * H, LEITUNG, None),
])
def test_verify(cookie: Claims, last_logout: dt.datetime | None, user: User | None, refusal: Refusal | None):
    verdict = verify(CONFIG, KEY, sign(KEY, cookie), NOW, last_logout)
    assert (verdict.user, verdict.refusal) == (user, refusal)
    assert verdict.issued_at == (cookie.issued_at if user else None)



def test_a_cookie_keeps_the_roles_per_register_of_its_account():
    """A county account limited to mainz (edit) and trier (read) is the same user after a reload: its cookie
    carries the strongest role, the user it signs in sees mainz and trier only, with their own roles."""
    kreis_hash = hash_password("kreis")
    config = parse_config({"users": {"kreis": {"password_hash": kreis_hash,
                                               "registers": {"mainz": "Bearbeiten", "trier": "Lesen"}}}})
    verdict = verify(config, KEY, sign(KEY, claims("kreis", Role.EDIT, password_hash=kreis_hash)), NOW, None)
    user = verdict.user
    assert verdict.refusal is None
    assert (user.role_in("mainz"), user.role_in("trier"), user.role_in("bingen")) == (Role.EDIT, Role.READ, None)
    # the account's own `role` (Lesen by default) is not what its cookie was issued with
    assert verify(config, KEY, sign(KEY, claims("kreis", Role.READ, password_hash=kreis_hash)), NOW,
                  None).refusal is Refusal.ROLE_CHANGED

def _tampered() -> str:
    version, payload, signature = sign(KEY, claims(name="rat", role=Role.READ, password_hash=RAT_HASH)).split(".")
    other = sign(KEY, claims()).split(".")[1]  # leitung's payload under rat's signature
    return f"{version}.{other}.{signature}"


@pytest.mark.parametrize(("value", "refusal"), [
    (sign(b"another key of 32 bytes ........", claims()), Refusal.BAD_SIGNATURE),
    (_tampered(), Refusal.BAD_SIGNATURE),
    (sign(KEY, claims())[:-1], Refusal.BAD_SIGNATURE),  # a signature one character short
    ("", Refusal.MALFORMED),
    ("kaputt", Refusal.MALFORMED),
    ("v1..", Refusal.MALFORMED),
    ("v1.e30", Refusal.MALFORMED),
    ("v2." + sign(KEY, claims())[3:], Refusal.MALFORMED),
    ("v1.e30.!!!", Refusal.MALFORMED),
])
def test_cookies_we_did_not_sign_are_refused(value: str, refusal: Refusal):
    verdict = verify(CONFIG, KEY, value, NOW, None)
    assert (verdict.user, verdict.refusal) == (None, refusal)


def test_a_cookie_signs_nobody_in_once_the_app_runs_without_local_accounts():
    verdict = verify(parse_config(None), KEY, sign(KEY, claims()), NOW, None)
    assert verdict.user is None


@pytest.mark.parametrize(("target", "expected"), [
    ("/daten?prio=1", "/daten?prio=1"),
    ("/massnahme?nr=2.01&register=Version+3", "/massnahme?nr=2.01&register=Version+3"),
    ("/", "/"),
    ("/%2F%2Fexample.org", "/%2F%2Fexample.org"),  # a path on this server, as the browser reads it
    (None, "/"),
    ("", "/"),
    ("daten", "/"),
    (" /daten", "/"),
    ("https://example.org/daten", "/"),
    ("http:/example.org", "/"),
    ("//example.org/daten", "/"),
    ("/\\example.org", "/"),
    ("/daten\\..\\x", "/"),
    ("javascript:alert(1)", "/"),
    ("/daten\r\nSet-Cookie: x=1", "/"),
    ("/daten\tx", "/"),
    ("/daten\x7f", "/"),
    ("/" + "a" * 1999, "/" + "a" * 1999),
    ("/" + "a" * 2000, "/"),
])
def test_local_path(target: str | None, expected: str):
    assert local_path(target) == expected


def test_the_ticket_url_carries_only_a_local_next():
    assert sign_in_url("abc", "/daten?prio=1") == "/auth/anmelden?ticket=abc&next=%2Fdaten%3Fprio%3D1"
    assert sign_in_url("abc", "https://example.org/") == "/auth/anmelden?ticket=abc&next=%2F"


def test_cookie_headers():
    assert set_cookie_header("v1.a.b", secure=False) == \
        "massnahmen_anmeldung=v1.a.b; Max-Age=28800; Path=/; HttpOnly; SameSite=Strict"
    assert set_cookie_header("v1.a.b", secure=True).endswith("; SameSite=Strict; Secure")
    assert clear_cookie_header(secure=False) == "massnahmen_anmeldung=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict"


@pytest.mark.parametrize(("secret", "kept"), [
    (None, ""),
    ("", ""),
    ("x" * 32, "x" * 32),
    ("  " + "y" * 40 + " ", "y" * 40),
])
def test_cookie_secret(secret: str | None, kept: str):
    access = {"users": {"leitung": {"password_hash": LEITUNG_HASH}}}
    if secret is not None:
        access["cookie_secret"] = secret
    config = parse_config(access)
    assert config.mode is Mode.LOCAL and config.cookie_secret == kept


@pytest.mark.parametrize("secret", ["kurz", "x" * 31, 12345, ["x" * 40]])
def test_a_cookie_secret_too_short_to_be_safe_is_an_error(secret):
    with pytest.raises(AccessConfigError, match="access.cookie_secret muss eine Zeichenfolge aus mindestens 32"):
        parse_config({"users": {"leitung": {"password_hash": LEITUNG_HASH}}, "cookie_secret": secret})


@pytest.mark.parametrize(("signed_in_at", "holds"), [
    (NOW, True), (NOW - 8 * H + US, True), (NOW - 8 * H, False), (NOW - 30 * H, False), (None, False),
])
def test_a_sessions_login_holds_eight_hours_like_the_cookie(signed_in_at, holds):
    assert login_holds(signed_in_at, NOW) is holds
