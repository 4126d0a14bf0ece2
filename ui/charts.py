"""Plotly figures with one colour-blind-safe status palette (Okabe–Ito hues, darkened for ≥ 3:1 contrast).

Colour is never the only carrier: bars carry their numbers, heatmap cells a symbol. The palette is the one of
the chart matplotlib draws for the Übersicht and the report (lib.presenting.status_chart).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.presenting.drawing import STATUS_COLORS
from lib.reading.contract import STATUS_LABELS, Status

STATE_COLORS = {"umgesetzt": STATUS_COLORS["complete"], "teilweise": STATUS_COLORS["partial"],
                "offen": STATUS_COLORS["not_started"]}
STATE_SYMBOLS = {"umgesetzt": "✓", "teilweise": "◐", "offen": "○"}
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14, color="#1f1f1f")


def _escaped(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Register text as Plotly text: its HTML subset (<b>, <a href=…>, entities) must show literally."""
    return frame.assign(**{c: _escape(frame[c]) for c in columns})


def _escape(values: pd.Series) -> pd.Series:
    """`html.escape(str(v))` of each value, computed once per distinct value (the heatmap has ~50,000 cells)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    escaped = np.array([html.escape(str(v), quote=False) for v in uniques], dtype=object)
    return pd.Series(escaped[codes], index=values.index, dtype="str")


def _layout(fig: go.Figure, title: str, height: int | None = None) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=17)),
        font=FONT, separators=",.", paper_bgcolor="white", plot_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, title=None, traceorder="normal"),
        margin=dict(l=10, r=10, t=80, b=10), height=height,
    )
    return fig


def share_bars(table: pd.DataFrame, label: str, share: str, title: str, axis_title: str,
               ids: str = "office") -> go.Figure:
    """One bar per row; a bar carries the row's id (column `ids`) in `customdata` for selections."""
    table = _escaped(table, label)
    fig = go.Figure(go.Bar(
        y=table[label], x=table[share] * 100, orientation="h", marker=dict(color=STATUS_COLORS["complete"]),
        customdata=table[ids] if ids in table.columns else None,
        text=(table[share] * 100).round().astype(int).astype(str) + " %", textposition="outside",
        hovertemplate="%{y}: %{x:.0f} %<extra></extra>",
    ))
    fig.update_yaxes(title=axis_title, autorange="reversed", type="category")
    fig.update_xaxes(title="Anteil umgesetzt (%)", range=[0, 112], gridcolor="#e5e5e5")
    return _layout(fig, title, height=120 + 24 * len(table))


def office_heatmap(cells: pd.DataFrame, title: str) -> go.Figure:
    """Offices (rows, grouped by Dezernat) × measures (columns, by priority); cell = state with a symbol."""
    cells = _escaped(cells, "department", "office_label", "id", "title")
    cells = cells.assign(
        row=cells["department"] + " · " + cells["office_label"],
        code=cells["state"].map({"offen": 0, "teilweise": 1, "umgesetzt": 2}),
        symbol=cells["state"].map(STATE_SYMBOLS),
        hover=cells["office_label"] + "<br>" + cells["id"] + " " + cells["title"] + "<br>Stand: " + cells["state"],
    )
    rows = list(dict.fromkeys(cells["row"]))
    columns = list(dict.fromkeys(cells.sort_values(["priority", "measure_rank"])["id"]))

    # One cell per office row and measure column, filled by position: a pivot made ~1,000 string
    # columns and filled each one separately (0.4 s of 0.6 s on 1.000 × 60).
    unique = cells.drop_duplicates(["row", "id"])
    at = (pd.Index(rows).get_indexer(unique["row"]), pd.Index(columns).get_indexer(unique["id"]))
    shape = (len(rows), len(columns))
    z = np.full(shape, np.nan)
    z[at] = unique["code"].to_numpy(dtype=float)
    if not np.isnan(z).any():  # no gap: integer codes, as the pivot gave them
        z = z.astype(int)
    text, hover = np.full(shape, "", dtype=object), np.full(shape, "", dtype=object)
    text[at] = unique["symbol"].fillna("").to_numpy(dtype=object)
    hover[at] = unique["hover"].fillna("").to_numpy(dtype=object)
    scale = [[0, STATE_COLORS["offen"]], [0.33, STATE_COLORS["offen"]], [0.34, STATE_COLORS["teilweise"]],
             [0.66, STATE_COLORS["teilweise"]], [0.67, STATE_COLORS["umgesetzt"]], [1, STATE_COLORS["umgesetzt"]]]
    fig = go.Figure(go.Heatmap(
        z=z, x=columns, y=rows, text=text, texttemplate="%{text}", textfont=dict(color="white"),
        customdata=hover, hovertemplate="%{customdata}<extra></extra>", colorscale=scale, zmin=0, zmax=2,
        xgap=1, ygap=1, colorbar=dict(tickvals=[0.33, 1, 1.67], ticktext=["○ offen", "◐ teilweise", "✓ umgesetzt"],
                                      title=None, len=0.5),
    ))
    fig.update_xaxes(title="Maßnahme (nach Priorität)", type="category", tickangle=-90, side="top")
    fig.update_yaxes(title=None, autorange="reversed", type="category")
    return _layout(fig, title, height=160 + 22 * len(rows))


