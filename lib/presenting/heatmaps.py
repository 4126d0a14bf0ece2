"""The heatmaps of page Ämter, drawn on the server (lib.presenting.drawing): offices × measures, each cell the
office's state of the measure (`office_heatmap`), or, for a register too large for a cell per measure
(views.HEATMAP_MAX_MEASURES), offices × priorities, each cell the share done (`office_priority_heatmap`).

Offices are the rows top-down ("Dezernat · Amt", grouped by Dezernat), the columns are labelled on top. The cells
are one image (`imshow`, embedded in the SVG as a PNG of one pixel per cell and shown crisp), not a shape each:
1.000 measures × 60 offices are 60.000 cells. Colour is never the only carrier: each state has its shape, white on
its cell (✓ umgesetzt, ◐ teilweise, ○ offen: one marker collection per state), drawn where a cell is wide enough
to show it; the share heatmap writes each share into its cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.presenting.drawing import STATUS_COLORS, TEXT_COLOR, Medium, drawn, text_width_pt
from lib.presenting.fmt import de_number
from lib.reading.contract import Status

STATE_COLORS = {"umgesetzt": STATUS_COLORS[Status.COMPLETE.value], "teilweise": STATUS_COLORS[Status.PARTIAL.value],
                "offen": STATUS_COLORS[Status.NOT_STARTED.value]}
STATE_CODES = {"offen": 0, "teilweise": 1, "umgesetzt": 2}  # the image's values: index into the colours
NOT_CONCERNED = "Amt nicht betroffen"  # no cell: the measure does not concern the office
SHARE_COLORS = ("#f2f7fb", "#5aa5dc")  # light to mid blue: the dark text stays ≥ 4.5:1 (6.1:1) on every cell
ABSENT_COLOR = "#767676"  # the dash of an office without measures of a priority, 4.5:1 on white

MIN_SHAPE_PT = 7.0  # narrower cells get no shape: it could not be told apart
MIN_GAP_PT = 4.0  # narrower cells get no white gap between them: it would hide them
LABEL_SCALE = 0.85  # column labels (measure ids) a little smaller than the text


ROW_LABEL_CHARS = 28  # a longer "Dezernat · Amt" is cut with "…": the cells keep the width (the table has it whole)


def _shown(rows: list[str]) -> list[str]:
    return [row if len(row) <= ROW_LABEL_CHARS else row[:ROW_LABEL_CHARS - 1] + "…" for row in rows]


def _rows(table: pd.DataFrame) -> pd.Series:
    return table["department"].astype(str) + " · " + table["office_label"].astype(str)


def _row_pt(medium: Medium) -> float:
    return 1.8 * medium.font_pt


def _plot_width_pt(medium: Medium, rows: list[str]) -> float:
    """The width left to the cells beside the longest row label (estimated before the layout)."""
    longest = max((text_width_pt(row, medium.font_pt) for row in rows), default=0.0)
    return medium.width_in * 72 - longest - 3 * medium.font_pt


def _check_mark():
    from matplotlib.path import Path

    return Path([(-0.42, 0.0), (-0.12, -0.32), (0.42, 0.34)], [Path.MOVETO, Path.LINETO, Path.LINETO])


def _shape_styles() -> dict[str, dict]:
    """The white shape of each state on its cell: ✓, ◐ (left half white), ○."""
    return {
        "umgesetzt": dict(marker=_check_mark(), markerfacecolor="none", markeredgecolor="white"),
        "teilweise": dict(marker="o", fillstyle="left", markerfacecolor="white",
                          markerfacecoloralt=STATE_COLORS["teilweise"], markeredgecolor="white"),
        "offen": dict(marker="o", markerfacecolor="none", markeredgecolor="white"),
    }


def _cell_frame(axes, shape: tuple[int, int]) -> None:
    """No frame, no tick marks; row 0 on top, columns labelled on top."""
    rows, columns = shape
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_xlim(-0.5, columns - 0.5)
    axes.set_ylim(rows - 0.5, -0.5)
    axes.xaxis.tick_top()
    axes.xaxis.set_label_position("top")
    axes.tick_params(length=0)


def _row_gaps(axes, departments: np.ndarray, columns: int) -> None:
    """White lines between the rows, wider between two Dezernate (`departments`: each row's)."""
    between = np.arange(len(departments) - 1) + 0.5
    new_group = departments[1:] != departments[:-1]
    axes.hlines(between[~new_group], -0.5, columns - 0.5, colors="white", linewidth=1)
    axes.hlines(between[new_group], -0.5, columns - 0.5, colors="white", linewidth=3.5)


def office_heatmap(cells: pd.DataFrame, medium: Medium) -> bytes:
    """`cells` is `lib.presenting.views.office_cells`: department, office_label, id, priority, measure_rank, state.

    Rows in the order given, columns by priority and measure_rank. The measures' ids head the columns where they
    fit, else each priority's block of columns is labelled.
    """
    labelled = cells.assign(row=_rows(cells))
    first = labelled.drop_duplicates("row")
    rows, departments = first["row"].tolist(), first["department"].to_numpy()
    order = labelled.sort_values(["priority", "measure_rank"], kind="stable").drop_duplicates("id")
    columns, priorities = order["id"].astype(str).tolist(), order["priority"].to_numpy()
    unique = labelled.drop_duplicates(["row", "id"])
    at = (pd.Index(rows).get_indexer(unique["row"]), pd.Index(order["id"]).get_indexer(unique["id"]))
    codes = np.full((len(rows), len(columns)), np.nan)
    codes[at] = unique["state"].map(STATE_CODES).to_numpy(dtype=float)

    cell_w = _plot_width_pt(medium, _shown(rows)) / max(len(columns), 1)
    cell_h = _row_pt(medium)
    label_pt = LABEL_SCALE * medium.font_pt
    ids_fit = cell_w >= 1.5 * label_pt
    head_pt = max((text_width_pt(c, label_pt) for c in columns), default=0) if ids_fit else 1.6 * medium.font_pt
    height_in = (len(rows) * cell_h + head_pt + 6.5 * medium.font_pt) / 72

    def paint(figure, axes) -> None:
        from matplotlib.colors import ListedColormap
        from matplotlib.legend_handler import HandlerTuple
        from matplotlib.lines import Line2D

        colors = ListedColormap([STATE_COLORS[s] for s in sorted(STATE_CODES, key=STATE_CODES.get)]).with_extremes(
            bad="white")
        axes.imshow(np.ma.masked_invalid(codes), cmap=colors, vmin=-0.5, vmax=2.5, aspect="auto",
                    interpolation="none")
        _cell_frame(axes, codes.shape)
        _row_gaps(axes, departments, len(columns))
        if cell_w >= MIN_GAP_PT:
            axes.vlines(np.arange(len(columns) - 1) + 0.5, -0.5, len(rows) - 0.5, colors="white", linewidth=1)
        styles = _shape_styles()
        if cell_w >= MIN_SHAPE_PT:
            size = 0.6 * min(cell_w, cell_h)
            for state, style in styles.items():
                y, x = np.nonzero(codes == STATE_CODES[state])
                axes.plot(x, y, linestyle="none", markersize=size, markeredgewidth=max(1.0, size / 7),
                          gid=f"shapes-{state}", **style)

        axes.set_yticks(range(len(rows)), labels=_shown(rows))
        if ids_fit:
            axes.set_xticks(range(len(columns)), labels=columns, rotation=90, fontsize=label_pt)
            axes.set_xlabel("Maßnahme (nach Priorität)")
        else:
            _priority_blocks(axes, priorities, cell_w, medium)
            axes.set_xlabel("Maßnahmen nach Priorität")

        mark = 0.85 * medium.font_pt
        handles = [(Line2D([], [], linestyle="none", marker="s", markersize=1.5 * medium.font_pt, markeredgewidth=0,
                           markerfacecolor=STATE_COLORS[state]),
                    Line2D([], [], linestyle="none", markersize=mark, markeredgewidth=max(1.0, mark / 7),
                           **styles[state]))
                   for state in ("umgesetzt", "teilweise", "offen")]
        labels = ["umgesetzt", "teilweise", "offen"]
        if np.isnan(codes).any():
            handles.append(Line2D([], [], linestyle="none", marker="s", markersize=1.5 * medium.font_pt,
                                  markerfacecolor="white", markeredgecolor=ABSENT_COLOR, markeredgewidth=0.8))
            labels.append(NOT_CONCERNED)
        figure.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=1)}, loc="outside upper center",
                      ncols=len(labels), frameon=False)

    return drawn(medium, height_in, "office_heatmap", paint)


