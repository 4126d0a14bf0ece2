"""The charts over time drawn on the server (Fristen, Planung, Änderungen): what each draws, read from its SVG's
texts. Every expectation is worked out by hand from the frames written here."""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET

import pandas as pd

from lib.presenting.drawing import PRINT, SCREEN
from lib.presenting.time_charts import deadline_month_bars, gantt, progress_lines, timeline
from tests.pictures import svg_texts

STICHTAG = dt.date(2019, 7, 1)
STUFENPLAN = dt.date(2019, 12, 31)
HOSTILE = "<b>$x$ & Co"  # markup, mathtext and an ampersand: all drawn as written
LONG = "A" * 40 + "BCDEFGHIJ"  # 49 characters: the row label keeps the first 45, A×40 and BCDEF
SVG = "{http://www.w3.org/2000/svg}"
GERMAN_DATE = re.compile(r"\d\d\.\d\d\.\d{4}")
GERMAN_MONTH = re.compile(r"\d\d\.\d{4}")


def dated() -> pd.DataFrame:
    """Four measures with a deadline at the Stichtag 01.07.2019. In drawing order (deadline, then priority, then Nr):
    1.01 due 01.03.2019 and not started: overdue; 3.01 due 01.09.2019; 0.01 and 0.02 both due 31.12.2019, priority 0,
    0.01 before 0.02 by its Nr although it comes last here."""
    return pd.DataFrame({
        "id": ["0.02", "3.01", "1.01", "0.01"],
        "title": [LONG, HOSTILE, "E-Rechnung", "Virtuelle Poststelle"],
        "priority": [0, 3, 1, 0],
        "status": ["partial", "not_started", "not_started", "complete"],
        "deadline": pd.to_datetime(["2019-12-31", "2019-09-01", "2019-03-01", "2019-12-31"]),
        "overdue": [False, False, True, False],
    })


def test_the_timeline_has_a_row_per_measure_by_deadline_with_the_title_cut_and_drawn_literally():
    svg = timeline(dated(), STICHTAG, STUFENPLAN, SCREEN)
    rows = svg_texts(svg, within="matplotlib.axis_2")
    assert rows == ["1.01 E-Rechnung", "3.01 <b>$x$ & Co", "0.01 Virtuelle Poststelle", "0.02 " + "A" * 40 + "BCDEF"]
    assert literally_drawn(svg)


def literally_drawn(svg: bytes) -> bool:
    """The label with HOSTILE is drawn a glyph for each of its 16 characters ("3.01", a space, "<b>", "$x$", a space,
    "&", a space, "Co"), none slanted: "$x$" was not read as a formula (mathtext draws no "$" and an italic x)."""
    return glyphs(svg, "3.01 <b>$x$ & Co") == 16 and b"Oblique" not in svg


