"""Roles and accounts: salted hashes verify only the right password; configuration errors are German."""

from __future__ import annotations

import pytest

from lib.access import (
    AccessConfigError,
    Mode,
    Role,
    authenticate,
    hash_password,
    oidc_user,
    parse_config,
    verify_password,
)


def test_hash_is_salted_and_verifies_only_the_password():
    first, second = hash_password("geheim"), hash_password("geheim")
    assert first != second and first.startswith("scrypt$")
    assert verify_password("geheim", first) and verify_password("geheim", second)
    assert not verify_password("Geheim", first)
    assert not verify_password("geheim", "md5$abc$def")
    assert not verify_password("geheim", "kaputt")


@pytest.mark.parametrize("access", [None, {}])
def test_no_configuration_means_open_mode(access):
    assert parse_config(access).mode is Mode.OPEN


def local_config():
    return parse_config({"mode": "local", "users": {
        "pg-leitung": {"role": "Bearbeiten", "password_hash": hash_password("a")},
        "stadtrat": {"role": "lesen", "password_hash": hash_password("b")},
    }})


@pytest.mark.parametrize(
    ("name", "password", "expected"),
    [
        ("pg-leitung", "a", Role.EDIT),
        ("stadtrat", "b", Role.READ),
        (" stadtrat ", "b", Role.READ),
        ("stadtrat", "a", None),
        ("unbekannt", "", None),
        ("unbekannt", "a", None),
    ],
)
def test_authenticate(name, password, expected):
    user = authenticate(local_config(), name, password)
    assert (user.role if user else None) == expected
    if user:
        assert user.name == name.strip() and user.can_edit == (expected is Role.EDIT)


def test_oidc_roles_by_email():
    config = parse_config({"mode": "oidc", "editors": ["Egov@Mainz.de"]})
    assert oidc_user(config, "egov@mainz.de", "E-Gov-Team").role is Role.EDIT
    assert oidc_user(config, "rat@mainz.de").role is Role.READ
    assert oidc_user(config, "rat@mainz.de").name == "rat@mainz.de"


@pytest.mark.parametrize(
    ("access", "message"),
    [
        ({"mode": "ldap"}, "unbekannt"),
        ({"mode": "local", "users": {}}, "kein Konto"),
        ({"mode": "local", "users": {"x": {"role": "Admin", "password_hash": "scrypt$a$b"}}}, "Rolle „Admin“"),
        ({"mode": "local", "users": {"x": {"role": "Lesen"}}}, "password_hash fehlt"),
    ],
)
def test_bad_configuration_is_refused_in_german(access, message):
    with pytest.raises(AccessConfigError, match=message):
        parse_config(access)
