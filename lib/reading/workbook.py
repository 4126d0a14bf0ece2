"""The only place that opens workbook bytes (.xlsx and .ods): format checks, the zip guard and the cell readers.

Small sheets are read with python-calamine as typed cells (a number cell must stay
distinguishable from text); the rollout sheet, which can reach Excel's row limit, is read
with fastexcel straight into Arrow-backed string columns. Both readers hand an Excel error
value (#N/A …) over as an empty cell; fastexcel's error report puts it back, as an `ExcelError`
among typed cells and as its literal text among text columns. In an OpenDocument spreadsheet
neither reader sees error cells (LibreOffice gives them an empty string value), so they are located
in its `content.xml`, which must declare no DTD or entities, before the readers parse it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from enum import Enum

import fastexcel
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine

from lib.reading.cells import EXCEL_EPOCH, EXCEL_EPOCH_1904, ExcelError, excel_error
from lib.reading.problems import UnreadableWorkbook
from lib.reading.vocabulary import EXCEL_ERRORS, fold_name

# Sum of the uncompressed sizes a workbook may declare. A register at Excel's row limit
# inflates to a few hundred MB; a zip bomb declares far more.
MAX_INFLATED_BYTES = 1_000_000_000
MAX_ZIP_ENTRIES = 10_000
# Deflate turns one byte into at most 1,032 (a 258-byte match per 2 bits), and a reader takes only
# the compressed bytes an entry declares: entries of less than MAX_INFLATED_BYTES / MAX_DEFLATE_RATIO
# (about 0.97 MB) compressed in total cannot inflate beyond the limit, whatever sizes the directory
# declares. Only larger archives are inflated once before any parser sees them.
MAX_DEFLATE_RATIO = 1032

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_ODF_KINDS = {b"spreadsheet-template": "eine OpenDocument-Vorlage (.ots)", b"text": "ein Textdokument (.odt)",
              b"presentation": "eine Präsentation (.odp)", b"graphics": "eine Zeichnung (.odg)"}
_ACCEPTED = "Angenommen werden Excel-Arbeitsmappen (.xlsx) und OpenDocument-Tabellen (.ods)"


class Format(Enum):
    """The two workbook formats the contract accepts, told apart by content, never by file name."""

    XLSX = "xlsx"
    ODS = "ods"


def check_workbook(data: bytes) -> Format:
    """Refuse anything that is not a plain .xlsx or .ods workbook, before any XML is parsed; else its format."""
    return _checked_archive(data)[0]


def _checked_archive(data: bytes) -> tuple[Format, zipfile.ZipFile]:
    """`check_workbook`, and the opened archive for the checks that follow (its directory is read once)."""
    if not data:
        raise UnreadableWorkbook("Die Datei ist leer.")
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableWorkbook(
                "Die Datei ist mit einem Kennwort geschützt. Bitte in Excel den Kennwortschutz "
                "entfernen und als .xlsx speichern."
            )
        raise UnreadableWorkbook(
            "Die Datei ist im alten Excel-Format (.xls). Bitte in Excel als "
            "„Excel-Arbeitsmappe (.xlsx)“ speichern."
        )
    if not data.startswith(_ZIP_MAGIC):
        if data.lstrip()[:1] == b"<" and b"opendocument" in data[:4096]:
            raise UnreadableWorkbook(
                "Die Datei ist eine flache OpenDocument-Tabelle (.fods). Bitte in LibreOffice als "
                "„ODF-Tabellendokument (.ods)“ oder als „Excel-Arbeitsmappe (.xlsx)“ speichern."
            )
        raise UnreadableWorkbook(
            "Die Datei ist keine Excel-Arbeitsmappe (.xlsx) und keine OpenDocument-Tabelle (.ods). "
            f"{_ACCEPTED}, keine CSV- oder Textdateien."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):  # e.g. "zip file version 8.4"
        raise UnreadableWorkbook("Die Datei ist beschädigt und kann nicht geöffnet werden.") from None
    names = {entry.filename for entry in entries}
    _check_sizes(archive, entries)
    if "mimetype" in names:
        return _check_ods(archive, names), archive
    if "xl/vbaProject.bin" in names or any(n.endswith(".bin") and "vba" in n.lower() for n in names):
        raise UnreadableWorkbook(
            "Die Datei enthält Makros (.xlsm). Aus Sicherheitsgründen werden nur "
            "Arbeitsmappen ohne Makros (.xlsx oder .ods) angenommen."
        )
    if "xl/workbook.xml" not in names:
        raise UnreadableWorkbook(
            "Die Datei ist keine Excel-Arbeitsmappe (.xlsx) (die Arbeitsmappe fehlt im Archiv). "
            f"{_ACCEPTED}."
        )
    return Format.XLSX, archive


def _check_sizes(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """The zip guard, the same for both formats: entry count, declared and real inflated sizes, methods."""
    declared = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or declared > MAX_INFLATED_BYTES:
        raise UnreadableWorkbook(
            f"Die Datei würde entpackt {declared / 1e6:,.0f} MB belegen (erlaubt sind "
            f"{MAX_INFLATED_BYTES / 1e6:,.0f} MB) und wird nicht geöffnet.".replace(",", ".")
        )
    if any(entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for entry in entries):
        raise UnreadableWorkbook("Die Datei ist beschädigt (unbekanntes Packverfahren im Archiv) und wird nicht "
                                 "geöffnet.")
    # Entries may share compressed bytes (overlapping entries), so the bound counts each entry's own.
    if sum(entry.compress_size for entry in entries) * MAX_DEFLATE_RATIO > MAX_INFLATED_BYTES:
        _check_declared_sizes(archive, entries)


def _check_ods(archive: zipfile.ZipFile, names: set[str]) -> Format:
    """An OpenDocument package: a spreadsheet, not encrypted, without macros, with its content."""
    mimetype = _head(archive, "mimetype").strip()
    if mimetype != _ODS_MIMETYPE:
        kind = _ODF_KINDS.get(mimetype.removeprefix(b"application/vnd.oasis.opendocument."), "keine Tabelle")
        raise UnreadableWorkbook(
            f"Die Datei ist ein OpenDocument-Paket, aber {kind}. Bitte die Tabelle in LibreOffice als "
            "„ODF-Tabellendokument (.ods)“ oder als „Excel-Arbeitsmappe (.xlsx)“ speichern."
        )
    if "META-INF/manifest.xml" in names and b"encryption-data" in _head(archive, "META-INF/manifest.xml", 1 << 20):
        raise UnreadableWorkbook(
            "Die Datei ist mit einem Kennwort geschützt. Bitte in LibreOffice mit „Datei › Speichern unter …“ "
            "ohne „Mit Kennwort speichern“ erneut speichern."
        )
    if any(n.startswith(("Basic/", "Scripts/")) and not n.endswith("/") for n in names):
        raise UnreadableWorkbook(
            "Die Datei enthält Makros. Aus Sicherheitsgründen werden nur "
            "Arbeitsmappen ohne Makros (.xlsx oder .ods) angenommen."
        )
    if "content.xml" not in names:
        raise UnreadableWorkbook("Die Datei ist keine OpenDocument-Tabelle (.ods) (der Inhalt fehlt im Archiv). "
                                 f"{_ACCEPTED}.")
    return Format.ODS


def _head(archive: zipfile.ZipFile, name: str, size: int = 100) -> bytes:
    """The first bytes of one member, read without inflating the rest of it."""
    try:
        with archive.open(name) as member:
            return member.read(size)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise UnreadableWorkbook("Die Datei ist beschädigt und kann nicht geöffnet werden.") from None


def _check_declared_sizes(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Inflate every entry once, in chunks, before any parser sees it.

    zipfile stops at the size the directory declares and then checks the CRC, so an archive
    whose directory understates its sizes fails here after at most the (already capped)
    declared bytes, instead of inflating without bound inside the Excel reader.
    """
    try:
        for entry in entries:
            with archive.open(entry) as member:
                while member.read(1 << 20):
                    pass
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise UnreadableWorkbook(
            "Die Datei ist beschädigt oder manipuliert (Größenangaben im Archiv stimmen nicht) "
            "und wird nicht geöffnet."
        ) from None