def _priority_blocks(axes, priorities: np.ndarray, cell_w: float, medium: Medium) -> None:
    """Too many columns for their ids: a tick between two priorities, each priority's name over its columns
    ("Priorität 3", or "3" where that is too wide, nothing where even that is)."""
    starts = np.flatnonzero(np.r_[True, priorities[1:] != priorities[:-1]])
    ends = np.r_[starts[1:], len(priorities)]
    axes.set_xticks(starts[1:] - 0.5, labels=[])
    axes.tick_params(axis="x", which="major", length=1.2 * medium.font_pt, width=1, color="#767676")
    centres, names = [], []
    for start, end in zip(starts, ends, strict=True):
        room = (end - start) * cell_w - 4
        for name in (f"Priorität {priorities[start]}", str(priorities[start])):
            if text_width_pt(name, medium.font_pt) <= room:
                centres.append((start + end - 1) / 2)
                names.append(name)
                break
    axes.set_xticks(centres, labels=names, minor=True)
    axes.tick_params(axis="x", which="minor", length=0)


def office_priority_heatmap(table: pd.DataFrame, medium: Medium) -> bytes:
    """`table` is `lib.presenting.views.office_priority_cells`: department, office_label, priority, share_done.

    Rows in the order given, one column per priority; each cell's share done as its colour (light to mid blue)
    and written in it ("40 %"); a cell without measures stays white with a dash.
    """
    labelled = table.assign(row=_rows(table))
    first = labelled.drop_duplicates("row")
    rows, departments = first["row"].tolist(), first["department"].to_numpy()
    priorities = sorted(labelled["priority"].unique())
    at = (pd.Index(rows).get_indexer(labelled["row"]), pd.Index(priorities).get_indexer(labelled["priority"]))
    shares = np.full((len(rows), len(priorities)), np.nan)
    shares[at] = labelled["share_done"].to_numpy(dtype=float)
    height_in = (len(rows) * _row_pt(medium) + 10 * medium.font_pt) / 72

    def paint(figure, axes) -> None:
        from matplotlib.colors import LinearSegmentedColormap

        colors = LinearSegmentedColormap.from_list("share_done", SHARE_COLORS).with_extremes(bad="white")
        image = axes.imshow(np.ma.masked_invalid(shares), cmap=colors, vmin=0, vmax=1, aspect="auto",
                            interpolation="none")
        _cell_frame(axes, shares.shape)
        _row_gaps(axes, departments, len(priorities))
        axes.vlines(np.arange(len(priorities) - 1) + 0.5, -0.5, len(rows) - 0.5, colors="white", linewidth=2)
        for (row, column), share in np.ndenumerate(shares):
            absent = np.isnan(share)
            axes.text(column, row, "–" if absent else f"{de_number(100 * share)} %", ha="center", va="center",
                      color=ABSENT_COLOR if absent else TEXT_COLOR, in_layout=False)  # inside: no layout to do
        axes.set_yticks(range(len(rows)), labels=_shown(rows))
        axes.set_xticks(range(len(priorities)), labels=[f"Priorität {p}" for p in priorities])
        gap = 0.6 * medium.font_pt / (len(rows) * _row_pt(medium))  # a fraction of the cells' height
        scale = figure.colorbar(image, ax=axes, location="top", shrink=0.5, aspect=40, pad=gap)
        scale.set_ticks([0, 0.5, 1], labels=["0 %", "50 %", "100 %"])
        scale.outline.set(edgecolor=ABSENT_COLOR, linewidth=0.5)
        scale.set_label("Anteil umgesetzt")

    return drawn(medium, height_in, "office_priority_heatmap", paint)
