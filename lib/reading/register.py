"""Reading and validating a register workbook into the domain model, collecting every finding.

`read_register` is the single entry point: bytes in, a `LoadResult` out. The workbook contract
(`lib.reading.contract`) says what is read; this module says how, and reports in German where a
person has to fix something.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

from lib.reading import cells
from lib.reading.cells import CellContext, CellError, ExcelError, is_blank
from lib.reading.codes import TEXT, categorical, first_rows, merge_equal
from lib.reading.contract import (
    MEASURE_COLUMNS,
    MEASURE_ROW_RULES,
    OFFICE_COLUMNS,
    ROLLOUT_STATE_DTYPE,
    SHEET_INFO,
    SHEET_MEASURES,
    SHEET_OFFICES,
    STUFENPLAN_DEADLINE,
    STUFENPLAN_PRIORITIES,
    fold_name,
)
from lib.reading.problems import Code, Problem, Severity, UnreadableWorkbook, error, warning
from lib.reading.rollout_sheet import RolloutReader
from lib.reading.sheets import Body, Header, SheetReader, at, by_row, letter
from lib.reading.workbook import Workbook, open_workbook

ArrayLike = np.ndarray | ExtensionArray


@dataclass(frozen=True)
class RolloutCodes:
    """The rollout rows as integer positions: what the status rule works on, and `Register.rollout` shows."""

    measure: np.ndarray  # position of the row's measure among the measures
    office: np.ndarray  # position of the row's office in Register.office_ids
    state: np.ndarray  # index into ROLLOUT_STATES
    application: np.ndarray  # index into `applications`, -1 when the row names none
    applications: list[str]
    row: np.ndarray  # Excel row in sheet Rollout


@dataclass(frozen=True)
class Register:
    """A validated register: measures, rollout, offices, reporting date.

    Kept as columns, the way the reader builds them and the status rule reads them: one array per
    measure column, the rollout as integer codes, the offices as columns. `measures`, `rollout` and
    `offices` are DataFrames built from them on first use (the status rule needs none of them).
    """

    measure_columns: dict[str, ArrayLike]  # contract keys, `row`, extra columns as spelled; contract dtypes
    rollout_codes: RolloutCodes
    office_columns: dict[str, np.ndarray]  # office, name, department (object arrays) in the order of sheet Ämter
    stand: dt.date | None
    office_ids: tuple[str, ...]  # sheet Ämter's offices, then those only in Rollout or Federführung, ascending
    extra_columns: tuple[str, ...] = ()
    file_name: str = ""

    def office_order(self) -> list[str]:
        """All office ids known to the register: sheet Ämter first, then the rest ascending."""
        return list(self.office_ids)

    @cached_property
    def measures(self) -> pd.DataFrame:
        """One row per measure, in sheet order (its own copy of the columns)."""
        return pd.DataFrame(self.measure_columns)

    @cached_property
    def offices(self) -> pd.DataFrame:
        """office, name, department: text columns in the order of sheet Ämter."""
        return pd.DataFrame({key: pd.array(values, dtype=TEXT) for key, values in self.office_columns.items()})

    @cached_property
    def rollout(self) -> pd.DataFrame:
        """The rollout in long form: id, office, application, state (a Rollout value), row; all but row categorical."""
        codes = self.rollout_codes
        return pd.DataFrame({
            "id": categorical(codes.measure, self.measure_columns["id"].tolist()),
            "office": categorical(codes.office, self.office_ids),
            "application": categorical(codes.application, codes.applications),
            "state": pd.Categorical.from_codes(codes.state, dtype=ROLLOUT_STATE_DTYPE, validate=False),
            "row": codes.row,
        })


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


class _Reader(SheetReader):
    """Reads the sheets in dependency order: Ämter, Maßnahmen, Info, Rollout."""

    def __init__(self, book: Workbook, file_name: str) -> None:
        super().__init__(book, [])
        self.file_name = file_name

    def read(self) -> LoadResult:
        offices, self.resolve_office = self.read_offices()
        measures, stand_title = self.read_measures()
        stand = self.read_stand(stand_title)
        first_rollout_problem = len(self.problems)
        measure_position = None if measures is None else {m: i for i, m in enumerate(self.measure_ids.tolist())}
        rollout = RolloutReader(self.book, self.problems, self.resolve_office).read(measure_position)
        self.problems[first_rollout_problem:] = by_row(self.problems[first_rollout_problem:])
        if measures is not None and rollout is not None:
            self.check_coverage(set(rollout.ids.used()))
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        warnings = [p for p in self.problems if p.severity is Severity.WARNING]
        if errors or measures is None or rollout is None:
            return LoadResult(None, errors, warnings)
        listed = self.resolve_office.listed or []
        others = set(rollout.offices.used()).union(self.lead_offices).difference(listed)
        office_ids = (*listed, *sorted(others, key=office_sort_key))
        codes = RolloutCodes(rollout.ids.positions(measure_position), rollout.offices.positions(office_ids),
                             rollout.states, rollout.applications.codes, rollout.applications.values, rollout.rows)
        register = Register(measures, codes, offices, stand, office_ids,
                            tuple(c for c in measures if c not in _MEASURE_FRAME_COLUMNS), self.file_name)
        return LoadResult(register, [], warnings)

    def read_offices(self) -> tuple[dict[str, np.ndarray], _KnownOffices]:
        """The offices' columns (none without sheet Ämter) and how office cells are resolved against them."""
        sheet = self.book.find_sheet(SHEET_OFFICES)
        if sheet is None:
            return _no_offices(), _KnownOffices(None, [])
        rows = self.book.cells(sheet)
        header = self.header(sheet, rows, OFFICE_COLUMNS, extra_ok=False)
        if header is None or "office" not in header.columns:
            return _no_offices(), _KnownOffices([], [])
        body = Body(rows, header.row)
        read = {key: body.read(position, cells.read_text, strips_text=True) for key, position in header.columns.items()}
        filled = body.filled(read.values())
        number = read["office"]
        office_name = header.names["office"]
        problems = [error(Code.EMPTY_REQUIRED, "Die Amtsnummer fehlt; erwartet wird z. B. „12“.",
                          sheet=sheet, row=body.excel_row(i), column=office_name)
                    for i in np.flatnonzero(filled & number.blank)]
        problems += [_unreadable(column_read.error(i), Code.UNKNOWN_WORD, sheet=sheet, row=body.excel_row(i),
                                 column=header.names[key], value=cells.display(body.raw(header.columns[key], i)))
                     for key, column_read in read.items() for i in column_read.bad()]
        listed = np.flatnonzero(filled & ~number.blank)
        # '12' and '12 Amt für …' are the same office.
        merged = merge_equal([t and (cells.office_number(t) or t) for t in number.distinct], number.codes[listed])
        codes, offices = merged.codes, merged.values
        rows_listed = body.excel_row(listed)
        first = first_rows(codes, rows_listed)
        texts = number.values(listed)
        problems += [error(Code.DUPLICATE_ID, f"„{offices[codes[i]]}“ kommt doppelt vor (zuerst in Zeile {first[i]}).",
                           sheet=sheet, row=int(rows_listed[i]), column=office_name, value=texts[i])
                     for i in np.flatnonzero(first != rows_listed)]
        kept = listed[first == rows_listed]
        if "name" in read:
            problems += [error(Code.EMPTY_REQUIRED, "Die Bezeichnung des Amtes fehlt.", sheet=sheet,
                               row=body.excel_row(i), column=header.names["name"])
                         for i in kept[read["name"].blank[kept]]]
        self.problems += by_row(problems)
        columns = {"office": cells.objects(offices)[codes[first == rows_listed]],
                   **{key: _texts(read.get(key), kept) for key in ("name", "department")}}
        return columns, _KnownOffices(columns["office"].tolist(), columns["name"].tolist())

    def read_measures(self) -> tuple[dict[str, ArrayLike] | None, dt.date | None]:
        sheet = self.book.find_sheet(SHEET_MEASURES)
        if sheet is None:
            self.err(Code.MISSING_SHEET, f"Das Pflichtblatt ›{SHEET_MEASURES}‹ fehlt (vorhanden: "
                     + ", ".join(f"›{n}‹" for n in self.book.sheet_names) + ").", sheet=SHEET_MEASURES)
            return None, None
        rows = self.book.cells(sheet)
        header = self.header(sheet, rows, MEASURE_COLUMNS)
        if header is None:
            return None, None
        for name in header.extra:
            self.warn(Code.EXTRA_COLUMN, f"Unbekannte Spalte ›{name}‹ wird übernommen und angezeigt, "
                      "aber nicht ausgewertet.", sheet=sheet, row=header.row, column=name)
        stand_title = self.stand_in_title_rows(sheet, rows[: header.row - 1])
        body = Body(rows, header.row)
        context = CellContext(self.book.epoch, self.resolve_office)
        columns = [c for c in MEASURE_COLUMNS if c.key in header.columns]
        read = {c.key: body.read(header.columns[c.key], c.spec.reader(context), c.spec.strips_text) for c in columns}
        extra = {name: body.read(position, _extra_text) for name, position in header.extra.items()}
        kept = np.flatnonzero(body.filled([*read.values(), *extra.values()]))
        problems: list[Problem] = []
        for column in columns:
            position, column_read = header.columns[column.key], read[column.key]
            where = {"sheet": sheet, "column": header.names[column.key]}
            if column.required:
                problems += [error(Code.EMPTY_REQUIRED, f"Pflichtfeld ist leer; erwartet wird {column.spec.expected}.",
                                   row=body.excel_row(i), **where) for i in kept[column_read.blank[kept]]]
            problems += [_unreadable(column_read.error(i), column.spec.code, row=body.excel_row(i),
                                     value=cells.display(body.raw(position, i)), **where) for i in column_read.bad()]
        for name, position in header.extra.items():
            where = {"sheet": sheet, "column": name}
            # An extra column is shown, not evaluated: its error values are worth a warning, not a refusal.
            problems += [warning(Code.EXCEL_ERROR, cells.excel_error_message(value), row=body.excel_row(i),
                                 value=value.literal, **where)
                         for i, value in enumerate(body.column(position)) if isinstance(value, ExcelError)]
            problems += [_unreadable(extra[name].error(i), Code.TEXT_TOO_LONG, row=body.excel_row(i), **where)
                         for i in extra[name].bad()]
        ids = read["id"].values(kept) if "id" in read else np.full(len(kept), None, dtype=object)
        if "id" in read:
            problems += [warning(Code.NUMERIC_ID, f"Die Nr ist als Zahl eingetragen und wird als „{ids[i]}“ "
                                 "gelesen; bitte die Spalte als Text formatieren (sonst wird z. B. „1.10“ zu „1.1“).",
                                 sheet=sheet, row=body.excel_row(kept[i]), column=header.names["id"], value=ids[i])
                         for i in np.flatnonzero(body.numbers(header.columns["id"])[kept])]
        rows_kept = body.excel_row(kept)
        table = {key: read[key].take(kept) if key in read else cells.ColumnRead.empty(len(kept))
                 for key in _MEASURE_FRAME_COLUMNS[1:]}
        problems += self.measure_row_checks(sheet, table, rows_kept, header)
        measures = _measure_columns(table, {name: column.take(kept) for name, column in extra.items()}, rows_kept)
        self.problems += by_row(problems)
        self.measure_sheet, self.measure_header = sheet, header
        self.measure_ids, self.measure_rows = ids, rows_kept
        lead = table["lead_office"]
        # An unknown Federführung is an error, but the cell is filled: no 'neither lead nor rollout' warning.
        self.lead_given = ~lead.blank
        self.lead_offices = [office for office in lead.distinct[np.unique(lead.codes)] if office is not None]
        return measures, stand_title

    @staticmethod
    def measure_row_checks(sheet: str, table: dict[str, cells.ColumnRead], rows: np.ndarray,
                           header: Header) -> list[Problem]:
        """Checks across the cells of a row or across rows: unique Nr, the contract's row rules, late Frist."""
        problems = []
        ids = table["id"].values()
        codes = merge_equal(table["id"].distinct, table["id"].codes).codes  # 1.1 and '1.1' are one Nr
        with_id = np.flatnonzero(codes >= 0)
        first = first_rows(codes[with_id], rows[with_id])
        for i in np.flatnonzero(first != rows[with_id]):
            measure_id = ids[with_id[i]]
            problems.append(error(Code.DUPLICATE_ID, f"„{cells.quoted(measure_id)}“ kommt doppelt vor (zuerst "
                                  f"in Zeile {first[i]}).", sheet=sheet, row=int(rows[with_id[i]]),
                                  column=header.names["id"], value=measure_id))
        for rule in MEASURE_ROW_RULES:
            value, limit = table[rule.key].floats(), table[rule.limit].floats()
            for i in np.flatnonzero(value > limit):  # NaN (blank) compares False
                problems.append(error(rule.code, rule.message.format(value=value[i], limit=limit[i]), sheet=sheet,
                                      row=int(rows[i]), column=header.names[rule.key], value=f"{value[i]:.0f}"))
        priority, deadline = table["priority"].floats(), table["deadline"].dates()
        late = (priority <= max(STUFENPLAN_PRIORITIES)) & (deadline > np.datetime64(STUFENPLAN_DEADLINE, "s"))
        for i in np.flatnonzero(late):
            problems.append(warning(Code.LATE_DEADLINE, f"Frist {pd.Timestamp(deadline[i]):%d.%m.%Y} liegt nach dem "
                                    f"Stufenplan-Termin {STUFENPLAN_DEADLINE:%d.%m.%Y} für Priorität "
                                    f"{priority[i]:.0f}.", sheet=sheet, row=int(rows[i]), column=header.names["deadline"]))
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
                if not rest:  # the date in the next filled cell: that cell is named in a message
                    position, rest = next(((p, v) for p, v in enumerate(row[position + 1:], position + 1)
                                           if not is_blank(v)), (position, ""))
                if is_blank(rest):
                    continue
                try:
                    return cells.read_date(rest, epoch=self.book.epoch)
                except CellError as exc:
                    self.problems.append(_unreadable(exc, Code.BAD_DATE, f"Stand: {exc}", sheet=sheet, row=index + 1,
                                                     column=letter(position), value=cells.display(rest)))
                    return None
        return None

    def read_stand(self, stand_title: dt.date | None) -> dt.date | None:
        sheet = self.book.find_sheet(SHEET_INFO)
        if sheet is None:
            return stand_title
        for index, row in enumerate(self.book.cells(sheet)):
            for position, value in enumerate(row):
                if not isinstance(value, str) or fold_name(value) != "stand":
                    continue
                raw = at(row, position + 1)
                if is_blank(raw):  # a template's empty Stand: no reporting date, not an error
                    return stand_title
                where = {"sheet": sheet, "row": index + 1, "column": letter(position + 1)}
                try:
                    stand = cells.read_date(raw, epoch=self.book.epoch)
                except CellError as exc:
                    self.problems.append(_unreadable(exc, Code.BAD_DATE, f"Stand: {exc}", value=cells.display(raw),
                                                     **where))
                    return None
                if stand_title is not None and stand_title != stand:
                    self.warn(Code.STAND_DIFFERS,
                              f"Der Stand {stand:%d.%m.%Y} im Blatt ›{sheet}‹ weicht vom Stand "
                              f"{stand_title:%d.%m.%Y} über der Tabelle ab; es gilt {stand:%d.%m.%Y}.", **where)
                return stand
        return stand_title

    def check_coverage(self, with_rows: set[str]) -> None:
        lacking = ~self.lead_given & ~np.fromiter(map(with_rows.__contains__, self.measure_ids), dtype=bool,
                                                  count=len(self.measure_ids))
        lead_name = self.measure_header.names.get("lead_office", "Federführung")
        for i in np.flatnonzero(lacking):
            self.warn(Code.NO_OFFICE, f"Maßnahme „{cells.quoted(self.measure_ids[i])}“ hat weder eine Federführung "
                      "noch Zeilen im Blatt ›Rollout‹; sie erscheint in keiner Ämter-Auswertung.",
                      sheet=self.measure_sheet, row=int(self.measure_rows[i]), column=lead_name)


