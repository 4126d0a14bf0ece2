"""Who may do what: the roles Lesen and Bearbeiten, local accounts with salted scrypt hashes, OIDC roles,
roles per register, and how long a login must wait after repeated wrong passwords.

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

from lib.storing.storage import REGISTER_NAME

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_COOKIE_SECRET = 32  # characters: at least a `secrets.token_urlsafe(24)`, 192 random bits
# How long the login audit log keeps an entry, in days (`access.audit_days`): personal data, kept no longer
# than needed (DSGVO Art. 5 (1) e). Never below what the throttle and the logouts need (lib/storing/audit.py).
DEFAULT_AUDIT_DAYS = 90
MAX_AUDIT_DAYS = 3650


class Role(Enum):
    READ = "Lesen"  # see everything, download
    EDIT = "Bearbeiten"  # also upload and restore versions


class Mode(Enum):
    OPEN = "open"  # no configuration: local use, everyone edits
    LOCAL = "local"  # user names and password hashes in secrets.toml
    OIDC = "oidc"  # Streamlit's st.login against the city's identity provider


@dataclass(frozen=True)
class User:
    """Who is signed in and what they may do. `role` holds in every register not in `registers`; with
    `only_listed` the user sees no register but those (a local account given `registers = {…}`).
    `within(name)` is the same person as seen in one register: its `role` is the one that counts there."""

    name: str  # recorded on uploads and restores; "" in open mode
    role: Role
    registers: tuple[tuple[str, Role], ...] = ()  # (register, role), sorted by register
    only_listed: bool = False

    @property
    def can_edit(self) -> bool:
        return self.role is Role.EDIT

    def role_in(self, register: str) -> Role | None:
        """The role in this register; None when the user may not see it."""
        return dict(self.registers).get(register, None if self.only_listed else self.role)

    def may_read(self, register: str) -> bool:
        return self.role_in(register) is not None

    def may_edit(self, register: str) -> bool:
        return self.role_in(register) is Role.EDIT

    def readable(self, registers: Iterable[str]) -> list[str]:
        return [name for name in registers if self.may_read(name)]

    @property
    def listed(self) -> list[str]:
        """The registers named for this user (the only ones it sees when `only_listed`)."""
        return [name for name, _ in self.registers]

    @property
    def may_edit_somewhere(self) -> bool:
        return (not self.only_listed and self.can_edit) or any(r is Role.EDIT for _, r in self.registers)

    def within(self, register: str) -> User:
        """This user in one register it may read: a user whose `role` is the role there."""
        role = self.role_in(register)
        if role is None:
            raise PermissionError(register)
        return User(self.name, role, ((register, role),), only_listed=True)


@dataclass(frozen=True)
class AccessConfig:
    mode: Mode
    accounts: dict[str, tuple[Role, str]] = field(default_factory=dict)  # local: name → (role, hash)
    editors: frozenset[str] = frozenset()  # OIDC: e-mail addresses (case-insensitive) with Bearbeiten
    default_role: Role = Role.READ  # OIDC: everyone else who logs in
    # local: name → ((register, role), …) for accounts limited to some registers
    account_registers: dict[str, tuple[tuple[str, Role], ...]] = field(default_factory=dict)
    # OIDC: register → e-mail addresses with Bearbeiten in that register only
    register_editors: dict[str, frozenset[str]] = field(default_factory=dict)
    cookie_secret: str = ""  # local: signs the login cookie; "" means a random key kept in the store
    audit_days: int = DEFAULT_AUDIT_DAYS  # local and OIDC: how long the login audit log keeps an entry


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
                            default_role=_role(access.get("default_role", "Lesen"), "access.default_role"),
                            register_editors=_register_editors(access.get("registers", {})),
                            audit_days=_audit_days(access.get("audit_days", DEFAULT_AUDIT_DAYS)))
    if mode_text != "local":
        raise AccessConfigError(f"access.mode „{mode_text}“ unbekannt; erlaubt sind „local“ und „oidc“.")
    accounts = {}
    limited: dict[str, tuple[tuple[str, Role], ...]] = {}
    for name, account in dict(access.get("users", {})).items():
        where = f"access.users.{name}"
        if "password_hash" not in account:
            raise AccessConfigError(f"{where}: password_hash fehlt (erzeugen mit python -m lib.cli hash-password).")
        accounts[str(name)] = (_role(account.get("role", "Lesen"), where), str(account["password_hash"]))
        if "registers" in account:
            limited[str(name)] = _account_registers(account["registers"], f"{where}.registers")
    if not accounts:
        raise AccessConfigError("access.users: kein Konto eingetragen.")
    if "registers" in access:
        raise AccessConfigError("access.registers gilt nur für mode = \"oidc\"; lokale Konten tragen ihre Register "
                                "selbst, z. B. registers = { mainz = \"Bearbeiten\" }.")
    return AccessConfig(Mode.LOCAL, accounts=accounts, account_registers=limited,
                        cookie_secret=_cookie_secret(access.get("cookie_secret", "")),
                        audit_days=_audit_days(access.get("audit_days", DEFAULT_AUDIT_DAYS)))


def _register_name(name: object, where: str) -> str:
    if not isinstance(name, str) or not REGISTER_NAME.match(name):
        raise AccessConfigError(f"{where}: „{name}“ ist kein Registername (Kleinbuchstaben a–z, Ziffern und "
                                "Bindestrich, höchstens 32 Zeichen, z. B. mainz).")
    return name


def _account_registers(table: object, where: str) -> tuple[tuple[str, Role], ...]:
    """`registers = { mainz = "Bearbeiten", trier = "Lesen" }` of a local account."""
    if not isinstance(table, Mapping) or not table:
        raise AccessConfigError(f"{where}: erwartet wird eine Tabelle wie {{ mainz = \"Bearbeiten\", "
                                "trier = \"Lesen\" }.")
    return tuple(sorted((_register_name(name, where), _role(role, f"{where}.{name}")) for name, role in table.items()))


def _register_editors(table: object) -> dict[str, frozenset[str]]:
    """`[access.registers.trier] editors = [...]` in OIDC mode."""
    if not isinstance(table, Mapping):
        raise AccessConfigError("access.registers: erwartet wird je Register eine Tabelle, z. B. "
                                "[access.registers.trier] mit editors = [\"…\"].")
    editors = {}
    for name, entry in table.items():
        where = f"access.registers.{name}"
        _register_name(name, "access.registers")
        if not isinstance(entry, Mapping) or not isinstance(entry.get("editors", []), list):
            raise AccessConfigError(f"{where}: erwartet wird editors = [\"name@stadt.example\", …].")
        editors[name] = frozenset(str(e).strip().casefold() for e in entry.get("editors", []))
    return editors


def _cookie_secret(text: object) -> str:
    if not isinstance(text, str) or (text.strip() and len(text.strip()) < MIN_COOKIE_SECRET):
        raise AccessConfigError(f"access.cookie_secret muss eine Zeichenfolge aus mindestens {MIN_COOKIE_SECRET} "
                                "Zeichen sein; zufällig erzeugen, z. B. python -c \"import secrets; "
                                "print(secrets.token_urlsafe(32))\", oder die Zeile weglassen.")
    return text.strip()


def _audit_days(value: object) -> int:
    # bool is an int in Python, but `audit_days = true` is no number of days
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AUDIT_DAYS:
        shown = str(value)[:40]
        raise AccessConfigError(f"access.audit_days muss eine ganze Zahl von 0 bis {MAX_AUDIT_DAYS} sein (Tage, die "
                                f"Anmeldeversuche aufbewahrt werden), nicht „{shown}“; ohne die Zeile gelten "
                                f"{DEFAULT_AUDIT_DAYS} Tage.")
    return value


def authenticate(config: AccessConfig, name: str, password: str) -> User | None:
    """A local account's user when name and password match, else None (same work either way)."""
    role, stored = config.accounts.get(name.strip(), (None, hash_password("")))
    ok = verify_password(password, stored)
    return account_user(config, name) if ok and role is not None else None


def account_user(config: AccessConfig, name: str) -> User | None:
    """The user a local account signs in as, with its roles per register; None when there is no such account.
    The one place that turns an account into a User: after a password and after a login cookie alike."""
    account = config.accounts.get(name.strip())
    if account is None:
        return None
    limited = config.account_registers.get(name.strip())
    if limited is None:
        return User(name.strip(), account[0])
    strongest = Role.EDIT if any(r is Role.EDIT for _, r in limited) else Role.READ
    return User(name.strip(), strongest, limited, only_listed=True)


def oidc_user(config: AccessConfig, email: str, name: str = "") -> User:
    address = email.strip().casefold()
    role = Role.EDIT if address in config.editors else config.default_role
    extra = tuple(sorted((register, Role.EDIT) for register, editors in config.register_editors.items()
                         if address in editors and role is not Role.EDIT))
    return User(name or email, role, extra)


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
