"""Both backends for every store test: `location` is a fresh SQLite path or a fresh PostgreSQL database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from lib.storing import postgres
from lib.storing.storage import Store
from tests.postgres import postgres_cluster, postgres_url  # noqa: F401  (fixtures)

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def location(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "versions.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(location) -> Store:
    return Store(location)


def is_postgres(location: str) -> bool:
    return location.startswith("postgresql://")


def query(location: str, sql: str) -> list[tuple]:
    """Rows of one query straight through the backend's driver, beside the store."""
    if is_postgres(location):
        with psycopg.connect(location, autocommit=True) as db:
            cursor = db.execute(sql)
            return cursor.fetchall() if cursor.description else []
    db = sqlite3.connect(location)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def tables(location: str) -> set[str]:
    if is_postgres(location):
        return {name for (name,) in query(location, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    return {name for (name,) in query(location, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def version_columns(location: str) -> list[str]:
    if is_postgres(location):
        return [name for (name,) in query(location, "SELECT column_name FROM information_schema.columns WHERE "
                                                    "table_name = 'versions' ORDER BY ordinal_position")]
    return [row[1] for row in query(location, "PRAGMA table_info(versions)")]


@contextmanager
def write_lock_held(location: str) -> Iterator[None]:
    """Another client holding the store's write lock, the way a slow upload elsewhere would."""
    if is_postgres(location):
        with psycopg.connect(location) as holder:  # not autocommit: the lock lives until the rollback
            holder.execute("SELECT pg_advisory_xact_lock(%s)", (postgres.WRITE_LOCK,))
            yield
            holder.rollback()
        return
    holder = sqlite3.connect(location, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()
