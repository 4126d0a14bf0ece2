"""Writing small OpenDocument spreadsheets (.ods) from the same sheet specs as the .xlsx writer.

No library writes .ods from Python without pulling in much more than this needs: a package is a
zip whose first entry, stored uncompressed, is the `mimetype`, a manifest and one `content.xml`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from lib.presenting.xlsx import Sheet

ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"

_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" office:version="1.3"'
)
_MANIFEST = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest {_NAMESPACES}>'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{ODS_MIME}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_BOLD = "ce1"


def write_spreadsheet(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one .ods: title lines in bold, a blank row, the header in bold, the rows; column widths."""
    widths: list[float] = []
    tables = "".join(_table(spec, widths) for spec in sheets)
    column_styles = "".join(
        f'<style:style style:name="co{i}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{width * 0.2:.2f}cm"/></style:style>'
        for i, width in enumerate(widths)
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NAMESPACES}><office:automatic-styles>'
        f'{column_styles}<style:style style:name="{_BOLD}" style:family="table-cell">'
        '<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIME, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def _table(spec: Sheet, widths: list[float]) -> str:
    """One sheet as a table:table; appends its column widths (in characters) to `widths`."""
    columns = ""
    for position, name in enumerate(spec.header):
        widths.append(spec.widths.get(name) or min(60, max(10, len(str(name)) + 2, *(
            len(str(r[position])) + 2 for r in spec.rows[:200] if position < len(r) and r[position] is not None))))
        columns += f'<table:table-column table:style-name="co{len(widths) - 1}"/>'
    rows = [_row([line], bold=True) for line in spec.title_lines]
    if spec.title_lines:
        rows.append("<table:table-row><table:table-cell/></table:table-row>")
    rows.append(_row(spec.header, bold=True))
    rows.extend(_row(row) for row in spec.rows)
    return f"<table:table table:name={quoteattr(spec.name)}>{columns}{''.join(rows)}</table:table>"


def _row(values: Sequence[object], bold: bool = False) -> str:
    style = f' table:style-name="{_BOLD}"' if bold else ""
    return "<table:table-row>" + "".join(_cell(v, style) for v in values) + "</table:table-row>"


def _cell(value: object, style: str) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool) or not isinstance(value, int | float | dt.date | str):
        value = str(value)
    if isinstance(value, str):
        kind = 'office:value-type="string"'
    elif isinstance(value, dt.date):
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
        value = value.strftime("%d.%m.%Y")
    else:
        kind = f'office:value-type="float" office:value="{value!r}"'
    return f"<table:table-cell{style} {kind}><text:p>{escape(str(value))}</text:p></table:table-cell>"
