"""The chart of statuses per priority: the Übersicht shows it as SVG, the status report prints it as PNG — one
drawing for both, from `Overview.chart` (views.counts_long).

Stacked horizontal bars, priority 0 on top, each segment with its number on a white box; each status in its colour
and hatching (lib.presenting.drawing).
"""

from __future__ import annotations

import pandas as pd

from lib.presenting.drawing import GRID_COLOR, STATUS_COLORS, STATUS_HATCHES, Medium, drawn, number_labels
from lib.reading.contract import STATUS_LABELS, Status


def status_chart(counts: pd.DataFrame, medium: Medium) -> bytes:
    """`counts`: priority_label, status, count (one row per priority and status). The same bytes for the same
    counts: no date, version or random id in the file."""
    labels = list(dict.fromkeys(counts["priority_label"]))

    def paint(figure, axes) -> None:
        left = pd.Series(0, index=labels, dtype="int64")
        for status, color in STATUS_COLORS.items():
            part = counts[counts["status"] == status].set_index("priority_label")["count"].reindex(labels, fill_value=0)
            bars = axes.barh(labels, part, left=left, color=color, hatch=STATUS_HATCHES[status], edgecolor="white",
                             linewidth=0.8, label=STATUS_LABELS[Status(status)])
            number_labels(axes, bars, [str(n) if n else "" for n in part])
            left += part
        axes.invert_yaxis()  # priority 0 on top
        axes.set_xlabel("Anzahl Maßnahmen")
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.grid(axis="x", color=GRID_COLOR)
        figure.legend(loc="outside upper center", ncols=3, frameon=False)

    return drawn(medium, 1.1 + 0.42 * len(labels) * medium.font_pt / 8, "status_chart", paint)

