"""Uploading an OpenDocument spreadsheet (.ods) written by LibreOffice: stored byte for byte, shown like an .xlsx."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lib.storing.storage import Store
from tests.app.conftest import open_page, texts

ODS = Path(__file__).parents[1] / "fixtures" / "ods_register.ods"
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def test_an_ods_upload_becomes_the_shown_version_with_its_bytes_kept(own_version_database):
    data = ODS.read_bytes()
    app = open_page("hochladen")
    assert [b.label for b in app.get("download_button")][-2:] == [
        "Leere Vorlage herunterladen (.xlsx)", "Leere Vorlage herunterladen (.ods)"]
    app.file_uploader(key="upload").set_value(("register.ods", data, ODS_MIME))
    app.run()
    app.button(key="upload_save").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.success[0].value.startswith("Gespeichert als Version 1 (5 Maßnahmen)")
    [version] = Store(own_version_database).versions()
    assert version.file_name == "register.ods"
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    app.switch_page("pages/uebersicht.py")
    app.run()
    # Stand 17.09.2019 from the title line; priority 0: 0.01 complete of 0.01 and 0.02 (see tests/reading/test_ods.py).
    assert "Stichtag 17.09.2019" in texts(app)
    assert {m.label: m.value for m in app.metric}["Priorität 0"] == "1 / 2"
