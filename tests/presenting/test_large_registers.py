"""What large registers show instead of one item per measure: the heatmap per office and priority, the cut preview."""

from __future__ import annotations

import pandas as pd

from lib.presenting.views import office_priority_cells
from ui.data import answer_preview


def test_office_priority_cells_count_each_office_and_priority_in_heatmap_order():
    # Cells as office_cells gives them: offices by Dezernat, then priority. Counted by hand below.
    cells = pd.DataFrame(
        [("I", "10", "10 Hauptamt", 0, "umgesetzt"), ("I", "10", "10 Hauptamt", 0, "offen"),
         ("I", "10", "10 Hauptamt", 0, "umgesetzt"), ("I", "10", "10 Hauptamt", 2, "teilweise"),
         ("III", "33", "33 Bürgeramt", 0, "offen")],
        columns=["department", "office", "office_label", "priority", "state"])
    table = office_priority_cells(cells)
    assert table[["office", "priority", "measures", "done", "partial", "open_in_office"]].values.tolist() == [
        ["10", 0, 3, 2, 0, 1], ["10", 2, 1, 0, 1, 0], ["33", 0, 1, 0, 0, 1]]
    assert table["share_done"].tolist() == [2 / 3, 0.0, 0.0]


def test_answer_preview_cuts_long_lists_and_tables_and_says_how_many_are_left():
    items = [f"- 0.{i:02d} Maßnahme {i}" for i in range(5)]
    table = ["| Nr | Maßnahme |", "|---|---|", *(f"| 1.{i} | M {i} |" for i in range(4))]
    markdown = "\n".join(["## Frage 1", "", *items, "", *table, "", "- 9.01 allein"])
    preview, left_out = answer_preview(markdown, items=2)
    assert preview.splitlines() == [
        "## Frage 1", "", "- 0.00 Maßnahme 0", "- 0.01 Maßnahme 1",
        "- *… und 3 weitere (vollständig in der Word- und der Markdown-Datei)*", "",
        "| Nr | Maßnahme |", "|---|---|", "| 1.0 | M 0 |", "| 1.1 | M 1 |",
        "", "*… und 2 weitere (vollständig in der Word- und der Markdown-Datei)*", "", "- 9.01 allein"]
    assert left_out == 5


def test_answer_preview_leaves_short_answers_alone():
    markdown = "## Frage 1\n\n- 0.01 eine\n- 0.02 zwei"
    assert answer_preview(markdown, items=2) == (markdown, 0)
