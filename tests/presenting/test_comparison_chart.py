"""The chart of page Vergleich, drawn for the screen (SVG): registers × one panel per priority."""

from __future__ import annotations

import math

import pandas as pd

from lib.presenting.comparison_chart import register_share_bars
from lib.presenting.drawing import PRINT, SCREEN
from tests.pictures import svg_texts as texts

HOSTILE = "<b>$x$ & Co"
TICKS = ["0", "50", "100 %"]

# (total, complete, partial) per register and priority; every other priority holds no measures anywhere.
#   Stadt Mainz:  P0 2, 2, 0 → 100 % | P1 2, 0, 1 → 50 % teilweise | P2 none | P3 1, 0, 0 → 0 %
#   <b>$x$ & Co:  P0 20, 1, 10 → 5 % (too little for a number) and 50 % teilweise | P1 1, 1, 0 → 100 %
#                 P2 1, 1, 0 → 100 % | P3 none
COUNTS = {"Stadt Mainz": {0: (2, 2, 0), 1: (2, 0, 1), 3: (1, 0, 0)},
          HOSTILE: {0: (20, 1, 10), 1: (1, 1, 0), 2: (1, 1, 0)}}


def priorities(counts: dict) -> pd.DataFrame:
    """As RegisterComparison.priorities: a row per register and priority 0–5, shares empty without measures."""
    rows = []
    for label, per in counts.items():
        for priority in range(6):
            total, complete, partial = per.get(priority, (0, 0, 0))
            rows.append({"register_label": label, "priority": priority, "total": total, "complete": complete,
                         "partial": partial, "share_complete": complete / total if total else math.nan,
                         "share_partial": partial / total if total else math.nan})
    return pd.DataFrame(rows)


def panels(drawn: list[str]) -> dict[str, list[str]]:
    """The texts of each panel (its ticks, its numbers), by the panel's title, which is drawn last."""
    found, current = {}, []
    for text in drawn:
        if text.startswith("Priorität "):
            found[text], current = current, []
        else:
            current.append(text)
    return found


def test_one_panel_per_priority_held_registers_top_down_legend_on_top():
    drawn = texts(register_share_bars(priorities(COUNTS), SCREEN))
    shown = panels(drawn)
    assert list(shown) == ["Priorität 0", "Priorität 1", "Priorität 2", "Priorität 3"]  # 4 and 5: no measures
    assert shown["Priorität 0"][:5] == [*TICKS, "Stadt Mainz", HOSTILE]  # the first panel names the registers
    assert drawn[-3:] == ["Anteil an den Maßnahmen der Priorität", "vollständig umgesetzt", "teilweise umgesetzt"]


def test_segments_carry_their_percentage_and_an_empty_bar_says_why():
    shown = panels(texts(register_share_bars(priorities(COUNTS), SCREEN)))
    # complete segments top-down, then partial ones, then the notes on empty bars
    assert shown["Priorität 0"][5:] == ["100 %", "50 %"]  # not the 5 % complete of <b>$x$ & Co
    assert shown["Priorität 1"] == [*TICKS, "100 %", "50 %"]
    assert shown["Priorität 2"] == [*TICKS, "100 %", "keine Maßnahmen"]
    assert shown["Priorität 3"] == [*TICKS, "0 %", "keine Maßnahmen"]


def test_teilweise_is_hatched_and_the_same_table_gives_the_same_bytes():
    svg = register_share_bars(priorities(COUNTS), SCREEN)
    assert svg.count(b"<pattern") == 1  # teilweise; vollständig is plain
    assert b"<b>" not in svg
    assert svg == register_share_bars(priorities(COUNTS), SCREEN)
    assert register_share_bars(priorities(COUNTS), PRINT)[:8] == b"\x89PNG\r\n\x1a\n"


def test_many_registers_get_bars_without_percentages():
    """61 registers, each 3 of 4 complete in priority 0: above 60 rows the numbers are left to the table."""
    many = {f"Gemeinde {n:02d}": {0: (4, 3, 0)} for n in range(61)}
    drawn = texts(register_share_bars(priorities(many), SCREEN))
    assert list(panels(drawn)) == ["Priorität 0"]
    assert "75 %" not in drawn
    assert drawn.count("Gemeinde 60") == 1
    few = {name: per for name, per in list(many.items())[:60]}
    assert texts(register_share_bars(priorities(few), SCREEN)).count("75 %") == 60
