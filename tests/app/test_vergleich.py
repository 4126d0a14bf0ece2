"""Page Vergleich on three registers written in tests/comparison_data.py (numbers worked out by hand there)."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.storing.storage import Store
from tests.app.conftest import open_page, texts
from tests.app.test_registers import signed_in
from tests.builders import Book, simple
from tests.comparison_data import store_three
from tests.pictures import shown_picture, svg_texts

D = dt.date


@pytest.fixture
def three(own_version_database) -> None:
    store_three(str(own_version_database))


def test_one_row_per_register_each_at_its_own_stand(three):
    app = open_page("vergleich")
    assert app.title[0].value == "Vergleich"
    assert any(c.value.startswith("Stichtag je Register: der Stand seiner aktuellen Version") for c in app.main.caption)
    table = app.dataframe[0].value
    assert table["Register"].tolist() == ["./?register=bingen", "./?register=mainz", "./?register=trier"]  # by name
    assert table["Bezeichnung"].tolist() == ["Stadt Bingen", "Stadt Mainz", "Stadt Trier"]
    assert table["Stichtag"].tolist() == [D(2020, 1, 1), D(2019, 7, 1), D(2019, 7, 1)]
    assert table["Maßnahmen"].tolist() == [2, 5, 4]
    assert table["vollständig"].tolist() == [0, 2, 2]
    assert table["Anteil vollständig"].tolist() == [0.0, 0.4, 0.5]
    assert table["Anteil teilweise"].tolist() == [0.5, 0.2, 0.25]
    assert table["Anteil nicht umgesetzt"].tolist() == [0.5, 0.4, 0.25]
    assert table["Überfällig"].tolist() == [1, 1, 0]


def test_chart_is_named_by_its_sentence_and_has_its_table(three):
    app = open_page("vergleich")
    sentence = ("3 Register, Anteil vollständig und teilweise umgesetzter Maßnahmen je Priorität: am weitesten ist "
                "Stadt Trier (50 % vollständig umgesetzt), am wenigsten weit Stadt Bingen (0 %).")
    alt, svg = shown_picture(app)  # drawn on the server
    assert alt == sentence
    drawn = svg_texts(svg)
    names = drawn.index("Stadt Bingen")
    assert drawn[names:names + 3] == ["Stadt Bingen", "Stadt Mainz", "Stadt Trier"]  # as the table, top-down
    assert [t for t in drawn if t.startswith("Priorität")] == [f"Priorität {p}" for p in range(4)]  # 4, 5: none
    assert f"**{sentence}**" in texts(app)
    chart_table = app.dataframe[1].value
    assert len(chart_table) == 3 * 6
    mainz_p1 = chart_table[(chart_table["Register"] == "Stadt Mainz") & (chart_table["Priorität"] == 1)].iloc[0]
    assert mainz_p1[["gesamt", "vollständig", "teilweise", "nicht umgesetzt", "Überfällig"]].tolist() == [2, 0, 1, 1, 1]


def test_across_registers_per_priority(three):
    app = open_page("vergleich")
    coverage = app.dataframe[2].value
    assert coverage["Register mit Maßnahmen"].tolist() == [3, 2, 1, 2, 0, 0]
    assert coverage["flächendeckend umgesetzt"].tolist() == [1, 1, 1, 0, 0, 0]
    assert coverage["mindestens teilweise"].tolist() == [2, 2, 1, 1, 0, 0]
    assert ("- Priorität 0 (Basismaßnahmen): in 1 von 3 Registern flächendeckend umgesetzt (alle Maßnahmen "
            "vollständig), in 2 mindestens teilweise begonnen.") in texts(app).splitlines()


def test_the_sidebar_stichtag_holds_for_every_register(three):
    """01.03.2020 overdue: mainz 1.01 and 1.02, trier 0.01 and 0.02 (31.12.2019), bingen 0.01."""
    app = open_page("vergleich", stichtag="2020-03-01")
    assert "Stichtag für alle Register: 01.03.2020 (aus der Seitenleiste)." in [c.value for c in app.main.caption]
    table = app.dataframe[0].value
    assert table["Stichtag"].tolist() == [D(2020, 3, 1)] * 3
    assert table["Überfällig"].tolist() == [1, 2, 2]
    assert table["Register"].tolist()[0] == "./?stichtag=2020-03-01&register=bingen"


def test_the_stand_of_the_register_shown_is_no_chosen_stichtag(three):
    """The sidebar shows bingen (first by name), Stand 01.01.2020: that date is its default, not a choice."""
    app = open_page("vergleich", stichtag="2020-01-01")
    assert app.dataframe[0].value["Stichtag"].tolist() == [D(2020, 1, 1), D(2019, 7, 1), D(2019, 7, 1)]


def test_a_new_version_of_one_register_shows_on_the_next_run(three, own_version_database):
    app = open_page("vergleich")
    assert app.dataframe[0].value["Maßnahmen"].tolist() == [2, 5, 4]
    Store(own_version_database, register="bingen").add(simple().to_bytes(), "neu.xlsx")  # one measure, complete
    app.run()
    table = app.dataframe[0].value
    assert table["Maßnahmen"].tolist() == [1, 5, 4]
    assert table["Stichtag"].tolist()[0] != D(2020, 1, 1)  # the new version has no Stand: its upload day


def test_a_share_is_shown_rounded_as_its_sentence_says(three, own_version_database):
    """Bingen's new version: 2 of 3 measures complete, 66,7 %: the table's cell holds 0.67 (Streamlit would cut
    0.667 to 66 %), the sentence says 67 %."""
    rows = [("0.01", "Eins", 0, "10", "umgesetzt"), ("0.02", "Zwei", 0, "10", "umgesetzt"), ("1.01", "Drei", 1, "10", "offen")]
    book = Book().measures(rows, header=("Nr", "Maßnahme", "Priorität", "Federführung", "Status")).offices()
    Store(own_version_database, register="bingen").add(book.to_bytes(), "drei.xlsx")
    app = open_page("vergleich")
    assert app.dataframe[0].value["Anteil vollständig"].tolist() == [0.67, 0.4, 0.5]
    assert "am weitesten ist Stadt Bingen (67 % vollständig umgesetzt)" in shown_picture(app)[0]


def test_not_in_the_navigation_with_one_register(own_version_database):
    Store(own_version_database, register="mainz").add(simple().to_bytes(), "mainz.xlsx")
    app = open_page("uebersicht")
    with pytest.raises(ValueError, match="Known pages"):
        app.switch_page("pages/vergleich.py")


def test_only_the_registers_the_user_may_read_are_compared(three):
    app = signed_in("mainz-pg", "mainz")  # reads mainz and trier (tests/app/test_registers.py)
    app.switch_page("pages/vergleich.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    table = app.dataframe[0].value
    assert table["Bezeichnung"].tolist() == ["Stadt Mainz", "Stadt Trier"]  # not bingen
    assert shown_picture(app)[0].startswith("2 Register, ")


def test_a_reader_of_one_register_has_nothing_to_compare(three):
    app = signed_in("trier-rat", "trier")
    with pytest.raises(ValueError, match="Known pages"):
        app.switch_page("pages/vergleich.py")
