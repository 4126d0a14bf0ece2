"""The status report as a Word document (python-docx), its chart the Übersicht's (lib.presenting.status_chart) as a PNG.

Text blocks are written by the helpers of the council answer (`lib.presenting.answer_docx`), so both
documents look alike and register text stays plain runs.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from lib.presenting.answer_docx import _blocks, _page_footer, _text, begin
from lib.presenting.drawing import PRINT
from lib.presenting.report import Figure, Report
from lib.presenting.status_chart import status_chart

CHART_WIDTH_CM = 16


def to_docx(report: Report) -> bytes:
    writer = begin(report.heading, report.subtitle, report.meta_lines)
    document = writer.document
    for section in report.sections:
        writer.heading(section.heading, level=1)
        for block in section.blocks:
            if isinstance(block, Figure):
                _figure(document, block)
            else:
                _blocks(writer, (block,))
    _page_footer(document, report.heading)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _figure(document, figure: Figure) -> None:
    """The chart as an inline picture whose description (alt text) is its finding, and the finding below."""
    document.add_picture(io.BytesIO(status_chart(figure.counts, PRINT)), width=Cm(CHART_WIDTH_CM))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", _text(figure.finding))
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = caption.add_run(_text(f"Abbildung: {figure.finding}"))
    run.italic = True
    run.font.size = Pt(9)
