"""The HTTP API beside the dashboard, against a real `streamlit run app.py`: the same bytes as the CLI,
JSON errors with their status codes, tokens when accounts are configured, ETag and 304, readiness."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from lib.access import hash_password
from lib.cli import main
from lib.storing.storage import Store
from tests.builders import Book
from tests.e2e.conftest import streamlit_server

TOKEN = "t" * 20 + "-harvester-0123456789"  # 41 characters
READER_HASH = hash_password("lesen-geheim")


@dataclass(frozen=True)
class Got:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self):
        assert self.headers["content-type"] == "application/json; charset=utf-8"
        return json.loads(self.body)


def get(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Got:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Got(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as failed:
        return Got(failed.code, {k.lower(): v for k, v in failed.headers.items()}, failed.read())


def register_file(folder: Path) -> Path:
    """Two measures, Stand 17.09.2019, default deadline 31.12.2019: 0.01 (priority 0) done in office 10 and
    open in 12, so partial; 1.01 (priority 1) without rollout or Umgesetzt am, so not started."""
    return (Book().measures([("0.01", "Virtuelle Poststelle", 0, "10"), ("1.01", "E-Rechnung", 1, "12")],
                            title=["Stand: 17.09.2019"])
            .offices().matrix(["10", "12"], [("0.01", "x", "offen")]).save(folder / "register.xlsx"))


def secrets_file(folder: Path, open_data: bool) -> Path:
    path = folder / "secrets.toml"
    path.write_text(f'[access]\nmode = "local"\n[access.users.rat]\nrole = "Lesen"\npassword_hash = "{READER_HASH}"\n'
                    f'[api]\ntokens = ["{TOKEN}"]\nopen_data = {str(open_data).lower()}\n', encoding="utf-8")
    return path


def served(tmp_path_factory, name: str, secrets_open_data: bool | None = None):
    """A server whose store holds the register of `register_file` as version 1."""
    workdir = tmp_path_factory.mktemp(name)
    Store(workdir / "versions.db").add(register_file(workdir).read_bytes(), "register.xlsx")
    secrets = None if secrets_open_data is None else secrets_file(workdir, secrets_open_data)
    return streamlit_server(workdir, secrets=secrets)


@pytest.fixture(scope="module")
def open_app(tmp_path_factory):
    """Local mode: no accounts, the API is open like the app."""
    with served(tmp_path_factory, "api-open") as server:
        yield server


@pytest.fixture(scope="module")
def city_app(tmp_path_factory):
    """Accounts configured, a token for automation, no open data."""
    with served(tmp_path_factory, "api-city", secrets_open_data=False) as server:
        yield server


def cli_stdout(capsys, *args) -> bytes:
    capsys.readouterr()
    assert main([str(a) for a in args]) == 0
    return capsys.readouterr().out.encode("utf-8")


@pytest.mark.parametrize("stichtag", [None, "2020-01-15"])
def test_summary_is_what_the_cli_prints(open_app, capsys, stichtag):
    query = f"?stichtag={stichtag}" if stichtag else ""
    got = get(f"{open_app.url}/api/v1/summary.json{query}")
    assert got.status == 200
    expected = cli_stdout(capsys, "summary", open_app.db.parent / "register.xlsx", "--json", *(["--stichtag", stichtag] if stichtag else []))
    assert got.body == expected
    data = got.json()
    # Worked out by hand from register_file: overdue only after 31.12.2019.
    overdue = 1 if stichtag else 0
    assert data["stichtag"] == (stichtag or "2019-09-17")
    counts = {p["priority"]: (p["total"], p["complete"], p["partial"], p["not_started"], p["overdue"])
              for p in data["priorities"]}
    assert counts[0] == (1, 0, 1, 0, overdue) and counts[1] == (1, 0, 0, 1, overdue)


def test_csv_is_the_export(open_app, tmp_path, capsys):
    got = get(f"{open_app.url}/api/v1/massnahmen.csv")
    assert got.status == 200 and got.headers["content-type"] == "text/csv; charset=utf-8"
    out = tmp_path / "export.csv"
    cli_stdout(capsys, "export", open_app.db.parent / "register.xlsx", "--out", out)
    assert got.body == out.read_bytes()
    assert got.body.startswith("\ufeffNr;Maßnahme;".encode())
    assert got.body.count(b"\r\n") == 3  # header and two measures


def test_versions_are_the_version_list(open_app, capsys):
    got = get(f"{open_app.url}/api/v1/versions.json")
    assert got.status == 200
    assert got.body == cli_stdout(capsys, "versions", "--json", "--db", open_app.db)
    assert [(v["number"], v["file_name"], v["stand"], v["measures"]) for v in got.json()] == [
        (1, "register.xlsx", "2019-09-17", 2)]


def test_etag_gives_304_until_the_stichtag_changes(open_app):
    sha = Store(open_app.db).latest().sha256
    first = get(f"{open_app.url}/api/v1/summary.json")
    assert first.headers["etag"] == f'W/"{sha}-2019-09-17"'
    again = get(f"{open_app.url}/api/v1/summary.json", {"If-None-Match": first.headers["etag"]})
    assert (again.status, again.body, again.headers["etag"]) == (304, b"", first.headers["etag"])
    csv = get(f"{open_app.url}/api/v1/massnahmen.csv", {"If-None-Match": f'"{sha}-2019-09-17"'})
    assert csv.status == 304
    other_day = get(f"{open_app.url}/api/v1/summary.json?stichtag=2020-01-15", {"If-None-Match": first.headers["etag"]})
    assert other_day.status == 200 and other_day.headers["etag"] == f'W/"{sha}-2020-01-15"'


@pytest.mark.parametrize(("path", "status", "code", "words"), [
    ("/api/v1/nichts.json", 404, "not_found", "gibt es nichts"),
    ("/api/v2/summary.json", 404, "not_found", "gibt es nichts"),
    ("/api", 404, "not_found", "gibt es nichts"),
    ("/api/v1/summary.json?stichtag=31.12.2019", 400, "bad_stichtag", "JJJJ-MM-TT"),
    ("/api/v1/massnahmen.csv?stichtag=2019-02-30", 400, "bad_stichtag", "„2019-02-30“ ist kein Stichtag"),
])
def test_errors_are_json_with_their_status(open_app, path, status, code, words):
    got = get(open_app.url + path)
    assert got.status == status
    data = got.json()
    assert data["error"] == code and words in data["message"]


def test_other_methods_are_refused_as_json(open_app):
    got = get(f"{open_app.url}/api/v1/summary.json", method="DELETE")
    assert got.status == 405 and got.headers["allow"] == "GET, HEAD" and got.json()["error"] == "method_not_allowed"


def test_ready_names_the_newest_version(open_app):
    got = get(f"{open_app.url}/api/v1/ready")
    assert got.status == 200 and got.json() == {"status": "ready", "newest_version": 1}


@pytest.fixture(scope="module")
def garbage_app(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("api-garbage")
    (workdir / "versions.db").write_bytes(b"kein SQLite " * 500)
    with streamlit_server(workdir) as server:
        yield server


@pytest.mark.parametrize("path", ["/api/v1/summary.json", "/api/v1/massnahmen.csv", "/api/v1/versions.json",
                                  "/api/v1/ready"])
def test_an_unreadable_store_is_503_with_a_german_reason(garbage_app, path):
    got = get(garbage_app.url + path)
    assert got.status == 503
    data = got.json()
    assert data["error"] == "store_unavailable" and data["fault"] == "not_a_database"
    assert data["message"].startswith("Die Versionen der Stadt können gerade nicht gelesen werden.")
    assert "versions.db“ ist nicht nutzbar" in data["message"]  # local mode: the operator may see where
    assert b"Traceback" not in got.body


@pytest.mark.parametrize("path", ["/api/v1/summary.json", "/api/v1/massnahmen.csv", "/api/v1/versions.json"])
def test_with_accounts_the_api_needs_a_token(city_app, path):
    for headers in ({}, {"Authorization": "Bearer " + TOKEN[:-1] + "x"}, {"Authorization": TOKEN}):
        refused = get(city_app.url + path, headers)
        assert refused.status == 401 and refused.json()["error"] == "unauthorized"
        assert refused.headers["www-authenticate"].startswith("Bearer")
    allowed = get(city_app.url + path, {"Authorization": f"Bearer {TOKEN}"})
    assert allowed.status == 200 and allowed.headers["vary"].startswith("Authorization")


def test_with_accounts_readiness_needs_no_token(city_app):
    assert get(f"{city_app.url}/api/v1/ready").json() == {"status": "ready", "newest_version": 1}


def test_open_data_opens_summary_and_csv_only(tmp_path_factory):
    with served(tmp_path_factory, "api-open-data", secrets_open_data=True) as server:
        assert get(f"{server.url}/api/v1/summary.json").status == 200
        assert get(f"{server.url}/api/v1/massnahmen.csv").status == 200
        assert get(f"{server.url}/api/v1/versions.json").status == 401  # uploaders' names are not open data


MAINZ_TOKEN = "m" * 20 + "-nur-mainz-0123456789a"  # 41 characters


def test_a_token_per_register_reads_only_its_register(tmp_path_factory):
    """Two registers; a token of [api.registers.mainz] reads mainz, is refused trier (403) and sees only mainz
    in registers.json, while the global token still reads both."""
    workdir = tmp_path_factory.mktemp("api-scoped")
    store = Store(workdir / "versions.db", register="mainz")
    data = register_file(workdir).read_bytes()
    store.add(data, "mainz.xlsx")
    store.at("trier").add(data, "trier.xlsx")
    secrets = secrets_file(workdir, open_data=False)
    secrets.write_text(secrets.read_text(encoding="utf-8") + f'[api.registers.mainz]\ntokens = ["{MAINZ_TOKEN}"]\n',
                       encoding="utf-8")
    scoped = {"Authorization": f"Bearer {MAINZ_TOKEN}"}
    with streamlit_server(workdir, secrets=secrets) as server:
        assert get(f"{server.url}/api/v1/versions.json?register=mainz", scoped).status == 200
        refused = get(f"{server.url}/api/v1/versions.json?register=trier", scoped)
        assert refused.status == 403 and refused.json() == {
            "error": "forbidden_register", "message": "Dieses Token gilt nicht für das Register „trier“, nur für: mainz."}
        assert [r["name"] for r in get(f"{server.url}/api/v1/registers.json", scoped).json()] == ["mainz"]
        everything = get(f"{server.url}/api/v1/registers.json", {"Authorization": f"Bearer {TOKEN}"})
        assert [r["name"] for r in everything.json()] == ["mainz", "trier"]
