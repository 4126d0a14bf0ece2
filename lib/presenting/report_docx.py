"""The status report as a Word document (python-docx), its chart drawn offline as a PNG with matplotlib.

Text blocks are written by the helpers of the council answer (`lib.presenting.answer_docx`), so both
documents look alike and register text stays plain runs. The chart uses the dashboard's status
colours (Okabe–Ito, `ui.charts.STATUS_COLORS`) and a hatching per status, so it reads in grey print too.
"""

from __future__ import annotations

import io

import pandas as pd
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from lib.presenting.answer_docx import _blocks, _page_footer, _text, begin
from lib.presenting.report import Figure, Report
from lib.reading.contract import STATUS_LABELS, Status

STATUS_COLORS = {  # the same as ui.charts.STATUS_COLORS (a test holds them equal)
    Status.COMPLETE.value: "#0072B2",
    Status.PARTIAL.value: "#A86500",
    Status.NOT_STARTED.value: "#595959",
}
STATUS_HATCHES = {Status.COMPLETE.value: "", Status.PARTIAL.value: "//", Status.NOT_STARTED.value: ".."}
CHART_WIDTH_CM = 16


def chart_png(counts: pd.DataFrame) -> bytes:
    """Stacked horizontal bars per priority (as on Übersicht), each segment with its number, German labels."""
    # Imported here: matplotlib takes a noticeable part of a second to load, and only the report needs it.
    import matplotlib

    matplotlib.use("Agg")  # no display, no browser: a PNG in memory
    from matplotlib.figure import Figure as Canvas

    labels = list(dict.fromkeys(counts["priority_label"]))
    figure = Canvas(figsize=(CHART_WIDTH_CM / 2.54, 1.2 + 0.45 * len(labels)), dpi=200, layout="constrained")
    axes = figure.add_subplot()
    left = pd.Series(0, index=labels, dtype="int64")
    for status, color in STATUS_COLORS.items():
        part = counts[counts["status"] == status].set_index("priority_label")["count"].reindex(labels, fill_value=0)
        bars = axes.barh(labels, part, left=left, color=color, hatch=STATUS_HATCHES[status], edgecolor="white",
                         linewidth=0.8, label=STATUS_LABELS[Status(status)])
        # A white box behind each number keeps it readable on any colour and hatching.
        axes.bar_label(bars, labels=[str(n) if n else "" for n in part], label_type="center", color="#1f1f1f",
                       fontsize=8, fontweight="bold", bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none"))
        left += part
    axes.invert_yaxis()  # priority 0 on top, as on the dashboard
    axes.set_xlabel("Anzahl Maßnahmen", fontsize=8)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(labelsize=8)
    axes.grid(axis="x", color="#e5e5e5")
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.legend(loc="outside upper center", ncols=3, frameon=False, fontsize=8)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})  # no version string: same bytes each run
    return buffer.getvalue()


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
    document.add_picture(io.BytesIO(chart_png(figure.counts)), width=Cm(CHART_WIDTH_CM))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", _text(figure.finding))
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = caption.add_run(_text(f"Abbildung: {figure.finding}"))
    run.italic = True
    run.font.size = Pt(9)