SHARE_SCALE = [[0, "#f2f7fb"], [1, "#5aa5dc"]]  # light to mid blue: the dark text stays ≥ 4.5:1 on every cell


def office_priority_heatmap(table: pd.DataFrame, title: str) -> go.Figure:
    """Offices (rows, grouped by Dezernat) × priorities: share of the office's measures done, as text too.

    `table` is `lib.presenting.views.office_priority_cells`: the heatmap of a register too large for a
    cell per measure.
    """
    table = _escaped(table, "department", "office_label")
    table = table.assign(row=table["department"] + " · " + table["office_label"],
                         column="Priorität " + table["priority"].astype(str))
    rows = list(dict.fromkeys(table["row"]))
    columns = [f"Priorität {p}" for p in sorted(table["priority"].unique())]
    at = (pd.Index(rows).get_indexer(table["row"]), pd.Index(columns).get_indexer(table["column"]))
    shape = (len(rows), len(columns))
    z = np.full(shape, np.nan)
    z[at] = table["share_done"].to_numpy(dtype=float)
    text, hover = np.full(shape, "", dtype=object), np.full(shape, "", dtype=object)
    text[at] = (table["share_done"] * 100).round().astype(int).astype(str).to_numpy(dtype=object) + " %"
    hover[at] = (table["office_label"] + "<br>" + table["column"] + ": " + table["done"].astype(str) + " von "
                 + table["measures"].astype(str) + " umgesetzt, " + table["partial"].astype(str) + " teilweise, "
                 + table["open_in_office"].astype(str) + " offen").to_numpy(dtype=object)
    fig = go.Figure(go.Heatmap(
        z=z, x=columns, y=rows, text=text, texttemplate="%{text}", textfont=dict(color=FONT["color"]),
        customdata=hover, hovertemplate="%{customdata}<extra></extra>", colorscale=SHARE_SCALE, zmin=0, zmax=1,
        xgap=1, ygap=1, colorbar=dict(tickvals=[0, 0.5, 1], ticktext=["0 %", "50 %", "100 % umgesetzt"], title=None,
                                      len=0.5),
    ))
    fig.update_xaxes(title="Priorität", type="category", side="top")
    fig.update_yaxes(title=None, autorange="reversed", type="category")
    return _layout(fig, title, height=160 + 22 * len(rows))


def partner_bars(counts: pd.DataFrame, title: str) -> go.Figure:
    counts = _escaped(counts, "partner")
    fig = go.Figure(go.Bar(
        y=counts["partner"], x=counts["Maßnahmen"], orientation="h", marker=dict(color=STATUS_COLORS["complete"]),
        text=counts["Maßnahmen"], textposition="outside", hovertemplate="%{y}: %{x} Maßnahmen<extra></extra>",
    ))
    fig.update_yaxes(title=None, autorange="reversed", type="category")
    fig.update_xaxes(title="Anzahl gemeinsamer Maßnahmen", tickformat=",d", gridcolor="#e5e5e5")
    return _layout(fig, title, height=140 + 30 * len(counts))


def register_share_bars(priorities: pd.DataFrame, title: str) -> go.Figure:
    """Registers (rows) × priorities (one panel each): the share of measures vollständig and teilweise umgesetzt,
    stacked; teilweise hatched as well, and every segment with its percentage.

    `priorities` is `lib.presenting.comparison.RegisterComparison.priorities`.
    """
    from plotly.subplots import make_subplots

    table = _escaped(priorities, "register_label")
    shown = sorted(table["priority"].unique())
    # spacing: the "100 %" of one panel and the "0 %" of the next must not run into each other
    fig = make_subplots(rows=1, cols=len(shown), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[f"Priorität {p}" for p in shown])
    segments = [("share_complete", Status.COMPLETE.value, ""), ("share_partial", Status.PARTIAL.value, "/")]
    for column, priority in enumerate(shown, start=1):
        part = table[table["priority"] == priority]
        for share, status, pattern in segments:
            percent = (part[share] * 100).round()
            fig.add_bar(
                y=part["register_label"], x=percent.fillna(0), orientation="h", name=STATUS_LABELS[Status(status)],
                legendgroup=status, showlegend=column == 1, row=1, col=column,
                marker=dict(color=STATUS_COLORS[status], line=dict(color="white", width=1),
                            pattern=dict(shape=pattern, fillmode="overlay", fgcolor="rgba(255,255,255,0.45)", size=8)),
                text=percent.map(lambda p: f"{p:.0f} %" if p >= 10 else ""), textposition="inside",
                insidetextfont=dict(color="white"),
                hovertemplate="%{y}<br>Priorität " + str(priority) + ", " + STATUS_LABELS[Status(status)]
                + ": %{x:.0f} %<extra></extra>",
            )
        fig.update_xaxes(range=[0, 100], gridcolor="#e5e5e5", tickvals=[0, 50, 100], ticktext=["0", "50", "100 %"],
                         row=1, col=column)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=None, autorange="reversed", type="category")
    fig = _layout(fig, title, height=170 + 26 * table["register_label"].nunique())
    # the legend above the panels' titles, not on them
    fig.update_layout(legend=dict(y=1.0, yref="container", yanchor="top"), margin=dict(t=90))
    return fig
