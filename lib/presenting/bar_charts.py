"""Horizontal bar charts of one value per row: the share done per office (Prioritäten, Ämter) and the measures per
partner (Kooperationen). One bar per row in the table's order, top-down, each with its number after its end."""

from __future__ import annotations

import pandas as pd

from lib.presenting.drawing import GRID_COLOR, STATUS_COLORS, Medium, count_axis, drawn, number_labels, row_height_in
from lib.presenting.fmt import de_number
from lib.reading.contract import Status

LABEL_CHARS = 60  # a longer row label is cut with "…" (the table below the chart has it whole)


def share_bars(table: pd.DataFrame, label: str, share: str, axis_title: str, medium: Medium) -> bytes:
    """One bar per row of `table`: its `share` (0–1) as a percentage, labelled by its `label` column."""
    percent = (table[share] * 100).round().astype(int)

    def axis(axes) -> None:
        axes.set_xlim(0, 112)  # room for "100 %" after the longest bar
        axes.set_xticks([0, 25, 50, 75, 100])
        axes.set_xlabel("Anteil umgesetzt (%)")

    return _bars(table[label], percent, [f"{p} %" for p in percent], axis_title, axis, medium, "share_bars")


def partner_bars(counts: pd.DataFrame, medium: Medium) -> bytes:
    """`counts`: partner, Maßnahmen (CooperationPage.partner_bars): one bar per partner."""
    values = counts["Maßnahmen"].astype(int)

    def axis(axes) -> None:
        axes.set_xlim(0, max(1, int(values.max()) if len(values) else 1) * 1.12)
        axes.set_xlabel("Anzahl gemeinsamer Maßnahmen")
        count_axis(axes.xaxis)

    return _bars(counts["partner"], values, [de_number(v) for v in values], None, axis, medium, "partner_bars")


def _bars(labels: pd.Series, values: pd.Series, texts: list[str], axis_title: str | None, axis, medium: Medium,
          name: str) -> bytes:
    shown = [_cut(str(text)) for text in labels]
    positions = list(range(len(shown)))

    def paint(figure, axes) -> None:
        bars = axes.barh(positions, values, color=STATUS_COLORS[Status.COMPLETE.value], height=0.7)
        number_labels(axes, bars, texts, where="edge")
        axes.set_yticks(positions, shown)
        axes.set_ylim(len(shown) - 0.5, -0.5)  # the first row on top
        if axis_title:
            axes.set_ylabel(axis_title)
        axes.grid(axis="x", color=GRID_COLOR)
        axis(axes)

    return drawn(medium, 0.9 + row_height_in(medium) * max(1, len(shown)), name, paint)


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"
