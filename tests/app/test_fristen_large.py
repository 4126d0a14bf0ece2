"""Fristen on a register too large for a timeline row per measure: counted per month of the deadline, every
measure still in the table. The register is written here; its numbers are worked out by hand below."""

from __future__ import annotations

import re
from collections import Counter

from lib.storing.storage import Store
from tests.app.conftest import header_line, open_page, texts
from tests.builders import Book
from tests.pictures import shown_picture, svg_texts

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Status")


def register(done: int, late: int, later: int) -> bytes:
    """Stand 01.07.2019. `done` measures due 31.03.2019 and umgesetzt (complete, not overdue); `late` due
    15.03.2019 and offen (not started, overdue); `later` of priority 3 due 31.12.2020 and teilweise (partial,
    not yet due)."""
    rows = ([(f"1.{i:04d}", f"Erledigt {i}", 1, "10", "31.03.2019", "umgesetzt") for i in range(done)]
            + [(f"2.{i:04d}", f"Verspätet {i}", 1, "10", "15.03.2019", "offen") for i in range(late)]
            + [(f"3.{i:04d}", f"Später {i}", 3, "10", "31.12.2020", "teilweise") for i in range(later)])
    return Book().measures(rows, header=HEADER, title=["Stand: 01.07.2019"]).offices().to_bytes()


def test_above_a_hundred_measures_the_timeline_counts_per_month(own_version_database):
    Store(own_version_database).add(register(600, 400, 200), "gross.xlsx")
    app = open_page("fristen")
    assert header_line(app) == "Stichtag 01.07.2019 · 1.200 von 1.200 Maßnahmen"
    assert {m.label: m.value for m in app.metric}["Überfällige Maßnahmen"] == "400"
    finding = ("400 von 1.200 Maßnahmen mit Frist sind zum 01.07.2019 überfällig (violetter Rand) – zu viele für "
               "eine Zeile je Maßnahme: zusammengefasst als Anzahl je Monat der Frist und Status; die Tabelle "
               "darunter nennt jede Maßnahme.")
    assert f"**{finding}**" in texts(app)
    alt, svg = shown_picture(app)
    assert alt == finding
    assert svg_texts(svg, within="legend_1") == ["vollständig umgesetzt", "teilweise umgesetzt",
                                                 "nicht umgesetzt, überfällig"]
    # in the chart, besides its axes: March 2019, 600 complete under 400 overdue; December 2020, 200 partial
    in_chart = Counter(svg_texts(svg, within="axes_1"))
    in_chart -= Counter(svg_texts(svg, within="matplotlib.axis_1") + svg_texts(svg, within="matplotlib.axis_2"))
    assert in_chart == Counter(["600", "400", "200", "Stichtag 01.07.2019", "Stufenplan 31.12.2019"])
    assert height_pt(svg) < 720  # a chart's height, not 1.200 rows'
    timeline = app.dataframe[0].value
    assert len(timeline) == 1200 and list(timeline.columns)[:2] == ["Nr", "Maßnahme"]


def test_up_to_a_hundred_measures_keep_a_row_each(own_version_database):
    Store(own_version_database).add(register(60, 40, 0), "hundert.xlsx")
    app = open_page("fristen")
    rows = svg_texts(shown_picture(app)[1], within="matplotlib.axis_2")
    # one row per measure, by deadline: the 40 due 15.03.2019 (Nr 2.…), then the 60 due 31.03.2019 (Nr 1.…)
    assert len(rows) == 100 and rows[0] == "2.0000 Verspätet 0" and rows[40] == "1.0000 Erledigt 0"
    assert "zusammengefasst" not in texts(app)


def test_a_hundred_and_one_are_counted_per_month(own_version_database):
    Store(own_version_database).add(register(61, 40, 0), "hunderteins.xlsx")
    app = open_page("fristen")
    assert "zusammengefasst" in texts(app)
    assert "1.0060 Erledigt 60" not in svg_texts(shown_picture(app)[1])


def height_pt(svg: bytes) -> float:
    return float(re.search(rb'height="([0-9.]+)pt"', svg).group(1))
