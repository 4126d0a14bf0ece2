"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a temp dir, a free loopback port.

One cluster per test session (each pytest-xdist worker is a session of its own), started on first use
and stopped at the end; each test gets a database of its own, dropped after it. As root the server runs
as the `postgres` user, since PostgreSQL refuses to run as root (CI runs as root).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from lib.storing import postgres

# fsync off: these tests kill clients, never the server, so durability against power loss is not what they prove.
SERVER_OPTIONS = ("-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                  " -c max_connections=300")


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError("PostgreSQL fehlt: `make test` installiert es (apt-get install postgresql).")
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.bin = _binaries()
        self.dir = Path(tempfile.mkdtemp(prefix="cockpit-pg-", dir="/tmp"))  # not below /root: postgres enters it
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            os.chown(self.dir, pwd.getpwnam("postgres").pw_uid, -1)
        self._run("initdb", "-D", self.dir / "data", "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        for attempt in range(3):  # another process may take the port between probing and listening
            self.port = free_port()
            try:
                self._run("pg_ctl", "-D", self.dir / "data", "-l", self.dir / "server.log", "-w", "start",
                          "-o", f"-p {self.port} -k {self.dir} {SERVER_OPTIONS}")
                break
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise
        self.admin = psycopg.connect(self.url("postgres"), autocommit=True)
        self._names = itertools.count(1)

    def _run(self, tool: str, *args) -> None:
        subprocess.run([*self.as_postgres, self.bin / tool, *map(str, args)], check=True, capture_output=True,
                       timeout=120)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        name = f"test_{next(self._names)}"
        self.admin.execute(f"CREATE DATABASE {name}")
        return name

    def drop(self, name: str) -> None:
        self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        self.admin.close()
        self._run("pg_ctl", "-D", self.dir / "data", "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    try:
        yield cluster
    finally:
        postgres.close_pools()
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster) -> Iterator[str]:
    """A URL of an empty database of its own on the session's cluster."""
    name = postgres_cluster.new_database()
    yield postgres_cluster.url(name)
    postgres.close_pools()
    postgres_cluster.drop(name)
