"""What large registers show instead of one item per measure: the heatmap per office and priority, the cut preview,
the table of Daten a page at a time."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.presenting.views import data_page, office_priority_cells, page_count, page_number
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


@pytest.mark.parametrize(("rows", "pages"), [(0, 1), (1, 1), (1000, 1), (1001, 2), (2000, 2), (2001, 3), (6000, 6)])
def test_page_count_of_a_thousand_rows_a_page(rows, pages):
    assert page_count(rows) == pages


@pytest.mark.parametrize(("text", "number"), [
    (None, 1), ("1", 1), ("3", 3), ("03", 3), ("6", 6),
    ("0", None), ("7", None), ("99", None), ("x", None), ("-1", None), ("2.0", None), ("", None), (" 2", None),
    ("²", None), ("٣", None),  # digits to str.isdigit, not to a URL
])
def test_page_number_honours_only_a_page_there_is(text, number):
    assert page_number(text, 6) == number


def numbered(n: int) -> pd.DataFrame:
    return pd.DataFrame({"Nr": [f"1.{i:02d}" for i in range(1, n + 1)]})


def test_a_page_of_a_long_table_names_its_rows():
    page = data_page(numbered(23), "3", page_rows=10)  # pages 1.01–1.10, 1.11–1.20, 1.21–1.23
    assert page.rows["Nr"].tolist() == ["1.21", "1.22", "1.23"]
    assert (page.paged, page.number, page.count, page.total) == (True, 3, 3, 23)
    assert page.label == "Seite 3 von 3"
    assert page.alt == "Maßnahmen der aktuellen Auswahl, Seite 3 von 3: Zeilen 21–23 von 23"
    assert page.caption == ("Zeilen 21–23 von 23. Ein Klick auf eine Spaltenüberschrift sortiert nur die Zeilen dieser "
                            "Seite. Die Downloads enthalten alle 23 Zeilen; CSV mit Semikolon und UTF-8 (öffnet direkt "
                            "in deutschem Excel).")


def test_thousands_separators_in_the_span():
    page = data_page(pd.DataFrame({"Nr": range(6000)}), "2")
    assert page.rows["Nr"].tolist() == list(range(1000, 2000))
    assert page.span == "Zeilen 1.001–2.000 von 6.000" and page.label == "Seite 2 von 6"


@pytest.mark.parametrize("asked", [None, "0", "4", "x"])
def test_a_page_that_cannot_be_honoured_is_the_first(asked):
    page = data_page(numbered(23), asked, page_rows=10)
    assert page.number == 1 and page.rows["Nr"].tolist()[::9] == ["1.01", "1.10"]


def test_a_table_up_to_a_page_is_shown_whole_with_the_caption_it_always_had():
    page = data_page(numbered(10), "1", page_rows=10)
    assert not page.paged and len(page.rows) == 10
    assert page.alt == "Maßnahmen der aktuellen Auswahl (10 Zeilen)"
    assert page.caption == "10 Zeilen. CSV mit Semikolon und UTF-8 (öffnet direkt in deutschem Excel)."
    one = data_page(numbered(1), None, page_rows=10)
    assert one.caption.startswith("1 Zeile. CSV") and one.alt == "Maßnahmen der aktuellen Auswahl (1 Zeile)"
