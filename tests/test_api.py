"""lib.api without a server: who may call which route, the token check, Stichtag and ETag rules, and what
an anonymous caller learns about a broken store. The real server is tested in tests/e2e/test_api.py."""

from __future__ import annotations

import json

import pytest

from lib.access import AccessConfig, Mode, parse_config
from lib.api import ApiAccess, ApiConfigError, Request, api_access, handle
from lib.cli import main
from lib.storing.storage import Store
from tests.builders import Book

TOKEN = "k" * 40
CITY = AccessConfig(Mode.LOCAL, accounts={"rat": (None, "")})


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "v.db")
    book = Book().measures([("0.01", "Virtuelle Poststelle", 0, "10")], title=["Stand: 17.09.2019"]).offices()
    store.add(book.save(tmp_path / "r.xlsx").read_bytes(), "r.xlsx")
    return store


def call(store: Store, access: ApiAccess, path: str, headers: dict | None = None, query: dict | None = None):
    reply = handle(Request("GET", path, query or {}, headers or {}), access, lambda: store)
    return reply.status, (json.loads(reply.body) if reply.headers.get("Content-Type", "").startswith("application/json")
                          and reply.body else reply.body)


@pytest.mark.parametrize(("access", "path", "headers", "status"), [
    (ApiAccess(open=True), "/api/v1/versions.json", {}, 200),
    (api_access(CITY, {"tokens": [TOKEN]}), "/api/v1/versions.json", {}, 401),
    (api_access(CITY, {"tokens": [TOKEN]}), "/api/v1/versions.json", {"authorization": f"Bearer {TOKEN}"}, 200),
    (api_access(CITY, {"tokens": [TOKEN]}), "/api/v1/versions.json", {"authorization": f"bearer  {TOKEN} "}, 200),
    (api_access(CITY, {"tokens": [TOKEN]}), "/api/v1/versions.json", {"authorization": f"Basic {TOKEN}"}, 401),
    (api_access(CITY, {"tokens": [TOKEN]}), "/api/v1/versions.json", {"authorization": "Bearer "}, 401),
    (api_access(CITY, {}), "/api/v1/summary.json", {"authorization": "Bearer "}, 401),  # no tokens: nobody
    (api_access(CITY, {"tokens": [TOKEN], "open_data": True}), "/api/v1/summary.json", {}, 200),
    (api_access(CITY, {"tokens": [TOKEN], "open_data": True}), "/api/v1/massnahmen.csv", {}, 200),
    (api_access(CITY, {"tokens": [TOKEN], "open_data": True}), "/api/v1/versions.json", {}, 401),
    (api_access(CITY, {}), "/api/v1/ready", {}, 200),
    (api_access(CITY, {}), "/api/v1/unbekannt", {}, 404),  # before the token: a 404 tells nothing
])
def test_who_may_call_what(store, access, path, headers, status):
    assert call(store, access, path, headers)[0] == status


def test_open_mode_follows_the_access_table():
    assert api_access(parse_config(None), None).open
    assert not api_access(CITY, None).open


@pytest.mark.parametrize(("table", "words"), [
    ({"tokens": ["kurz"]}, "kürzer als 32 Zeichen"),
    ({"tokens": TOKEN}, "Liste"),
    ({"open_data": "ja"}, "true oder false"),
])
def test_unusable_api_table_is_a_german_error(table, words):
    with pytest.raises(ApiConfigError, match=words):
        api_access(CITY, table)


@pytest.mark.parametrize(("stichtag", "status"), [
    ("2019-12-31", 200), ("2020-02-29", 200), ("2019-02-29", 400), ("31.12.2019", 400), ("20191231", 400),
    ("", 400), ("2019-12-31T00:00", 400),
])
def test_stichtag_is_an_iso_date(store, stichtag, status):
    got, data = call(store, ApiAccess(open=True), "/api/v1/summary.json", query={"stichtag": stichtag})
    assert got == status
    assert data["stichtag"] == stichtag if status == 200 else data["error"] == "bad_stichtag"


