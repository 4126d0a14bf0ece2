"""Who may do what: the roles Lesen and Bearbeiten, local accounts with salted scrypt hashes, OIDC roles,
and how long a login must wait after repeated wrong passwords.

The configuration is the `[access]` table of `.streamlit/secrets.toml` (see docs/zugang.md), passed
in as a plain mapping. Without it the app runs open for local use.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import math
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_COOKIE_SECRET = 32  # characters: at least a `secrets.token_urlsafe(24)`, 192 random bits


class Role(Enum):
    READ = "Lesen"  # see everything, download
    EDIT = "Bearbeiten"  # also upload and restore versions


class Mode(Enum):
    OPEN = "open"  # no configuration: local use, everyone edits
    LOCAL = "local"  # user names and password hashes in secrets.toml
    OIDC = "oidc"  # Streamlit's st.login against the city's identity provider


@dataclass(frozen=True)
class User:
    name: str  # recorded on uploads and restores; "" in open mode
    role: Role

    @property
    def can_edit(self) -> bool:
        return self.role is Role.EDIT


@dataclass(frozen=True)
class AccessConfig:
    mode: Mode
    accounts: dict[str, tuple[Role, str]] = field(default_factory=dict)  # local: name → (role, hash)
    editors: frozenset[str] = frozenset()  # OIDC: e-mail addresses (case-insensitive) with Bearbeiten
    default_role: Role = Role.READ  # OIDC: everyone else who logs in
    cookie_secret: str = ""  # local: signs the login cookie; "" means a random key kept in the store


class AccessConfigError(ValueError):
    """The [access] configuration is unusable; the message is German."""


def hash_password(password: str, salt: bytes | None = None) -> str:
    """'scrypt$<salt>$<hash>' (base64), for the password_hash field of a local account."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), **SCRYPT)
        return hmac.compare_digest(digest, base64.b64decode(expected))
    except (ValueError, TypeError):
        return False


def _role(text: object, where: str) -> Role:
    for role in Role:
        if str(text).strip().casefold() in (role.value.casefold(), role.name.casefold()):
            return role
    raise AccessConfigError(f"{where}: Rolle „{text}“ unbekannt; erlaubt sind „Lesen“ und „Bearbeiten“.")


def parse_config(access: Mapping | None) -> AccessConfig:
    """Read the [access] table; None or an empty table means open mode."""
    if not access:
        return AccessConfig(Mode.OPEN)
    mode_text = str(access.get("mode", "local")).strip().casefold()
    if mode_text == "oidc":
        editors = frozenset(str(e).strip().casefold() for e in access.get("editors", []))
        return AccessConfig(Mode.OIDC, editors=editors,
                            default_role=_role(access.get("default_role", "Lesen"), "access.default_role"))
    if mode_text != "local":
        raise AccessConfigError(f"access.mode „{mode_text}“ unbekannt; erlaubt sind „local“ und „oidc“.")
    accounts = {}
    for name, account in dict(access.get("users", {})).items():
        where = f"access.users.{name}"
        if "password_hash" not in account:
            raise AccessConfigError(f"{where}: password_hash fehlt (erzeugen mit python -m lib.cli hash-password).")
        accounts[str(name)] = (_role(account.get("role", "Lesen"), where), str(account["password_hash"]))
    if not accounts:
        raise AccessConfigError("access.users: kein Konto eingetragen.")
    return AccessConfig(Mode.LOCAL, accounts=accounts, cookie_secret=_cookie_secret(access.get("cookie_secret", "")))


def _cookie_secret(text: object) -> str:
    if not isinstance(text, str) or (text.strip() and len(text.strip()) < MIN_COOKIE_SECRET):
        raise AccessConfigError(f"access.cookie_secret muss eine Zeichenfolge aus mindestens {MIN_COOKIE_SECRET} "
                                "Zeichen sein; zufällig erzeugen, z. B. python -c \"import secrets; "
                                "print(secrets.token_urlsafe(32))\", oder die Zeile weglassen.")
    return text.strip()


def authenticate(config: AccessConfig, name: str, password: str) -> User | None:
    """A local account's user when name and password match, else None (same work either way)."""
    role, stored = config.accounts.get(name.strip(), (None, hash_password("")))
    ok = verify_password(password, stored)
    return User(name.strip(), role) if ok and role is not None else None


def oidc_user(config: AccessConfig, email: str, name: str = "") -> User:
    role = Role.EDIT if email.strip().casefold() in config.editors else config.default_role
    return User(name or email, role)