# fastexcel names an error cell by calamine's name of its error type.
_CALAMINE_ERRORS = {"Div0": "#DIV/0!", "NA": "#N/A", "Name": "#NAME?", "Null": "#NULL!", "Num": "#NUM!",
                    "Ref": "#REF!", "Value": "#VALUE!", "GettingData": "#GETTING_DATA"}
_ERROR_DETAIL = re.compile(r"Error\((\w+)\)")
_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](?:1|true)[\"']")
_WORKBOOK_HEAD = 1 << 16  # workbookPr comes right after fileVersion, at the top of xl/workbook.xml
_SHEET_ELEMENT = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ERROR_LITERALS = frozenset(EXCEL_ERRORS)
_ERROR_CELL = re.compile(rb"""<(?:\w+:)?c\b[^>]*\bt\s*=\s*["']e["']""")


def _attribute(element: bytes, name: bytes) -> str | None:
    match = re.search(rb"(?:^|\s)" + name + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""", element)
    return None if match is None else html.unescape((match.group(1) or match.group(2) or b"").decode())
# The readers refuse a whole sheet over one error cell of a newer kind (#SPILL!, #CALC!, …). Such a
# cell is rewritten as a text cell holding its literal, which `excel_error` then recognises.
_REFUSED_ERROR = "Unsupported cell error value"
_READ_ERRORS = "|".join(re.escape(literal) for literal in _CALAMINE_ERRORS.values() if literal != "#GETTING_DATA")
_NEWER_ERROR_CELL = re.compile(
    rb'(<(?:\w+:)?c\b[^>]*?\bt=")e("[^>]*>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>)(?!(?:' + _READ_ERRORS.encode()
    + rb')<)', re.DOTALL)


# LibreOffice and Collabora write these prefixes; only LibreOffice writes calcext (its error cells).
_ODS_ERROR = b'calcext:value-type="error"'
_ODS_TABLE = re.compile(rb'<table:table\s[^>]*?\btable:name="([^"]*)"')
_ODS_ROW_STARTS = (b"<table:table-row ", b"<table:table-row>")  # not table-rows / table-row-group
_ODS_CELL_STARTS = (b"<table:table-cell", b"<table:covered-table-cell")
_ROWS_REPEATED = re.compile(rb'<table:table-row\b[^>]*?\bnumber-rows-repeated="(\d+)"')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')
_NULL_DATE = re.compile(rb'<table:null-date\b[^>]*?\bdate-value="(\d{4}-\d\d-\d\d)')
_TAGS = re.compile(r"<[^>]*>")
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")  # a spreadsheet never declares any: entity expansion is refused
_MAX_ODS_ERROR_CELLS = 1_000_000  # a repeated row or column of error cells is counted, not expanded blindly


@dataclass
class _OdsContent:
    """What the readers miss in an OpenDocument spreadsheet's content.xml."""

    epoch: dt.date = EXCEL_EPOCH  # LibreOffice's default null date 1899-12-30 is Excel's 1900 epoch
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)  # sheet → (row, column) → literal


