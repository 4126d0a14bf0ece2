"""The bar charts of the share done per office and of the measures per partner, drawn for the screen (SVG)."""

from __future__ import annotations

import html
import re

import pandas as pd

from lib.presenting.bar_charts import partner_bars, share_bars
from lib.presenting.drawing import SCREEN

SHARES = pd.DataFrame({
    "office": ["10", "61"],
    "Amt": ["10 Hauptamt", "61 <b>Bau</b> & $Verkehr$"],
    "Anteil umgesetzt": [2 / 3, 1.0],
})


def texts(svg: bytes) -> list[str]:
    """The texts drawn, in drawing order: matplotlib writes each as a comment beside its glyphs."""
    return [html.unescape(text) for text in re.findall(r"<!-- (.*?) -->", svg.decode())]


def test_each_office_gets_a_bar_with_its_whole_percent_in_the_tables_order():
    drawn = texts(share_bars(SHARES, "Amt", "Anteil umgesetzt", "Amt", SCREEN))
    assert drawn[-2:] == ["67 %", "100 %"]  # 2 of 3 rounded, as the table shows it
    rows = drawn.index("10 Hauptamt")
    assert drawn[rows + 1] == "61 <b>Bau</b> & $Verkehr$"  # register text drawn as its letters
    assert "Anteil umgesetzt (%)" in drawn and "Amt" in drawn


def test_register_text_is_never_markup_or_a_formula():
    svg = share_bars(SHARES, "Amt", "Anteil umgesetzt", "Amt", SCREEN).decode()
    assert "<b>" not in svg and "&lt;b&gt;Bau&lt;/b&gt;" in svg
    assert "Oblique" not in svg  # "$Verkehr$" as a formula would be drawn in italics
    lone = SHARES.assign(Amt=["10 Hauptamt", "61 Kosten in $ und €"])  # a formula left open would fail to draw
    assert "61 Kosten in $ und €" in texts(share_bars(lone, "Amt", "Anteil umgesetzt", "Amt", SCREEN))


def test_a_long_office_name_is_cut_and_the_table_keeps_it():
    long = SHARES.assign(Amt=["10 " + "Amt für sehr lange Namen " * 4, "61 Bau"])
    drawn = texts(share_bars(long, "Amt", "Anteil umgesetzt", "Amt", SCREEN))
    cut = next(text for text in drawn if text.startswith("10 Amt"))
    assert len(cut) == 60 and cut.endswith("…")


def test_partner_counts_are_german_numbers():
    counts = pd.DataFrame({"partner": ["Land Rheinland-Pfalz", "Stadt Trier"], "Maßnahmen": [1200, 3]})
    drawn = texts(partner_bars(counts, SCREEN))
    assert drawn[-2:] == ["1.200", "3"]
    assert "1.000" in drawn  # a tick of the count axis
    assert drawn.index("Land Rheinland-Pfalz") + 1 == drawn.index("Stadt Trier")
    assert "Anzahl gemeinsamer Maßnahmen" in drawn


def test_the_same_table_gives_the_same_bytes():
    assert share_bars(SHARES, "Amt", "Anteil umgesetzt", "Amt", SCREEN) == share_bars(
        SHARES, "Amt", "Anteil umgesetzt", "Amt", SCREEN)
