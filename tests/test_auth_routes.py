"""The cookie routes on a real SQLite store: a ticket becomes a cookie once, only for a local address, and
never after the user logged out; the cookie is Secure when the browser speaks https."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.access import LoginAttempt, LoginKind, Role, User, hash_password, parse_config
from lib.api import Request
from lib.auth_routes import sign_in, sign_out
from lib.sessions import COOKIE_NAME, verify
from lib.storing.audit import StoreLoginLog
from lib.storing.storage import Store
from lib.storing.tickets import Tickets, cookie_key

T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
S = dt.timedelta(seconds=1)
ACCOUNTS = {"leitung": {"role": "Bearbeiten", "password_hash": hash_password("richtig")}}
CONFIG = parse_config({"users": ACCOUNTS})
SECRET = "s" * 40


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "versions.db")


def request(ticket: str, next_path: str = "/daten?prio=1", scheme: str = "http", **headers: str) -> Request:
    return Request("GET", "/auth/anmelden", {"ticket": ticket, "next": next_path}, headers, scheme)


def cookie_value(set_cookie: str) -> str:
    name, _, rest = set_cookie.partition("=")
    assert name == COOKIE_NAME
    return rest.partition(";")[0]


def test_a_ticket_becomes_a_cookie_that_signs_in(store):
    ticket = Tickets(store).issue("leitung", Role.EDIT, T0)
    reply = sign_in(request(ticket), CONFIG, lambda: store, T0 + 2 * S)
    assert (reply.status, reply.headers["Location"]) == (303, "/daten?prio=1")
    assert reply.headers["Set-Cookie"].endswith("; Max-Age=28800; Path=/; HttpOnly; SameSite=Strict")
    verdict = verify(CONFIG, cookie_key(store), cookie_value(reply.headers["Set-Cookie"]), T0 + 3 * S, None)
    assert (verdict.user, verdict.issued_at) == (User("leitung", Role.EDIT), T0)


def test_a_configured_secret_signs_instead_of_the_store_key(store):
    config = parse_config({"users": ACCOUNTS, "cookie_secret": SECRET})
    reply = sign_in(request(Tickets(store).issue("leitung", Role.EDIT, T0)), config, lambda: store, T0)
    value = cookie_value(reply.headers["Set-Cookie"])
    assert verify(config, SECRET.encode(), value, T0, None).user == User("leitung", Role.EDIT)
    assert verify(config, cookie_key(store), value, T0, None).user is None


@pytest.mark.parametrize("fetch_site", ["same-origin", "none"])  # none: typed into the address bar
def test_the_app_itself_or_the_address_bar_may_bring_the_ticket(store, fetch_site):
    ticket = Tickets(store).issue("leitung", Role.EDIT, T0)
    assert "Set-Cookie" in sign_in(request(ticket, **{"sec-fetch-site": fetch_site}), CONFIG, lambda: store, T0).headers


@pytest.mark.parametrize(("scheme", "headers", "secure"), [
    ("http", {}, False),
    ("https", {}, True),
    ("http", {"x-forwarded-proto": "https"}, True),  # TLS ends at the reverse proxy
    ("http", {"x-forwarded-proto": "http"}, False),
])
def test_the_cookie_is_secure_when_the_browser_speaks_https(store, scheme, headers, secure):
    ticket = Tickets(store).issue("leitung", Role.EDIT, T0)
    reply = sign_in(request(ticket, scheme=scheme, **headers), CONFIG, lambda: store, T0)
    assert reply.headers["Set-Cookie"].endswith("; Secure") is secure
    assert sign_out(Request("GET", "/auth/abmelden", {}, headers, scheme)).headers["Set-Cookie"].endswith(
        "; Secure") is secure


@pytest.mark.parametrize(("case", "location"), [
    ("used twice", "/daten?prio=1"),
    ("too late", "/daten?prio=1"),
    ("logged out after the ticket", "/daten?prio=1"),
    ("account removed", "/daten?prio=1"),
    ("no ticket", "/daten?prio=1"),
    ("foreign next", "/"),
    ("sent from another site", "/daten?prio=1"),
])
def test_no_cookie_without_a_ticket_that_holds(store, case, location):
    ticket = Tickets(store).issue("leitung", Role.EDIT, T0)
    now, config, target = T0 + S, CONFIG, "/daten?prio=1"
    if case == "used twice":
        sign_in(request(ticket), CONFIG, lambda: store, now)
    elif case == "too late":
        now = T0 + 60 * S
    elif case == "logged out after the ticket":
        StoreLoginLog(store).record(LoginAttempt(T0 + S / 2, "leitung", "", True, LoginKind.LOGOUT))
    elif case == "account removed":
        config = parse_config({"users": {"rat": {"role": "Lesen", "password_hash": hash_password("x")}}})
    elif case == "no ticket":
        ticket = ""
    elif case == "foreign next":
        target, ticket = "https://example.org/", "erfunden"
    headers = {"sec-fetch-site": "cross-site"} if case == "sent from another site" else {}
    reply = sign_in(request(ticket, target, **headers), config, lambda: store, now)
    assert (reply.status, reply.headers["Location"], "Set-Cookie" in reply.headers) == (303, location, False)


def test_an_unusable_store_sends_the_browser_on_without_a_cookie(tmp_path):
    (tmp_path / "datei").write_text("keine Datenbank")
    reply = sign_in(request("erfunden"), CONFIG, lambda: Store(tmp_path / "datei" / "versions.db"), T0)
    assert (reply.status, reply.headers["Location"], "Set-Cookie" in reply.headers) == (303, "/daten?prio=1", False)


def test_sign_out_clears_the_cookie_and_leads_to_the_start():
    reply = sign_out(Request("GET", "/auth/abmelden"))
    assert (reply.status, reply.headers["Location"], reply.headers["Set-Cookie"]) == (
        303, "/", f"{COOKIE_NAME}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict")


def test_an_address_with_umlauts_stays_one_header_line_of_ascii(store):
    ticket = Tickets(store).issue("leitung", Role.EDIT, T0)
    reply = sign_in(request(ticket, "/daten?feld=Bürgerservice"), CONFIG, lambda: store, T0)
    assert reply.headers["Location"] == "/daten?feld=B%C3%BCrgerservice"
