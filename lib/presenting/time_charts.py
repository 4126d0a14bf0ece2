"""The charts over time, drawn on the server for the screen (SVG): Fristen's timeline and its counts per month, the
Planung's Gantt chart, the progress of Änderungen across versions.

Each is `chart(data…, medium) -> bytes` drawn by `lib.presenting.drawing.drawn`; the data are the page's own
frames (lib.presenting.views, .sections, .changes). Colour is never the only carrier: each status and priority
has its own marker or hatching, overdue measures a violet rim, bars and points their numbers.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd

from lib.presenting.drawing import (
    GRID_COLOR,
    OVERDUE_COLOR,
    STATUS_COLORS,
    STATUS_HATCHES,
    STATUS_MARKERS,
    TEXT_COLOR,
    Medium,
    count_axis,
    date_axis,
    drawn,
    row_height_in,
)
from lib.presenting.fmt import de_date, de_number
from lib.reading.contract import STATUS_LABELS, Status

DATE_LINE_COLOR = "#000000"
LABEL_CHARS = 45  # of a measure's title in a row label: "1.01 E-Rechnung …"
TIMELINE_ROW = 0.55  # of `row_height_in`: one line of text per measure, as Plotly's 22 px rows at its 14 px font
MONTH_BAR_DAYS = 24  # a month's bar on the date axis, centred in its month (as on Plotly's)
OVERDUE_LABEL = "überfällig (violetter Rand)"
RIM = 2.2  # points: the violet rim of an overdue measure

# Planung: priorities 3–5 in the status colours and hatchings, in the order of the statuses
PLAN_COLORS = {3: STATUS_COLORS["complete"], 4: STATUS_COLORS["partial"], 5: STATUS_COLORS["not_started"]}
PLAN_HATCHES = {3: "", 4: "//", 5: "."}

# Änderungen: one line per priority, Okabe–Ito hues darkened for ≥ 3:1 on white (#009E73 3.4:1 is the lightest),
# each with its own marker
PRIORITY_COLORS = {0: "#0072B2", 1: "#A86500", 2: "#009E73", 3: "#D55E00", 4: "#AA3377", 5: "#000000"}
PRIORITY_MARKERS = {0: "o", 1: "D", 2: "s", 3: "^", 4: "v", 5: "X"}


def _days(values) -> list[float]:
    """Dates as matplotlib's day numbers, which `date_axis` writes as German dates."""
    from matplotlib.dates import date2num

    return list(date2num(pd.to_datetime(pd.Series(values)).dt.to_pydatetime())) if len(values) else []


def _row_labels(frame: pd.DataFrame) -> list[str]:
    """"id title", the title cut after LABEL_CHARS characters: register text, drawn literally."""
    return [f"{nr} {str(title)[:LABEL_CHARS]}" for nr, title in zip(frame["id"], frame["title"], strict=True)]


def _date_lines(axes, stichtag: dt.date, stufenplan_deadline: dt.date) -> None:
    """The Stichtag (solid) and the end of the Stufenplan (dashed), each labelled above the chart on the side away
    from the other, so the two labels never overlap."""
    from matplotlib.transforms import blended_transform_factory

    lines = [(stichtag, f"Stichtag {de_date(stichtag)}", "-")]
    if stufenplan_deadline != stichtag:
        lines.append((stufenplan_deadline, f"Stufenplan {de_date(stufenplan_deadline)}", "--"))
    above = blended_transform_factory(axes.transData, axes.transAxes)
    for when, label, style in lines:
        (x,) = _days([when])
        left_of = when < stichtag or (when == stichtag and stufenplan_deadline > stichtag)
        axes.axvline(x, color=DATE_LINE_COLOR, linestyle=style, linewidth=1.5, zorder=3)
        axes.annotate(label, (x, 1.0), xycoords=above, xytext=(-3 if left_of else 3, 2), textcoords="offset points",
                      ha="right" if left_of else "left", va="bottom", color=TEXT_COLOR)


def _legend(figure, handles: list, ncols: int = 3) -> None:
    """Above the chart, read row by row like text (matplotlib fills a legend's columns first)."""
    if not handles:
        return
    ncols = min(ncols, len(handles))
    by_rows = [handle for column in range(ncols) for handle in handles[column::ncols]]
    figure.legend(handles=by_rows, loc="outside upper center", ncols=ncols, frameon=False)


