"""The Rollout sheet, matrix or list, as one row per (measure, office[, application]).

Works on Arrow text columns and integer codes of their distinct values: a sheet at Excel's
row limit holds a few distinct words, offices and Nrs in a million cells.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lib.reading import cells
from lib.reading.codes import Codes, first_rows, merge_equal
from lib.reading.contract import (
    EXCEL_ERRORS,
    MAX_CELL_TEXT,
    MAX_TITLE_ROWS,
    ROLLOUT_LONG_COLUMNS,
    ROLLOUT_STATES,
    SHEET_ROLLOUT,
    WORD_TO_ROLLOUT,
    Rollout,
    accepted_words,
    fold_name,
    fold_word,
)
from lib.reading.problems import Code, Problem
from lib.reading.sheets import Header, SheetReader, find_header_row, known_score
from lib.reading.workbook import Workbook

OfficeResolver = Callable[[str], tuple[str | None, str | None]]
assert all(literal.startswith("#") for literal in EXCEL_ERRORS), "check_cells looks for error literals by their '#'"


class RolloutReader(SheetReader):
    """Reads sheet Rollout against the measures already read and the offices (`resolve_office`)."""

    def __init__(self, book: Workbook, problems: list[Problem], resolve_office: OfficeResolver) -> None:
        super().__init__(book, problems)
        self.resolve_office = resolve_office
        self.unreadable: dict[int, np.ndarray] = {}  # per body column: the cells refused by `check_cells`

    def read(self, measure_ids: Mapping[str, int] | None) -> RolloutTable | None:
        """The rollout in long form (empty without a Rollout sheet); None when its header is unusable.

        `measure_ids` are the Nrs of sheet Maßnahmen (None when that sheet could not be read).
        """
        sheet = self.book.find_sheet(SHEET_ROLLOUT)
        if sheet is None:
            return _empty()
        columns = self.book.texts(sheet)
        if not columns or len(columns[0]) == 0:
            return _empty()
        head_rows = [[(c or "").strip() for c in row] for row in
                     zip(*(column.slice(0, MAX_TITLE_ROWS + 1).to_pylist() for column in columns), strict=True)]
        long_score = known_score(ROLLOUT_LONG_COLUMNS)
        index = find_header_row(head_rows, lambda row: long_score(row) + sum(
            cells.office_number(c) is not None for c in row if c))
        if index is None:
            self.err(Code.MISSING_COLUMN, "Keine Kopfzeile gefunden; erwartet wird eine Zeile mit ›Nr‹ und "
                     "den Ämtern (Matrix) oder mit ›Nr‹, ›Amt‹, ›Status‹ (Liste).", sheet=sheet)
            return None
        folded = {fold_name(c) for c in head_rows[index] if c}
        # A header with Amt or Status and no office column is a long form missing a column, not a
        # matrix without offices (which would silently drop every rollout row).
        has_office_column = any(cells.office_number(c) is not None for c in head_rows[index] if c)
        is_long = ("amt" in folded and "status" in folded) or (
            not has_office_column and ("amt" in folded or "status" in folded))
        contract = ROLLOUT_LONG_COLUMNS if is_long else ROLLOUT_LONG_COLUMNS[:1]
        header = self.header(sheet, head_rows[:index + 1], contract)
        if header is None or any(c.required and c.key not in header.columns for c in contract):
            return None
        body = [column.slice(header.row) for column in columns]
        rows = header.row + 1 + np.arange(len(body[0]))
        if all(column.null_count for column in body):  # else no row is blank
            filled = np.zeros(len(body[0]), dtype=bool)
            for column in body:
                filled |= column.is_valid().to_numpy(zero_copy_only=False)
            kept = pa.array(np.flatnonzero(filled))
            body = [column.take(kept) for column in body]
            rows = rows[filled]
        self.unreadable = self.check_cells(sheet, header, body, rows, is_long)
        if is_long:
            return self.read_list(sheet, header, body, rows, measure_ids)
        return self.read_matrix(sheet, header, body, rows, measure_ids)

    def check_cells(self, sheet: str, header: Header, body: list[pa.Array], rows: np.ndarray,
                    is_long: bool) -> dict[int, np.ndarray]:
        """Errors for error values and overlong texts (warnings for error values in extra columns).

        Such a cell is made blank in `body`, so that it is not reported again as an unknown word,
        Nr or office; the mask of those cells per column is returned for the checks of blank cells.
        """
        names = {position: header.names[key] for key, position in header.columns.items()}
        extra = {}
        for name, position in header.extra.items():
            if is_long or cells.office_number(name) is None:
                extra[position] = name
            else:
                names[position] = name
        errors = pa.array(EXCEL_ERRORS)
        unreadable = {}
        checked = {**names, **extra}
        filled = [body[p] for p in checked if body[p].null_count < len(body[p])]
        if not filled:
            return unreadable
        # The same bounds over all columns at once first: one pass instead of two compute calls per column.
        # No cell starting with '#' means no error literal: cheaper than finding the smallest text (20 against 80 µs).
        every = pa.chunked_array(filled, type=pa.string())
        if not pc.any(pc.starts_with(every, "#")).as_py() and pc.max(pc.binary_length(every)).as_py() <= MAX_CELL_TEXT:
            return unreadable
        for position, name in checked.items():
            column = body[position]
            if column.null_count == len(column):
                continue
            # Cheap bounds first (a million cells cost a tenth of a second per full test): no text sorts
            # below an error literal in most columns, and no cell holds more bytes than characters.
            none = np.zeros(len(column), dtype=bool)
            is_error = none if pc.min(column).as_py() > max(EXCEL_ERRORS) else pc.fill_null(
                pc.is_in(column, value_set=errors), False).to_numpy(zero_copy_only=False)
            too_long = none if pc.max(pc.binary_length(column)).as_py() <= MAX_CELL_TEXT else pc.fill_null(
                pc.greater(pc.utf8_length(column), MAX_CELL_TEXT), False).to_numpy(zero_copy_only=False)
            if not (is_error.any() or too_long.any()):
                continue
            for i in np.flatnonzero(is_error | too_long):
                value = column[int(i)].as_py()
                if is_error[i]:
                    problem = self.warn if position in extra else self.err
                    problem(Code.EXCEL_ERROR, cells.excel_error_message(cells.excel_error(value)), sheet=sheet,
                            row=int(rows[i]), column=name, value=value)
                else:
                    self.err(Code.TEXT_TOO_LONG, cells.too_long_message(len(value)), sheet=sheet, row=int(rows[i]),
                             column=name, value=cells.quoted(value))
            mask = is_error | too_long
            body[position] = pc.if_else(pa.array(mask), pa.nulls(len(column), pa.string()), column)
            unreadable[position] = mask
        return unreadable

    def unreadable_rows(self, position: int, rows: np.ndarray) -> np.ndarray:
        """Per element of `rows` (body rows, possibly tiled): whether its cell in column `position` was refused."""
        mask = self.unreadable.get(position)
        if mask is None:
            return np.zeros(len(rows), dtype=bool)
        return np.tile(mask, len(rows) // len(mask)) if len(mask) else np.zeros(0, dtype=bool)

    def read_list(self, sheet, header, body, rows, measure_ids) -> RolloutTable:
        for name in header.extra:
            self.warn(Code.EXTRA_COLUMN, f"Unbekannte Spalte ›{name}‹ wird für den Umsetzungsstand "
                      "nicht ausgewertet.", sheet=sheet, row=header.row, column=name)
        position = header.columns
        cells_of = {key: Codes.of_texts(body[position[key]]) for key in position}
        long = _LongRollout(
            ids=cells_of["id"], words=cells_of["state"], rows=rows,
            applications=cells_of.get("application", Codes.blank(len(rows))),
            word_columns=np.zeros(len(rows), dtype=np.intp), column_names=[header.names["state"]],
            id_refused=self.unreadable_rows(position["id"], rows),
        )
        keep = self.check_words_and_ids(sheet, header, long)
        office_raw = cells_of["office"]
        resolved = [self.resolve_office(u) for u in office_raw.values]
        offices = merge_equal([office for office, _ in resolved], office_raw.codes)
        resolved.append((None, "Das Amt fehlt; erwartet wird eine Amtsnummer wie „12“."))  # code -1: blank
        bad_office = np.array([problem is not None for _, problem in resolved])[office_raw.codes] & keep
        reported = self.unreadable_rows(position["office"], rows)  # an error value, already an error
        keep &= ~reported
        for i in np.flatnonzero(bad_office & ~reported):
            code = office_raw.codes[i]
            self.err(Code.EMPTY_REQUIRED if code < 0 else Code.UNKNOWN_OFFICE, resolved[code][1], sheet=sheet,
                     row=int(rows[i]), column=header.names["office"],
                     value=None if code < 0 else office_raw.values[code])
        return self.finish(sheet, header, long, keep & ~bad_office, offices.codes, offices.values, measure_ids,
                           is_long=True, with_application="application" in position)

    def read_matrix(self, sheet, header, body, rows, measure_ids) -> RolloutTable:
        office_columns = []  # (position, office number, header as spelled)
        for name, position in header.extra.items():
            number = cells.office_number(name)
            if number is None:
                self.warn(Code.EXTRA_COLUMN, f"Spalte ›{name}‹ beginnt nicht mit einer Amtsnummer und wird "
                          "für den Umsetzungsstand nicht ausgewertet.", sheet=sheet, row=header.row, column=name)
            else:
                office_columns.append((position, number, name))
        self.check_matrix_offices(sheet, header.row, [(n, name) for _, n, name in office_columns])
        n, k = len(rows), len(office_columns)
        # Melted column by column: element c * n + r is row r of office column c.
        words = pa.chunked_array([body[p] for p, _, _ in office_columns], type=pa.string()) if k else pa.array(
            [], pa.string())
        ids = Codes.of_texts(body[header.columns["id"]])
        with_id = np.flatnonzero(ids.codes >= 0)
        self.check_repeated(sheet, header.names["id"], ids.codes[with_id], rows[with_id],
                            lambda i: ids.values[ids.codes[with_id[i]]])
        long = _LongRollout(
            ids=Codes(np.tile(ids.codes, k), ids.values), words=Codes.of_texts(words), rows=np.tile(rows, k),
            applications=Codes.blank(n * k), word_columns=np.repeat(np.arange(k), n),
            column_names=[name for _, _, name in office_columns],
            id_refused=self.unreadable_rows(header.columns["id"], np.tile(rows, k)),
        )
        keep = self.check_words_and_ids(sheet, header, long)
        offices = merge_equal([number for _, number, _ in office_columns], np.arange(k))
        return self.finish(sheet, header, long, keep, offices.codes[long.word_columns], offices.values, measure_ids,
                           is_long=False, with_application=False)

    def check_matrix_offices(self, sheet, header_row, office_columns) -> None:
        seen: dict[str, str] = {}
        for number, name in office_columns:
            if number in seen:
                self.err(Code.DUPLICATE_COLUMN, f"Das Amt {number} hat zwei Spalten (auch ›{seen[number]}‹).",
                         sheet=sheet, row=header_row, column=name)
            seen[number] = name
            _, problem = self.resolve_office(number)
            if problem:
                self.err(Code.UNKNOWN_OFFICE, problem, sheet=sheet, row=header_row, column=name, value=name)

    def check_words_and_ids(self, sheet: str, header: Header, long: _LongRollout) -> np.ndarray:
        """Errors for unknown words and missing Nrs; the mask of rows that have both."""
        states = [WORD_TO_ROLLOUT.get(fold_word(word)) for word in long.words.values]
        states.append(WORD_TO_ROLLOUT[""])  # code -1: a blank cell
        long.states = np.array([ROLLOUT_STATES.index(s.value) if s else -1 for s in states])[long.words.codes]
        for i in np.flatnonzero(long.states < 0):
            word = long.words.values[long.words.codes[i]]
            self.err(Code.UNKNOWN_WORD, f"„{cells.quoted(word)}“ ist kein bekannter Umsetzungsstand; erlaubt sind "
                     f"{accepted_words(*Rollout)}.", sheet=sheet, row=int(long.rows[i]),
                     column=long.column_names[long.word_columns[i]], value=word)
        for row in np.unique(long.rows[(long.ids.codes < 0) & ~long.id_refused]):
            self.err(Code.EMPTY_REQUIRED, "Die Nr der Maßnahme fehlt; erwartet wird eine Nr aus dem Blatt "
                     "›Maßnahmen‹.", sheet=sheet, row=int(row), column=header.names["id"])
        return (long.ids.codes >= 0) & (long.states >= 0)

    def finish(self, sheet, header, long: _LongRollout, keep, office_codes, office_names, measure_ids,
               is_long: bool, with_application: bool) -> RolloutTable:
        id_name = header.names["id"]
        ids = long.ids
        if measure_ids is not None:
            known_id = np.fromiter(map(measure_ids.__contains__, ids.values), dtype=bool, count=len(ids.values))
            unknown = keep & ~np.append(known_id, True)[ids.codes]
            for row, first in zip(*np.unique(long.rows[unknown], return_index=True), strict=True):
                measure_id = ids.values[ids.codes[np.flatnonzero(unknown)[first]]]
                self.err(Code.UNKNOWN_MEASURE, f"Maßnahme „{cells.quoted(measure_id)}“ gibt es im Blatt ›Maßnahmen‹ "
                         "nicht; erwartet wird eine dort vorhandene Nr.", sheet=sheet, row=int(row),
                         column=id_name, value=measure_id)
        kept = slice(None) if keep.all() else np.flatnonzero(keep)  # a slice takes without copying
        if is_long:
            key = ids.codes[kept].astype(np.int64) * (len(office_names) + 1) + office_codes[kept]
            applications = long.applications
            if with_application:
                key = key * (len(applications.values) + 1) + applications.codes[kept] + 1

            items = np.flatnonzero(keep)

            def shown(i: int) -> str:
                item = items[i]
                parts = [ids.values[ids.codes[item]], office_names[office_codes[item]]]
                if applications.codes[item] >= 0:
                    parts.append(applications.values[applications.codes[item]])
                return " / ".join(parts)

            self.check_repeated(sheet, id_name, key, long.rows[kept], shown)
        return RolloutTable(ids.take(kept), Codes(office_codes[kept], office_names), long.applications.take(kept),
                            long.states[kept], long.rows[kept].astype(np.int64))

    def check_repeated(self, sheet: str, id_name: str, keys: np.ndarray, rows: np.ndarray,
                       shown: Callable[[int], str]) -> None:
        """One row per key: (Nr, Amt[, Anwendung]) in a list, Nr in a matrix."""
        first = first_rows(keys, rows)
        for i in np.flatnonzero(first != rows):
            key = shown(i)
            self.err(Code.DUPLICATE_ROLLOUT, f"„{key}“ kommt doppelt vor (zuerst in Zeile {int(first[i])}).",
                     sheet=sheet, row=int(rows[i]), column=id_name, value=key)


@dataclass
class _LongRollout:
    """Rollout cells one per element (a matrix melted column by column), as codes."""

    ids: Codes
    words: Codes
    rows: np.ndarray  # Excel row of each element
    applications: Codes
    word_columns: np.ndarray  # index into column_names: where each element's word stands
    column_names: list[str]
    id_refused: np.ndarray  # its Nr cell held an error value or an overlong text (reported already)
    states: np.ndarray | None = None  # index into ROLLOUT_STATES, -1 for an unknown word


@dataclass(frozen=True)
class RolloutTable:
    """The rollout rows kept, each value a code into the distinct values found in the sheet."""

    ids: Codes
    offices: Codes
    applications: Codes
    states: np.ndarray  # index into ROLLOUT_STATES
    rows: np.ndarray  # Excel row


def _empty() -> RolloutTable:
    return RolloutTable(Codes.blank(0), Codes.blank(0), Codes.blank(0), np.zeros(0, dtype=np.intp),
                        np.zeros(0, dtype=np.int64))