def glyphs(svg: bytes, text: str) -> int:
    """How many glyphs the text drawn as `text` has: matplotlib writes a text as a group whose first child is the
    comment naming it, then a <use> of a glyph for each character."""
    root = ET.fromstring(svg, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    (group,) = [g for g in root.iter() if len(g) and g[0].tag is ET.Comment and html.unescape(g[0].text.strip()) == text]
    return sum(1 for e in group.iter() if e.tag == SVG + "use")


def test_the_timeline_labels_both_date_lines_and_writes_dates_the_german_way():
    svg = timeline(dated(), STICHTAG, STUFENPLAN, SCREEN)
    drawn = svg_texts(svg)
    assert "Stichtag 01.07.2019" in drawn and "Stufenplan 31.12.2019" in drawn
    ticks = svg_texts(svg, within="matplotlib.axis_1")
    assert ticks[-1] == "Frist"  # the axis title after its tick labels
    assert len(ticks) >= 3 and all(GERMAN_DATE.fullmatch(tick) for tick in ticks[:-1]), ticks
    assert b"2019-" not in svg


def test_the_timeline_names_each_status_and_the_violet_rim_of_the_overdue():
    svg = timeline(dated(), STICHTAG, STUFENPLAN, SCREEN)
    assert svg_texts(svg, within="legend_1") == ["vollständig umgesetzt", "teilweise umgesetzt", "nicht umgesetzt",
                                                 "überfällig (violetter Rand)"]
    assert violet(svg) == 2  # 1.01's rim and the legend's
    assert violet(timeline(dated().assign(overdue=False), STICHTAG, STUFENPLAN, SCREEN)) == 1  # the legend's
    assert violet(timeline(dated().assign(overdue=True), STICHTAG, STUFENPLAN, SCREEN)) == 5


def violet(svg: bytes) -> int:
    """How many shapes are drawn with a violet edge (drawing.OVERDUE_COLOR); a shape defined once for reuse
    (under <defs>) is counted where it is drawn."""
    root = ET.fromstring(svg)
    for parent in list(root.iter()):
        for child in [c for c in parent if c.tag == SVG + "defs"]:
            parent.remove(child)
    return sum("stroke: #aa3377" in element.get("style", "") for element in root.iter())


def test_a_stichtag_after_the_stufenplan_keeps_both_lines():
    drawn = svg_texts(timeline(dated(), dt.date(2020, 1, 1), STUFENPLAN, SCREEN))
    assert "Stichtag 01.01.2020" in drawn and "Stufenplan 31.12.2019" in drawn


def test_on_the_stufenplan_deadline_one_line_is_drawn():
    drawn = svg_texts(timeline(dated(), STUFENPLAN, STUFENPLAN, SCREEN))
    assert "Stichtag 31.12.2019" in drawn and not any(text.startswith("Stufenplan") for text in drawn)


def test_the_timeline_grows_with_its_rows_and_gives_the_same_bytes_twice():
    svg = timeline(dated(), STICHTAG, STUFENPLAN, SCREEN)
    assert svg == timeline(dated(), STICHTAG, STUFENPLAN, SCREEN)
    assert b"<dc:date>" not in svg
    eight = pd.concat([dated(), dated().assign(id=lambda f: "9" + f["id"])], ignore_index=True)
    assert height_pt(timeline(eight, STICHTAG, STUFENPLAN, SCREEN)) > height_pt(svg)


def height_pt(svg: bytes) -> float:
    return float(re.search(rb'height="([0-9.]+)pt"', svg).group(1))


def months() -> pd.DataFrame:
    """Stichtag 01.12.2019: 1.234 measures due in November 2019 complete, 56 due then not started (overdue), 7 due in
    December partial. The 7 are 0,5 % of the axis's height, far too low for their number."""
    return pd.DataFrame({
        "month": pd.to_datetime(["2019-11-01", "2019-11-01", "2019-12-01"]),
        "status": ["complete", "not_started", "partial"],
        "overdue": [False, True, False],
        "measures": [1234, 56, 7],
    })


def test_the_month_bars_name_statuses_and_the_overdue_part_and_write_german_numbers():
    svg = deadline_month_bars(months(), dt.date(2019, 12, 1), STUFENPLAN, SCREEN)
    drawn = svg_texts(svg)
    assert svg_texts(svg, within="legend_1") == ["vollständig umgesetzt", "teilweise umgesetzt",
                                                 "nicht umgesetzt, überfällig"]
    assert "Stichtag 01.12.2019" in drawn and "Stufenplan 31.12.2019" in drawn
    assert "1.234" in drawn and "7" not in drawn
    assert violet(svg) == 2  # the overdue segment's edge and the legend's
    assert svg.count(b"<pattern") == 2  # partial and not started hatched, complete plain


def test_the_month_bars_axes_are_months_and_whole_counts_the_german_way():
    svg = deadline_month_bars(months(), dt.date(2019, 12, 1), STUFENPLAN, SCREEN)
    months_shown = svg_texts(svg, within="matplotlib.axis_1")
    assert months_shown[-1] == "Monat der Frist"
    assert len(months_shown) >= 3 and all(GERMAN_MONTH.fullmatch(tick) for tick in months_shown[:-1]), months_shown
    counts = svg_texts(svg, within="matplotlib.axis_2")
    assert counts[-1] == "Maßnahmen"
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*", tick) for tick in counts[:-1]), counts  # 1.200, never 1200 or 0.5
    assert "1.200" in counts[:-1] or "1.000" in counts[:-1]
    assert svg == deadline_month_bars(months(), dt.date(2019, 12, 1), STUFENPLAN, SCREEN)


def planned() -> pd.DataFrame:
    """In planned order: 4.01 (9 months from 01.2021), 3.01 (18 months from 03.2020), 5.01 without a Beginn (left out),
    3.02 with a Beginn and no duration. Rows grouped by priority, planned order within: 3.01, 3.02, 4.01."""
    return pd.DataFrame({
        "id": ["4.01", "3.01", "5.01", "3.02"],
        "title": ["Chatbot", HOSTILE, "Ohne Beginn", "Wohngeld"],
        "priority": [4, 3, 5, 3],
        "start": pd.to_datetime(["2021-01-01", "2020-03-01", None, "2020-06-01"]),
        "end": pd.to_datetime(["2021-10-01", "2021-09-01", None, "2020-06-01"]),
        "duration_months": pd.array([9.0, 18.0, 6.0, None], dtype="Float64"),
    })


def test_the_gantt_chart_has_a_bar_per_planned_measure_with_a_beginn():
    svg = gantt(planned(), SCREEN)
    assert svg_texts(svg, within="matplotlib.axis_2") == ["3.01 <b>$x$ & Co", "3.02 Wohngeld", "4.01 Chatbot"]
    assert literally_drawn(svg)
    drawn = svg_texts(svg)
    assert "18 Mon." in drawn and "9 Mon." in drawn and "6 Mon." not in drawn
    assert svg_texts(svg, within="legend_1") == ["Priorität 3", "Priorität 4"]
    ticks = svg_texts(svg, within="matplotlib.axis_1")
    assert ticks[-1] == "Zeitraum"
    assert len(ticks) >= 3 and all(GERMAN_MONTH.fullmatch(tick) for tick in ticks[:-1]), ticks
    assert svg.count(b"<pattern") == 1  # priority 4 hatched, 3 plain (5 has no bar)
    assert svg == gantt(planned(), SCREEN)


def progress() -> pd.DataFrame:
    """Two versions: priority 0 from 0 to 1 complete measure, priority 1 from 2 to 3."""
    return pd.DataFrame({
        "version_label": ["V1 · 15.03.2018", "V1 · 15.03.2018", "V2 · 12.12.2018", "V2 · 12.12.2018"],
        "priority": [0, 1, 0, 1],
        "priority_label": ["Priorität 0 (Basismaßnahmen)", "Priorität 1"] * 2,
        "complete": [0, 2, 1, 3],
    })


def test_the_progress_has_a_line_per_priority_with_its_numbers_across_the_versions():
    svg = progress_lines(progress(), SCREEN)
    assert svg_texts(svg, within="legend_1") == ["Priorität 0 (Basismaßnahmen)", "Priorität 1"]
    assert svg_texts(svg, within="matplotlib.axis_1") == ["V1 · 15.03.2018", "V2 · 12.12.2018", "Version (Stand)"]
    drawn = svg_texts(svg)
    points = drawn[drawn.index("vollständig umgesetzte Maßnahmen") + 1:drawn.index("Priorität 0 (Basismaßnahmen)")]
    assert points == ["0", "1", "2", "3"]  # priority 0's line, then priority 1's


def test_the_progress_counts_in_whole_numbers():
    counts = svg_texts(progress_lines(progress(), SCREEN), within="matplotlib.axis_2")
    assert counts[-1] == "vollständig umgesetzte Maßnahmen"
    assert counts[:-1] == ["0", "1", "2", "3"]  # up to 3 complete measures: a tick at each whole number, once


def test_the_progress_of_a_store_with_nothing_complete_still_has_an_axis():
    nothing = progress().assign(complete=0)
    counts = svg_texts(progress_lines(nothing, SCREEN), within="matplotlib.axis_2")
    assert counts[:-1] == ["0", "1"]


def test_every_chart_prints_as_png():
    for png in (timeline(dated(), STICHTAG, STUFENPLAN, PRINT), gantt(planned(), PRINT),
                deadline_month_bars(months(), STICHTAG, STUFENPLAN, PRINT), progress_lines(progress(), PRINT)):
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