def _scan_ods(archive: zipfile.ZipFile) -> _OdsContent:
    """The null date and error cells of content.xml, which must not declare a DTD or entities."""
    try:
        with archive.open("content.xml") as member:
            chunks, tail = [], b""
            while chunk := member.read(1 << 20):
                if any(d in tail + chunk[:64] or d in chunk for d in _DECLARATIONS):
                    raise UnreadableWorkbook(
                        "Die Datei enthält im Tabelleninhalt (content.xml) eine Dokumenttyp- oder "
                        "Entitätsdeklaration, die eine Tabelle nie enthält, und wird nicht geöffnet."
                    )
                chunks.append(chunk)
                tail = chunk[-64:]
    except UnreadableWorkbook:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, KeyError, NotImplementedError,
            RuntimeError):
        raise UnreadableWorkbook("Die Datei ist beschädigt oder keine gültige OpenDocument-Tabelle (.ods).") from None
    content = b"".join(chunks)
    first_table = content.find(b"<table:table ")
    null_date = _NULL_DATE.search(content, 0, first_table if first_table >= 0 else len(content))
    found = _OdsContent(epoch=dt.date.fromisoformat(null_date.group(1).decode()) if null_date else EXCEL_EPOCH)
    if _ODS_ERROR in content:
        _locate_errors(content, found.errors)
    return found


