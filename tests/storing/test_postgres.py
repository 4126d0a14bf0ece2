"""What only the PostgreSQL backend has: a server that cannot be reached, logins, its migrations, and a
location of an unknown kind, which never becomes a local file."""

from __future__ import annotations

import psycopg
import pytest

from lib.storing import postgres
from lib.storing.postgres import PG_MIGRATIONS, PostgresStore
from lib.storing.storage import MIGRATIONS, Fault, Store, StoreError
from tests.postgres import free_port
from tests.storing.conftest import query, tables
from tests.storing.test_storage import register


def test_migrations_are_numbered_alike_in_both_backends():
    # A new schema step is one more entry in each list; "Schema 4" must mean the same tables in both.
    assert len(PG_MIGRATIONS) == len(MIGRATIONS) == postgres.SCHEMA_VERSION


def test_new_database_is_set_up_once(postgres_url):
    store = Store(postgres_url)
    assert isinstance(store, PostgresStore) and not store.read_only
    assert store.schema_version() == 4 and query(postgres_url, "SELECT version FROM schema_version") == [(4,)]
    assert Store(postgres_url).schema_version() == 4  # reopening migrates nothing
    assert store.location == postgres_url and store.integrity_check() == "ok"


def test_integrity_check_finds_bytes_that_do_not_match(postgres_url):
    store = Store(postgres_url)
    store.add(register(), "a.xlsx")
    store.restore(1)
    query(postgres_url, "UPDATE blobs SET data = data || '\\x00'::bytea")
    assert store.integrity_check() == "Versionen ohne passende Datei: 1, 2"


@pytest.mark.parametrize("location", [
    "postgresql://cockpit:geheim@127.0.0.1:{port}/cockpit",
    "postgres://cockpit:geheim@127.0.0.1:{port}/cockpit?sslmode=disable",
])
def test_unreachable_server_names_host_and_port_never_the_password(location):
    port = free_port()  # nothing listens there
    with pytest.raises(StoreError) as raised:
        Store(location.format(port=port))
    message = raised.value.message
    assert raised.value.fault is Fault.UNREACHABLE
    assert f"PostgreSQL-Server 127.0.0.1:{port}" in message and "„cockpit“ nicht erreichbar" in message
    assert "läuft der Server" in message and "geheim" not in message


def test_missing_database_and_unknown_login_are_said_so(postgres_cluster):
    with pytest.raises(StoreError, match="gibt es die Datenbank „fehlt“ nicht") as raised:
        Store(postgres_cluster.url("fehlt"))
    assert raised.value.fault is Fault.UNREACHABLE
    nobody = postgres_cluster.url("postgres").replace("postgres@", "niemand:geheim@", 1)
    with pytest.raises(StoreError, match="Anmeldung wurde abgelehnt") as raised:
        Store(nobody)
    assert "geheim" not in raised.value.message


@pytest.mark.parametrize(("location", "fault", "words"), [
    ("mysql://cockpit:geheim@db.stadt.example/cockpit", Fault.UNKNOWN_KIND,
     ("„mysql://cockpit:***@db.stadt.example/cockpit“", "keine Datenbank, die das Maßnahmen-Cockpit kennt")),
    ("sqlite:///var/massnahmen.db", Fault.UNKNOWN_KIND, ("„sqlite:“", "Dateipfad")),
    ("postgresql:massnahmen.db", Fault.CANNOT_OPEN, ("keine gültige PostgreSQL-Adresse",)),
])
def test_a_location_of_unknown_kind_never_becomes_a_local_file(tmp_path, monkeypatch, location, fault, words):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError) as raised:
        Store(location)
    assert raised.value.fault is fault and all(w in raised.value.message for w in words)
    assert "geheim" not in raised.value.message
    assert list(tmp_path.iterdir()) == []


def test_newer_schema_is_refused(postgres_url):
    Store(postgres_url)
    query(postgres_url, "UPDATE schema_version SET version = 5")
    with pytest.raises(StoreError, match="neueren Programmversion") as raised:
        Store(postgres_url)
    assert raised.value.fault is Fault.SCHEMA and "auf 127.0.0.1:" in raised.value.message


def test_a_failing_migration_leaves_the_database_as_it_was(postgres_url):
    query(postgres_url, "CREATE TABLE versions (fremd text)")  # someone else's table of that name
    with pytest.raises(StoreError, match="nicht nutzbar"):
        Store(postgres_url)
    assert tables(postgres_url) == {"versions"}  # no blobs, no schema_version: one transaction


def test_a_login_that_may_only_read_gives_a_read_only_store(postgres_url):
    Store(postgres_url).add(register(), "a.xlsx")
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("DROP ROLE IF EXISTS leser")
        db.execute("CREATE ROLE leser LOGIN")
        db.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO leser")
    reader = Store(postgres_url.replace("postgres@", "leser@", 1))
    try:
        assert reader.read_only and [v.file_name for v in reader.versions()] == ["a.xlsx"]
        with pytest.raises(StoreError, match="schreibgeschützt") as raised:
            reader.add(register("Neu"), "b.xlsx")
        assert raised.value.fault is Fault.READ_ONLY and "Schreibrechte auf die Tabellen" in raised.value.message
        # Told it may write, the server refuses the insert: the same German error, nothing stored.
        with pytest.raises(StoreError, match="schreibgeschützt") as raised:
            Store(postgres_url.replace("postgres@", "leser@", 1), read_only=False).add(register("Neu"), "b.xlsx")
        assert raised.value.fault is Fault.READ_ONLY and reader.newest_number() == 1
    finally:
        postgres.close_pools()
        with psycopg.connect(postgres_url, autocommit=True) as db:
            db.execute("DROP OWNED BY leser")
            db.execute("DROP ROLE leser")
