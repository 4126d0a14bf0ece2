"""A secrets file with a syntax error fails closed: the app shows a German error with file and line and no
page, the API answers 503 JSON. Streamlit alone would take the file for a missing one and run in open mode."""

from __future__ import annotations

import json

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from lib.api import Request
from lib.secrets_check import unreadable_secrets
from tests.app.conftest import ROOT

BROKEN = '[access]\nmode = "local"\n[access.users.leitung]\nrole = "Bearbeiten\npassword_hash = "x"\n'


@pytest.fixture
def broken_secrets(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text(BROKEN, encoding="utf-8")
    before = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(path)])
    try:
        yield path
    finally:
        config.set_option("secrets.files", before)


def test_the_dashboard_shows_only_the_german_error(broken_secrets):
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    # line 4 is `role = "Bearbeiten` (18 characters): the string runs into the line's end, character 19
    assert [e.value for e in app.error] == [
        f"Die Einstellungen können nicht gelesen werden, deshalb zeigt das Cockpit nichts an. Datei "
        f"„{broken_secrets}“: Zeile 4, Spalte 19 ist kein gültiges TOML (etwa ein fehlendes "
        "Anführungszeichen, „=“ oder „]“). Bitte die Datei korrigieren."]
    assert not app.metric and not app.dataframe and not app.sidebar.caption  # no open mode, no page
    assert [t.value for t in app.main.title] == ["Maßnahmen-Cockpit"]
    errors = [e.value for e in app.error]
    app.switch_page("pages/hochladen.py")  # the editors' page: the same error, no uploader
    app.run()
    assert [e.value for e in app.error] == errors and not app.get("file_uploader") and not app.exception


def test_the_api_answers_503_json(broken_secrets):
    import app as served  # the st.App of `streamlit run app.py`; importing it starts no server

    reply = served._answer(Request("GET", "/api/v1/summary.json"))
    body = json.loads(reply.body)
    assert (reply.status, reply.headers["Content-Type"], body["error"]) == (
        503, "application/json; charset=utf-8", "configuration")
    assert body["message"].startswith("Die Einstellungen können nicht gelesen werden") and "Zeile 4" in body["message"]


@pytest.mark.parametrize(("content", "expected"), [
    ('[access]\nmode = "local"\n', None),
    ("a = 1\nb = \n", "Zeile 2, Spalte 5 ist kein gültiges TOML"),
    ("[access\n", "Zeile 1, Spalte 8 ist kein gültiges TOML"),
    (b"a = \"\xff\"\n", "nicht als UTF-8 gespeichert"),
])
def test_unreadable_secrets(tmp_path, content, expected):
    path = tmp_path / "secrets.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    found = unreadable_secrets([str(tmp_path / "fehlt.toml"), str(path)])
    assert (found is None) if expected is None else (expected in found and str(path) in found), found