def _locate_errors(content: bytes, errors: dict[str, dict[tuple[int, int], str]]) -> None:
    """Each error cell's sheet, row and column, counted from byte offsets (rows and cells between markers).

    Counting tags in C is linear in the content and needs no Python work per cell, so a sheet at
    Excel's row limit costs about as much as searching it; a tree or event parser costs minutes there.
    The real parse is the reader's, which refuses malformed XML afterwards.
    """
    tables = [(m.start(), _xml_text(m.group(1))) for m in _ODS_TABLE.finditer(content)]
    repeated_rows = {m.start(): int(m.group(1)) for m in _ROWS_REPEATED.finditer(content)}
    repeated_at = sorted(repeated_rows)
    table, count = -1, 0
    started = extra = next_repeated = counted_to = 0  # rows started, and rows added by repeats, before counted_to
    at = content.find(_ODS_ERROR)
    while at >= 0:
        if table + 1 < len(tables) and tables[table + 1][0] < at:  # a new sheet starts before this cell
            while table + 1 < len(tables) and tables[table + 1][0] < at:
                table += 1
            started, extra, counted_to = 0, 0, tables[table][0]
            next_repeated = bisect.bisect_left(repeated_at, counted_to)
        if table < 0:  # an error marker outside any sheet
            at = content.find(_ODS_ERROR, at + 1)
            continue
        started += sum(content.count(start, counted_to, at) for start in _ODS_ROW_STARTS)
        while next_repeated < len(repeated_at) and repeated_at[next_repeated] < at:
            extra += repeated_rows[repeated_at[next_repeated]] - 1
            next_repeated += 1
        counted_to = at
        row_start = max(content.rfind(start, tables[table][0], at) for start in _ODS_ROW_STARTS)
        rows_here = repeated_rows.get(row_start, 1)
        row = started - 1 + extra - (rows_here - 1)  # the row's own repeat covers the rows below it
        cell_start = max(content.rfind(start, row_start, at) for start in _ODS_CELL_STARTS)
        if cell_start < 0 or b">" in content[cell_start:at]:  # the marker is a text somewhere, not an attribute
            at = content.find(_ODS_ERROR, at + 1)
            continue
        column = sum(content.count(start, row_start, cell_start) for start in _ODS_CELL_STARTS)
        column += sum(int(m.group(1)) - 1 for m in _COLUMNS_REPEATED.finditer(content, row_start, cell_start))
        tag_end = content.find(b">", at) + 1
        columns_here = int(m.group(1)) if (m := _COLUMNS_REPEATED.search(content, cell_start, tag_end)) else 1
        count += rows_here * columns_here
        if count > _MAX_ODS_ERROR_CELLS:
            raise UnreadableWorkbook("Die Datei enthält über eine Million Fehlerwerte und wird nicht geöffnet.")
        end = content.find(b"</table:table-cell>", tag_end)
        literal = _xml_text(content[tag_end:end if end >= 0 else tag_end]) or "#N/A"
        sheet = errors.setdefault(tables[table][1], {})
        for r in range(row, row + rows_here):
            for c in range(column, column + columns_here):
                sheet[r, c] = literal
        at = content.find(_ODS_ERROR, tag_end)


def _xml_text(raw: bytes) -> str:
    """The text of an XML fragment: tags dropped, character references resolved (entities are refused before)."""
    return html.unescape(_TAGS.sub("", raw.decode(errors="replace"))).strip()


