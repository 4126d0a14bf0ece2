"""The answer to a council inquiry as a Word document (python-docx).

Every text from the register or the inquiry file goes into plain runs; this module creates no
hyperlinks and no fields except the page numbers it puts in the footer itself.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from lib.presenting.answer import Answer, Block, Bullets, Paragraph, Subheading, Table

# Characters XML 1.0 cannot hold; python-docx would refuse them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub(" ", value)


class _Writer:
    """Adds paragraphs to the document body with styles resolved once.

    python-docx resolves a style name on every `add_paragraph(style=…)` by scanning all styles twice
    (by name, then whether it is the default); with thousands of bullets that was most of the time.
    The XML written is the same.
    """

    def __init__(self, document) -> None:
        self.document = document
        self._style_ids: dict[str, str] = {}

    def paragraph(self, text: str = "", style: str | None = None) -> DocxParagraph:
        paragraph = self.document.add_paragraph(_text(text))
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.document.styles[style].style_id
            paragraph._p.style = self._style_ids[style]
        return paragraph

    def heading(self, text: str, level: int) -> DocxParagraph:
        return self.paragraph(text, "Title" if level == 0 else f"Heading {level}")


def begin(heading: str, subtitle: str, meta_lines: tuple[str, ...]) -> _Writer:
    """A new German document with its title, a bold subtitle and the meta lines (one paragraph, line breaks)."""
    document = Document()
    document.core_properties.title = _text(heading)
    document.core_properties.language = "de-DE"
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    writer = _Writer(document)

    writer.heading(heading, level=0)
    document.add_paragraph().add_run(_text(subtitle)).bold = True
    meta = document.add_paragraph()
    for i, line in enumerate(meta_lines):
        run = meta.add_run(_text(line))
        if i < len(meta_lines) - 1:
            run.add_break()
    return writer


def to_docx(answer: Answer) -> bytes:
    writer = begin(answer.heading, answer.subtitle, answer.meta_lines)
    document = writer.document

    writer.heading("Vorbemerkung", level=1)
    _blocks(writer, answer.preamble)
    for part in answer.answers:
        writer.heading(f"Frage {part.question.number}", level=1)
        writer.paragraph(part.question.text, style="Quote")
        document.add_paragraph().add_run("Antwort:").bold = True
        _blocks(writer, part.blocks)

    _page_footer(document, f"Antwort auf die Anfrage {answer.inquiry.number}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _blocks(writer: _Writer, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            writer.paragraph(block.text)
        elif isinstance(block, Subheading):
            writer.heading(block.text, level=2)
        elif isinstance(block, Bullets):
            for item in block.items:
                writer.paragraph(item, style="List Bullet")
        else:
            _table(writer.document, block)


def _table(document, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, title in zip(header.cells, block.header, strict=True):
        cell.paragraphs[0].add_run(_text(title)).bold = True
    for values in block.rows:
        cells = table.add_row().cells
        for cell, value, right in zip(cells, values, block.numeric, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(_text(value))
            if right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def _repeat_as_header(row) -> None:
    """Word repeats this row on every page the table spans."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _page_footer(document, label: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{_text(label)} – Seite ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" von ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A complex field (begin, instruction, separate, placeholder, end) that Word updates on open."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run("1")
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)
