"""The chart of statuses per priority, drawn for the screen (SVG) and for print (PNG)."""

from __future__ import annotations

import re
import struct

import pandas as pd

from lib.presenting.drawing import PRINT, SCREEN
from lib.presenting.status_chart import status_chart

# Priorität 0: 2 complete, 1 partial; Priorität 1: 3 not started — one row per priority and status, as views gives it
COUNTS = pd.DataFrame({
    "priority_label": ["Priorität 0 (Basismaßnahmen)", "Priorität 1"] * 3,
    "status": ["complete", "complete", "partial", "partial", "not_started", "not_started"],
    "count": [2, 0, 1, 0, 0, 3],
})


def texts(svg: bytes) -> list[str]:
    """The texts drawn, in drawing order: matplotlib writes each as a comment beside its glyphs."""
    return re.findall(r"<!-- (.*?) -->", svg.decode())


def test_the_screen_chart_names_priorities_statuses_and_every_nonzero_segment():
    drawn = texts(status_chart(COUNTS, SCREEN))
    assert drawn[-3:] == ["vollständig umgesetzt", "teilweise umgesetzt", "nicht umgesetzt"]  # the legend
    priorities = drawn.index("Priorität 0 (Basismaßnahmen)")
    assert drawn[priorities + 1] == "Priorität 1"
    assert [text for text in drawn[priorities + 2:-3] if text] == ["2", "1", "3"]  # no number on an empty segment
    assert "Anzahl Maßnahmen" in drawn


def test_partial_and_not_started_have_their_own_hatching():
    assert status_chart(COUNTS, SCREEN).count(b"<pattern") == 2  # complete is plain


def test_the_same_counts_give_the_same_bytes():
    svg = status_chart(COUNTS, SCREEN)
    assert svg == status_chart(COUNTS, SCREEN)
    assert b"<dc:date>" not in svg and b"Matplotlib" not in svg
    assert status_chart(COUNTS, PRINT) == status_chart(COUNTS, PRINT)


def test_the_print_chart_is_a_png_16_cm_wide_at_200_dpi():
    png = status_chart(COUNTS, PRINT)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, _height = struct.unpack(">II", png[16:24])
    assert width == 1259  # 16 cm / 2.54 × 200 = 1259.8 px, cut to whole pixels
