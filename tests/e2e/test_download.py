"""Downloads: the Daten page's filtered rows as .xlsx and ;-separated UTF-8 CSV with BOM; the answer as Word and Markdown."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from urllib.parse import urlencode

import openpyxl
import pytest
from docx import Document
from playwright.sync_api import Page, expect

from lib.presenting.answer import build_answer, load_inquiry, to_markdown
from lib.presenting.answer_docx import to_docx
from tests.e2e.conftest import open_app, page_caption, sample_register
from tests.e2e.eight_measures import PARTIAL_1_2, TOTAL

STICHTAG = dt.date(2019, 12, 31)
PRIORITIES = ("1", "2")
STATUS = "teilweise umgesetzt"


@pytest.fixture
def daten_page(page: Page, register_app: str) -> Page:
    """Daten of `tests.e2e.eight_measures` filtered to priorities 1–2, partial: 1.02 and 2.01 of 8."""
    query = urlencode([("stichtag", STICHTAG.isoformat()), *(("prio", p) for p in PRIORITIES), ("status", STATUS)])
    open_app(page, f"{register_app}/daten?{query}")
    return page


def download(page: Page, label: str, tmp_path) -> tuple[str, bytes]:
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=label).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert info.value.failure() is None
    return info.value.suggested_filename, target.read_bytes()


def test_xlsx_download_has_exactly_the_filtered_rows(daten_page: Page, tmp_path):
    ids = PARTIAL_1_2
    expect(page_caption(daten_page)).to_contain_text(f"{len(ids)} von {TOTAL} Maßnahmen (gefiltert)")
    name, data = download(daten_page, "Tabelle als Excel (.xlsx)", tmp_path)
    assert name.endswith(".xlsx") and STICHTAG.isoformat() in name

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    assert sheet.title == "Maßnahmen"
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert "Nr" in header and "Maßnahme" in header
    nr = header.index("Nr")
    assert [row[nr] for row in rows[1:] if any(v is not None for v in row)] == ids


def test_csv_download_is_semicolon_utf8_with_bom_and_same_rows(daten_page: Page, tmp_path):
    ids = PARTIAL_1_2
    name, data = download(daten_page, "Tabelle als CSV (.csv)", tmp_path)
    assert name.endswith(".csv")
    assert data.startswith(codecs.BOM_UTF8)
    text = data.decode("utf-8-sig")
    assert "Maßnahme" in text  # really UTF-8, umlauts intact
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = records[0]
    assert len(header) > 5 and "Nr" in header, header  # a comma-separated file would give one column
    nr = header.index("Nr")
    assert [r[nr] for r in records[1:] if r] == ids


def test_answer_downloads_are_the_cores_answer(page: Page, app_url: str, tmp_path):
    """The Word file is built only on the click (deferred); both files hold the answer the core builds."""
    register = sample_register()
    notice = "Beispieldaten (fiktiv): diese Antwort ist nur ein Muster, kein echter Umsetzungsstand."
    answer = build_answer(register, STICHTAG, load_inquiry(), notice)
    open_app(page, f"{app_url}/antwort?{urlencode([('stichtag', STICHTAG.isoformat())])}")

    name, data = download(page, "Word (.docx) herunterladen", tmp_path)
    assert name == "antwort-1384-2019-stichtag-2019-12-31.docx"

    def paragraphs(docx: bytes) -> list[tuple[str, str]]:
        return [(p.style.name, p.text) for p in Document(io.BytesIO(docx)).paragraphs]

    assert paragraphs(data) == paragraphs(to_docx(answer))
    name, data = download(page, "Markdown (.md) herunterladen", tmp_path)
    assert name.endswith(".md") and data.decode("utf-8") == to_markdown(answer)
