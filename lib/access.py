"""Who may do what: the roles Lesen and Bearbeiten, local accounts with salted scrypt hashes, OIDC roles.

The configuration is the `[access]` table of `.streamlit/secrets.toml` (see docs/zugang.md), passed
in as a plain mapping. Without it the app runs open for local use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

SCRYPT = {"n": 2**14, "r": 8, "p": 1}


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
    return AccessConfig(Mode.LOCAL, accounts=accounts)


def authenticate(config: AccessConfig, name: str, password: str) -> User | None:
    """A local account's user when name and password match, else None (same work either way)."""
    role, stored = config.accounts.get(name.strip(), (None, hash_password("")))
    ok = verify_password(password, stored)
    return User(name.strip(), role) if ok and role is not None else None


def oidc_user(config: AccessConfig, email: str, name: str = "") -> User:
    role = Role.EDIT if email.strip().casefold() in config.editors else config.default_role
    return User(name or email, role)
