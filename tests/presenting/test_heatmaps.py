"""The heatmaps of page Ämter, drawn for the screen (SVG): offices × measures and offices × priorities."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET

import pandas as pd
from PIL import Image

from lib.presenting.drawing import PRINT, SCREEN
from lib.presenting.heatmaps import office_heatmap, office_priority_heatmap
from tests.pictures import svg_texts

HOSTILE = "<b>$x$ & Co"  # markup, mathtext and an ampersand: drawn as written
BLUE, OCHRE, GREY, WHITE = (0x00, 0x72, 0xB2), (0xA8, 0x65, 0x00), (0x59, 0x59, 0x59), (0xFF, 0xFF, 0xFF)

# Two offices in the order of views.office_cells (Dezernat, office); the cells of an office out of column order.
# Columns by priority, then measure_rank: 0.01 (P0, rank 0), 0.02 (P0, rank 1), 1.01 (P1, rank 2).
#   I · 10 Hauptamt:   0.01 umgesetzt, 0.02 teilweise, 1.01 –
#   VI · <b>$x$ & Co:  0.01 offen,     0.02 –,         1.01 umgesetzt
CELLS = pd.DataFrame({
    "department": ["I", "I", "VI", "VI"],
    "office_label": ["10 Hauptamt", "10 Hauptamt", HOSTILE, HOSTILE],
    "id": ["0.02", "0.01", "1.01", "0.01"],
    "title": ["E-Akte", "Poststelle", "E-Rechnung", "Poststelle"],
    "priority": [0, 0, 1, 0],
    "measure_rank": [1, 0, 2, 0],
    "state": ["teilweise", "umgesetzt", "umgesetzt", "offen"],
})


def cell_image(svg: bytes, size: tuple[int, int]) -> Image.Image:
    """The picture embedded in the SVG that has one pixel per cell (width = columns, height = rows)."""
    for data in re.findall(r'data:image/png;base64,\s*([A-Za-z0-9+/=\s]+)"', svg.decode()):
        image = Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")
        if image.size == size:
            return image
    raise AssertionError(f"no embedded image of {size} pixels")


def marks(svg: bytes, group: str) -> int:
    """How many marks the SVG group `group` (an artist's gid) draws."""
    root = ET.fromstring(svg)
    found = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("id") == group]
    return sum(1 for g in found for _ in g.iter("{http://www.w3.org/2000/svg}use"))


def test_offices_are_rows_and_measures_columns_by_priority():
    svg = office_heatmap(CELLS, SCREEN)
    assert svg_texts(svg, within="matplotlib.axis_2") == ["I · 10 Hauptamt", f"VI · {HOSTILE}"]  # top-down, as given
    # priority 0 first, by rank within
    assert svg_texts(svg, within="matplotlib.axis_1") == ["0.01", "0.02", "1.01", "Maßnahme (nach Priorität)"]
    assert svg_texts(svg, within="legend_1") == ["umgesetzt", "teilweise", "offen", "Amt nicht betroffen"]


def test_each_cell_has_the_colour_of_its_state_and_white_where_the_office_is_not_concerned():
    picture = cell_image(office_heatmap(CELLS, SCREEN), (3, 2))
    assert [picture.getpixel((column, 0)) for column in range(3)] == [BLUE, OCHRE, WHITE]
    assert [picture.getpixel((column, 1)) for column in range(3)] == [GREY, WHITE, BLUE]


def test_each_state_has_its_shape_in_its_cells():
    svg = office_heatmap(CELLS, SCREEN)
    assert marks(svg, "shapes-umgesetzt") == 2  # a check mark each in 10 × 0.01 and 61 × 1.01
    assert marks(svg, "shapes-offen") == 1  # a ring
    assert marks(svg, "shapes-teilweise") == 2  # one circle drawn as two halves, white and the cell's ochre


def test_a_register_too_wide_for_ids_and_shapes_labels_its_priorities():
    """200 measures in 648 pt: about 3 pt a column. Priority 0: 150 columns, 1: 48, 2: 2 (too narrow even for
    its digit)."""
    ids = [f"0.{n:03d}" for n in range(150)] + [f"1.{n:03d}" for n in range(48)] + ["2.001", "2.002"]
    priorities = [0] * 150 + [1] * 48 + [2] * 2
    wide = pd.DataFrame({"department": "I", "office_label": "10 Hauptamt", "id": ids, "title": "T",
                         "priority": priorities, "measure_rank": range(200), "state": "umgesetzt"})
    svg = office_heatmap(wide, SCREEN)
    assert svg_texts(svg, within="matplotlib.axis_1") == ["Priorität 0", "Priorität 1", "Maßnahmen nach Priorität"]
    assert not set(ids) & set(svg_texts(svg))
    assert b"shapes-" not in svg
    assert svg_texts(svg, within="legend_1") == ["umgesetzt", "teilweise", "offen"]  # every office concerned
    assert cell_image(svg, (200, 1)).getpixel((199, 0)) == BLUE


