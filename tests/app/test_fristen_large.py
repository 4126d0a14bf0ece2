"""Fristen on a register too large for a timeline row per measure: counted per month of the deadline, every
measure still in the table. The register is written here; its numbers are worked out by hand below."""

from __future__ import annotations

import base64
import json

import numpy as np
from streamlit.proto.PlotlyChart_pb2 import PlotlyChart

from lib.storing.storage import Store
from tests.app.conftest import header_line, open_page, texts
from tests.builders import Book

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Status")


def register(done: int, late: int, later: int) -> bytes:
    """Stand 01.07.2019. `done` measures due 31.03.2019 and umgesetzt (complete, not overdue); `late` due
    15.03.2019 and offen (not started, overdue); `later` of priority 3 due 31.12.2020 and teilweise (partial,
    not yet due)."""
    rows = ([(f"1.{i:04d}", f"Erledigt {i}", 1, "10", "31.03.2019", "umgesetzt") for i in range(done)]
            + [(f"2.{i:04d}", f"Verspätet {i}", 1, "10", "15.03.2019", "offen") for i in range(late)]
            + [(f"3.{i:04d}", f"Später {i}", 3, "10", "31.12.2020", "teilweise") for i in range(later)])
    return Book().measures(rows, header=HEADER, title=["Stand: 01.07.2019"]).offices().to_bytes()


def values(array: list | dict) -> list:
    """A figure's array as sent: a list, or Plotly's typed array (`dtype`, base64 `bdata`)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def bars(app) -> tuple[dict, dict[str, tuple[list, list]]]:
    chart = app.get("plotly_chart")[0].proto
    assert isinstance(chart, PlotlyChart)
    figure = json.loads(chart.spec)
    return figure, {trace["name"]: (values(trace["x"]), values(trace["y"])) for trace in figure["data"]}


def test_above_a_thousand_measures_the_timeline_counts_per_month(own_version_database):
    Store(own_version_database).add(register(600, 400, 200), "gross.xlsx")
    app = open_page("fristen")
    assert header_line(app) == "Stichtag 01.07.2019 · 1.200 von 1.200 Maßnahmen"
    assert {m.label: m.value for m in app.metric}["Überfällige Maßnahmen"] == "400"
    finding = ("400 von 1.200 Maßnahmen mit Frist sind zum 01.07.2019 überfällig (violetter Rand) – zu viele für "
               "eine Zeile je Maßnahme: zusammengefasst als Anzahl je Monat der Frist und Status; die Tabelle "
               "darunter nennt jede Maßnahme.")
    assert f"**{finding}**" in texts(app)
    figure, traces = bars(app)
    assert app.get("plotly_chart")[0].proto.alt == finding
    assert {name: (len(x), y) for name, (x, y) in traces.items()} == {
        "vollständig umgesetzt": (1, [600]), "nicht umgesetzt, überfällig": (1, [400]),
        "teilweise umgesetzt": (1, [200])}
    assert traces["vollständig umgesetzt"][0] == traces["nicht umgesetzt, überfällig"][0]  # both March 2019
    assert traces["vollständig umgesetzt"][0][0].startswith("2019-03-01")
    assert traces["teilweise umgesetzt"][0][0].startswith("2020-12-01")
    assert figure["layout"]["height"] < 1000  # not 160 + 22 × 1.200 px
    timeline = app.dataframe[0].value
    assert len(timeline) == 1200 and list(timeline.columns)[:2] == ["Nr", "Maßnahme"]


def test_up_to_a_thousand_measures_keep_a_row_each(own_version_database):
    Store(own_version_database).add(register(600, 400, 0), "tausend.xlsx")
    app = open_page("fristen")
    figure, traces = bars(app)
    assert all(trace["type"] == "scatter" for trace in figure["data"])
    assert sum(len(y) for _, y in traces.values()) == 1000  # one point per measure
    assert "zusammengefasst" not in texts(app)
