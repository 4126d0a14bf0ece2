"""OpenDocument spreadsheets (.ods): the same register as .xlsx gives the same summary, findings and guards.

The .ods files are committed fixtures written by LibreOffice (tests/fixtures/README.md says how), so
LibreOffice is not needed to run this. Hostile packages are built here from those files.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import zipfile
from pathlib import Path

import pytest

from lib.cli import main
from lib.presenting.template import build_template
from lib.reading.problems import Code, UnreadableWorkbook
from lib.reading.register import read_register
from lib.reading.workbook import Format, check_workbook, open_workbook
from lib.storing.storage import Store
from tests.builders import ODS_ENTRIES, zip_bomb

FIXTURES = Path(__file__).parents[1] / "fixtures"
PAIRS = ["ods_register", "ods_errors", "libreoffice_1904", "libreoffice_errors_1904"]
ODS = FIXTURES / "ods_register.ods"


@pytest.fixture
def cli(capsys):
    """Call `main(argv)` in this process; returns (exit code, standard output)."""

    def run(*args) -> tuple[int, str]:
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        return code, captured.out

    return run


def findings(data: bytes) -> list[tuple]:
    result = read_register(data, "register")
    return [(p.severity.value, p.code.value, p.sheet, p.row, p.column, p.value, p.message)
            for p in (*result.errors, *result.warnings)]


def repack(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """The package with some members' contents replaced (mimetype stays first and stored) and others added."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, replace.get(entry.filename, source.read(entry)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def content_with(cells: str, prolog: str = "") -> bytes:
    """A content.xml of one sheet ›Maßnahmen‹ holding the given row and cell XML."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0">'
            '<office:body><office:spreadsheet><table:table table:name="Maßnahmen">'
            f"{cells}</table:table></office:spreadsheet></office:body></office:document-content>").encode()


# --------------------------------------------------------------------------- the same register in both formats

def test_a_register_saved_by_libreoffice_as_ods_gives_the_same_summary_as_its_xlsx(cli):
    code, ods = cli("summary", ODS, "--json")
    assert code == 0
    assert cli("summary", FIXTURES / "ods_register.xlsx", "--json") == (0, ods)
    # Worked out by hand from tests/fixtures/make_ods_fixtures.py, Stand 17.09.2019: 0.01 complete;
    # 0.02 partial (12 offen) and overdue (30.06.2019); 1.01 and 1.10 partial; 4.01 partial by its Status.
    data = json.loads(ods)
    assert data["stichtag"] == "2019-09-17"
    assert [(p["priority"], p["total"], p["complete"], p["partial"], p["not_started"], p["overdue"])
            for p in data["priorities"] if p["total"]] == [(0, 2, 1, 1, 0, 1), (1, 2, 0, 2, 0, 0), (4, 1, 0, 1, 0, 0)]
    assert [(m["id"], m["status"], m["missing_departments"], m["deadline"]) for m in data["measures"]] == [
        ("0.01", "complete", [], "2019-12-31"),
        ("0.02", "partial", ["12"], "2019-06-30"),
        ("1.01", "partial", ["10"], "2020-06-30"),
        ("1.10", "partial", ["10", "12"], "2019-12-31"),
        ("4.01", "partial", [], None),
    ]


@pytest.mark.parametrize("name", PAIRS)
def test_both_formats_give_the_same_findings_and_tables(name):
    xlsx, ods = (read_register((FIXTURES / f"{name}.{kind}").read_bytes()) for kind in ("xlsx", "ods"))
    assert findings((FIXTURES / f"{name}.ods").read_bytes()) == findings((FIXTURES / f"{name}.xlsx").read_bytes())
    assert xlsx.ok == ods.ok
    if xlsx.ok:
        assert ods.register.measures.equals(xlsx.register.measures)
        assert ods.register.rollout.equals(xlsx.register.rollout)
        assert ods.register.stand == xlsx.register.stand


def test_libreoffice_error_cells_in_ods_are_named_with_sheet_row_and_column():
    assert [p[:6] for p in findings((FIXTURES / "ods_errors.ods").read_bytes())] == [
        ("error", "excel_error", "Maßnahmen", 4, "Frist", "#N/A"),
        ("error", "bad_priority", "Maßnahmen", 5, "Priorität", "7"),
        ("error", "bad_date", "Maßnahmen", 5, "Frist", "nie"),
        ("error", "duplicate_id", "Maßnahmen", 5, "Nr", "0.01"),
        ("error", "empty_required", "Maßnahmen", 6, "Maßnahme", None),
        ("error", "unknown_office", "Maßnahmen", 6, "Federführung", "77"),
        ("error", "workplaces_exceed", "Maßnahmen", 6, "Arbeitsplätze ausgerollt", "9"),
        ("error", "unknown_word", "Rollout", 4, "12", "vielleicht"),
        ("error", "excel_error", "Rollout", 5, "10", "#N/A"),
        ("warning", "extra_column", "Maßnahmen", 3, "Notiz", None),
        ("warning", "excel_error", "Maßnahmen", 4, "Notiz", "#DIV/0!"),
    ]
    messages = [p.text() for p in read_register((FIXTURES / "ods_errors.ods").read_bytes()).errors]
    assert messages[-1] == ("Blatt ›Rollout‹, Zeile 5, Spalte ›10‹: Die Zelle enthält den Excel-Fehler „#N/A“ – "
                            "bitte die Formel prüfen.")


def test_the_null_date_of_an_ods_is_its_date_system():
    result = read_register((FIXTURES / "libreoffice_1904.ods").read_bytes())
    assert result.ok, result.errors
    # 42368 days after 01.01.1904 (the file's null date) is 31.12.2019; after 30.12.1899 it would be 2015.
    assert str(result.register.measures["deadline"].iloc[0].date()) == "2019-12-31"


def test_the_format_is_told_by_content_not_by_file_name(cli, tmp_path):
    data = ODS.read_bytes()
    assert check_workbook(data) is Format.ODS
    assert check_workbook((FIXTURES / "ods_register.xlsx").read_bytes()) is Format.XLSX
    renamed = tmp_path / "register.xlsx"
    renamed.write_bytes(data)
    assert cli("validate", renamed)[0] == 0


# --------------------------------------------------------------------------- refused packages

def refused(data: bytes) -> str:
    with pytest.raises(UnreadableWorkbook) as raised:
        open_workbook(data)
    result = read_register(data, "x.ods")
    assert result.unreadable and [p.code for p in result.errors] == [Code.UNREADABLE_FILE]
    return raised.value.message


BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
                  + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>")
ERROR_CELL = ('<table:table-cell office:value-type="string" office:string-value="" calcext:value-type="error" '
              'table:formula="of:=NA()"><text:p>#N/A</text:p></table:table-cell>')


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: repack(d, {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet-template"}),
         "OpenDocument-Vorlage (.ots)"),
        (lambda d: repack(d, {"mimetype": b"application/vnd.oasis.opendocument.text"}), "Textdokument (.odt)"),
        (lambda d: repack(d, {"mimetype": b"application/zip"}), "keine Tabelle"),
        (lambda d: repack(d, {"META-INF/manifest.xml": zipfile.ZipFile(io.BytesIO(d)).read("META-INF/manifest.xml")
                              .replace(b'manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
                                       b'manifest:full-path="content.xml" manifest:media-type="text/xml">'
                                       b'<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>'
                                       b"</manifest:file-entry>"),
                              "content.xml": random.Random(3).randbytes(4000)}), "Kennwort"),
        (lambda d: repack(d, {"content.xml": random.Random(5).randbytes(4000)}), "beschädigt"),
        (lambda d: repack(d, {"content.xml": b"<<<not xml " + b'value-type="error"'}), "beschädigt"),
        (lambda d: repack(d, {"content.xml": content_with("<table:table-row>" + ERROR_CELL + "</table:table-row>",
                                                          prolog=BILLION_LAUGHS)}), "Entitätsdeklaration"),
        (lambda d: repack(d, {"content.xml": content_with(
            '<table:table-row table:number-rows-repeated="1048576">'
            + ERROR_CELL.replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="16384" ')
            + "</table:table-row>")}), "Fehlerwerte"),
        (lambda d: repack(d, {}, add={"Basic/Standard/Module1.xml": b"<script:module/>"}), "Makros"),
        (lambda d: zip_bomb(1500, name="content.xml", small=ODS_ENTRIES), "entpackt"),
        (lambda d: zip_bomb(1500, name="content.xml", declared_mb=1, small=ODS_ENTRIES), "manipuliert"),
        (lambda d: (FIXTURES / "libreoffice_1904.fods").read_bytes(), "flache OpenDocument-Tabelle (.fods)"),
    ],
    ids=["ots", "odt", "other mimetype", "encrypted", "random content", "broken content xml",
         "entity expansion", "a million error cells", "macros", "zip bomb", "zip bomb with lying sizes", "fods"],
)
def test_hostile_or_other_packages_are_refused_with_a_german_reason(make, reason):
    assert reason in refused(make(ODS.read_bytes()))


def test_a_password_protected_ods_saved_by_libreoffice_is_refused():
    assert "Kennwort" in refused((FIXTURES / "ods_register_encrypted.ods").read_bytes())


def test_entities_are_never_expanded_even_where_the_scan_would_not_look():
    # The declaration is refused before any parser runs, whether or not the content holds error cells.
    data = repack(ODS.read_bytes(), {"content.xml": content_with(
        '<table:table-row><table:table-cell office:value-type="string"><text:p>&lol9;</text:p></table:table-cell>'
        "</table:table-row>", prolog=BILLION_LAUGHS)})
    assert "Entitätsdeklaration" in refused(data)


def test_an_error_cell_repeated_over_rows_and_columns_is_found_in_each():
    row = ('<table:table-row><table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
           "</table:table-row>")
    header = "".join(f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
                     for h in ("Nr", "Maßnahme", "Priorität"))
    body = ('<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string">'
            '<text:p>0.01</text:p></table:table-cell>'
            + ERROR_CELL.replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="2" ')
            + "</table:table-row>")
    blank = '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
    spelled = ('<table:table-row><table:table-cell office:value-type="string"><text:p>0.02</text:p></table:table-cell>'
               '<table:table-cell office:value-type="string"><text:p>calcext:value-type="error"</text:p>'
               '</table:table-cell><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'
               "</table:table-cell></table:table-row>")
    data = repack(ODS.read_bytes(), {"content.xml": content_with(
        blank + row.format("Stand: 17.09.2019") + f"<table:table-row>{header}</table:table-row>" + body + spelled)})
    # Rows 1–2 blank, 3 the Stand line, 4 the header, 5–6 the repeated row, 7 a text that spells the marker.
    assert [(p.code.value, p.row, p.column) for p in read_register(data).errors] == [
        ("excel_error", 5, "Maßnahme"), ("excel_error", 5, "Priorität"),
        ("excel_error", 6, "Maßnahme"), ("excel_error", 6, "Priorität"), ("duplicate_id", 6, "Nr")]


# --------------------------------------------------------------------------- store and template

def test_the_version_store_keeps_the_ods_bytes_as_uploaded(tmp_path):
    data = ODS.read_bytes()
    store = Store(tmp_path / "versions.db")
    added = store.add(data, "register.ods")
    assert added.created and added.measures == 5
    kept = store.original(added.version.number)
    assert hashlib.sha256(kept).hexdigest() == hashlib.sha256(data).hexdigest() == added.version.sha256
    assert added.version.file_name == "register.ods"


def test_the_template_as_ods_is_an_opendocument_package_our_reader_accepts(cli, tmp_path):
    code, out = cli("template", tmp_path / "vorlage.ods")
    assert code == 0 and "vorlage.ods" in out
    data = (tmp_path / "vorlage.ods").read_bytes()
    assert data == build_template(ods=True)
    first = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)  # as the ODF package says
    assert data[30:38] == b"mimetype" and data[38:84] == b"application/vnd.oasis.opendocument.spreadsheet"
    result = read_register(data)
    assert result.ok and not result.warnings, result.errors
    assert result.register.measures["id"].tolist() == ["0.01"]
    assert result.register.rollout[["id", "office", "state"]].values.tolist() == [
        ["0.01", "10", "umgesetzt"], ["0.01", "33", "teilweise"]]
    book = open_workbook(data)
    assert book.sheet_names == ["Info", "Maßnahmen", "Rollout", "Ämter"]
    assert cli("summary", tmp_path / "vorlage.ods", "--json") == cli("summary", _xlsx_template(tmp_path), "--json")


def _xlsx_template(tmp_path: Path) -> Path:
    path = tmp_path / "vorlage.xlsx"
    path.write_bytes(build_template())
    return path
