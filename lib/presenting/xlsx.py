"""Writing formatted .xlsx workbooks (header row, widths, frozen header, autofilter) with openpyxl.

Text is written as it is, never as a live formula: text that a spreadsheet would run (starting with
=, +, -, @, tab or CR, also behind leading spaces) or take as an error value (#N/A) is a text cell with
Excel's quote-prefix style, so Excel and LibreOffice show and keep it exactly, without the visible
apostrophe OWASP's prefix would add (that prefix stays in CSV, which has no cell styles).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
FORMULA_START = re.compile(r"^[\s\u00a0]*[=+\-@\t\r]")


def runs_as_formula(value: object) -> bool:
    """Whether a spreadsheet would take this text as a formula (or an error value) rather than as text."""
    return isinstance(value, str) and (bool(FORMULA_START.match(value)) or value in ERROR_CODES)


def _as_text(cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # openpyxl takes "=…" for a formula and "#N/A" for an error: neither
    cell.quotePrefix = True


@dataclass
class Sheet:
    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    title_lines: Sequence[str] = ()
    widths: dict[str, float] = field(default_factory=dict)
    number_formats: dict[str, str] = field(default_factory=dict)
    text_columns: Sequence[str] = ()  # stored as text cells, e.g. ids like '1.10'


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        _write_sheet(book.create_sheet(spec.name), spec)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_sheet(sheet, spec: Sheet) -> None:
    for line in spec.title_lines:
        sheet.append([line])
        if runs_as_formula(line):
            _as_text(sheet.cell(sheet.max_row, 1), line)
        sheet.cell(sheet.max_row, 1).font = Font(bold=line == spec.title_lines[0], size=13 if line == spec.title_lines[0] else 11)
    if spec.title_lines:
        sheet.append([])
    header_row = sheet.max_row + 1 if spec.title_lines else 1
    for position, name in enumerate(spec.header, start=1):
        cell = sheet.cell(header_row, position, name)
        if runs_as_formula(name):
            _as_text(cell, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in spec.rows:
        sheet.append(list(row))
        for position, value in enumerate(row, start=1):
            if runs_as_formula(value):
                _as_text(sheet.cell(sheet.max_row, position), value)
    last_row = sheet.max_row
    for position, name in enumerate(spec.header, start=1):
        letter = get_column_letter(position)
        width = spec.widths.get(name) or min(60, max(10, len(str(name)) + 2, *(
            len(str(r[position - 1])) + 2 for r in spec.rows[:200] if position - 1 < len(r) and r[position - 1] is not None
        )))
        sheet.column_dimensions[letter].width = width
        fmt = spec.number_formats.get(name)
        text = name in spec.text_columns
        if fmt or text:
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, max_row=last_row, min_col=position, max_col=position):
                if fmt:
                    cell.number_format = fmt
                if text:
                    cell.number_format = "@"
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    if spec.header:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(spec.header))}{max(last_row, header_row)}"