@pytest.mark.parametrize(("if_none_match", "status"), [
    ('W/"{sha}-2019-09-17"', 304), ('"{sha}-2019-09-17"', 304), ('"x", W/"{sha}-2019-09-17"', 304), ("*", 304),
    ('W/"{sha}-2019-09-18"', 200), ('W/"{sha}"', 200), ("", 200),
])
def test_if_none_match(store, if_none_match, status):
    sha = store.latest().sha256
    got, body = call(store, ApiAccess(open=True), "/api/v1/massnahmen.csv",
                     {"if-none-match": if_none_match.format(sha=sha)})
    assert got == status and (body == b"") == (status == 304)


def test_empty_store_has_no_summary_but_is_ready(tmp_path):
    empty = Store(tmp_path / "leer.db")
    assert call(empty, ApiAccess(open=True), "/api/v1/summary.json")[1]["error"] == "no_version"
    assert call(empty, ApiAccess(open=True), "/api/v1/ready") == (200, {"status": "ready", "newest_version": None})
    assert call(empty, ApiAccess(open=True), "/api/v1/versions.json") == (200, [])


def test_anonymous_callers_do_not_learn_where_the_store_is(tmp_path):
    garbage = tmp_path / "geheim" / "v.db"
    garbage.parent.mkdir()
    garbage.write_bytes(b"kein SQLite " * 500)
    access = api_access(CITY, {"tokens": [TOKEN], "open_data": True})

    def broken() -> Store:
        return Store(garbage)

    anonymous = handle(Request("GET", "/api/v1/summary.json"), access, broken)
    insider = handle(Request("GET", "/api/v1/summary.json", {}, {"authorization": f"Bearer {TOKEN}"}), access, broken)
    assert anonymous.status == insider.status == 503
    assert "geheim" not in anonymous.body.decode() and "geheim" in insider.body.decode()
    assert json.loads(anonymous.body)["fault"] == "not_a_database"


@pytest.fixture
def county(tmp_path) -> Store:
    """mainz: one version (Stand 17.09.2019, 1 measure); trier: two (Stand 01.10. and 02.10.2019, 2 measures)."""
    store = Store(tmp_path / "kreis.db", register="mainz")
    one = Book().measures([("0.01", "Poststelle", 0, "10")], title=["Stand: 17.09.2019"]).offices()
    store.add(one.to_bytes(), "mainz.xlsx")
    store.set_title("Stadt Mainz")
    for day in ("01", "02"):
        two = Book().measures([("0.01", "Poststelle", 0, "10"), ("1.01", "E-Rechnung", 1, "10")],
                              title=[f"Stand: {day}.10.2019"]).offices()
        store.at("trier").add(two.to_bytes(), f"trier-{day}.xlsx")
    return store


def test_each_route_answers_for_the_register_named(county):
    open_ = ApiAccess(open=True)
    status, data = call(county, open_, "/api/v1/summary.json", query={"register": "trier"})
    assert status == 200 and data["stichtag"] == "2019-10-02" and len(data["measures"]) == 2
    status, data = call(county, open_, "/api/v1/summary.json", query={"register": "mainz"})
    assert status == 200 and data["stichtag"] == "2019-09-17" and len(data["measures"]) == 1
    status, data = call(county, open_, "/api/v1/versions.json", query={"register": "trier"})
    assert [(v["register"], v["number"], v["file_name"]) for v in data] == [
        ("trier", 1, "trier-01.xlsx"), ("trier", 2, "trier-02.xlsx")]
    status, body = call(county, open_, "/api/v1/massnahmen.csv", query={"register": "trier"})
    assert status == 200 and body.count(b"\r\n") == 3  # header and two measures
    assert call(county, open_, "/api/v1/ready", query={"register": "mainz"}) == (
        200, {"status": "ready", "register": "mainz", "newest_version": 1})
    assert call(county, open_, "/api/v1/ready") == (
        200, {"status": "ready", "newest_versions": {"mainz": 1, "trier": 2}})
    assert call(county, open_, "/api/v1/registers.json") == (200, [
        {"name": "mainz", "title": "Stadt Mainz", "versions": 1, "newest": 1},
        {"name": "trier", "title": "trier", "versions": 2, "newest": 2}])


