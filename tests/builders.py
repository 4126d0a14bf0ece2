"""Test data as code: a small builder that writes real register workbooks (.xlsx) with openpyxl or XlsxWriter.

A sheet is a list of rows; a row is a list of cells (numbers, dates, text, None for blank,
`ErrorCell` for an Excel error value) or a dict keyed by header. Title rows go above the header;
`None` or `[]` is a blank row.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import xlsxwriter
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from lib.reading.register import LoadResult, read_register

OFFICES: list[tuple[str, str, str]] = [
    ("10", "Hauptamt", "I"),
    ("12", "Amt für Informationstechnik", "I"),
    ("33", "Bürgeramt", "III"),
]
MEASURE_HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung")
OFFICE_HEADER = ("Nr", "Bezeichnung", "Dezernat")

Row = Sequence[object] | Mapping[str, object] | None


class ErrorCell(str):
    """A cell holding an Excel error value such as '#N/A', written as the writer writes a formula's failed result."""


class Book:
    """Sheets in the order added; `save` writes them as one .xlsx file (1904 date system if `date1904`)."""

    def __init__(self, date1904: bool = False) -> None:
        self.sheets: dict[str, list[list[object]]] = {}
        self.date1904 = date1904

    def sheet(self, name: str, header: Sequence[object] | None = None, rows: Iterable[Row] = (),
              title: Iterable[object] = ()) -> Book:
        """Any sheet: title rows (a string is a one-cell row), then the header, then the rows."""
        content: list[list[object]] = [_title_row(t) for t in title]
        rows = list(rows)
        if header is None and rows and isinstance(rows[0], Mapping):
            header = list(dict.fromkeys(k for r in rows if isinstance(r, Mapping) for k in r))
        if header is not None:
            content.append(list(header))
        for row in rows:
            if isinstance(row, Mapping):
                content.append([row.get(h) for h in header])
            else:
                content.append(list(row or []))
        self.sheets[name] = content
        return self

    def measures(self, rows: Iterable[Row], header: Sequence[object] | None = MEASURE_HEADER,
                 title: Iterable[object] = (), name: str = "Maßnahmen") -> Book:
        rows = list(rows)
        if rows and isinstance(rows[0], Mapping) and header is MEASURE_HEADER:
            header = None
        return self.sheet(name, header, rows, title)

    def matrix(self, offices: Sequence[object], rows: Iterable[Row], title: Iterable[object] = (),
               name: str = "Rollout", id_header: str = "Nr") -> Book:
        """Rollout as a matrix: `Nr`, then one column per office header."""
        return self.sheet(name, [id_header, *offices], rows, title)

    def long(self, rows: Iterable[Row], header: Sequence[object] = ("Nr", "Amt", "Status"),
             title: Iterable[object] = (), name: str = "Rollout") -> Book:
        """Rollout as a list: one row per (Nr, Amt[, Anwendung])."""
        return self.sheet(name, header, rows, title)

    def offices(self, rows: Iterable[Row] = OFFICES, header: Sequence[object] = OFFICE_HEADER,
                name: str = "Ämter") -> Book:
        return self.sheet(name, header, rows)

    def info(self, stand: object, name: str = "Info", label: str = "Stand") -> Book:
        return self.sheet(name, None, [["Feld", "Wert"], ["Herkunft", "Test"], [label, stand]])

    def to_bytes(self) -> bytes:
        """The workbook as openpyxl writes it (an ErrorCell as a cell of type error, t="e")."""
        book = Workbook()
        book.remove(book.active)
        if self.date1904:
            book.epoch = CALENDAR_MAC_1904
        for name, rows in self.sheets.items():
            sheet = book.create_sheet(name)
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    if value is not None:
                        cell = sheet.cell(r, c, str(value) if isinstance(value, ErrorCell) else value)
                        if isinstance(value, ErrorCell):
                            cell.data_type = "e"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def xlsxwriter_bytes(self) -> bytes:
        """The workbook as XlsxWriter writes it: an ErrorCell as a formula whose cached result is that error,
        dates with a date format."""
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "date_1904": self.date1904,
                                            "strings_to_numbers": False, "strings_to_formulas": False})
        date_format = book.add_format({"num_format": "dd.mm.yyyy"})
        for name, rows in self.sheets.items():
            sheet = book.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    if isinstance(value, ErrorCell):
                        sheet.write_formula(r, c, "=NA()" if value == "#N/A" else "=1/0", None, str(value))
                    elif isinstance(value, dt.date):
                        sheet.write_datetime(r, c, value, date_format)
                    elif isinstance(value, str):
                        sheet.write_string(r, c, value)
                    else:
                        sheet.write(r, c, value)
        book.close()
        return buffer.getvalue()

    def save(self, path: Path) -> Path:
        path.write_bytes(self.to_bytes())
        return path


def _title_row(line: object) -> list[object]:
    if line is None:
        return []
    if isinstance(line, str | int | float | dt.date):
        return [line]
    return list(line)


def load(book: Book, tmp_path: Path, name: str = "register.xlsx") -> LoadResult:
    """Write the book to a real file under tmp_path and read it back through the register reader."""
    path = book.save(tmp_path / name)
    return read_register(path.read_bytes(), path.name)


def simple(measures: Iterable[Row] = (("0.01", "Virtuelle Poststelle", 0, "10"),)) -> Book:
    """A valid small register: the default offices and the given measures (Nr, Maßnahme, Priorität, Federführung)."""
    return Book().measures(measures).offices()


def zip_bomb(inflated_mb: int = 1500, name: str = "xl/worksheets/sheet1.xml", declared_mb: int | None = None,
             small: Mapping[str, bytes] | None = None) -> bytes:
    """A genuine .xlsx-looking zip (~1 KB per inflated MB) whose one big entry inflates to zeros.

    With `declared_mb` the zip's headers lie and declare that many MB instead of the real size; `small`
    replaces the small entries beside the big one (`ODS_ENTRIES` for an .ods-looking bomb).

    Built from one deflated megabyte repeated: a full flush resets the compressor, so every
    megabyte of zeros deflates to the same bytes and the bomb costs milliseconds, not seconds.
    """
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = block * inflated_mb + compressor.flush()
    crc = 0
    for _ in range(inflated_mb):
        crc = zlib.crc32(chunk, crc)
    small = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"} if small is None else small
    entries = [(n, zlib.crc32(b), b, len(b), 0) for n, b in small.items()]
    entries.append((name, crc, data, (inflated_mb if declared_mb is None else declared_mb) << 20, 8))
    return _raw_zip(entries)


ODS_ENTRIES = {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
               "META-INF/manifest.xml": b"<manifest:manifest/>"}


def _raw_zip(entries: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A zip from (name, crc, stored data, inflated size, method) without compressing anything here."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, crc, data, size, method in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size,
                              len(encoded), 0) + encoded + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data),
                                  size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()


def zip_with(entries: Mapping[str, bytes], base: bytes | None = None) -> bytes:
    """A zip of the given entries, added to the entries of `base` (a workbook's bytes) when given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if base is not None:
            with zipfile.ZipFile(io.BytesIO(base)) as source:
                for item in source.infolist():
                    archive.writestr(item, source.read(item))
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()
