"""Several instances on one store: a version another process adds (the CLI here, another app instance in
production) shows on this session's next run, on SQLite and on PostgreSQL; a session looking at an
older version on purpose stays there."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lib.storing.storage import Store
from tests.app.conftest import ROOT, open_page
from tests.app.test_hochladen import register, shown
from tests.postgres import postgres_cluster, postgres_url  # noqa: F401  (fixtures)


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_location(request, own_version_database, monkeypatch) -> str:
    if request.param == "sqlite":
        return str(own_version_database)
    url = request.getfixturevalue("postgres_url")
    monkeypatch.setenv("MASSNAHMEN_DB", url)
    return url


def _import_elsewhere(location: str, path) -> None:
    """`python -m lib.cli import` in a process of its own, as a second instance or an operator would."""
    done = subprocess.run([sys.executable, "-m", "lib.cli", "import", str(path), "--db", location], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert done.returncode == 0, done.stderr


def test_a_version_added_elsewhere_shows_on_the_next_run(shared_location, tmp_path):
    store = Store(shared_location)
    store.add(register(("x", "offen"), "03.09.2019"), "september.xlsx")
    app = open_page("uebersicht")
    assert shown(app).version == 1
    october = tmp_path / "oktober.xlsx"
    october.write_bytes(register(("x", "x"), "01.10.2019"))
    _import_elsewhere(shared_location, october)

    app.run()
    assert (shown(app).version, shown(app).file_name) == (2, "oktober.xlsx")
    assert app.selectbox(key="version").options == [v.label for v in reversed(store.versions())]

    # Looking at version 1 on purpose: a third version elsewhere does not take the view away.
    app.selectbox(key="version").select(store.version(1).label)
    app.run()
    assert shown(app).version == 1
    november = tmp_path / "november.xlsx"
    november.write_bytes(register(("offen", "x"), "05.11.2019"))
    _import_elsewhere(shared_location, november)
    app.run()
    assert shown(app).version == 1
    assert "Ältere Version – aktuell ist Version 3." in [i.value for i in app.sidebar.info]
