"""Opening workbook bytes: everything that is not a plain .xlsx is refused with a German reason."""

import io
import random
import struct
import zipfile
import zlib

import pytest

from lib.reading.problems import Code, UnreadableWorkbook
from lib.reading.register import read_register
from lib.reading.workbook import MAX_DEFLATE_RATIO, MAX_INFLATED_BYTES, MAX_ZIP_ENTRIES, check_workbook, open_workbook
from tests.builders import Book, simple, zip_bomb, zip_with

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def valid_bytes() -> bytes:
    return simple().to_bytes()


def ots_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet-template")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


UNREADABLE = {
    "empty": (lambda: b"", "leer"),
    "random bytes": (lambda: random.Random(7).randbytes(4096), "keine Excel-Arbeitsmappe"),
    "csv renamed": (lambda: "Nr;Maßnahme;Priorität\n0.01;Poststelle;0\n".encode(), "CSV"),
    "text": (lambda: b"PK but not really a zip", "keine Excel-Arbeitsmappe"),
    "xls (OLE)": (lambda: OLE + bytes(4096), ".xls"),
    "password-protected": (lambda: OLE + bytes(512) + "EncryptedPackage".encode("utf-16-le") + bytes(512), "Kennwort"),
    "xlsm": (lambda: zip_with({"xl/vbaProject.bin": b"\x00" * 64}, base=valid_bytes()), "Makros"),
    "ots (an OpenDocument template)": (ots_bytes, "OpenDocument-Vorlage (.ots)"),
    "zip without workbook (docx)": (lambda: zip_with({"word/document.xml": b"<w:document/>"}), "Arbeitsmappe"),
    "broken zip": (lambda: valid_bytes()[:300], "beschädigt"),
    "corrupt workbook xml": (lambda: zip_with({"xl/workbook.xml": b"<<<not xml", "[Content_Types].xml": b"x"}),
                             "beschädigt"),
}


@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_unreadable_files_are_refused(kind):
    make, reason = UNREADABLE[kind]
    data = make()
    with pytest.raises(UnreadableWorkbook) as raised:
        open_workbook(data)
    assert reason in raised.value.message
    result = read_register(data, "x.xlsx")
    assert result.unreadable and result.register is None
    assert [p.code for p in result.errors] == [Code.UNREADABLE_FILE]
    assert (result.errors[0].sheet, result.errors[0].row, result.errors[0].column) == (None, None, None)


def test_zip_bomb_is_refused_from_the_directory():
    data = zip_bomb(1500)
    assert len(data) < 2_000_000  # ~1.5 MB on disk …
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        declared = sum(i.file_size for i in archive.infolist())
        with archive.open("xl/worksheets/sheet1.xml") as entry:  # … that really inflates to zeros
            assert entry.read(1 << 20) == bytes(1 << 20)
    assert declared > 1_500_000_000 > MAX_INFLATED_BYTES
    with pytest.raises(UnreadableWorkbook, match="entpackt"):
        check_workbook(data)
    result = read_register(data)
    assert result.unreadable and "MB" in result.errors[0].message


def test_zip_bomb_with_a_lying_directory_is_refused_after_the_declared_bytes():
    data = zip_bomb(1500, declared_mb=1)  # headers claim 1 MB, the data inflates to 1.5 GB
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(i.file_size for i in archive.infolist()) < MAX_INFLATED_BYTES
    with pytest.raises(UnreadableWorkbook, match="manipuliert"):
        check_workbook(data)
    assert read_register(data).unreadable


def test_entries_sharing_compressed_bytes_count_once_each():
    """Overlapping entries (many directory entries, one deflated kernel) inflate far beyond the file size."""
    kernel = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = kernel.compress(bytes(1 << 20)) + kernel.flush()  # 1 MB of zeros in about 1 KB
    head = b"xl/workbook.xml"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, 0, len(data), 1, len(head), 0) + head
    names = [head] + [f"xl/worksheets/sheet{i}.xml".encode() for i in range(2_000)]
    central = b"".join(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, 0, len(data), 1,
                                   len(name), 0, 0, 0, 0, 0, 0) + name for name in names)
    archive = local + data + central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(names), len(names),
                                                   len(central), len(local) + len(data), 0)
    assert len(archive) * MAX_DEFLATE_RATIO < MAX_INFLATED_BYTES < len(names) * len(data) * MAX_DEFLATE_RATIO
    with pytest.raises(UnreadableWorkbook, match="manipuliert"):
        check_workbook(archive)  # each entry is inflated up to its (lying) declared size first


def test_compression_methods_excel_never_writes_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>", compress_type=zipfile.ZIP_BZIP2)
    with pytest.raises(UnreadableWorkbook, match="Packverfahren"):
        check_workbook(buffer.getvalue())


def test_archive_just_under_the_limit_passes_the_directory_check():
    check_workbook(zip_bomb(10))  # 10 MB of zeros is a plausible sheet; the guard must not refuse it


def test_too_many_entries_are_refused():
    entries = {f"xl/media/{i}.bin": b"" for i in range(MAX_ZIP_ENTRIES + 1)}
    entries["xl/workbook.xml"] = b"<workbook/>"
    with pytest.raises(UnreadableWorkbook):
        check_workbook(zip_with(entries))


def test_valid_workbook_opens():
    book = open_workbook(valid_bytes())
    assert book.sheet_names == ["Maßnahmen", "Ämter"]
    assert book.find_sheet("MASSNAHMEN") == "Maßnahmen"
    assert book.find_sheet(" aemter ") == "Ämter"
    assert book.find_sheet("Rollout") is None


def test_cells_start_at_a1_so_rows_are_excel_rows():
    data = Book().sheet("Maßnahmen", None, [[], [], [None, "Nr", 12, None], [None, 1.5]]).to_bytes()
    rows = open_workbook(data).cells("Maßnahmen")
    assert rows[2][1:3] == ["Nr", 12.0]
    assert rows[3][1] == 1.5
    assert all(v == "" for v in rows[0])


def test_texts_keep_leading_blank_rows_and_read_numbers_as_text():
    data = Book().sheet("Rollout", None, [[], ["Nr", 12, "33 Bürgeramt"], [2, "x", "  "], [], [1.1, None, "-"]]).to_bytes()
    rows = list(zip(*(column.to_pylist() for column in open_workbook(data).texts("Rollout")), strict=True))
    assert rows[1] == ("Nr", "12", "33 Bürgeramt")
    assert rows[2][0] == "2" and rows[4][0] == "1.1"
    assert rows[2] == ("2", "x", None)  # whitespace counts as blank
    assert rows[0] == rows[3] == (None, None, None)
