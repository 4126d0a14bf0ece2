"""Every page of the dashboard: what it shows for a register written here, with the numbers worked out by hand
(tests/app/conftest.py: `five_measures`)."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.sample import SAMPLE_MARK
from lib.storing.storage import Store
from tests.app.conftest import BAU, MARKUP, header_line, open_page, plain, texts
from tests.builders import Book
from tests.pictures import shown_picture, svg_texts

HEADER_PAGES = ["uebersicht", "prioritaeten", "aemter", "fristen", "planung", "kooperationen", "daten", "antwort"]
OTHER_PAGES = ["aenderungen", "hochladen"]  # no page header: the sidebar names the register


@pytest.mark.parametrize("page", HEADER_PAGES)
def test_page_header_marks_the_sample(page):
    app = open_page(page)
    assert app.title, "page has a title"
    assert header_line(app).endswith(f" · **{SAMPLE_MARK}**"), header_line(app)


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_sidebar_names_the_sample_on_pages_without_header(page):
    app = open_page(page)
    assert app.title, "page has a title"
    assert any(c.value.endswith(f"**{SAMPLE_MARK}**") for c in app.sidebar.caption)


@pytest.mark.parametrize("page", HEADER_PAGES)
def test_a_stored_register_is_not_marked_as_sample(five_shown, page):
    app = open_page(page)
    assert header_line(app) == "Stichtag 01.07.2019 · 5 von 5 Maßnahmen"
    assert SAMPLE_MARK not in texts(app)


def test_overview_counts_each_priority(five_shown):
    app = open_page("uebersicht")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {"Priorität 0": "1 / 2", "Priorität 1": "0 / 1", "Priorität 2": "1 / 1",
                       "Priorität 3": "0 / 1", "Priorität 4": "0 / 0", "Priorität 5": "0 / 0"}
    assert "teilweise 0 · nicht 1 · überfällig 1" in [c.value for c in app.main.caption]  # priority 1
    assert "**Stufenplan (Priorität 0–2): 2 von 4 Maßnahmen vollständig umgesetzt (50 %) – Stichtag 01.07.2019.**" \
        in [m.value for m in app.markdown]
    table = app.dataframe[0].value
    assert list(table.columns) == ["Priorität", "gesamt", "vollständig", "teilweise", "nicht umgesetzt", "Überfällig"]
    assert table.iloc[0].tolist() == [0, 2, 1, 1, 0, 0]
    assert table.iloc[1].tolist() == [1, 1, 0, 0, 1, 1]
    findings = next(m.value for m in app.markdown if m.value.startswith("- "))
    assert "- Priorität 1: 0 von 1 Maßnahme vollständig umgesetzt, 0 teilweise, 1 nicht umgesetzt; 1 davon überfällig." \
        in findings.splitlines()


def test_charts_are_named_by_their_finding_sentence(five_shown):
    """The chart's accessible name (the image's alt) is the sentence shown above it."""
    overview = open_page("uebersicht")
    finding = "Stufenplan (Priorität 0–2): 2 von 4 Maßnahmen vollständig umgesetzt (50 %) – Stichtag 01.07.2019."
    assert f"**{finding}**" in [m.value for m in overview.markdown]
    (picture,) = overview.get("image")[0].proto.imgs
    assert picture.alt == finding and picture.url.startswith("data:image/svg+xml;base64,")
    alt, _svg = shown_picture(open_page("fristen"))
    assert alt == "1 von 5 Maßnahmen mit Frist sind zum 01.07.2019 überfällig (violetter Rand)."


def test_priority_filter_from_url_narrows_every_count(five_shown):
    app = open_page("uebersicht", prio=["1", "2"])
    assert header_line(app) == "Stichtag 01.07.2019 · 2 von 5 Maßnahmen (gefiltert)"
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Priorität 0"], metrics["Priorität 1"], metrics["Priorität 2"]) == ("0 / 0", "0 / 1", "1 / 1")


def test_deadlines_at_the_stand(five_shown):
    app = open_page("fristen")
    assert {m.label: m.value for m in app.metric}["Überfällige Maßnahmen"] == "1"
    assert "**1 von 5 Maßnahmen mit Frist sind zum 01.07.2019 überfällig (violetter Rand).**" in texts(app)
    _alt, svg = shown_picture(app)
    # by deadline, then priority: 1.01 (01.03.2019), 3.01 (01.09.2019), then 0.01, 0.02, 2.01 (all 31.12.2019)
    assert svg_texts(svg, within="matplotlib.axis_2") == [
        "1.01 E-Rechnung", "3.01 Digitaler Zwilling", "0.01 Virtuelle Poststelle", "0.02 E-Akte",
        "2.01 Online-Bauantrag"]
    drawn = svg_texts(svg)
    assert "Stichtag 01.07.2019" in drawn and "Stufenplan 31.12.2019" in drawn
    timeline, late, upcoming = (plain(d.value) for d in app.dataframe)
    assert list(timeline.columns) == ["Nr", "Maßnahme", "Priorität", "Frist", "Tage bis zur Frist", "Überfällig"]
    assert late.to_dict("records") == [{"Nr": "1.01", "Maßnahme": "E-Rechnung", "Priorität": 1,
                                        "Status": "nicht umgesetzt", "Frist": dt.date(2019, 3, 1),
                                        "Tage überfällig": 122}]
    assert list(zip(upcoming["Nr"], upcoming["Tage bis zur Frist"], strict=True)) == [("3.01", 62), ("0.02", 183)]


def test_stichtag_from_url_changes_overdue(five_shown):
    app = open_page("fristen", stichtag="2020-01-01")
    assert {m.label: m.value for m in app.metric}["Überfällige Maßnahmen"] == "3"
    assert "Überfällig (3)" in [h.value for h in app.header]
    late = plain(app.dataframe[1].value)
    assert list(zip(late["Nr"], late["Tage überfällig"], strict=True)) == [("1.01", 306), ("3.01", 122), ("0.02", 1)]
    assert "01.01.2020" in texts(app)


def test_offices_page_shares_and_findings(five_shown):
    app = open_page("aemter")
    finding = ("3 Ämter, 5 Maßnahmen: Stand je Amt und Maßnahme – umgesetzt, teilweise oder offen (Zeilen nach "
               "Dezernat, Spalten nach Priorität)")
    assert f"**{finding}**" in texts(app)
    alt, svg = shown_picture(app)  # the heatmap, drawn on the server
    assert alt == finding
    assert svg_texts(svg, within="matplotlib.axis_2") == ["I · 10 Hauptamt", f"VI · {BAU}", f"VI · {MARKUP}"]
    assert svg_texts(svg, within="matplotlib.axis_1") == ["0.01", "0.02", "1.01", "2.01", "3.01",
                                                          "Maßnahme (nach Priorität)"]
    assert "**Am weitesten ist 10 Hauptamt (2 von 2 Maßnahmen umgesetzt).**" in texts(app)
    cells, shares = (plain(d.value) for d in app.dataframe)
    assert list(cells.columns) == ["Dezernat", "Amt", "Nr", "Maßnahme", "Priorität", "Stand"]
    assert len(cells) == 9
    assert list(cells.loc[cells["Amt"] == BAU, "Stand"]) == ["umgesetzt", "teilweise", "offen", "umgesetzt"]
    assert list(shares.columns) == ["Amt", "Dezernat", "Maßnahmen", "umgesetzt", "Anteil umgesetzt"]
    assert shares[["Amt", "Maßnahmen", "umgesetzt"]].values.tolist() == [
        ["10 Hauptamt", 2, 2], [BAU, 4, 2], [MARKUP, 3, 1]]


@pytest.mark.parametrize(("office", "ids"), [
    (BAU, ["0.01", "0.02", "1.01", "2.01"]),
    (MARKUP, ["0.01", "0.02", "3.01"]),
    ("10 Hauptamt", ["0.01", "0.02"]),
])
def test_office_filter_from_url_narrows_to_measures_of_that_office(five_shown, office, ids):
    app = open_page("daten", amt=[office])
    assert list(plain(app.dataframe[0].value)["Nr"]) == ids
    assert header_line(app) == f"Stichtag 01.07.2019 · {len(ids)} von 5 Maßnahmen (gefiltert)"
    assert f"{len(ids)} Zeilen." in texts(app)


def test_office_filter_holds_the_office_id(five_shown):
    app = open_page("daten", amt=[BAU])
    assert app.session_state["amt"] == ["61"]
    assert app.session_state["view"].filters.offices == ("61",)


def test_reset_button_clears_every_filter(five_shown):
    app = open_page("daten", amt=[BAU], prio=["0"], ueberfaellig="true")
    assert header_line(app) == "Stichtag 01.07.2019 · 0 von 5 Maßnahmen (gefiltert)"
    next(b for b in app.sidebar.button if b.label == "Filter zurücksetzen").click()
    app.run()
    assert header_line(app) == "Stichtag 01.07.2019 · 5 von 5 Maßnahmen"
    assert (app.session_state["amt"], app.session_state["prio"], app.session_state["ueberfaellig"]) == ([], [], False)


def test_priority_page_lists_exactly_the_partial_measures(five_shown):
    app = open_page("prioritaeten", p="0")
    gap_tables = [plain(t.value) for t in app.dataframe if "Noch offen in Ämtern" in t.value.columns]
    assert gap_tables and list(gap_tables[0]["Nr"]) == ["0.02"]
    assert list(gap_tables[0]["Noch offen in Ämtern"]) == [f"{BAU}, {MARKUP}"]


def test_planning_lists_measures_without_plan(five_shown):
    app = open_page("planung")
    assert "Ohne Umsetzungsplan (1)" in [h.value for h in app.header]


PLAN_HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Beginn", "Dauer (Monate)")


def test_planning_draws_a_bar_per_planned_measure(own_version_database):
    """3.01 planned from 03.2020 for 18 months, 4.01 from 01.2021 for 9, 5.01 without a plan."""
    rows = [("3.01", "Digitaler Bauantrag", 3, "10", "03.2020", 18), ("4.01", "Chatbot", 4, "10", "01.2021", 9),
            ("5.01", "Ohne Plan", 5, "10", None, None)]
    Store(own_version_database).add(Book().measures(rows, header=PLAN_HEADER, title=["Stand: 01.07.2019"]).offices()
                                    .to_bytes(), "plan.xlsx")
    alt, svg = shown_picture(open_page("planung"))
    assert alt == "2 Maßnahmen sind geplant, 1 noch ohne Plan."
    assert svg_texts(svg, within="matplotlib.axis_2") == ["3.01 Digitaler Bauantrag", "4.01 Chatbot"]
    assert svg_texts(svg, within="legend_1") == ["Priorität 3", "Priorität 4"]
    drawn = svg_texts(svg)
    assert "18 Mon." in drawn and "9 Mon." in drawn


def test_cooperations_name_every_partner(five_shown):
    app = open_page("kooperationen")
    assert set(app.dataframe[0].value["Partner"]) == {"Landkreis", "Nachbarstadt"}


def test_empty_filter_result_is_a_friendly_note(five_shown):
    app = open_page("daten", status=["vollständig umgesetzt"], prio=["1"])
    assert any("Keine Maßnahmen für die gewählten Filter" in i.value for i in app.info)