def timeline(dated: pd.DataFrame, stichtag: dt.date, stufenplan_deadline: dt.date, medium: Medium) -> bytes:
    """Deadlines as one point per measure against the Stichtag and the Stufenplan line (Fristen, registers up to
    views.TIMELINE_MAX_MEASURES dated measures).

    `dated`: id, title, priority, status, deadline, overdue (views.deadlines). Rows by deadline, then priority and
    Nr, the earliest on top; each status in its colour and marker, an overdue measure with a violet rim."""
    from matplotlib.lines import Line2D

    order = dated.sort_values(["deadline", "priority", "id"], kind="stable")
    rows = len(order)

    def paint(figure, axes) -> None:
        position = pd.Series(range(rows), index=order.index)
        size = medium.font_pt  # the marker's width in points: about a capital letter's height, rim included
        handles = []
        for status, color in STATUS_COLORS.items():
            part = order[order["status"] == status]
            late = part["overdue"].to_numpy(dtype=bool)
            axes.scatter(_days(part["deadline"]), position[part.index], s=size ** 2, marker=STATUS_MARKERS[status],
                         color=color, edgecolors=[OVERDUE_COLOR if o else "white" for o in late],
                         linewidths=[RIM if o else 0.5 for o in late], zorder=4)
            handles.append(Line2D([], [], linestyle="", marker=STATUS_MARKERS[status], markersize=size, color=color,
                                  markeredgecolor="white", markeredgewidth=0.5, label=STATUS_LABELS[Status(status)]))
        handles.append(Line2D([], [], linestyle="", marker="o", markersize=size, color="white",
                              markeredgecolor=OVERDUE_COLOR, markeredgewidth=RIM, label=OVERDUE_LABEL))
        _date_lines(axes, stichtag, stufenplan_deadline)
        axes.set_yticks(range(rows), _row_labels(order))
        axes.set_ylim(max(rows, 1) - 0.5, -0.5)  # the earliest deadline on top
        axes.set_xlabel("Frist")
        date_axis(axes.xaxis)
        axes.grid(axis="x", color=GRID_COLOR)
        _legend(figure, handles, ncols=4 if medium.width_in >= 8 else 2)

    return drawn(medium, 1.4 + TIMELINE_ROW * row_height_in(medium) * rows, "timeline", paint)


def deadline_month_bars(months: pd.DataFrame, stichtag: dt.date, stufenplan_deadline: dt.date,
                        medium: Medium) -> bytes:
    """Measures per month of their deadline, stacked by status, the overdue part of each with a violet rim (Fristen,
    registers too large for a row per measure).

    `months`: month (its first day), status, overdue, measures (views.deadline_months). Each segment carries its
    number where it fits."""
    from matplotlib.patches import Patch

    def paint(figure, axes) -> None:
        firsts = [pd.Timestamp(month) for month in dict.fromkeys(months["month"])]
        x = dict(zip(firsts, _days([f + pd.Timedelta(days=15) for f in firsts]), strict=True))  # mid-month
        bottom = dict.fromkeys(firsts, 0)
        handles, segments = [], []
        for status, overdue in itertools.product(STATUS_COLORS, (False, True)):
            part = months[(months["status"] == status) & (months["overdue"] == overdue)]
            if part.empty:
                continue
            label = STATUS_LABELS[Status(status)] + (", überfällig" if overdue else "")
            style = dict(facecolor=STATUS_COLORS[status], hatch=STATUS_HATCHES[status], hatchcolor="white",
                         edgecolor=OVERDUE_COLOR if overdue else "white", linewidth=RIM if overdue else 0.5)
            at = [pd.Timestamp(month) for month in part["month"]]
            bars = axes.bar([x[m] for m in at], part["measures"], width=MONTH_BAR_DAYS,
                            bottom=[bottom[m] for m in at], **style)
            for month, count in zip(at, part["measures"], strict=True):
                bottom[month] += int(count)
            handles.append(Patch(label=label, **style))
            segments.append((bars, [de_number(n) for n in part["measures"]]))
        _date_lines(axes, stichtag, stufenplan_deadline)
        axes.set_xlabel("Monat der Frist")
        axes.set_ylabel("Maßnahmen")
        date_axis(axes.xaxis, "%m.%Y")
        count_axis(axes.yaxis)
        axes.grid(axis="both", color=GRID_COLOR)
        _legend(figure, handles)
        _numbers_where_they_fit(figure, axes, segments)

    return drawn(medium, 5.0 * medium.font_pt / 10.5, "deadline_month_bars", paint)


