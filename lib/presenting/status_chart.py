"""The chart of statuses per priority, drawn by matplotlib: the Übersicht shows it as SVG, the status report
prints it as PNG — one drawing for both, from `Overview.chart` (views.counts_long).

Stacked horizontal bars, priority 0 on top, each segment with its number on a white box. Colours are the
dashboard's (Okabe–Ito, shared with `ui.charts`) and each status has its own hatching, so the chart reads for
colour-blind people and in grey print. Drawn on the server, the first page needs no chart code in the browser
(Plotly's is 4.7 MB of JavaScript, about a second on a fresh browser: docs/performance.md).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from lib.reading.contract import STATUS_LABELS, Status

STATUS_COLORS = {
    Status.COMPLETE.value: "#0072B2",  # blue, 5.2:1 on white
    Status.PARTIAL.value: "#A86500",  # ochre, 4.6:1
    Status.NOT_STARTED.value: "#595959",  # grey, 7.0:1
}
STATUS_HATCHES = {Status.COMPLETE.value: "", Status.PARTIAL.value: "//", Status.NOT_STARTED.value: "."}


@dataclass(frozen=True)
class Medium:
    width_in: float
    font_pt: float
    format: str  # "svg" or "png"
    dpi: int = 100  # pixels per inch of a PNG; an SVG is sized in points


PRINT = Medium(width_in=16 / 2.54, font_pt=8, format="png", dpi=200)  # 16 cm wide in the Word report
SCREEN = Medium(width_in=9.0, font_pt=10.5, format="svg")  # 864 px wide at the browser's 96 px per inch


def drawing() -> tuple:
    """matplotlib and its Figure, loaded on first use: the import costs most of a second of CPU (its classes build
    their docstrings), which the CLI's other commands need not pay. The server loads it before it answers (app.py)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: drawn into memory
    from matplotlib.figure import Figure

    return matplotlib, Figure


def status_chart(counts: pd.DataFrame, medium: Medium) -> bytes:
    """`counts`: priority_label, status, count (one row per priority and status). The same bytes for the same
    counts: no date, version or random id in the file."""
    matplotlib, Canvas = drawing()
    labels = list(dict.fromkeys(counts["priority_label"]))
    with matplotlib.rc_context({"svg.hashsalt": "status_chart", "font.size": medium.font_pt}):
        figure = Canvas(figsize=(medium.width_in, 1.1 + 0.42 * len(labels) * medium.font_pt / 8), dpi=medium.dpi,
                        layout="constrained")
        axes = figure.add_subplot()
        left = pd.Series(0, index=labels, dtype="int64")
        for status, color in STATUS_COLORS.items():
            part = counts[counts["status"] == status].set_index("priority_label")["count"].reindex(labels, fill_value=0)
            bars = axes.barh(labels, part, left=left, color=color, hatch=STATUS_HATCHES[status], edgecolor="white",
                             linewidth=0.8, label=STATUS_LABELS[Status(status)])
            # A white box behind each number keeps it readable on any colour and hatching.
            axes.bar_label(bars, labels=[str(n) if n else "" for n in part], label_type="center", color="#1f1f1f",
                           fontweight="bold", bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none"))
            left += part
        axes.invert_yaxis()  # priority 0 on top
        axes.set_xlabel("Anzahl Maßnahmen")
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.grid(axis="x", color="#e5e5e5")
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.legend(loc="outside upper center", ncols=3, frameon=False)
        buffer = io.BytesIO()
        no_stamp = {"Date": None, "Creator": None} if medium.format == "svg" else {"Software": None}
        figure.savefig(buffer, format=medium.format, metadata=no_stamp)
    return buffer.getvalue()