def test_several_registers_and_none_named_or_an_unknown_one(county):
    status, data = call(county, ApiAccess(open=True), "/api/v1/summary.json")
    assert (status, data) == (400, {"error": "register_required", "message": "Die Datenbank enthält 2 Register: "
                                    "mainz, trier. Bitte eines mit ?register=NAME angeben."})
    for asked in ("koblenz", "Mainz", "../x"):
        status, data = call(county, ApiAccess(open=True), "/api/v1/versions.json", query={"register": asked})
        assert status == 404 and data["error"] == "unknown_register", asked
        assert data["message"] == f"Ein Register „{asked}“ gibt es nicht. Vorhanden: mainz, trier."


def test_the_only_register_needs_no_name_and_versions_differ_by_register_in_their_etag(county, tmp_path):
    alone = Store(tmp_path / "mainz.db", register="mainz")
    alone.add(county.original(1), "mainz.xlsx")
    status, data = call(alone, ApiAccess(open=True), "/api/v1/summary.json")
    assert status == 200 and data["stichtag"] == "2019-09-17"
    reply = handle(Request("GET", "/api/v1/versions.json", {"register": "mainz"}), ApiAccess(open=True),
                   lambda: county)
    other = handle(Request("GET", "/api/v1/versions.json", {"register": "trier"}), ApiAccess(open=True),
                   lambda: county)
    assert reply.headers["ETag"] == 'W/"versions-mainz-1-' + county.version(1).sha256 + '"'
    assert other.headers["ETag"] != reply.headers["ETag"]


def test_registers_json_is_what_the_cli_prints(county, capsys):
    assert main(["registers", "--json", "--db", county.location]) == 0
    reply = handle(Request("GET", "/api/v1/registers.json"), ApiAccess(open=True), lambda: county)
    assert reply.status == 200 and reply.body == capsys.readouterr().out.encode("utf-8")


MAINZ_TOKEN, BOTH_TOKEN = "m" * 40, "b" * 40
SCOPED = api_access(CITY, {"tokens": [TOKEN], "registers": {"mainz": {"tokens": [MAINZ_TOKEN, BOTH_TOKEN]},
                                                            "trier": {"tokens": [BOTH_TOKEN]}}})


def bearer(token: str) -> dict:
    return {"authorization": f"Bearer {token}"}


def test_a_token_per_register_reads_that_register_only(county):
    assert call(county, SCOPED, "/api/v1/summary.json", bearer(MAINZ_TOKEN), {"register": "mainz"})[0] == 200
    for path in ("/api/v1/summary.json", "/api/v1/massnahmen.csv", "/api/v1/versions.json"):
        status, data = call(county, SCOPED, path, bearer(MAINZ_TOKEN), {"register": "trier"})
        assert (status, data) == (403, {"error": "forbidden_register", "message": "Dieses Token gilt nicht für das "
                                        "Register „trier“, nur für: mainz."}), path
    # a register that does not exist is refused alike: the token learns nothing about other registers
    assert call(county, SCOPED, "/api/v1/versions.json", bearer(MAINZ_TOKEN), {"register": "koblenz"}) == (
        403, {"error": "forbidden_register", "message": "Dieses Token gilt nicht für das Register „koblenz“, "
                                                        "nur für: mainz."})
    # without ?register= the only register it may read is meant, as in a store holding only that one
    status, data = call(county, SCOPED, "/api/v1/summary.json", bearer(MAINZ_TOKEN))
    assert status == 200 and data["stichtag"] == "2019-09-17" and len(data["measures"]) == 1
    assert call(county, SCOPED, "/api/v1/registers.json", bearer(MAINZ_TOKEN)) == (200, [
        {"name": "mainz", "title": "Stadt Mainz", "versions": 1, "newest": 1}])