# Throttling: the first FREE_FAILURES wrong passwords in a row cost only the scrypt time; each one after
# that doubles the wait from FIRST_WAIT, and from LOCK_AFTER on each failure locks for LONGEST_WAIT.
# "In a row" means: none more than WINDOW after the one before. Counting only the failures of the last
# WINDOW would never reach the lock: the growing waits (30 s + 1 + 2 + 4 + 8 min) push the early
# failures out of the window before the tenth one can be made.
FREE_FAILURES = 5
LOCK_AFTER = 10
WINDOW = dt.timedelta(minutes=15)
FIRST_WAIT = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(minutes=15)
LOOKBACK = WINDOW * LOCK_AFTER  # the furthest back a row of LOCK_AFTER failures can reach
NO_WAIT = dt.timedelta(0)


class LoginKind(Enum):
    """What an entry of the login audit log records; only PASSWORD entries count for the throttle."""

    PASSWORD = "password"  # a password check (refused attempts during a wait never reach one)
    COOKIE = "cookie"  # a new session signed in by the login cookie of an earlier password login
    OIDC = "oidc"  # a new session signed in through the city's identity provider
    LOGOUT = "logout"  # „Abmelden“: every login of this user before it ends, in every browser


@dataclass(frozen=True)
class LoginAttempt:
    """One entry of the login audit log: mostly a login that reached the password check."""

    at: dt.datetime  # timezone-aware, UTC
    user_name: str  # as typed, stripped; also names that have no account
    client: str  # the browser's IP address, "" when unknown (local use, no address)
    succeeded: bool
    kind: LoginKind = LoginKind.PASSWORD


def user_key(name: str) -> str:
    """The name attempts are counted under: „Leitung“ and „ leitung“ are the same target."""
    return name.strip().casefold()


def login_wait(attempts: Iterable[LoginAttempt], user_name: str, client: str, now: dt.datetime) -> dt.timedelta:
    """How long a login as `user_name` from `client` must wait from `now`; NO_WAIT when it may be tried.

    Failures count per user name (whether it has an account or not, so the answer tells nothing about
    which names exist) and per client. A success forgives the failures for that name before it, not the
    client's: one's own account must not reset the count for guessing at others'. An unknown client ("")
    is not counted as one client, or every local user would share one count.
    """
    key = user_key(user_name)
    by_name: list[dt.datetime] = []
    by_client: list[dt.datetime] = []
    for attempt in sorted((a for a in attempts if now - LOOKBACK < a.at <= now and a.kind is LoginKind.PASSWORD),
                          key=lambda a: a.at):
        if user_key(attempt.user_name) == key:
            if attempt.succeeded:
                by_name.clear()
            else:
                by_name.append(attempt.at)
        if client and attempt.client == client and not attempt.succeeded:
            by_client.append(attempt.at)
    return max(_wait(by_name, now), _wait(by_client, now))


def _wait(failures: list[dt.datetime], now: dt.datetime) -> dt.timedelta:
    """The wait after the newest of these failures (oldest first), from the length of the row it ends."""
    in_row = 1 if failures else 0
    while in_row < min(len(failures), LOCK_AFTER) and failures[-in_row] - failures[-in_row - 1] <= WINDOW:
        in_row += 1
    if in_row < FREE_FAILURES:
        return NO_WAIT
    wait = min(FIRST_WAIT * 2 ** (in_row - FREE_FAILURES), LONGEST_WAIT)
    return max(failures[-1] + wait - now, NO_WAIT)


def wait_message(wait: dt.timedelta) -> str:
    """The German sentence for a login that must wait, rounded up (never „in 0 Sekunden“)."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 60:
        span = f"{seconds} {'Sekunde' if seconds == 1 else 'Sekunden'}"
    else:
        minutes = math.ceil(seconds / 60)
        span = f"{minutes} {'Minute' if minutes == 1 else 'Minuten'}"
    return (f"Zu viele falsche Anmeldeversuche für diesen Benutzernamen oder von diesem Rechner. "
            f"Bitte in {span} erneut versuchen.")


class AttemptLog(Protocol):
    """Where login attempts are kept (lib.storing.audit): the throttle counts from it."""

    def recent(self, since: dt.datetime, user_name: str, client: str) -> list[LoginAttempt]:
        """Attempts after `since` for this name (user_key) or, when client is not "", from this client."""
        ...

    def record(self, attempt: LoginAttempt) -> None: ...


@dataclass(frozen=True)
class LoginResult:
    user: User | None  # None: wrong name or password, or refused
    wait: dt.timedelta = NO_WAIT  # longer than zero: refused without checking the password


def log_in(config: AccessConfig, log: AttemptLog, name: str, password: str, client: str,
           now: dt.datetime) -> LoginResult:
    """One login with a local account at `now`: refused while a wait is due, else checked and recorded."""
    wait = login_wait(log.recent(now - LOOKBACK, name, client), name, client, now)
    if wait > NO_WAIT:
        return LoginResult(None, wait)
    user = authenticate(config, name, password)
    log.record(LoginAttempt(now, name.strip(), client, user is not None))
    return LoginResult(user)
