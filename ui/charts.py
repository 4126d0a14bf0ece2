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


def partner_bars(counts: pd.DataFrame, title: str) -> go.Figure:
    counts = _escaped(counts, "partner")
    fig = go.Figure(go.Bar(
        y=counts["partner"], x=counts["Maßnahmen"], orientation="h", marker=dict(color=STATUS_COLORS["complete"]),
        text=counts["Maßnahmen"], textposition="outside", hovertemplate="%{y}: %{x} Maßnahmen<extra></extra>",
    ))
    fig.update_yaxes(title=None, autorange="reversed", type="category")
    fig.update_xaxes(title="Anzahl gemeinsamer Maßnahmen", tickformat=",d", gridcolor="#e5e5e5")
    return _layout(fig, title, height=140 + 30 * len(counts))