def _numbers_where_they_fit(figure, axes, segments: list) -> None:
    """Each bar's number on a white box in its middle; upright where a month's bar is too narrow for it (a span of
    years), left out where it fits neither way: laid out once to measure bars and numbers."""
    labels = [(bar, axes.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, text,
                              ha="center", va="center", color=TEXT_COLOR, fontweight="bold", zorder=5,
                              rotation_mode="anchor", bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none")))
              for bars, texts in segments for bar, text in zip(bars, texts, strict=True)]
    figure.draw_without_rendering()

    def fits(bar, label) -> bool:
        room, need = bar.get_window_extent(), label.get_window_extent()
        return need.width <= room.width and need.height <= room.height

    for bar, label in labels:
        if not fits(bar, label):
            label.set_rotation(90)
            if not fits(bar, label):
                label.remove()


def gantt(planned: pd.DataFrame, medium: Medium) -> bytes:
    """Planned measures as bars from Beginn to planned end (Planung), the priorities 3–5 each in its colour and
    hatching, each bar with its duration ("18 Mon.").

    `planned`: id, title, priority, start, end, duration_months (sections.PlanningPage.gantt_rows), in planned
    order; rows without a Beginn are left out. Grouped by priority, in planned order within each."""
    from matplotlib.patches import Patch

    rows = planned[planned["start"].notna()].sort_values("priority", kind="stable")

    def paint(figure, axes) -> None:
        position = pd.Series(range(len(rows)), index=rows.index)
        handles = []
        for priority, part in rows.groupby("priority", sort=True):
            start, end = _days(part["start"]), _days(part["end"])
            style = dict(facecolor=PLAN_COLORS.get(int(priority), PLAN_COLORS[3]),
                         hatch=PLAN_HATCHES.get(int(priority), ""), hatchcolor="white", edgecolor="white",
                         linewidth=0.8)
            bars = axes.barh(position[part.index], [e - s for s, e in zip(start, end, strict=True)], left=start,
                             height=0.7, **style)
            axes.bar_label(bars, labels=[f"{m:.0f} Mon." if pd.notna(m) else "" for m in part["duration_months"]],
                           label_type="center", color=TEXT_COLOR, fontweight="bold",
                           bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none"))
            handles.append(Patch(label=f"Priorität {priority}", **style))
        axes.set_yticks(range(len(rows)), _row_labels(rows))
        axes.set_ylim(max(len(rows), 1) - 0.5, -0.5)  # the first planned on top
        axes.set_xlabel("Zeitraum")
        date_axis(axes.xaxis, "%m.%Y")
        axes.grid(axis="x", color=GRID_COLOR)
        _legend(figure, handles)

    return drawn(medium, 1.4 + row_height_in(medium) * len(rows), "gantt", paint)


def progress_lines(progress: pd.DataFrame, medium: Medium) -> bytes:
    """Complete measures per priority (one line each, with its own marker and its numbers) across the stored
    versions (Änderungen).

    `progress`: version_label, priority, priority_label, complete (changes.ChangesPage.progress), versions oldest
    first; the versions are categories, one tick each."""
    versions = list(dict.fromkeys(progress["version_label"]))
    at = {label: index for index, label in enumerate(versions)}

    def paint(figure, axes) -> None:
        for (priority, label), part in progress.groupby(["priority", "priority_label"], sort=True):
            x = [at[v] for v in part["version_label"]]
            color = PRIORITY_COLORS.get(int(priority), TEXT_COLOR)
            axes.plot(x, part["complete"], color=color, marker=PRIORITY_MARKERS.get(int(priority), "o"),
                      markersize=7, markeredgecolor="white", linewidth=2, label=label, zorder=3)
            for x_at, count in zip(x, part["complete"], strict=True):
                axes.annotate(de_number(count), (x_at, count), xytext=(0, 6), textcoords="offset points",
                              ha="center", va="bottom", color=TEXT_COLOR, fontweight="bold")
        # side by side while they fit, else slanted: "V12 · 17.09.2019" is 16 characters of about 0.55 em
        widths_in = len(versions) * max(map(len, versions), default=0) * 0.55 * medium.font_pt / 72
        crowded = widths_in > 0.8 * medium.width_in
        axes.set_xticks(range(len(versions)), versions, rotation=30 if crowded else 0,
                        ha="right" if crowded else "center", rotation_mode="anchor")
        axes.set_xlim(-0.5, max(len(versions), 1) - 0.5)
        top = int(progress["complete"].max()) if len(progress) else 0
        axes.set_ylim(0, max(top * 1.15, 1))
        axes.set_xlabel("Version (Stand)")
        axes.set_ylabel("vollständig umgesetzte Maßnahmen")
        count_axis(axes.yaxis)
        axes.grid(axis="y", color=GRID_COLOR)
        _legend(figure, axes.get_lines())

    return drawn(medium, 5.0 * medium.font_pt / 10.5, "progress_lines", paint)