# --------------------------------------------------------------------------- helpers

_MEASURE_FRAME_COLUMNS = ["row", *(c.key for c in MEASURE_COLUMNS)]


def _extra_key(name: str) -> str:
    """An extra column's frame column: its name, unless that is one of the contract keys ('id', 'row', …)."""
    return f"{name} (Zusatzspalte)" if name in _MEASURE_FRAME_COLUMNS else name


def _extra_text(value: object) -> str:
    """An extra column's cell as shown: an error value as its literal (it is warned about, not refused)."""
    return value.literal if isinstance(value, ExcelError) else cells.read_text(value)


def _unreadable(exc: CellError, code: Code, message: str | None = None, **where) -> Problem:
    """The error for a cell its reader refused: the reader's own reason code, else the column's."""
    return error(exc.code or code, str(exc) if message is None else message, **where)


def _measure_columns(table: dict[str, cells.ColumnRead], extra: dict[str, cells.ColumnRead],
                     rows: np.ndarray) -> dict[str, ArrayLike]:
    """The measures' columns with their kinds' dtypes; each converted once per distinct value."""
    columns = {"row": rows.astype(np.int64)}
    for column in MEASURE_COLUMNS:
        columns[column.key] = table[column.key].to_array(column.spec.dtype)
    for name, column_read in extra.items():
        columns[_extra_key(name)] = column_read.to_array(TEXT)
    return columns


