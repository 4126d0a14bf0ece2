"""The chart of page Vergleich, drawn on the server (lib.presenting.drawing): registers as rows top-down, one panel
per priority side by side, each bar the share of the priority's measures vollständig umgesetzt (plain) and
teilweise (hatched) stacked, from `lib.presenting.comparison.RegisterComparison.priorities`.

A segment of at least 10 % carries its percentage where the text fits into it; a register without a single bar
segment says why: "0 %" when it holds measures of the priority, "keine Maßnahmen" (or "–" where that is too wide)
when it holds none. A priority no register holds gets no panel. The table under the chart has every number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.presenting.drawing import GRID_COLOR, STATUS_COLORS, STATUS_HATCHES, TEXT_COLOR, Medium, drawn, text_width_pt
from lib.presenting.fmt import de_number
from lib.reading.contract import STATUS_LABELS, Status

SEGMENTS = (("share_complete", Status.COMPLETE.value), ("share_partial", Status.PARTIAL.value))
MIN_LABELLED = 0.10  # the share a segment needs for its percentage
LABELLED_MAX_REGISTERS = 60  # more registers: bars without percentages (400 took 4,4 s and 2,9 MB; 60 0,8 s)
LABEL_SCALE = 0.85  # the percentages a little smaller than the text
NONE_COLOR = "#767676"  # 4.5:1 on white
NO_MEASURES = "keine Maßnahmen"
LABEL_BOX = dict(boxstyle="round,pad=0.2", fc="white", ec="none")  # as lib.presenting.drawing.number_labels


def _percent(share: float) -> str:
    return f"{de_number(100 * share)} %"


def _bars(left: np.ndarray, width: np.ndarray, rows: np.ndarray, height: float = 0.7):
    """Bars as one path of rectangles: drawn at once, and written once into the SVG."""
    from matplotlib.path import Path

    top, bottom, right = rows - height / 2, rows + height / 2, left + width
    corners = np.stack([np.c_[left, top], np.c_[right, top], np.c_[right, bottom], np.c_[left, bottom]], axis=1)
    return Path.make_compound_path_from_polys(corners)


def _panel_table(priorities: pd.DataFrame, priority: int, labels: list[str]) -> pd.DataFrame:
    """One priority's rows, one per register in the chart's order."""
    part = priorities[priorities["priority"] == priority]
    return part.set_index(part["register_label"].astype(str)).reindex(labels)


def register_share_bars(priorities: pd.DataFrame, medium: Medium) -> bytes:
    """`priorities`: register_label, priority, total, share_complete, share_partial (one row per register and
    priority, in the registers' order). The same bytes for the same table."""
    labels = list(dict.fromkeys(priorities["register_label"].astype(str)))
    held = priorities.groupby("priority")["total"].sum()
    shown = [p for p in held.index if held[p] > 0] or list(held.index[:1]) or [0]
    row_pt = 2.0 * medium.font_pt
    label_pt = LABEL_SCALE * medium.font_pt
    height_in = (max(len(labels), 1) * row_pt + 11 * medium.font_pt) / 72

    def paint(figure, axes) -> None:
        panels = axes if isinstance(axes, tuple) else (axes,)
        from matplotlib.patches import Patch, PathPatch

        rows = np.arange(len(labels))
        many = len(labels) > LABELLED_MAX_REGISTERS  # bars as one picture, without percentages
        tables = [_panel_table(priorities, p, labels) for p in shown]
        styles = {status: dict(facecolor=STATUS_COLORS[status], hatch=STATUS_HATCHES[status], edgecolor="white",
                               linewidth=0.8) for _, status in SEGMENTS}
        for panel, priority, table in zip(panels, shown, tables, strict=True):
            left = np.zeros(len(labels))
            for share, status in SEGMENTS:  # one shape of all bars each: 400 registers × 6 panels are 4.800 bars
                width = 100 * table[share].fillna(0).to_numpy(dtype=float)
                drawn_rows = np.flatnonzero(width > 0)
                if len(drawn_rows):
                    # add_artist: the limits are set below; add_patch walked each of the path's segments
                    panel.add_artist(PathPatch(_bars(left[drawn_rows], width[drawn_rows], drawn_rows),
                                               **styles[status]))
                left = left + width
            panel.set_title(f"Priorität {priority}")
            panel.set_xlim(0, 100)
            panel.set_xticks([0, 50, 100], labels=["0", "50", "100 %"])
            panel.grid(axis="x", color=GRID_COLOR)
            panel.set_ylim(max(len(labels), 1) - 0.5, -0.5)  # the first register on top
            panel.set_yticks([])  # the first panel names the registers: no ticks to lay out on the others
            panel.tick_params(axis="y", length=0)
        names = panels[0].get_yaxis_transform()  # x in the panel's width, y in rows
        for row, label in zip(rows, labels, strict=True):  # texts, not ticks: 400 tick labels took seconds to lay out
            panels[0].text(-0.03, row, label, transform=names, ha="right", va="center")
        figure.supxlabel("Anteil an den Maßnahmen der Priorität")
        figure.legend(handles=[Patch(label=STATUS_LABELS[Status(status)], **styles[status]) for _, status in SEGMENTS],
                      loc="outside upper center", ncols=len(SEGMENTS), frameon=False)

        # the panels' widths are known once laid out: a percentage is written where it fits
        figure.get_layout_engine().execute(figure)
        for panel, table in zip(panels, tables, strict=True):
            points_per_percent = panel.get_position().width * medium.width_in * 72 / 100
            left = np.zeros(len(labels))
            for share, _status in SEGMENTS if not many else ():
                values = table[share].fillna(0).to_numpy(dtype=float)
                for row, value, start in zip(rows, values, left, strict=True):
                    text = _percent(value)
                    if value >= MIN_LABELLED and text_width_pt(text, label_pt) + 6 <= 100 * value * points_per_percent:
                        panel.text(start + 50 * value, row, text, ha="center", va="center", fontsize=label_pt,
                                   fontweight="bold", color=TEXT_COLOR, bbox=LABEL_BOX, in_layout=False)
                left = left + 100 * values
            none_done = table["share_complete"].fillna(0) + table["share_partial"].fillna(0) == 0
            for row, total, empty in zip(rows, table["total"].fillna(0), none_done, strict=True):
                if not empty:
                    continue
                text = "0 %" if total else NO_MEASURES
                if not total and text_width_pt(text, label_pt) + 4 > 100 * points_per_percent:
                    text = "–"
                panel.text(1, row, text, va="center", ha="left", fontsize=label_pt, in_layout=False,
                           color=TEXT_COLOR if total else NONE_COLOR)

    return drawn(medium, height_in, "register_share_bars", paint, panels=len(shown))
