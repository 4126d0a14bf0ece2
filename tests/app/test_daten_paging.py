"""Daten on a register longer than DATA_PAGE_ROWS (1.000): a page of rows at a time, its number in the URL
(`?seite=`), back to page 1 when a filter changes, a German notice for a page the table does not have.
The register and its pages, worked out by hand, are in tests/paging_data.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.storing.storage import Store
from tests.app.conftest import ROOT, open_page, plain
from tests.paging_data import long_register

CSV = "CSV mit Semikolon und UTF-8 (öffnet direkt in deutschem Excel)."
NOTICE = "Aus dem Link nicht übernommen, weil es das im angezeigten Register nicht gibt: "
SORTING = "Ein Klick auf eine Spaltenüberschrift sortiert nur die Zeilen dieser Seite."


@pytest.fixture
def stored(own_version_database: Path) -> None:
    Store(own_version_database).add(long_register(), "lang.xlsx")


def deep_link(**params: str) -> AppTest:
    """/daten?… opened directly, as a link does: the session's first run is on Daten (the URL notice shows there)."""
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.switch_page("pages/daten.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def nrs(app: AppTest) -> list[str]:
    return plain(app.dataframe[0].value)["Nr"].tolist()


def caption(app: AppTest) -> str:
    return app.main.caption[-1].value


def buttons(app: AppTest) -> dict[str, bool]:
    """The page buttons, each with whether it can be pressed."""
    return {b.label: not b.disabled for b in app.main.button}


def test_the_second_page_shows_rows_1001_to_2000(stored):
    app = open_page("daten", seite="2")
    shown = nrs(app)
    assert (len(shown), shown[0], shown[499], shown[500], shown[-1]) == (1000, "1.1001", "1.1500", "2.0001", "2.0500")
    assert caption(app) == (f"Zeilen 1.001–2.000 von 2.345. {SORTING} Die Downloads enthalten alle 2.345 Zeilen; {CSV}")
    assert app.dataframe[0].proto.alt == "Maßnahmen der aktuellen Auswahl, Seite 2 von 3: Zeilen 1.001–2.000 von 2.345"
    assert "**Seite 2 von 3**" in [m.value for m in app.main.markdown]
    assert buttons(app) == {"Vorherige Seite": True, "Nächste Seite": True}
    field = app.number_input(key="data_page_choice")
    assert (field.label, field.value, field.min, field.max) == ("Gehe zu Seite (1–3)", 2, 1, 3)
    assert [d.label for d in app.main.get("download_button")] == ["Tabelle als Excel (.xlsx)", "Tabelle als CSV (.csv)"]


def test_a_measure_link_on_a_page_keeps_the_filter_but_not_the_page(stored):
    app = open_page("daten", seite="2", prio="1")  # 1,500 rows of priority 1: two pages
    links = app.dataframe[0].value["Nr"].tolist()
    assert links[0] == "massnahme?prio=1&nr=1.1001", links[0]


def test_the_last_page_holds_the_rest(stored):
    app = open_page("daten", seite="3")
    shown = nrs(app)
    assert (len(shown), shown[0], shown[-1]) == (345, "2.0501", "2.0845")
    assert caption(app).startswith("Zeilen 2.001–2.345 von 2.345. ")
    assert buttons(app) == {"Vorherige Seite": True, "Nächste Seite": False}


def test_buttons_and_field_move_through_the_pages_and_the_url_follows(stored):
    app = open_page("daten")
    assert nrs(app)[0] == "1.0001" and "seite" not in app.query_params
    assert buttons(app) == {"Vorherige Seite": False, "Nächste Seite": True}
    app.button(key="next_page").click().run()
    assert app.query_params["seite"] == "2" and nrs(app)[0] == "1.1001"
    assert app.number_input(key="data_page_choice").value == 2  # the field follows the buttons
    app.number_input(key="data_page_choice").set_value(3).run()
    assert app.query_params["seite"] == "3" and nrs(app)[0] == "2.0501"
    app.button(key="previous_page").click().run()
    assert app.query_params["seite"] == "2" and nrs(app)[0] == "1.1001"
    app.number_input(key="data_page_choice").set_value(1).run()
    assert "seite" not in app.query_params and nrs(app)[0] == "1.0001"  # page 1: no page in the address


def test_changing_a_filter_starts_again_at_page_1(stored):
    app = open_page("daten", seite="2")
    app.multiselect(key="prio").set_value(["1"]).run()  # 1.500 rows: a page 2 exists, but it is other rows
    assert "seite" not in app.query_params
    assert nrs(app)[0] == "1.0001" and caption(app).startswith("Zeilen 1–1.000 von 1.500. ")
    assert not [w for w in app.warning if w.value.startswith(NOTICE)]  # nothing the link asked was refused
    app.button(key="next_page").click().run()
    assert nrs(app)[-1] == "1.1500"
    app.multiselect(key="prio").set_value(["1", "2"]).run()
    assert "seite" not in app.query_params and nrs(app)[0] == "1.0001"


@pytest.mark.parametrize(("asked", "named"), [("0", "0"), ("4", "4"), ("99", "99"), ("x", "x"),
                                              ("-1", "\\-1")])  # markdown source: `\-` shows as `-`
def test_a_page_the_table_does_not_have_is_named_and_removed(stored, asked, named):
    app = deep_link(seite=asked)
    assert [w.value for w in app.warning] == [
        f"{NOTICE}Seite „{named}“. Die Auswahl in der Seitenleiste zeigt, was jetzt gilt. "
        "Die Tabelle beginnt bei Seite 1."]
    assert "seite" not in app.query_params
    assert nrs(app)[0] == "1.0001" and caption(app).startswith("Zeilen 1–1.000 von 2.345. ")


def test_a_page_only_the_unfiltered_table_has_is_refused_with_the_filter(stored):
    app = deep_link(seite="3", prio="2")  # 845 rows: one page, so page 3 is not there
    assert [w.value for w in app.warning] == [
        f"{NOTICE}Seite „3“. Die Auswahl in der Seitenleiste zeigt, was jetzt gilt. Die Tabelle beginnt bei Seite 1."]
    assert caption(app) == f"845 Zeilen. {CSV}"
    app = deep_link(seite="3")
    assert not app.warning and app.query_params["seite"] == "3" and nrs(app)[0] == "2.0501"


def test_up_to_a_thousand_rows_nothing_changes(own_version_database):
    Store(own_version_database).add(long_register(ones=1000, twos=0), "tausend.xlsx")
    app = open_page("daten")
    shown = nrs(app)
    assert (len(shown), shown[0], shown[-1]) == (1000, "1.0001", "1.1000")
    assert caption(app) == f"1.000 Zeilen. {CSV}"
    assert app.dataframe[0].proto.alt == "Maßnahmen der aktuellen Auswahl (1.000 Zeilen)"
    assert not app.main.button and not app.main.number_input  # no page control
