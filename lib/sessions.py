"""Logins that outlive a reload: the signed login cookie, the one-time ticket that leads to it, and which
addresses a login may send the browser back to.

A password login lives in one websocket session; a reload starts a new one. So after the password check
the session hands the browser a ticket (random, single use, valid TICKET_LIFETIME) to the route
/auth/anmelden, which sets the cookie and sends the browser on; each new session then reads the cookie.
The cookie names user, role and issue time, signed with HMAC-SHA256; it holds for LIFETIME, and only while
the account still exists with the same role and password hash and its user has not logged out since it
was issued. A logout is kept in the store (lib/storing/audit.py), so it ends the user's logins in every
browser and on every instance.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlencode, urlsplit

from lib.access import AccessConfig, Mode, Role, User, account_user

COOKIE_NAME = "massnahmen_anmeldung"
LIFETIME = dt.timedelta(hours=8)  # a working day; the cookie's Max-Age and its signed expiry
TICKET_LIFETIME = dt.timedelta(seconds=60)  # from the password check to the browser reaching /auth/anmelden
CLOCK_SKEW = dt.timedelta(seconds=60)  # instances' clocks may differ this much: a cookie "from the future"
SIGN_IN_PATH = "/auth/anmelden"
SIGN_OUT_PATH = "/auth/abmelden"
MAX_NEXT_LENGTH = 2000
_VERSION = "v1"


class Refusal(Enum):
    """Why a cookie signs nobody in (for tests and the server log; the user just sees the login form)."""

    MALFORMED = "malformed"
    BAD_SIGNATURE = "bad_signature"
    EXPIRED = "expired"
    FROM_THE_FUTURE = "from_the_future"
    UNKNOWN_USER = "unknown_user"
    ROLE_CHANGED = "role_changed"
    PASSWORD_CHANGED = "password_changed"
    LOGGED_OUT = "logged_out"


@dataclass(frozen=True)
class Claims:
    """What a login cookie says; only trusted once `verify` accepted its signature."""

    user_name: str
    role: Role
    issued_at: dt.datetime  # UTC
    password: str  # fingerprint of the account's password hash when issued

    @property
    def expires_at(self) -> dt.datetime:
        return self.issued_at + LIFETIME


@dataclass(frozen=True)
class Verdict:
    user: User | None
    refusal: Refusal | None = None
    issued_at: dt.datetime | None = None


def password_fingerprint(password_hash: str) -> str:
    """Changes with the password: a new password ends the logins made with the old one."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def claims_for(config: AccessConfig, user: User, now: dt.datetime) -> Claims:
    _, stored = config.accounts[user.name]
    return Claims(user.name, user.role, now.astimezone(dt.UTC), password_fingerprint(stored))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    """Strict: a character outside the alphabet is an error, not skipped."""
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _mac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def sign(key: bytes, claims: Claims) -> str:
    """The cookie value: version, payload and signature, all cookie-safe characters."""
    payload = json.dumps({"u": claims.user_name, "r": claims.role.value, "p": claims.password,
                          "i": int(claims.issued_at.timestamp() * 1_000_000)},
                         ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    message = f"{_VERSION}.{_b64(payload.encode())}"
    return f"{message}.{_b64(_mac(key, message))}"


def read(key: bytes, value: str) -> Claims | Refusal:
    """The claims of a cookie whose signature holds, else why not (nothing is parsed before the check)."""
    version, _, rest = value.partition(".")
    payload, _, signature = rest.partition(".")
    if version != _VERSION or not payload or not signature:
        return Refusal.MALFORMED
    try:
        given = _unb64(signature)
    except ValueError:
        return Refusal.MALFORMED
    if not hmac.compare_digest(given, _mac(key, f"{version}.{payload}")):
        return Refusal.BAD_SIGNATURE
    try:
        data = json.loads(_unb64(payload))
        issued = dt.datetime.fromtimestamp(int(data["i"]) / 1_000_000, dt.UTC)
        return Claims(str(data["u"]), Role(data["r"]), issued, str(data["p"]))
    except (ValueError, KeyError, TypeError, OverflowError):
        return Refusal.MALFORMED  # signed by us, so only a changed format gets here


def verify(config: AccessConfig, key: bytes, value: str, now: dt.datetime,
           last_logout: dt.datetime | None) -> Verdict:
    """Who a cookie signs in at `now`, given the user's latest logout (the caller looks it up by name)."""
    claims = read(key, value)
    if isinstance(claims, Refusal):
        return Verdict(None, claims)
    return check(config, claims, now, last_logout)


def check(config: AccessConfig, claims: Claims, now: dt.datetime, last_logout: dt.datetime | None) -> Verdict:
    """Whether authentic claims still hold: in time, account unchanged, not logged out since."""
    if config.mode is not Mode.LOCAL:
        return Verdict(None, Refusal.UNKNOWN_USER)
    if now >= claims.expires_at:
        return Verdict(None, Refusal.EXPIRED)
    if claims.issued_at > now + CLOCK_SKEW:
        return Verdict(None, Refusal.FROM_THE_FUTURE)
    user = account_user(config, claims.user_name)
    if user is None:
        return Verdict(None, Refusal.UNKNOWN_USER)
    if user.role is not claims.role:
        return Verdict(None, Refusal.ROLE_CHANGED)
    if not hmac.compare_digest(password_fingerprint(config.accounts[user.name][1]), claims.password):
        return Verdict(None, Refusal.PASSWORD_CHANGED)
    if last_logout is not None and last_logout >= claims.issued_at:
        return Verdict(None, Refusal.LOGGED_OUT)
    return Verdict(user, None, claims.issued_at)


def login_holds(signed_in_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether a session's login (by password or by cookie, at `signed_in_at`) still holds at `now`: for
    LIFETIME, like the cookie, however long the page stays open. So no reader of the audit log needs a logout
    older than LIFETIME, and the log may delete it (lib/storing/audit.py)."""
    return signed_in_at is not None and now < signed_in_at + LIFETIME


def new_ticket() -> str:
    return secrets.token_urlsafe(32)


def ticket_digest(ticket: str) -> str:
    """Tickets are kept only as this digest: a copy of the table cannot sign anybody in."""
    return hashlib.sha256(ticket.encode()).hexdigest()


def new_cookie_key() -> str:
    """A signing key for the store when the secrets name none (`access.cookie_secret`)."""
    return secrets.token_urlsafe(32)


def local_path(target: str | None) -> str:
    """`target` when it is a path on this server (with its query), else "/": never an open redirect.

    Refused: absolute and scheme-relative URLs (`https://x`, `//x`, `/\\x`, which browsers read as `//x`),
    anything with a scheme (`javascript:`), control characters and overlong targets.
    """
    if not target or len(target) > MAX_NEXT_LENGTH or not target.startswith("/"):
        return "/"
    if target.startswith(("//", "/\\")) or "\\" in target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def sign_in_url(ticket: str, next_path: str) -> str:
    return f"{SIGN_IN_PATH}?{urlencode({'ticket': ticket, 'next': local_path(next_path)})}"


def set_cookie_header(value: str, secure: bool) -> str:
    """Set-Cookie for the login: unreadable for scripts, never sent from other sites, for the whole app."""
    return (f"{COOKIE_NAME}={value}; Max-Age={int(LIFETIME.total_seconds())}; Path=/; HttpOnly; SameSite=Strict"
            + ("; Secure" if secure else ""))


def clear_cookie_header(secure: bool) -> str:
    return f"{COOKIE_NAME}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict" + ("; Secure" if secure else "")
