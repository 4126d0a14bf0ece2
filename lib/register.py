"""Reading and validating a register workbook into the domain model, collecting every finding.

`read_register` is the single entry point: bytes in, a `LoadResult` out. The workbook contract
(`lib.contract`) says what is read; this module says how, and reports in German where a
person has to fix something.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import zip_longest

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib import cells
from lib.cells import CellError, is_blank
from lib.codes import distinct, first_rows
from lib.contract import (
    MAX_TITLE_ROWS,
    MEASURE_COLUMNS,
    OFFICE_COLUMNS,
    ROLLOUT_LONG_COLUMNS,
    SHEET_INFO,
    SHEET_MEASURES,
    SHEET_OFFICES,
    SHEET_ROLLOUT,
    STUFENPLAN_DEADLINE,
    STUFENPLAN_PRIORITIES,
    WORD_TO_ROLLOUT,
    Column,
    Kind,
    Rollout,
    accepted_words,
    fold_name,
    fold_word,
)
from lib.problems import Code, Problem, Severity, UnreadableWorkbook, error, warning
from lib.workbook import Workbook, open_workbook

ROLLOUT_STATES = [state.value for state in Rollout]
_STATE_DTYPE = pd.CategoricalDtype(ROLLOUT_STATES)


@dataclass(frozen=True)
class Register:
    """A validated register: measures, rollout (long form), offices, reporting date."""

    measures: pd.DataFrame  # one row per measure; contract keys, `row`, extra columns as spelled
    rollout: pd.DataFrame  # id, office, application, state (Rollout value), row
    offices: pd.DataFrame  # office, name, department in the order of sheet Ämter
    stand: dt.date | None
    extra_columns: tuple[str, ...] = ()
    file_name: str = ""

    def office_order(self) -> list[str]:
        """All office ids known to the register: sheet Ämter first, then the rest ascending."""
        return list(self._office_order)

    @cached_property
    def _office_order(self) -> tuple[str, ...]:
        listed = self.offices["office"].tolist()
        others = {o for o in [*distinct(self.rollout["office"]), *distinct(self.measures["lead_office"])] if o}
        return tuple(listed + sorted(others - set(listed), key=office_sort_key))


@dataclass
class LoadResult:
    """What reading a file gave: the register (only when there are no errors) and all findings."""

    register: Register | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unreadable: bool = False

    @property
    def ok(self) -> bool:
        return self.register is not None


def office_sort_key(office: str) -> tuple:
    """Natural order of office ids: '9' < '12' < '12.1' < names."""
    match = re.match(r"^(\d{1,18})(?:\.(\d{1,18}))?", office)  # int() refuses more than 4300 digits
    if match:
        return (0, int(match.group(1)), int(match.group(2) or 0), office)
    return (1, 0, 0, office)


def read_register(data: bytes, file_name: str = "") -> LoadResult:
    """Read workbook bytes; never raises for bad content, every problem is in the result."""
    try:
        book = open_workbook(data)
        return _Reader(book, file_name).read()
    except UnreadableWorkbook as exc:
        return LoadResult(None, [exc.problem()], [], unreadable=True)


# --------------------------------------------------------------------------- header handling


@dataclass
class _Header:
    row: int  # Excel row of the header
    columns: dict[str, int]  # contract key → position in the row
    names: dict[str, str]  # contract key → header as spelled in the file
    extra: dict[str, int]  # unknown header as spelled → position


def _find_header_row(rows: list[list[str]], score: Callable[[list[str]], int]) -> int | None:
    """Index of the best header candidate among the first rows (title rows may precede it)."""
    best, best_score = None, 0
    for index, row in enumerate(rows[: MAX_TITLE_ROWS + 1]):
        points = score(row)
        if points > best_score:
            best, best_score = index, points
    return best


def _known_score(columns: Iterable[Column]) -> Callable[[list[str]], int]:
    folded = set().union(*(c.folded_names() for c in columns))
    return lambda row: sum(fold_name(cell) in folded for cell in row if cell)


class _Reader:
    def __init__(self, book: Workbook, file_name: str) -> None:
        self.book = book
        self.file_name = file_name
        self.problems: list[Problem] = []

    # ------------------------------------------------------------------ plumbing
    def err(self, code: Code, message: str, **where) -> None:
        self.problems.append(error(code, message, **where))

    def warn(self, code: Code, message: str, **where) -> None:
        self.problems.append(warning(code, message, **where))

    def header(
        self, sheet: str, rows: list[list[str]], columns: tuple[Column, ...], extra_ok: bool = True
    ) -> _Header | None:
        index = _find_header_row(rows, _known_score(columns))
        if index is None:
            names = ", ".join(f"›{c.name}‹" for c in columns if c.required)
            self.err(
                Code.MISSING_COLUMN,
                f"Keine Kopfzeile gefunden; erwartet werden in einer der ersten "
                f"{MAX_TITLE_ROWS + 1} Zeilen die Spalten {names}.",
                sheet=sheet,
            )
            return None
        header = _Header(row=index + 1, columns={}, names={}, extra={})
        by_folded = {f: c for c in columns for f in c.folded_names()}
        for position, text in enumerate(rows[index]):
            if not text:
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

    # ------------------------------------------------------------------ sheets
    def read(self) -> LoadResult:
        offices = self.read_offices()
        self.resolve_office = _office_resolver(offices)
        measures, stand_title = self.read_measures(offices)
        stand = self.read_stand(stand_title)
        first_rollout_problem = len(self.problems)
        rollout = self.read_rollout(measures, offices)
        self.problems[first_rollout_problem:] = _by_row(self.problems[first_rollout_problem:])
        if measures is not None and rollout is not None:
            self.check_coverage(measures, rollout)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        warnings = [p for p in self.problems if p.severity is Severity.WARNING]
        if errors or measures is None or rollout is None:
            return LoadResult(None, errors, warnings)
        office_frame = offices if offices is not None else _empty_offices()
        extra = tuple(c for c in measures.columns if c not in _MEASURE_FRAME_COLUMNS)
        register = Register(measures, rollout, office_frame, stand, extra, self.file_name)
        return LoadResult(register, [], warnings)

    def read_offices(self) -> pd.DataFrame | None:
        sheet = self.book.find_sheet(SHEET_OFFICES)
        if sheet is None:
            return None
        rows = self.book.cells(sheet)
        header = self.header(sheet, _head_texts(rows), OFFICE_COLUMNS, extra_ok=False)
        if header is None or "office" not in header.columns:
            return _empty_offices()
        body = _Body(rows, header.row)
        read = {key: body.read(position, cells.read_text, strips_text=True) for key, position in header.columns.items()}
        filled = body.filled(read.values())
        number = read["office"]
        office_name = header.names["office"]
        problems = [error(Code.EMPTY_REQUIRED, "Die Amtsnummer fehlt; erwartet wird z. B. „12“.",
                          sheet=sheet, row=body.excel_row(i), column=office_name)
                    for i in np.flatnonzero(filled & number.blank)]
        listed = np.flatnonzero(filled & ~number.blank)
        texts = number.values(listed)
        offices = cells.objects([t and (cells.office_number(t) or t) for t in number.distinct])[number.codes[listed]]
        rows_listed = body.excel_row(listed)
        first = first_rows(offices, rows_listed)
        problems += [error(Code.DUPLICATE_ID, f"„{offices[i]}“ kommt doppelt vor (zuerst in Zeile {first[i]}).",
                           sheet=sheet, row=int(rows_listed[i]), column=office_name, value=texts[i])
                     for i in np.flatnonzero(first != rows_listed)]
        kept = listed[first == rows_listed]
        if "name" in read:
            problems += [error(Code.EMPTY_REQUIRED, "Die Bezeichnung des Amtes fehlt.", sheet=sheet,
                               row=body.excel_row(i), column=header.names["name"])
                         for i in kept[read["name"].blank[kept]]]
        self.problems += _by_row(problems)
        return pd.DataFrame({"office": offices[first == rows_listed],
                             **{key: _texts(read.get(key), kept) for key in ("name", "department")}})

    def read_measures(self, offices: pd.DataFrame | None) -> tuple[pd.DataFrame | None, tuple | None]:
        sheet = self.book.find_sheet(SHEET_MEASURES)
        if sheet is None:
            self.err(Code.MISSING_SHEET, f"Das Pflichtblatt ›{SHEET_MEASURES}‹ fehlt (vorhanden: "
                     + ", ".join(f"›{n}‹" for n in self.book.sheet_names) + ").", sheet=SHEET_MEASURES)
            return None, None
        rows = self.book.cells(sheet)
        header = self.header(sheet, _head_texts(rows), MEASURE_COLUMNS)
        if header is None:
            return None, None
        for name in header.extra:
            self.warn(Code.EXTRA_COLUMN, f"Unbekannte Spalte ›{name}‹ wird übernommen und angezeigt, "
                      "aber nicht ausgewertet.", sheet=sheet, row=header.row, column=name)
        stand_title = self.stand_in_title_rows(sheet, rows[: header.row - 1])
        body = _Body(rows, header.row)
        readers = _cell_readers(self.resolve_office)
        columns = [c for c in MEASURE_COLUMNS if c.key in header.columns]
        read = {c.key: body.read(header.columns[c.key], readers[c.kind], strips_text=c.kind in (Kind.TEXT, Kind.ID))
                for c in columns}
        extra = {name: body.read(position, cells.read_text, strips_text=True) for name, position in header.extra.items()}
        kept = np.flatnonzero(body.filled([*read.values(), *extra.values()]))
        problems: list[Problem] = []
        for column in columns:
            position, column_read = header.columns[column.key], read[column.key]
            where = {"sheet": sheet, "column": header.names[column.key]}
            if column.required:
                problems += [error(Code.EMPTY_REQUIRED, f"Pflichtfeld ist leer; erwartet wird {_expected(column)}.",
                                   row=body.excel_row(i), **where) for i in kept[column_read.blank[kept]]]
            problems += [error(_code_for(column), column_read.error(i), row=body.excel_row(i),
                               value=cells.display(body.raw(position, i)), **where) for i in column_read.bad()]
        if "id" in read:
            ids = read["id"].values(kept)
            problems += [warning(Code.NUMERIC_ID, f"Die Nr ist als Zahl eingetragen und wird als „{ids[i]}“ "
                                 "gelesen; bitte die Spalte als Text formatieren (sonst wird z. B. „1.10“ zu „1.1“).",
                                 sheet=sheet, row=body.excel_row(kept[i]), column=header.names["id"], value=ids[i])
                         for i in np.flatnonzero(body.numbers(header.columns["id"])[kept])]
        measures = _measure_frame(read, extra, kept, body.excel_row(kept))
        problems += self.measure_row_checks(sheet, measures, header)
        self.problems += _by_row(problems)
        self.measure_sheet, self.measure_header = sheet, header
        # An unknown Federführung is an error, but the cell is filled: no 'neither lead nor rollout' warning.
        self.lead_given = ~read["lead_office"].blank[kept] if "lead_office" in read else np.zeros(len(kept), bool)
        return measures, stand_title

    @staticmethod
    def measure_row_checks(sheet: str, measures: pd.DataFrame, header: _Header) -> list[Problem]:
        """Checks across the cells of a row or across rows: unique Nr, Arbeitsplätze, late Frist."""
        problems = []
        rows = measures["row"].to_numpy()
        ids = measures["id"].to_numpy(dtype=object, na_value=None)
        with_id = np.flatnonzero(np.not_equal(ids, None))
        first = first_rows(ids[with_id], rows[with_id])
        for i in np.flatnonzero(first != rows[with_id]):
            measure_id = ids[with_id[i]]
            problems.append(error(Code.DUPLICATE_ID, f"„{cells.quoted(measure_id)}“ kommt doppelt vor (zuerst "
                                  f"in Zeile {first[i]}).", sheet=sheet, row=int(rows[with_id[i]]),
                                  column=header.names["id"], value=measure_id))
        total, done = measures["workplaces_total"].array, measures["workplaces_done"].array
        for i in np.flatnonzero((done > total).to_numpy(dtype=bool, na_value=False)):
            problems.append(error(Code.WORKPLACES_EXCEED,
                                  f"{done[i]} ausgerollte Arbeitsplätze sind mehr als {total[i]} Arbeitsplätze "
                                  "gesamt; erwartet wird höchstens die Gesamtzahl.", sheet=sheet, row=int(rows[i]),
                                  column=header.names["workplaces_done"], value=str(done[i])))
        priority, deadline = measures["priority"].array, measures["deadline"].to_numpy()
        late = (priority <= max(STUFENPLAN_PRIORITIES)).to_numpy(dtype=bool, na_value=False) & (
            deadline > np.datetime64(STUFENPLAN_DEADLINE, "s"))
        for i in np.flatnonzero(late):
            problems.append(warning(Code.LATE_DEADLINE, f"Frist {pd.Timestamp(deadline[i]):%d.%m.%Y} liegt nach dem "
                                    f"Stufenplan-Termin {STUFENPLAN_DEADLINE:%d.%m.%Y} für Priorität {priority[i]}.",
                                    sheet=sheet, row=int(rows[i]), column=header.names["deadline"]))
        return problems

    def stand_in_title_rows(self, sheet: str, rows: list[list[object]]) -> dt.date | None:
        """A line 'Stand: dd.mm.yyyy' above the header (date in the same or the next cell)."""
        for index, row in enumerate(rows):
            for position, value in enumerate(row):
                if not isinstance(value, str):
                    continue
                match = re.match(r"^\s*stand\b\s*(:?)\s*(.*)$", value, flags=re.IGNORECASE)
                # 'Stand der Umsetzung …' is a title, not a date line: without a colon, only a date counts.
                if not match or (not match.group(1) and match.group(2)[:1].isalpha()):
                    continue
                rest: object = match.group(2).strip()
                if not rest:
                    rest = next((v for v in row[position + 1:] if not is_blank(v)), "")
                if is_blank(rest):
                    continue
                try:
                    return cells.read_date(rest)
                except CellError as exc:
                    self.err(Code.BAD_DATE, f"Stand: {exc}", sheet=sheet, row=index + 1,
                             column=_letter(position), value=cells.display(rest))
                    return None
        return None

    def read_stand(self, stand_title: dt.date | None) -> dt.date | None:
        sheet = self.book.find_sheet(SHEET_INFO)
        if sheet is None:
            return stand_title
        for index, row in enumerate(self.book.cells(sheet)):
            for position, value in enumerate(row):
                if is_blank(value) or fold_name(cells.read_text(value)) != "stand":
                    continue
                raw = _at(row, position + 1)
                if is_blank(raw):  # a template's empty Stand: no reporting date, not an error
                    return stand_title
                where = {"sheet": sheet, "row": index + 1, "column": _letter(position + 1)}
                try:
                    stand = cells.read_date(raw)
                except CellError as exc:
                    self.err(Code.BAD_DATE, f"Stand: {exc}", value=cells.display(raw), **where)
                    return None
                if stand_title is not None and stand_title != stand:
                    self.warn(Code.STAND_DIFFERS,
                              f"Der Stand {stand:%d.%m.%Y} im Blatt ›{sheet}‹ weicht vom Stand "
                              f"{stand_title:%d.%m.%Y} über der Tabelle ab; es gilt {stand:%d.%m.%Y}.", **where)
                return stand
        return stand_title

    # ------------------------------------------------------------------ rollout (vectorised)
    def read_rollout(self, measures: pd.DataFrame | None, offices: pd.DataFrame | None) -> pd.DataFrame | None:
        """The Rollout sheet, matrix or list, as one row per (measure, office[, application]).

        Works on Arrow text columns and integer codes of their distinct values: a sheet at
        Excel's row limit holds a few distinct words, offices and Nrs in a million cells.
        """
        sheet = self.book.find_sheet(SHEET_ROLLOUT)
        if sheet is None:
            return _empty_rollout()
        columns = self.book.texts(sheet)
        if not columns or len(columns[0]) == 0:
            return _empty_rollout()
        head_rows = [[(c or "").strip() for c in row] for row in
                     zip(*(column.slice(0, MAX_TITLE_ROWS + 1).to_pylist() for column in columns), strict=True)]
        long_score = _known_score(ROLLOUT_LONG_COLUMNS)
        index = _find_header_row(head_rows, lambda row: long_score(row) + sum(
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
        if is_long:
            return self.read_rollout_list(sheet, header, body, rows, measures, offices)
        return self.read_rollout_matrix(sheet, header, body, rows, measures, offices)

    def read_rollout_list(self, sheet, header, body, rows, measures, offices) -> pd.DataFrame:
        for name in header.extra:
            self.warn(Code.EXTRA_COLUMN, f"Unbekannte Spalte ›{name}‹ wird für den Umsetzungsstand "
                      "nicht ausgewertet.", sheet=sheet, row=header.row, column=name)
        position = header.columns
        cells_of = {key: _Codes.of(body[position[key]]) for key in position}
        long = _LongRollout(
            ids=cells_of["id"], words=cells_of["state"], rows=rows,
            applications=cells_of.get("application", _Codes.blank(len(rows))),
            word_columns=np.zeros(len(rows), dtype=np.intp), column_names=[header.names["state"]],
        )
        keep = self.check_words_and_ids(sheet, header, long)
        office_raw = cells_of["office"]
        resolved = [self.resolve_office(u) for u in office_raw.uniques]
        resolved.append((None, "Das Amt fehlt; erwartet wird eine Amtsnummer wie „12“."))  # code -1: blank
        names = [office for office, _ in resolved]
        office_names, office_codes = _recode(names, office_raw.codes)
        bad_office = np.array([problem is not None for _, problem in resolved])[office_raw.codes] & keep
        for i in np.flatnonzero(bad_office):
            code = office_raw.codes[i]
            self.err(Code.EMPTY_REQUIRED if code < 0 else Code.UNKNOWN_OFFICE, resolved[code][1], sheet=sheet,
                     row=int(rows[i]), column=header.names["office"],
                     value=None if code < 0 else office_raw.uniques[code])
        return self.finish_rollout(sheet, header, long, keep & ~bad_office, office_codes, office_names,
                                   measures, is_long=True, with_application="application" in position)

    def read_rollout_matrix(self, sheet, header, body, rows, measures, offices) -> pd.DataFrame:
        office_columns = []  # (position, office number, header as spelled)
        for name, position in header.extra.items():
            number = cells.office_number(name)
            if number is None:
                self.warn(Code.EXTRA_COLUMN, f"Spalte ›{name}‹ beginnt nicht mit einer Amtsnummer und wird "
                          "für den Umsetzungsstand nicht ausgewertet.", sheet=sheet, row=header.row, column=name)
            else:
                office_columns.append((position, number, name))
        self.check_matrix_offices(sheet, header.row, [(n, name) for _, n, name in office_columns], offices)
        n, k = len(rows), len(office_columns)
        # Melted column by column: element c * n + r is row r of office column c.
        words = pa.chunked_array([body[p] for p, _, _ in office_columns], type=pa.string()) if k else pa.array(
            [], pa.string())
        ids = _Codes.of(body[header.columns["id"]])
        with_id = np.flatnonzero(ids.codes >= 0)
        self.check_repeated(sheet, header.names["id"], ids.codes[with_id], rows[with_id],
                            lambda i: ids.uniques[ids.codes[with_id[i]]])
        long = _LongRollout(
            ids=_Codes(np.tile(ids.codes, k), ids.uniques), words=_Codes.of(words), rows=np.tile(rows, k),
            applications=_Codes.blank(n * k), word_columns=np.repeat(np.arange(k), n),
            column_names=[name for _, _, name in office_columns],
        )
        keep = self.check_words_and_ids(sheet, header, long)
        office_names, column_codes = _recode([number for _, number, _ in office_columns], np.arange(k))
        return self.finish_rollout(sheet, header, long, keep, column_codes[long.word_columns], office_names,
                                   measures, is_long=False, with_application=False)

    def check_matrix_offices(self, sheet, header_row, office_columns, offices) -> None:
        listed = set(offices["office"].tolist()) if offices is not None else None
        seen: dict[str, str] = {}
        for number, name in office_columns:
            if number in seen:
                self.err(Code.DUPLICATE_COLUMN, f"Das Amt {number} hat zwei Spalten (auch ›{seen[number]}‹).",
                         sheet=sheet, row=header_row, column=name)
            seen[number] = name
            if listed is not None and number not in listed:
                self.err(Code.UNKNOWN_OFFICE, f"Amt „{number}“ steht nicht im Blatt ›Ämter‹; erwartet wird eine "
                         "der dort gelisteten Amtsnummern.", sheet=sheet, row=header_row, column=name, value=name)

    def check_words_and_ids(self, sheet: str, header: _Header, long: _LongRollout) -> np.ndarray:
        """Errors for unknown words and missing Nrs; the mask of rows that have both."""
        states = [WORD_TO_ROLLOUT.get(fold_word(word)) for word in long.words.uniques]
        states.append(WORD_TO_ROLLOUT[""])  # code -1: a blank cell
        long.states = np.array([ROLLOUT_STATES.index(s.value) if s else -1 for s in states])[long.words.codes]
        for i in np.flatnonzero(long.states < 0):
            word = long.words.uniques[long.words.codes[i]]
            self.err(Code.UNKNOWN_WORD, f"„{cells.quoted(word)}“ ist kein bekannter Umsetzungsstand; erlaubt sind "
                     f"{accepted_words(*Rollout)}.", sheet=sheet, row=int(long.rows[i]),
                     column=long.column_names[long.word_columns[i]], value=word)
        for row in np.unique(long.rows[long.ids.codes < 0]):
            self.err(Code.EMPTY_REQUIRED, "Die Nr der Maßnahme fehlt; erwartet wird eine Nr aus dem Blatt "
                     "›Maßnahmen‹.", sheet=sheet, row=int(row), column=header.names["id"])
        return (long.ids.codes >= 0) & (long.states >= 0)

    def finish_rollout(self, sheet, header, long: _LongRollout, keep, office_codes, office_names, measures,
                       is_long: bool, with_application: bool) -> pd.DataFrame:
        id_name = header.names["id"]
        ids = long.ids
        if measures is not None:
            known = set(measures["id"].dropna().tolist())
            known_id = np.fromiter(map(known.__contains__, ids.uniques), dtype=bool, count=len(ids.uniques))
            unknown = keep & ~np.append(known_id, True)[ids.codes]
            for row, first in zip(*np.unique(long.rows[unknown], return_index=True), strict=True):
                measure_id = ids.uniques[ids.codes[np.flatnonzero(unknown)[first]]]
                self.err(Code.UNKNOWN_MEASURE, f"Maßnahme „{cells.quoted(measure_id)}“ gibt es im Blatt ›Maßnahmen‹ "
                         "nicht; erwartet wird eine dort vorhandene Nr.", sheet=sheet, row=int(row),
                         column=id_name, value=measure_id)
        kept = np.flatnonzero(keep)
        if is_long:
            key = ids.codes[kept].astype(np.int64) * (len(office_names) + 1) + office_codes[kept]
            applications = long.applications
            if with_application:
                key = key * (len(applications.uniques) + 1) + applications.codes[kept] + 1

            def shown(i: int) -> str:
                item = kept[i]
                parts = [ids.uniques[ids.codes[item]], office_names[office_codes[item]]]
                if applications.codes[item] >= 0:
                    parts.append(applications.uniques[applications.codes[item]])
                return " / ".join(parts)

            self.check_repeated(sheet, id_name, key, long.rows[kept], shown)
        return _rollout_frame(ids, office_codes, office_names, long.applications, long.states, long.rows, kept)

    def check_repeated(self, sheet: str, id_name: str, keys: np.ndarray, rows: np.ndarray,
                       shown: Callable[[int], str]) -> None:
        """One row per key: (Nr, Amt[, Anwendung]) in a list, Nr in a matrix."""
        first = first_rows(keys, rows)
        for i in np.flatnonzero(first != rows):
            self.err(Code.DUPLICATE_ROLLOUT, f"„{shown(i)}“ kommt doppelt vor (zuerst in Zeile {int(first[i])}).",
                     sheet=sheet, row=int(rows[i]), column=id_name, value=shown(i))

    def check_coverage(self, measures: pd.DataFrame, rollout: pd.DataFrame) -> None:
        ids = measures["id"].tolist()
        with_rows = set(distinct(rollout["id"]))
        lacking = ~self.lead_given & ~np.fromiter(map(with_rows.__contains__, ids), dtype=bool, count=len(ids))
        lead_name = self.measure_header.names.get("lead_office", "Federführung")
        rows = measures["row"].to_numpy()
        for i in np.flatnonzero(lacking):
            self.warn(Code.NO_OFFICE, f"Maßnahme „{cells.quoted(ids[i])}“ hat weder eine Federführung noch Zeilen im "
                      "Blatt ›Rollout‹; sie erscheint in keiner Ämter-Auswertung.", sheet=self.measure_sheet,
                      row=int(rows[i]), column=lead_name)


# --------------------------------------------------------------------------- helpers

_MEASURE_FRAME_COLUMNS = ["row", *(c.key for c in MEASURE_COLUMNS)]
_DATE_KEYS = [c.key for c in MEASURE_COLUMNS if c.kind in (Kind.DATE, Kind.MONTH_DATE)]
_LIST_KEYS = [c.key for c in MEASURE_COLUMNS if c.kind is Kind.LIST]


def _extra_key(name: str) -> str:
    """An extra column's frame column: its name, unless that is one of the contract keys ('id', 'row', …)."""
    return f"{name} (Zusatzspalte)" if name in _MEASURE_FRAME_COLUMNS else name


