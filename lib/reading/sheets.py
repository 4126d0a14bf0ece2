"""Reading one sheet: its header row among title rows, typed cells below it, the findings.

Shared by the register reader (`lib.reading.register`) and the Rollout reader (`lib.reading.rollout_sheet`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import zip_longest

import numpy as np

from lib.reading import cells
from lib.reading.cells import is_blank
from lib.reading.contract import MAX_TITLE_ROWS, Column, fold_name
from lib.reading.problems import Code, Problem, error, warning
from lib.reading.workbook import Workbook


@dataclass
class Header:
    """Where a sheet's header is and which contract columns it names."""

    row: int  # Excel row of the header
    columns: dict[str, int]  # contract key → position in the row
    names: dict[str, str]  # contract key → header as spelled in the file
    extra: dict[str, int]  # unknown header as spelled → position


def find_header_row(rows: list[list[object]], score: Callable[[list[object]], int]) -> int | None:
    """Index of the best header candidate among the first rows (title rows may precede it)."""
    best, best_score = None, 0
    for index, row in enumerate(rows[: MAX_TITLE_ROWS + 1]):
        points = score(row)
        if points > best_score:
            best, best_score = index, points
    return best


def known_score(columns: Iterable[Column]) -> Callable[[list[object]], int]:
    """Points of a row: its text cells that name one of the columns (a number or date names none)."""
    folded = set().union(*(c.folded_names() for c in columns))
    return lambda row: sum(fold_name(cell) in folded for cell in row if isinstance(cell, str) and cell)


class SheetReader:
    """Collects findings while reading sheets of one workbook."""

    def __init__(self, book: Workbook, problems: list[Problem]) -> None:
        self.book = book
        self.problems = problems

    def err(self, code: Code, message: str, **where) -> None:
        self.problems.append(error(code, message, **where))

    def warn(self, code: Code, message: str, **where) -> None:
        self.problems.append(warning(code, message, **where))

    def header(
        self, sheet: str, rows: list[list[object]], columns: tuple[Column, ...], extra_ok: bool = True
    ) -> Header | None:
        """The header among the first rows (typed cells or texts): the row naming most of `columns`."""
        index = find_header_row(rows, known_score(columns))
        if index is None:
            names = ", ".join(f"›{c.name}‹" for c in columns if c.required)
            self.err(
                Code.MISSING_COLUMN,
                f"Keine Kopfzeile gefunden; erwartet werden in einer der ersten "
                f"{MAX_TITLE_ROWS + 1} Zeilen die Spalten {names}.",
                sheet=sheet,
            )
            return None
        header = Header(row=index + 1, columns={}, names={}, extra={})
        by_folded = {f: c for c in columns for f in c.folded_names()}
        for position, cell in enumerate(rows[index]):
            if is_blank(cell):
                continue
            try:
                text = cells.read_text(cells.excel_error(cell) or cell)
            except cells.CellError as exc:  # an error value or an overlong text names no column
                self.err(exc.code, str(exc), sheet=sheet, row=header.row, column=letter(position),
                         value=cells.quoted(cell))
                continue
            column = by_folded.get(fold_name(text))
            if column is None:
                if extra_ok:
                    header.extra.setdefault(text, position)
                continue
            if column.key in header.columns:
                self.err(
                    Code.DUPLICATE_COLUMN,
                    f"Die Spalte ›{column.name}‹ kommt doppelt vor (zuerst als "
                    f"›{header.names[column.key]}‹); bitte eine davon umbenennen oder löschen.",
                    sheet=sheet, row=header.row, column=text,
                )
                continue
            header.columns[column.key] = position
            header.names[column.key] = text
        for column in columns:
            if column.required and column.key not in header.columns:
                self.err(
                    Code.MISSING_COLUMN,
                    f"Die Pflichtspalte ›{column.name}‹ fehlt.",
                    sheet=sheet, row=header.row, column=column.name,
                )
        return header


def at(row: list[object], position: int) -> object:
    return row[position] if position < len(row) else None


class Body:
    """The typed cells below a header row, column by column."""

    def __init__(self, rows: list[list[object]], header_row: int) -> None:
        self.header_row = header_row  # Excel row of the header; body index i is Excel row header_row + 1 + i
        self.size = max(len(rows) - header_row, 0)
        self.columns = list(zip_longest(*rows[header_row:], fillvalue=""))

    def column(self, position: int) -> tuple[object, ...]:
        return self.columns[position] if position < len(self.columns) else ("",) * self.size

    def raw(self, position: int, index: int) -> object:
        return self.column(position)[index]

    def read(self, position: int, read: Callable[[object], object], strips_text: bool = False) -> cells.ColumnRead:
        return cells.read_column(self.column(position), read, strips_text)

    def numbers(self, position: int) -> np.ndarray:
        """Which cells are number cells (not WAHR/FALSCH)."""
        types = np.fromiter(map(type, self.column(position)), dtype=object, count=self.size)
        return np.equal(types, int) | np.equal(types, float)

    @staticmethod
    def filled(reads: Iterable[cells.ColumnRead]) -> np.ndarray:
        """Rows with at least one filled cell among the read columns (blank rows are skipped)."""
        blank = None
        for read in reads:
            blank = read.blank if blank is None else blank & read.blank
        return ~blank

    def excel_row(self, index):
        """Excel row of a body position (or of an array of positions)."""
        rows = self.header_row + 1 + np.asarray(index)
        return int(rows) if rows.ndim == 0 else rows


def by_row(problems: list[Problem]) -> list[Problem]:
    """One sheet's findings in reading order: by row (sheet-wide findings first), stable within a row."""
    return sorted(problems, key=lambda p: -1 if p.row is None else p.row)


def letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
