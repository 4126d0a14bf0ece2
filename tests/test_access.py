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


def test_a_local_account_may_be_limited_to_registers():
    config = parse_config({"mode": "local", "users": {
        "kreis": {"role": "Bearbeiten", "password_hash": hash_password("k")},
        "mainz": {"password_hash": hash_password("m"), "registers": {"mainz": "Bearbeiten", "trier": "lesen"}},
        "leser": {"role": "Bearbeiten", "password_hash": hash_password("l"), "registers": {"trier": "Lesen"}},
    }})
    everywhere = authenticate(config, "kreis", "k")
    assert [everywhere.role_in(r) for r in ("mainz", "trier", "alzey")] == [Role.EDIT] * 3
    mainz = authenticate(config, "mainz", "m")
    assert (mainz.role_in("mainz"), mainz.role_in("trier"), mainz.role_in("alzey")) == (Role.EDIT, Role.READ, None)
    assert mainz.readable(["alzey", "mainz", "trier"]) == ["mainz", "trier"] and mainz.listed == ["mainz", "trier"]
    assert mainz.may_edit_somewhere and mainz.may_edit("mainz") and not mainz.may_edit("trier")
    assert mainz.within("mainz").can_edit and not mainz.within("trier").can_edit
    with pytest.raises(PermissionError):
        mainz.within("alzey")
    # `registers` replaces `role`: Bearbeiten given for all does not reach a register listed as Lesen.
    reader = authenticate(config, "leser", "l")
    assert reader.readable(["mainz", "trier"]) == ["trier"] and not reader.may_edit_somewhere
    assert not reader.within("trier").can_edit


def test_oidc_editors_per_register():
    config = parse_config({"mode": "oidc", "editors": ["kreis@example.de"], "registers": {
        "trier": {"editors": ["Egov@Trier.de"]}, "mainz": {"editors": []}}})
    trier = oidc_user(config, "egov@trier.de")
    assert (trier.role_in("trier"), trier.role_in("mainz"), trier.role_in("alzey")) == (Role.EDIT, Role.READ, Role.READ)
    assert trier.may_edit_somewhere and not trier.within("mainz").can_edit
    county = oidc_user(config, "kreis@example.de")
    assert all(county.may_edit(r) for r in ("trier", "mainz", "alzey"))
    reader = oidc_user(config, "rat@example.de")
    assert reader.readable(["mainz", "trier"]) == ["mainz", "trier"] and not reader.may_edit_somewhere


@pytest.mark.parametrize(
    ("access", "message"),
    [
        ({"users": {"x": {"password_hash": "scrypt$a$b", "registers": {"Mainz": "Lesen"}}}},
         "„Mainz“ ist kein Registername"),
        ({"users": {"x": {"password_hash": "scrypt$a$b", "registers": {"mainz": "Admin"}}}},
         "access.users.x.registers.mainz: Rolle „Admin“"),
        ({"users": {"x": {"password_hash": "scrypt$a$b", "registers": "mainz"}}}, "erwartet wird eine Tabelle"),
        ({"users": {"x": {"password_hash": "scrypt$a$b"}}, "registers": {"mainz": {}}}, "nur für mode"),
        ({"mode": "oidc", "registers": {"trier": {"editors": "a@b.de"}}}, "access.registers.trier: erwartet"),
        ({"mode": "oidc", "registers": {"Trier": {"editors": []}}}, "„Trier“ ist kein Registername"),
    ],
)
def test_bad_register_roles_are_refused_in_german(access, message):
    with pytest.raises(AccessConfigError, match=message):
        parse_config(access)


LOCAL = {"users": {"x": {"password_hash": "scrypt$a$b"}}}


@pytest.mark.parametrize(("access", "days"), [
    (LOCAL, 90),  # without the line: a quarter
    ({**LOCAL, "audit_days": 0}, 0),
    ({**LOCAL, "audit_days": 3650}, 3650),
    ({"mode": "oidc", "audit_days": 30}, 30),
    ({"mode": "oidc"}, 90),
])
def test_audit_days_say_how_long_logins_are_kept(access, days):
    assert parse_config(access).audit_days == days


@pytest.mark.parametrize("value", [-1, 3651, "90", 7.5, True, [30]])
def test_audit_days_outside_0_to_3650_are_refused_in_german(value):
    for access in ({**LOCAL, "audit_days": value}, {"mode": "oidc", "audit_days": value}):
        with pytest.raises(AccessConfigError) as refused:
            parse_config(access)
        assert str(refused.value).startswith("access.audit_days muss eine ganze Zahl von 0 bis 3650 sein")
        assert f"nicht „{value}“" in str(refused.value)