def _texts(column: cells.ColumnRead | None, rows: np.ndarray) -> np.ndarray:
    """Text cells at `rows` as an object array, blank as ''."""
    if column is None:
        return np.full(len(rows), "", dtype=object)
    return np.where(column.distinct_blank, "", column.distinct)[column.codes[rows]]


def _no_offices() -> dict[str, np.ndarray]:
    return {key: np.empty(0, dtype=object) for key in ("office", "name", "department")}


class _KnownOffices:
    """Maps '12', '12 Amt für …' or an office's name to its number, with a German problem or None.

    `listed` are the numbers in sheet Ämter, `names` their names; without that sheet (None) any
    office is taken as written.
    """

    def __init__(self, listed: list[str] | None, names: list[str]) -> None:
        self.listed = listed
        self.numbers = None if listed is None else set(listed)
        self.by_name = {fold_name(name): office for office, name in zip(listed or [], names, strict=True)}

    def __call__(self, text: str) -> tuple[str | None, str | None]:
        number = cells.office_number(text)
        if self.numbers is None:
            return (number or text.strip()), None
        if number is None:
            number = self.by_name.get(fold_name(text))
            if number is None:
                return None, (f"Amt „{cells.quoted(text)}“ steht nicht im Blatt ›Ämter‹; erwartet wird eine Amtsnummer "
                              "oder Bezeichnung von dort.")
        if number not in self.numbers:
            return None, (f"Amt „{number}“ steht nicht im Blatt ›Ämter‹; erwartet wird eine der dort "
                          "gelisteten Amtsnummern.")
        return number, None