@dataclass
class Workbook:
    """An opened .xlsx or .ods: its sheet names, its date system and readers for the cells of one sheet."""

    data: bytes
    sheet_names: list[str]
    _calamine: python_calamine.CalamineWorkbook = field(repr=False)
    epoch: dt.date = EXCEL_EPOCH  # day 0 of the workbook's serial dates (1904-01-01 where it says date1904)
    format: Format = Format.XLSX
    _ods: _OdsContent | None = field(default=None, repr=False)  # an .ods's error cells, which the readers miss
    _archive: zipfile.ZipFile | None = field(default=None, repr=False)  # of `data`, opened by the checks
    _parts: dict[str, str] | None = field(default=None, repr=False)  # sheet → its XML part in the archive

    def find_sheet(self, contract_name: str) -> str | None:
        """The sheet's name as spelled in the file, matched tolerantly."""
        wanted = fold_name(contract_name)
        return next((n for n in self.sheet_names if fold_name(n) == wanted), None)

    def cells(self, sheet: str) -> list[list[object]]:
        """Typed cell values from A1 on; blank cells are '', error values `ExcelError`. Row i is Excel row i + 1."""
        rows = self._read(sheet, lambda: self._calamine.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
        for index, row in enumerate(rows):
            # Cell by cell only in rows holding an error's text: the set test runs in C (cell values
            # are hashable; a number never equals a text).
            if not _ERROR_LITERALS.isdisjoint(row):
                rows[index] = [excel_error(value) or value for value in row]
        if self._ods is not None:
            errors = self._ods.errors.get(sheet, {})
        else:  # finding error cells takes a second read of the sheet: only where its XML holds any
            errors = self._text_columns(sheet)[1] if self._may_hold_errors(sheet) else {}
        for (row, position), literal in errors.items():  # python-calamine reads an error cell as ''
            rows.extend([] for _ in range(row + 1 - len(rows)))
            rows[row].extend("" for _ in range(position + 1 - len(rows[row])))
            if rows[row][position] == "":
                rows[row][position] = ExcelError(literal)
        return rows

    def texts(self, sheet: str) -> list[pa.Array]:
        """Every cell as text (blank or whitespace = null), one Arrow array per sheet column from A on.

        Element i is Excel row i + 1 and array j is column j + 1; leading blank rows and columns are
        kept for that reason. An error value is its literal text ('#N/A').
        """
        columns, errors = self._text_columns(sheet)
        by_column: dict[int, dict[int, str]] = {}
        for (row, position), literal in errors.items():
            by_column.setdefault(position, {})[row] = literal
        length = max((len(c) for c in columns), default=0)
        length = max(length, *(max(literals) + 1 for literals in by_column.values())) if by_column else length
        columns.extend(pa.nulls(length, pa.string()) for _ in range(max(by_column, default=-1) + 1 - len(columns)))
        for position, literals in by_column.items():
            if len(columns[position]) < length:  # an .ods error cell in the last rows, which the reader left out
                columns[position] = pa.concat_arrays([columns[position],
                                                      pa.nulls(length - len(columns[position]), pa.string())])
            mask = np.zeros(len(columns[position]), dtype=bool)
            mask[list(literals)] = True
            columns[position] = pc.replace_with_mask(columns[position], pa.array(mask),
                                                     pa.array([literals[r] for r in sorted(literals)], pa.string()))
        return columns

    def _text_columns(self, sheet: str) -> tuple[list[pa.Array], dict[tuple[int, int], str]]:
        """The sheet as text columns from column A on, and its error cells: (row, column) → literal, 0-based."""
        def load() -> tuple[pa.RecordBatch, fastexcel.CellErrors | None, list[int]]:
            loaded = fastexcel.read_excel(self.data).load_sheet(
                sheet, header_row=None, skip_rows=0, dtypes="string", whitespace_as_null=True
            )
            return (*loaded.to_arrow_with_errors(), [column.absolute_index for column in loaded.selected_columns])

        batch, cell_errors, absolute = self._read(sheet, load)
        columns = list(batch.columns)
        if absolute and absolute != list(range(len(absolute))):  # fastexcel starts at the first used column
            padded = [pa.nulls(batch.num_rows, pa.string())] * (absolute[-1] + 1)
            for position, column in zip(absolute, columns, strict=True):
                padded[position] = column
            columns = padded
        if self._ods is not None:
            return columns, dict(self._ods.errors.get(sheet, {}))
        errors = {}
        for cell in cell_errors.errors if cell_errors else ():
            if match := _ERROR_DETAIL.search(cell.detail):
                row, position = cell.position
                name = match.group(1)
                errors[row, absolute[position]] = _CALAMINE_ERRORS.get(name, f"#{name.upper()}")
        return columns, errors

    def _may_hold_errors(self, sheet: str) -> bool:
        """Whether the sheet's XML part has an error cell (`t="e"`); True when its part cannot be told."""
        try:
            if self._archive is None:
                self._archive = zipfile.ZipFile(io.BytesIO(self.data))
            if self._parts is None:  # looked up once per workbook, not once per sheet
                self._parts = _worksheet_parts(self._archive)
            part = self._parts.get(sheet)
            if part is None:
                return True
            xml = self._archive.read(part)
            # The quoted "e" is in every error cell's tag; searching it runs in C, the pattern only where it is.
            return (b'"e"' in xml or b"'e'" in xml) and bool(_ERROR_CELL.search(xml))
        except (zipfile.BadZipFile, KeyError, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
            return True

    def _read(self, sheet: str, read):
        """`read()`, retried without the error cells of newer kinds if a reader refused one."""
        try:
            return read()
        except Exception as exc:  # the readers' own exception types vary by file
            if _REFUSED_ERROR in str(exc) and self.format is Format.XLSX and self._rewrite_newer_errors():  # a second time there are none
                return self._read(sheet, read)
            raise UnreadableWorkbook(f"Das Blatt ›{sheet}‹ kann nicht gelesen werden ({exc}).") from None

    def _rewrite_newer_errors(self) -> bool:
        """Rewrite the worksheets' error cells of newer kinds as text cells; False when there are none."""
        source = zipfile.ZipFile(io.BytesIO(self.data))
        buffer, changed = io.BytesIO(), False
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for entry in source.infolist():
                content = source.read(entry)
                if entry.filename.startswith("xl/worksheets/") and b't="e"' in content:
                    content, count = _NEWER_ERROR_CELL.subn(rb"\1str\2", content)
                    changed |= bool(count)
                target.writestr(entry, content)
        if changed:
            self.data = buffer.getvalue()
            self._archive = self._parts = None
            self._calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.data))
        return changed