def test_register_text_is_drawn_as_written_and_the_same_cells_give_the_same_bytes():
    svg = office_heatmap(CELLS, SCREEN)
    assert f"VI · {HOSTILE}" in svg_texts(svg)
    assert b"<b>" not in svg
    assert svg == office_heatmap(CELLS, SCREEN)
    assert office_heatmap(CELLS, PRINT)[:8] == b"\x89PNG\r\n\x1a\n"


# Per office and priority, as views.office_priority_cells gives them (done of measures):
#   I · 10 Hauptamt:   P0 2 of 5 = 40 %, P1 2 of 3 = 66,7 % → 67 %, P2 none
#   VI · <b>$x$ & Co:  P0 1 of 1 = 100 %, P1 none, P2 0 of 2 = 0 %
SHARES = pd.DataFrame({
    "department": ["I", "I", "VI", "VI"],
    "office": ["10", "10", "61", "61"],
    "office_label": ["10 Hauptamt", "10 Hauptamt", HOSTILE, HOSTILE],
    "priority": [0, 1, 0, 2],
    "done": [2, 2, 1, 0], "partial": [1, 0, 0, 1], "open_in_office": [2, 1, 0, 1], "measures": [5, 3, 1, 2],
    "share_done": [2 / 5, 2 / 3, 1.0, 0.0],
})


def test_each_office_and_priority_writes_its_share_and_a_dash_where_it_has_no_measures():
    svg = office_priority_heatmap(SHARES, SCREEN)
    assert svg_texts(svg, within="matplotlib.axis_1") == ["Priorität 0", "Priorität 1", "Priorität 2"]
    assert svg_texts(svg, within="matplotlib.axis_2") == ["I · 10 Hauptamt", f"VI · {HOSTILE}"]
    cells = svg_texts(svg, within="axes_1")
    assert cells[-6:] == ["40 %", "67 %", "–", "100 %", "–", "0 %"]  # row by row, after the axes' labels
    assert svg_texts(svg, within="axes_2") == ["0 %", "50 %", "100 %", "Anteil umgesetzt"]  # the colour scale


def test_the_share_is_a_light_to_mid_blue():
    picture = cell_image(office_priority_heatmap(SHARES, SCREEN), (3, 2))
    light, mid = (0xF2, 0xF7, 0xFB), (0x5A, 0xA5, 0xDC)
    assert picture.getpixel((0, 1)) == mid  # 100 %
    assert picture.getpixel((2, 1)) == light  # 0 %
    assert picture.getpixel((2, 0)) == WHITE and picture.getpixel((1, 1)) == WHITE  # no measures
    forty = picture.getpixel((0, 0))
    assert all(m < f < lo for f, lo, m in zip(forty, light, mid, strict=True))  # between both ends


def test_the_share_heatmap_draws_register_text_as_written_and_the_same_bytes_twice():
    svg = office_priority_heatmap(SHARES, SCREEN)
    assert f"VI · {HOSTILE}" in svg_texts(svg) and b"<b>" not in svg
    assert svg == office_priority_heatmap(SHARES, SCREEN)


def test_a_long_office_name_is_cut_so_that_64_measures_keep_their_shapes():
    """The sample's size: 64 measures beside "VI · 68 Amt für Stadtentwicklung und Verkehr" (44 characters)."""
    office = "68 Amt für Stadtentwicklung und Verkehr"
    cells = pd.DataFrame({"department": "VI", "office_label": office, "id": [f"1.{i:02d}" for i in range(64)],
                          "title": "T", "priority": 1, "measure_rank": range(64), "state": "umgesetzt"})
    svg = office_heatmap(cells, SCREEN)
    assert svg_texts(svg, within="matplotlib.axis_2") == ["VI · 68 Amt für Stadtentwic…"]  # 27 characters and "…"
    assert marks(svg, "shapes-umgesetzt") == 64
