"""Hostile workbooks: whatever a file holds, the reader accepts it or refuses it in German — never raises, never hangs.

Workbooks are generated with openpyxl (wrong types in every known column, formulas, error cells,
huge strings, odd Unicode, merged cells, hidden and very wide sheets); raw bytes are random,
truncated or bit-flipped workbooks. `make test` runs a modest number of examples,
`make fuzz` (HYPOTHESIS_PROFILE=fuzz) many more.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import zipfile
import zlib
from pathlib import Path

import pytest
from defusedxml import EntitiesForbidden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lib.deriving.status import derive, summary
from lib.reading.cells import CellError, read_date, read_number, read_priority
from lib.reading.contract import (
    MEASURE_COLUMNS,
    OFFICE_COLUMNS,
    ROLLOUT_LONG_COLUMNS,
    ROLLOUT_WORDS,
    SHEET_INFO,
    SHEET_MEASURES,
    SHEET_OFFICES,
    SHEET_ROLLOUT,
)
from lib.reading.problems import Code, Problem, UnreadableWorkbook
from lib.reading.register import LoadResult, office_sort_key, read_register
from lib.reading.workbook import open_workbook
from tests.builders import MEASURE_HEADER, Book, _raw_zip, simple, zip_with

# Not named "default": that would change the settings of every other hypothesis test. No deadline: a
# wall-clock limit fails on a busy machine and proves nothing about the reader; its times are in `make bench`.
settings.register_profile(
    "reader", max_examples=100, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "reader")
RAW = PROFILE

ROOT = Path(__file__).resolve().parents[2]
STICHTAG = dt.date(2019, 9, 17)
CONTRACT_SHEETS = {SHEET_MEASURES, SHEET_ROLLOUT, SHEET_OFFICES, SHEET_INFO}
EXCEL_MAX_ROW = 1_048_576
GERMAN = {"die", "der", "das", "ist", "wird", "nicht", "kein", "keine", "fehlt", "erwartet", "blatt", "datei",
          "spalte", "amt", "kann", "werden", "zeile", "kommt", "doppelt", "steht", "liegt", "gelesen"}

# --------------------------------------------------------------------------- cell values

# openpyxl refuses the C0 controls other than tab, LF and CR; everything else may appear.
_ALPHABET = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
ODD_TEXT = st.text(_ALPHABET, max_size=30).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s))
UNICODE_IDS = st.sampled_from([
    "🚀1.01", "1.01\u200f", "\u05d0\u05d1-3", "١٢", "1\u0301.02", "e\u0301", "\u202e1.02", "ＮＲ", "\t1.01\r\n",
    "\x7f\x85\x9f", "0.01 ", " 0.01", "1.10", "1.1", "nan", "None", "NULL", "#N/A", "Nr", "=", "\ufeff0.01",
])
FORMULAS = st.sampled_from([
    "=1+1", '=HYPERLINK("https://example.org","klick")', "=1/0", "=A1", "=NA()", "=SUM(A:A)", '="0.01"',
    "=DATE(9999,12,31)", "=REPT(\"x\",32767)",
])
ERROR_CELLS = st.sampled_from(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"])
WORDS = st.sampled_from([w for words in ROLLOUT_WORDS.values() for w in words]
                        + ["jein", "X ", "UMGESETZT", "n.r", "teilw", "laeuft", "??", "0", "1", "✗", "—"])
PLAUSIBLE = st.sampled_from([
    "0.01", "1.02", "B-3", "Virtuelle Poststelle", "0", "P1", "Prio 2", "Priorität 3", "7", "P99",
    "12", "12 Amt für IT", "Hauptamt", "31.12.2019", "1.1.20", "2019-12-31", "03.2020", "32.13.2019",
    "00.00.0000", "29.02.1900", "01.01.9999", "31.12.99", "1.234,5", "12 €", "-1", "1e308", "1e309",
    "inf", "-0", "NaN", "a; b;; c", "Stand: 01.01.1900", "Stand:", "Stand 9999-12-31",
])
HUGE = st.builds(lambda c, n: c * n, st.sampled_from(["x", "ß", "🚀", "1", "P", " ", "0.", "\u0301"]),
                 st.integers(30_000, 40_000))
HUGE_DIGITS = st.builds(lambda prefix, n: prefix + "1" * n, st.sampled_from(["", "P", "Prio ", "12.", "0."]),
                        st.integers(4_000, 6_000))
NUMBERS = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 0.0, -0.0, 1e-300, 1e308, 32874, 73051, 73052, 32873.5, 2**53 + 1, 1.1, 5.0000001]),
)
DATES = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(1900, 3, 31)),
    st.dates(dt.date(9999, 1, 1), dt.date(9999, 12, 31)),
    st.dates(),
    st.sampled_from([dt.date(1, 1, 1), dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1800, 6, 1)]),
)
DATETIMES = st.one_of(
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59)),
    st.datetimes(dt.datetime(1, 1, 1), dt.datetime(1899, 12, 31)),
)
TIMES = st.times()
DURATIONS = st.timedeltas(dt.timedelta(days=-10), dt.timedelta(days=100_000))

CELLS = st.one_of(
    st.none(), ODD_TEXT, UNICODE_IDS, FORMULAS, ERROR_CELLS, WORDS, PLAUSIBLE, NUMBERS, st.booleans(),
    DATES, DATETIMES, TIMES, DURATIONS,
)
RARE_CELLS = st.one_of(HUGE, HUGE_DIGITS)


@st.composite
def cell(draw):
    """Mostly ordinary hostile cells; now and then a 30-40k character string or a 5000-digit number."""
    return draw(RARE_CELLS) if draw(st.integers(0, 40)) == 0 else draw(CELLS)


# --------------------------------------------------------------------------- sheets and books

def header_names(columns) -> list[str]:
    return [n for c in columns for n in (c.name, *c.aliases)]


@st.composite
def header_row(draw, columns) -> list[object]:
    """Known headers (any subset, any order, some twice), blanks, odd and non-text headers."""
    known = draw(st.lists(st.sampled_from(header_names(columns)), max_size=len(columns) + 3))
    odd = draw(st.lists(st.one_of(st.none(), ODD_TEXT, UNICODE_IDS, NUMBERS, DATES, st.booleans(), FORMULAS,
                                  ERROR_CELLS, st.sampled_from(["row", "id", "row (Zusatzspalte)", "Nr ", "NR"])),
                        max_size=4))
    row = known + odd
    return draw(st.permutations(row)) if row else row


@st.composite
def title_rows(draw) -> list[list[object]]:
    return draw(st.lists(st.one_of(st.just([]), st.lists(cell(), max_size=3),
                                   st.tuples(st.just("Stand:"), cell()).map(list)), max_size=3))


@st.composite
def body(draw, width: int, columns=None, values=None) -> list[list[object]]:
    values = values if values is not None else cell()
    count = draw(st.integers(0, 8))
    return [draw(st.lists(values, min_size=0, max_size=width + 2)) for _ in range(count)]


@st.composite
def sheets(draw) -> dict:
    """{name: {"rows": [...], "state": ..., "merges": [...]}} for a hostile register."""
    book: dict[str, dict] = {}

    def add(name, rows):
        book[name] = {"rows": rows, "state": draw(st.sampled_from(["visible", "visible", "hidden", "veryHidden"])),
                      "merges": draw(st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6),
                                                        st.integers(0, 2), st.integers(0, 3)), max_size=2))}

    if draw(st.booleans()):
        header = draw(header_row(OFFICE_COLUMNS))
        odd_ids = st.one_of(cell(), UNICODE_IDS, st.sampled_from(["12", "12.1", "12 Amt", "010", "12.1.3", "1" * 30]))
        add(draw(st.sampled_from([SHEET_OFFICES, "Aemter", " ämter ", "AMTER"])),
            draw(title_rows()) + [header] + draw(body(len(header), values=odd_ids)))
    if draw(st.integers(0, 9)):
        header = draw(header_row(MEASURE_COLUMNS))
        add(draw(st.sampled_from([SHEET_MEASURES, "Massnahmen", "MASSNAHMEN "])),
            draw(title_rows()) + [header] + draw(body(len(header))))
    form = draw(st.sampled_from(["none", "matrix", "long"]))
    if form == "matrix":
        offices = draw(st.lists(st.one_of(st.sampled_from(["10", "12", "12 Amt für IT", "33", "12.1", "9 x"]),
                                          cell()), max_size=5))
        header = ["Nr", *offices]
        add(SHEET_ROLLOUT, draw(title_rows()) + [header]
            + draw(body(len(header), values=st.one_of(WORDS, cell()))))
    elif form == "long":
        header = draw(header_row(ROLLOUT_LONG_COLUMNS))
        add(SHEET_ROLLOUT, draw(title_rows()) + [header]
            + draw(body(len(header), values=st.one_of(WORDS, cell()))))
    if draw(st.booleans()):
        add(SHEET_INFO, [["Stand", draw(cell())]] + draw(body(3)))
    if draw(st.integers(0, 3)) == 0:
        add(draw(st.sampled_from(["Hinweise", "Tabelle1", "🚀", "Rollout (alt)"])), draw(body(3)))
    if book and draw(st.integers(0, 7)) == 0:  # a very wide row somewhere
        name = draw(st.sampled_from(sorted(book)))
        width = draw(st.integers(1_000, 3_000))
        book[name]["rows"].append([draw(st.sampled_from(["x", 1, None, "12 Amt"]))] * width)
    return book


def write(book: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, content in (book or {"Tabelle1": {"rows": [], "state": "visible", "merges": []}}).items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(content["rows"], start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(r, c, value)
        for row, column, height, width in content["merges"]:
            if height or width:
                sheet.merge_cells(start_row=row, start_column=column, end_row=row + height, end_column=column + width)
        sheet.sheet_state = content["state"]
    if workbook.worksheets and all(s.sheet_state != "visible" for s in workbook.worksheets):
        workbook.worksheets[0].sheet_state = "visible"  # Excel needs one visible sheet; openpyxl insists
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- the property

def sheet_names(data: bytes) -> set[str]:
    try:
        return set(open_workbook(data).sheet_names)
    except UnreadableWorkbook:
        return set()


def assert_german(problem: Problem) -> None:
    assert isinstance(problem, Problem)
    assert isinstance(problem.message, str) and problem.message.strip()
    words = {w.strip(".,;:()„“›‹").casefold() for w in problem.message.split()}
    assert words & GERMAN, problem.message
    assert problem.text() and problem.as_record()["message"]


def filled_cells(book: dict) -> int:
    return sum(value is not None for content in book.values() for row in content["rows"] for value in row)


def check_result(result: LoadResult, data: bytes, cells: int | None = None) -> None:
    """The property; with `cells` (the filled cells written) also that the findings stay in proportion to them."""
    assert isinstance(result, LoadResult)
    if result.unreadable:
        assert len(result.errors) == 1, "a refused file names one reason"
    if result.ok:
        assert not result.errors and not result.unreadable
        # An accepted register must be usable downstream, whatever odd values it holds.
        result.register.office_order()
        summary(derive(result.register, STICHTAG), STICHTAG)
    else:
        assert result.errors, "refused without a reason"
    names = sheet_names(data) | CONTRACT_SHEETS
    for problem in [*result.errors, *result.warnings]:
        assert_german(problem)
        assert problem.row is None or 1 <= problem.row <= EXCEL_MAX_ROW, problem
        assert problem.sheet is None or problem.sheet in names, problem
    if cells is not None:
        # A finding names a cell, a row, a column or a sheet: a few per filled cell at most, plus the
        # contract's columns and sheets that can each be missing once.
        bound = 3 * cells + len(MEASURE_COLUMNS) + len(OFFICE_COLUMNS) + len(ROLLOUT_LONG_COLUMNS) + 10
        assert len(result.errors) + len(result.warnings) <= bound, (len(result.errors), len(result.warnings), cells)


def read_checked(data: bytes, cells: int | None = None) -> LoadResult:
    result = read_register(data, "fuzz.xlsx")
    check_result(result, data, cells)
    return result


@PROFILE
@given(sheets())
def test_hostile_workbooks_are_accepted_or_refused_in_german(book):
    read_checked(write(book), filled_cells(book))


# --------------------------------------------------------------------------- raw bytes

def valid_workbook() -> bytes:
    return simple().to_bytes()


VALID = valid_workbook()


def assert_refused_or_read(data: bytes) -> None:
    result = read_checked(data)
    if result.unreadable:
        assert [p.sheet for p in result.errors] == [None]


@RAW
@given(st.binary(max_size=4096))
def test_random_bytes_are_refused(data):
    result = read_checked(data)
    assert result.unreadable and not result.ok


@RAW
@given(st.binary(max_size=2048))
def test_random_bytes_behind_the_zip_magic_are_refused(data):
    result = read_checked(b"PK\x03\x04" + data)
    assert result.unreadable and not result.ok


@RAW
@given(st.integers(0, len(VALID) - 1))
def test_truncated_workbooks_are_refused(length):
    result = read_checked(VALID[:length])
    assert result.unreadable and not result.ok


@RAW
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 7)), min_size=1, max_size=8))
def test_bit_flipped_workbooks_are_refused_or_read(flips):
    data = bytearray(VALID)
    for position, bit in flips:
        data[position] ^= 1 << bit
    assert_refused_or_read(bytes(data))


MEMBERS = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
           "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "docProps/app.xml"]


@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # a member twice is part of the fuzz
@RAW
@given(st.dictionaries(st.sampled_from(MEMBERS) | st.text(_ALPHABET, min_size=1, max_size=20), st.binary(max_size=512),
                       max_size=6), st.booleans())
def test_zips_with_random_members_are_refused_or_read(members, on_top_of_a_workbook):
    assert_refused_or_read(zip_with(members, base=VALID if on_top_of_a_workbook else None))


@st.composite
def raw_entries(draw) -> list[tuple[str, int, bytes, int, int]]:
    """Zip entries as stored: any name, data, CRC, declared size and method (stored, deflated, unknown)."""
    entries = []
    names = draw(st.lists(st.sampled_from([*MEMBERS, "mimetype", "mimetype"]) | st.text(min_size=1, max_size=10),
                          max_size=5))
    # Mostly past the first checks: a workbook part is there, and sometimes the ODS marker.
    names += draw(st.sampled_from([["xl/workbook.xml"], ["xl/workbook.xml"], ["mimetype"], []]))
    for name in names:
        content = draw(st.binary(max_size=256))
        method = draw(st.sampled_from([0, 8, 8, 12, 99]))
        data = zlib.compress(content)[2:-4] if method == 8 and draw(st.booleans()) else content
        crc = zlib.crc32(content) if draw(st.booleans()) else draw(st.integers(0, 2**32 - 1))
        size = len(content) if draw(st.booleans()) else draw(st.integers(0, 2**32 - 1))
        entries.append((name, crc, data, size, method))
    return entries


@RAW
@given(raw_entries())
def test_hand_made_zips_with_lying_entries_are_refused_or_read(entries):
    assert_refused_or_read(_raw_zip(entries))


def test_a_workbook_with_each_member_replaced_by_garbage_is_refused_or_read():
    rnd = random.Random(3)
    with zipfile.ZipFile(io.BytesIO(VALID)) as archive:
        names = archive.namelist()
    for name in names:
        for garbage in (b"", rnd.randbytes(200), b"<?xml version='1.0'?><x/>", b"<worksheet><sheetData><row>"):
            buffer = io.BytesIO()
            with zipfile.ZipFile(io.BytesIO(VALID)) as source, zipfile.ZipFile(buffer, "w") as target:
                for item in source.infolist():
                    target.writestr(item, garbage if item.filename == name else source.read(item))
            assert_refused_or_read(buffer.getvalue())


# --------------------------------------------------------------------------- one very wide sheet

def test_ten_thousand_columns_are_each_read_once():
    """Its reading time is a figure of `make bench` (bench/run.py, `wide_sheet_time`), not a test."""
    wide = [f"Spalte {i}" for i in range(10_000)]
    book = {
        SHEET_MEASURES: {"rows": [["Nr", "Maßnahme", "Priorität", *wide], ["0.01", "Poststelle", 0, *range(10_000)]],
                         "state": "visible", "merges": []},
        SHEET_ROLLOUT: {"rows": [["Nr", *(f"{i} Amt" for i in range(10_000))], ["0.01", *(["x"] * 10_000)]],
                        "state": "visible", "merges": []},
    }
    data = write(book)
    result = read_register(data)
    check_result(result, data, filled_cells(book))
    assert result.ok and len(result.register.extra_columns) == 10_000
    register = result.register
    assert register.measures.loc[0, "Spalte 9999"] == "9999"  # extra columns are kept as the text shown
    # One rollout entry per matrix cell, each office once: the work follows the cells, nothing multiplies it.
    assert len(register.rollout_codes.state) == 10_000
    assert sorted(register.rollout_codes.office.tolist()) == list(range(10_000))
    assert len(register.office_ids) == 10_000


# --------------------------------------------------------------------------- found by the fuzzer


def small_zip(*entries: tuple[str, int, bytes, int, int]) -> bytes:
    parts = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    return _raw_zip([*((n, zlib.crc32(b), b, len(b), 0) for n, b in parts.items()), *entries])


@pytest.mark.parametrize("data", [
    pytest.param(small_zip(("xl/worksheets/sheet1.xml", 0, b"\x06", 1, 8)), id="invalid deflate stream"),
    pytest.param(_raw_zip([("mimetype", 3_523_407_757, b"\x00", 0, 0)]), id="mimetype with a wrong CRC"),
    pytest.param(_raw_zip([("mimetype", 0, b"", 0, 99), ("xl/workbook.xml", 0, b"", 0, 0)]),
                 id="mimetype with an unknown compression method"),
    pytest.param(small_zip().replace(b"PK\x01\x02\x14\x00\x14\x00", b"PK\x01\x02\x14\x00\x54\x00", 1),
                 id="zip version 8.4 needed to extract"),
])
def test_damaged_zips_are_refused_not_raised(data):
    result = read_register(data)
    assert result.unreadable and "beschädigt" in result.errors[0].message


@pytest.mark.parametrize("value", [2**63, 2.0**64, 10**15, "1e20"])
def test_whole_numbers_beyond_int64_are_refused_not_raised(value):
    with pytest.raises(CellError, match="zu groß"):
        read_number(value, whole=True)
    book = Book().measures([("0.01", "Poststelle", 0, "10", value)], header=(*MEASURE_HEADER, "Arbeitsplätze gesamt"))
    result = read_register(book.offices().to_bytes())
    assert [p.column for p in result.errors] == ["Arbeitsplätze gesamt"]


@pytest.mark.parametrize("value", ["P" + "1" * 5000, "1" * 5000])
def test_priorities_with_thousands_of_digits_are_refused_not_raised(value):
    with pytest.raises(CellError, match="keine Priorität"):
        read_priority(value)
    result = read_register(simple([("0.01", "Poststelle", value, "10")]).to_bytes())
    assert [p.column for p in result.errors] == ["Priorität"]


def test_office_ids_with_thousands_of_digits_sort_without_raising():
    office = "1" * 5000
    assert office_sort_key(office) < office_sort_key("Hauptamt")
    book = Book().measures([("0.01", "Poststelle", 0, office)]).offices([(office, "Langes Amt", "I")])
    result = read_register(book.to_bytes())
    assert result.ok and result.register.office_order() == [office]


def test_a_boolean_in_a_date_column_is_named_as_excel_shows_it():
    with pytest.raises(CellError, match="„WAHR“ ist kein Datum"):
        read_date(True)


# --------------------------------------------------------------------------- XML entity expansion

LAUGHS = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
) + "]>\n"  # "billion laughs": &lol9; expands to 10^9 × "lol"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_parts(data: bytes, changes: dict) -> bytes:
    """The workbook with some parts rewritten (text → text) or added."""
    changes = dict(changes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, changes.pop(name)(content.decode()) if name in changes else content)
        for name, change in changes.items():
            target.writestr(name, change(""))
    return buffer.getvalue()


def laughs_in_sheet() -> bytes:
    title = "<t>Virtuelle Poststelle</t>"
    return with_parts(VALID, {"xl/worksheets/sheet1.xml": lambda xml: LAUGHS + xml.replace(title, "<t>&lol9;</t>")})


def laughs_in_shared_strings(entity: str = "&lol9;") -> bytes:
    return with_parts(VALID, {
        "xl/worksheets/sheet1.xml": lambda xml: xml.replace(
            't="inlineStr"><is><t>Virtuelle Poststelle</t></is>', 't="s"><v>0</v>'),
        "[Content_Types].xml": lambda xml: xml.replace(
            "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/></Types>'),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(
            "</Relationships>",
            f'<Relationship Id="rIdS" Type="{SHARED_STRINGS_REL}" Target="sharedStrings.xml"/></Relationships>'),
        "xl/sharedStrings.xml": lambda _: (LAUGHS if entity.startswith("&") else "")
        + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        f"<si><t>{entity}</t></si></sst>",
    })


def test_openpyxl_parses_xml_through_defusedxml():
    import openpyxl.xml
    import openpyxl.xml.functions

    assert "defusedxml==" in (ROOT / "requirements.txt").read_text()
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")


def test_the_shared_strings_fixture_is_a_valid_workbook():
    result = read_register(laughs_in_shared_strings("Poststelle"))
    assert result.ok and list(result.register.measures["title"]) == ["Poststelle"]


@pytest.mark.parametrize("make", [laughs_in_sheet, laughs_in_shared_strings], ids=["sheet", "sharedStrings"])
def test_entity_expansion_is_never_expanded(make):
    data = make()
    with pytest.raises(ValueError) as raised:  # openpyxl, through defusedxml, refuses the entity declarations
        load_workbook(io.BytesIO(data))
    chain = [raised.value.__cause__, raised.value.__context__]
    assert any(isinstance(e, EntitiesForbidden) for e in chain)
    result = read_register(data)
    check_result(result, data)
    # Bounded work without a clock: an expanded entity would be a readable part with a title of 10⁹
    # characters (refused as too long, not as unreadable); calamine refuses the part unexpanded instead.
    assert result.unreadable and not result.ok
    assert [p.code for p in result.errors] == [Code.UNREADABLE_FILE]
    assert all(len(p.text()) < 1_000 for p in result.errors)