def _worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part in the archive, from xl/workbook.xml and its relationships."""
    ids = {_attribute(e, b"r:id") or _attribute(e, rb"\w+:id"): _attribute(e, b"name")
           for e in _SHEET_ELEMENT.findall(archive.read("xl/workbook.xml"))}
    parts = {}
    for element in _RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels")):
        target, name = _attribute(element, b"Target"), ids.get(_attribute(element, b"Id"))
        if target and name is not None:
            parts[name] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def open_workbook(data: bytes) -> Workbook:
    """Check and open workbook bytes; raises `UnreadableWorkbook` with a German reason."""
    kind, archive = _checked_archive(data)
    ods = _scan_ods(archive) if kind is Format.ODS else None  # before any other parser sees content.xml
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
    except Exception:  # corrupt XML, wrong content types, …
        raise UnreadableWorkbook(
            "Die Datei ist beschädigt oder keine gültige OpenDocument-Tabelle (.ods)." if ods is not None else
            "Die Datei ist beschädigt oder keine gültige Excel-Arbeitsmappe (.xlsx)."
        ) from None
    if ods is not None:
        return Workbook(data=data, sheet_names=names, _calamine=book, epoch=ods.epoch, format=kind, _ods=ods)
    return Workbook(data=data, sheet_names=names, _calamine=book,
                    epoch=EXCEL_EPOCH_1904 if _says_date1904(archive) else EXCEL_EPOCH, _archive=archive)


def _says_date1904(archive: zipfile.ZipFile) -> bool:
    """Whether the workbook counts its serial dates from 1904 (`<workbookPr date1904="1">`)."""
    try:
        with archive.open("xl/workbook.xml") as member:
            return bool(_DATE1904.search(member.read(_WORKBOOK_HEAD)))
    except (zipfile.BadZipFile, KeyError, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        return False