_FRAME_DTYPES = {
    **{c.key: "str" for c in MEASURE_COLUMNS},
    **{key: "datetime64[s]" for key in _DATE_KEYS},
    **{key: "list" for key in _LIST_KEYS},
    "priority": "Int64", "workplaces_total": "Int64", "workplaces_done": "Int64",
    "order": "Float64", "duration_months": "Float64", "person_days": "Float64", "budget_eur": "Float64",
}


def _measure_frame(read: dict[str, cells.ColumnRead], extra: dict[str, cells.ColumnRead], kept: np.ndarray,
                   rows: np.ndarray) -> pd.DataFrame:
    """The measures with the contract's dtypes; a column missing from the sheet is all blank.

    Each column is converted once per distinct value, then spread to the rows.
    """
    blank = cells.read_column(("",), str)
    data = {"row": rows.astype(np.int64)}
    for key in _MEASURE_FRAME_COLUMNS[1:]:
        data[key] = _typed(read.get(key, blank), _FRAME_DTYPES[key], kept if key in read else np.zeros(len(kept), int))
    for name, column_read in extra.items():
        data[_extra_key(name)] = _typed(column_read, "str", kept)
    return pd.DataFrame(data)


def _typed(column: cells.ColumnRead, dtype: str, rows: np.ndarray):
    """The column's values at `rows` as an array of `dtype` (None = missing)."""
    codes = column.codes[rows]
    distinct = column.distinct
    missing = np.equal(distinct, None)
    if dtype == "list":
        lists = cells.objects([() if value is None else value for value in distinct])
        return list(map(list, lists[codes]))  # one list per row, never shared
    if dtype == "datetime64[s]":
        return np.array(list(distinct), dtype="datetime64[s]")[codes]
    if dtype in ("Int64", "Float64"):
        numbers = np.where(missing, 0, distinct).astype(np.int64 if dtype == "Int64" else np.float64)
        array_type = pd.arrays.IntegerArray if dtype == "Int64" else pd.arrays.FloatingArray
        return array_type(numbers[codes], missing[codes])
    return pd.array(distinct[codes], dtype="str")


