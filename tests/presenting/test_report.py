"""The Sachstandsbericht parsed back with python-docx, for two versions written here (tests/meeting_data.py)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from lib.deriving.status import derive
from lib.presenting.report import build_report, report_from_store
from lib.presenting.report_docx import to_docx
from lib.storing.storage import Store, StoreError
from tests import meeting_data
from tests.builders import Book, load


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "versions.db")
    store.add(meeting_data.older().to_bytes(), "alt.xlsx")
    store.add(meeting_data.newer().to_bytes(), "neu.xlsx")
    return store


def parsed(data: bytes) -> tuple[Document, dict[str, list[list[list[str]]]]]:
    """The document, and the text of each table under the level-1 heading it follows."""
    document = Document(io.BytesIO(data))
    tables: dict[str, list[list[list[str]]]] = {}
    heading = ""
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p") and element.pPr is not None and element.pPr.pStyle is not None \
                and element.pPr.pStyle.val == "Heading1":
            heading = "".join(t.text for t in element.iter(qn("w:t")))
        elif element.tag == qn("w:tbl"):
            rows = [["".join(t.text for t in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                    for row in element.iter(qn("w:tr"))]
            tables.setdefault(heading, []).append(rows)
    return document, tables


def first_column(table: list[list[str]]) -> list[str]:
    return [row[0] for row in table[1:]]


def column(table: list[list[str]], name: str) -> list[str]:
    at = table[0].index(name)
    return [row[at] for row in table[1:]]


def test_report_names_the_changes_overdue_next_due_and_unplanned_measures(store):
    document, tables = parsed(to_docx(report_from_store(store)))
    [changes] = tables["Änderungen seit Version 1 (01.03.2019)"]
    assert column(changes, "Nr") == meeting_data.CHANGED
    assert column(changes, "Änderung") == ["neu", "entfernt", "Status geändert", "Frist geändert",
                                           "Federführung geändert"]
    assert changes[4][1:2] + changes[4][4:] == ["2.01", "01.08.2019", "15.09.2019"]
    assert column(tables["Überfällig (2)"][0], "Nr") == meeting_data.OVERDUE
    assert column(tables["Überfällig (2)"][0], "Tage überfällig") == ["61", "1"]
    assert column(tables["Als Nächstes fällig"][0], "Nr") == meeting_data.NEXT_DUE
    assert column(tables["Ohne Umsetzungsplan (2)"][0], "Nr") == meeting_data.UNPLANNED
    [priorities] = tables["Stand je Priorität"]
    assert priorities[1:] == [["0", "2", "1", "1", "0", "0"], ["1", "3", "0", "1", "2", "2"],
                              ["2", "1", "0", "0", "1", "0"], ["3", "1", "0", "0", "1", "0"],
                              ["4", "1", "0", "0", "1", "0"], ["5", "0", "0", "0", "0", "0"]]
    texts = [p.text for p in document.paragraphs]
    assert "Stand 01.07.2019 · Stichtag 01.07.2019" in texts[2]
    assert "Seit 01.03.2019: 1 Maßnahme abgeschlossen, 1 neu, 1 entfernt, 1 Frist geändert, 1 Federführung geändert." \
        in texts


def test_the_chart_is_an_embedded_png_named_by_its_finding(store):
    document, _ = parsed(to_docx(report_from_store(store)))
    pictures = [p for p in document.part.package.parts if p.content_type == "image/png"]
    assert len(pictures) == 1 and len(pictures[0].blob) > 1000
    assert pictures[0].blob.startswith(b"\x89PNG\r\n\x1a\n")
    [shape] = document.inline_shapes
    assert shape._inline.docPr.get("descr") == \
        "Stufenplan (Priorität 0–2): 1 von 6 Maßnahmen vollständig umgesetzt (17 %) – Stichtag 01.07.2019."


def test_an_older_version_and_another_stichtag(store):
    document, tables = parsed(to_docx(report_from_store(store, version=1)))
    texts = [p.text for p in document.paragraphs]
    assert "Es gibt keine frühere Version zum Vergleichen." in texts
    assert "Zum Stichtag 01.03.2019 ist keine Maßnahme überfällig." in texts
    assert "Änderungen" not in tables and "Überfällig (0)" not in tables
    _, tables = parsed(to_docx(report_from_store(store, version=2, since=1, stichtag=dt.date(2019, 12, 31))))
    assert column(tables["Änderungen seit Version 1 (01.03.2019)"][0], "Nr") == meeting_data.CHANGED
    [overdue] = tables["Überfällig (4)"]  # 0.02 is due on 31.12.2019 itself: not overdue yet
    assert list(zip(column(overdue, "Nr"), column(overdue, "Tage überfällig"), strict=True)) == [
        ("1.01", "244"), ("1.03", "184"), ("2.01", "107"), ("1.02", "93")]


@pytest.mark.parametrize(("version", "since", "message"), [
    (3, None, "Eine Version 3 gibt es nicht."),
    (2, 2, "Version 2 ist nicht älter als Version 2."),
    (2, 9, "Eine Version 9 gibt es nicht."),
])
def test_unusable_version_numbers_are_named(store, version, since, message):
    with pytest.raises(StoreError) as caught:
        report_from_store(store, version, since)
    assert caught.value.message == message


def test_register_text_stays_text(tmp_path):
    title = '<b>fett</b> **Stern** [Link](http://x) =SUMME(A1)'
    book = Book().measures([("3.01", title, 3, "10")], header=("Nr", "Maßnahme", "Priorität", "Federführung"))
    register = load(book.offices(), tmp_path).register
    stichtag = dt.date(2020, 1, 1)
    data = to_docx(build_report(register, derive(register, stichtag), stichtag, None, "register.xlsx"))
    _, tables = parsed(data)
    assert tables["Ohne Umsetzungsplan (1)"][0][1] == ["3.01", title, "3"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "fldSimple" not in body and "instrText" not in body and "hyperlink" not in body  # no field, no link

