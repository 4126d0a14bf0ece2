"""`python -m lib.cli bericht`: the status report from the version database, called in-process."""

from __future__ import annotations

import io

from docx import Document

from lib.storing.storage import Store
from tests import meeting_data


def test_bericht_writes_the_report_and_refuses_other_targets(cli, tmp_path):
    db = tmp_path / "versions.db"
    store = Store(db)
    store.add(meeting_data.older().to_bytes(), "alt.xlsx")
    store.add(meeting_data.newer().to_bytes(), "neu.xlsx")
    out = tmp_path / "bericht.docx"

    run = cli("bericht", "--out", out, "--db", db, "--seit", "1")
    assert (run.code, run.err) == (0, "")
    assert run.out == f"Sachstandsbericht geschrieben nach {out} (Stand 01.07.2019 · Stichtag 01.07.2019).\n"
    headings = [p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Stand je Priorität", "Änderungen seit Version 1 (01.03.2019)"]

    run = cli("bericht", "--out", tmp_path / "bericht.pdf", "--db", db)
    assert (run.code, run.err) == (2, f"Fehler: „{tmp_path / 'bericht.pdf'}“: die Zieldatei muss auf .docx enden.\n")
    run = cli("bericht", "--out", out, "--db", tmp_path / "leer.db")
    assert (run.code, run.err) == (2, "Fehler: Es ist noch keine Version gespeichert.\n")