def _texts(column: cells.ColumnRead | None, rows: np.ndarray):
    """Text cells at `rows`, blank as ''."""
    if column is None:
        return pd.array(np.full(len(rows), "", dtype=object), dtype="str")
    return pd.array(np.where(column.distinct_blank, "", column.distinct)[column.codes[rows]], dtype="str")


@dataclass(frozen=True)
class _Codes:
    """A text column as integer codes into its distinct trimmed values; -1 is a blank cell."""

    codes: np.ndarray
    uniques: list[str]

    @staticmethod
    def of(column: pa.Array | pa.ChunkedArray) -> _Codes:
        """Encode first, then strip each distinct text once: ' x' and 'x' end up as one value."""
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        encoded = pc.dictionary_encode(column)
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        uniques: dict[str, int] = {}
        recode = [uniques.setdefault(text, len(uniques)) if text else -1
                  for text in map(str.strip, encoded.dictionary.to_pylist())]
        return _Codes(np.array([*recode, -1], dtype=np.intp)[codes], list(uniques))

    @staticmethod
    def blank(size: int) -> _Codes:
        return _Codes(np.full(size, -1, dtype=np.intp), [])


@dataclass
class _LongRollout:
    """Rollout cells one per element (a matrix melted column by column), as codes."""

    ids: _Codes
    words: _Codes
    rows: np.ndarray  # Excel row of each element
    applications: _Codes
    word_columns: np.ndarray  # index into column_names: where each element's word stands
    column_names: list[str]
    states: np.ndarray | None = None  # index into ROLLOUT_STATES, -1 for an unknown word