def test_a_token_listed_for_two_registers_reads_both_and_a_global_token_all(county):
    assert [r["name"] for r in call(county, SCOPED, "/api/v1/registers.json", bearer(BOTH_TOKEN))[1]] == [
        "mainz", "trier"]
    assert call(county, SCOPED, "/api/v1/summary.json", bearer(BOTH_TOKEN))[1]["error"] == "register_required"
    assert call(county, SCOPED, "/api/v1/versions.json", bearer(BOTH_TOKEN), {"register": "trier"})[0] == 200
    assert call(county, SCOPED, "/api/v1/versions.json", bearer(TOKEN), {"register": "trier"})[0] == 200
    assert len(call(county, SCOPED, "/api/v1/registers.json", bearer(TOKEN))[1]) == 2
    assert call(county, SCOPED, "/api/v1/versions.json", bearer("x" * 40), {"register": "mainz"})[0] == 401


def test_what_is_open_to_everyone_stays_open_to_a_token_per_register(county):
    published = api_access(CITY, {"open_data": True, "registers": {"mainz": {"tokens": [MAINZ_TOKEN]}}})
    assert call(county, published, "/api/v1/summary.json", bearer(MAINZ_TOKEN), {"register": "trier"})[0] == 200
    assert call(county, published, "/api/v1/versions.json", bearer(MAINZ_TOKEN), {"register": "trier"})[0] == 403
    assert call(county, published, "/api/v1/ready", bearer(MAINZ_TOKEN), {"register": "trier"}) == (
        200, {"status": "ready", "register": "trier", "newest_version": 2})


def test_a_token_per_register_does_not_read_an_empty_stores_default_register(tmp_path):
    status, data = call(Store(tmp_path / "leer.db"), SCOPED, "/api/v1/versions.json", bearer(MAINZ_TOKEN))
    assert (status, data["error"]) == (403, "forbidden_register")


@pytest.mark.parametrize(("table", "words"), [
    ({"tokens": [TOKEN], "registers": {"mainz": {"tokens": [TOKEN]}}},
     r"Ein Token steht in api.tokens \(alle Register\) und in api.registers \(mainz\)"),
    ({"tokens": [f" {TOKEN}"], "registers": {"mainz": {"tokens": [TOKEN]}, "trier": {"tokens": [TOKEN]}}},
     r"in api.registers \(mainz, trier\)"),
    ({"registers": {"mainz": {"tokens": ["kurz"]}}}, "api.registers.mainz.tokens: 1 Token kürzer als 32 Zeichen"),
    ({"registers": {"mainz": {"tokens": TOKEN}}}, "api.registers.mainz.tokens muss eine Liste"),
    ({"registers": {"Mainz": {"tokens": [TOKEN]}}}, "„Mainz“ ist kein Registername"),
    ({"registers": {"mainz": {"token": [TOKEN]}}}, "api.registers.mainz: erwartet wird nur tokens"),
    ({"registers": ["mainz"]}, "api.registers: erwartet wird je Register eine Tabelle"),
])
def test_unusable_tokens_per_register_are_a_german_error(table, words):
    with pytest.raises(ApiConfigError, match=words):
        api_access(CITY, table)


def test_the_readiness_check_names_registers_only_to_whom_registers_json_would(county):
    """A load balancer needs no token and learns only that the store answers, and how many registers it holds."""
    assert call(county, SCOPED, "/api/v1/ready") == (200, {"status": "ready", "registers": 2})
    assert call(county, SCOPED, "/api/v1/ready", bearer(TOKEN)) == (
        200, {"status": "ready", "newest_versions": {"mainz": 1, "trier": 2}})
    assert call(county, SCOPED, "/api/v1/ready", bearer(MAINZ_TOKEN)) == (
        200, {"status": "ready", "newest_versions": {"mainz": 1}})  # a token for one register learns of no other
    published = api_access(CITY, {"tokens": [TOKEN], "open_data": True})
    assert call(county, published, "/api/v1/ready")[1]["newest_versions"] == {"mainz": 1, "trier": 2}