def _recode(names: list[str | None], codes: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Codes into `names` (-1 = its last entry) as codes into the distinct names; None becomes -1."""
    name_codes, distinct = pd.factorize(np.array(names, dtype=object))
    return list(distinct), name_codes[codes]


def _rollout_frame(ids: _Codes, office_codes: np.ndarray, office_names: list[str], applications: _Codes,
                   states: np.ndarray, rows: np.ndarray, kept: np.ndarray) -> pd.DataFrame:
    """The rollout in long form; Nr, office, application and state stay categorical."""
    def categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
        return pd.Categorical.from_codes(codes[kept], categories=categories, validate=False)  # codes are ours

    return pd.DataFrame({
        "id": categorical(ids.codes, ids.uniques),
        "office": categorical(office_codes, office_names),
        "application": categorical(applications.codes, applications.uniques),
        "state": pd.Categorical.from_codes(states[kept], dtype=_STATE_DTYPE, validate=False),
        "row": rows[kept].astype(np.int64),
    })


def _empty_rollout() -> pd.DataFrame:
    nothing = np.zeros(0, dtype=np.intp)
    return _rollout_frame(_Codes.blank(0), nothing, [], _Codes.blank(0), nothing, nothing, nothing)


def _empty_offices() -> pd.DataFrame:
    return pd.DataFrame(columns=["office", "name", "department"], dtype=object)


def _head_texts(rows: list[list[object]]) -> list[list[str]]:
    """The rows that may hold the header, as text ('' for blank cells)."""
    return [[cells.read_text(v) if not is_blank(v) else "" for v in r] for r in rows[: MAX_TITLE_ROWS + 1]]


def _at(row: list[object], position: int) -> object:
    return row[position] if position < len(row) else None


class _Body:
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


def _by_row(problems: list[Problem]) -> list[Problem]:
    """One sheet's findings in reading order: by row (sheet-wide findings first), stable within a row."""
    return sorted(problems, key=lambda p: -1 if p.row is None else p.row)


def _cell_readers(resolve_office: Callable) -> dict[Kind, Callable[[object], object]]:
    """How a typed cell of each kind of measure column is read; raises `CellError` with the reason."""

    def office(raw: object) -> str:
        office_id, problem = resolve_office(cells.read_text(raw))
        if problem:
            raise CellError(problem)
        return office_id

    return {
        Kind.ID: lambda raw: cells.read_id(raw)[0],
        Kind.TEXT: cells.read_text,
        Kind.PRIORITY: cells.read_priority,
        Kind.DATE: cells.read_date,
        Kind.MONTH_DATE: lambda raw: cells.read_date(raw, month_ok=True),
        Kind.WHOLE: lambda raw: cells.read_number(raw, whole=True),
        Kind.NUMBER: cells.read_number,
        Kind.LIST: cells.read_list,
        Kind.STATUS: lambda raw: cells.read_status_word(raw).value,
        Kind.OFFICE: office,
    }


def _letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _office_resolver(offices: pd.DataFrame | None):
    """Map '12', '12 Amt für …' or an office's name to its number, with a German problem or None."""
    listed = set(offices["office"].tolist()) if offices is not None else set()
    by_name = ({fold_name(n): o for o, n in zip(offices["office"].tolist(), offices["name"].tolist(), strict=True)}
               if offices is not None else {})

    def resolve(text: str) -> tuple[str | None, str | None]:
        number = cells.office_number(text)
        if offices is None:
            return (number or text.strip()), None
        if number is None:
            number = by_name.get(fold_name(text))
            if number is None:
                return None, (f"Amt „{cells.quoted(text)}“ steht nicht im Blatt ›Ämter‹; erwartet wird eine Amtsnummer "
                              "oder Bezeichnung von dort.")
        if number not in listed:
            return None, (f"Amt „{number}“ steht nicht im Blatt ›Ämter‹; erwartet wird eine der dort "
                          "gelisteten Amtsnummern.")
        return number, None

    return resolve


def _expected(column: Column) -> str:
    return {
        Kind.ID: "eine eindeutige Nr wie „1.02“",
        Kind.TEXT: "ein Text",
        Kind.PRIORITY: "eine Priorität von 0 bis 5",
    }.get(column.kind, "ein Wert")


def _code_for(column: Column) -> Code:
    return {
        Kind.PRIORITY: Code.BAD_PRIORITY,
        Kind.DATE: Code.BAD_DATE,
        Kind.MONTH_DATE: Code.BAD_DATE,
        Kind.WHOLE: Code.BAD_NUMBER,
        Kind.NUMBER: Code.BAD_NUMBER,
        Kind.STATUS: Code.UNKNOWN_WORD,
        Kind.ID: Code.BAD_NUMBER,
        Kind.OFFICE: Code.UNKNOWN_OFFICE,
    }.get(column.kind, Code.UNKNOWN_WORD)
