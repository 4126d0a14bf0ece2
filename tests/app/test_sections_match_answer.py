"""The pages Prioritäten, Planung and Kooperationen list exactly the measures the answer lists under the same heading.

For registers written here (stored as the shown version), every page section and the Markdown answer of
the Antwort page name the same Nrs, and both name the Nrs worked out by hand below.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1.element_tree import Caption, Dataframe, Header

from lib.storing.storage import Store
from tests.app.conftest import open_page, plain
from tests.builders import Book
from tests.presenting.test_answer import md_questions

# Page heading (without its count) → the paragraph introducing the same list in the answer.
STATUS_LEADS = {  # questions 1–3, one priority each
    "Umgesetzt": "Umgesetzt (vollständig oder teilweise) sind:",
    "Vollständig und flächendeckend umgesetzt": "Davon vollständig und flächendeckend umgesetzt sind:",
    "Noch nicht in allen Ämtern, an allen Arbeitsplätzen oder in allen Anwendungen":
        "In einzelnen Ämtern, an einzelnen Arbeitsplätzen oder in einzelnen Anwendungen noch nicht ausgerollt "
        "sind (mit den noch ausstehenden Bereichen):",
    "Nicht umgesetzt": "Noch nicht umgesetzt sind:",
}
COMPLETED_LEADS = {  # question 4, over the Prioritäten pages 3, 4 and 5
    "Vollständig und flächendeckend umgesetzt": "Vollständig umgesetzt sind:",
    "Noch nicht in allen Ämtern, an allen Arbeitsplätzen oder in allen Anwendungen":
        "Teilweise umgesetzt, aber noch nicht abgeschlossen sind:",
}
UNPLANNED = ("Ohne Umsetzungsplan", "Noch kein Umsetzungsplan liegt vor für:")  # question 5
COOPERATIONS = "Maßnahmen in Kooperation"  # question 6: the page's table and the answer's table

MEASURE_COLUMNS = ("Nr", "Maßnahme", "Priorität", "Status", "Frist", "Umgesetzt am", "Kooperationspartner",
                   "Arbeitsplätze gesamt", "Arbeitsplätze ausgerollt", "Anwendungen offen", "Reihenfolge", "Beginn",
                   "Dauer (Monate)", "Personentage", "Budget (EUR)")


def measures(*rows: dict) -> list[dict]:
    return [{c: row.get(c) for c in MEASURE_COLUMNS} | {"Federführung": "10"} for row in rows]


# Register A: rollout as a matrix, workplaces, applications, partners, plans; in priority order.
MIXED = (Book()
         .measures(measures(
             {"Nr": "0.01", "Maßnahme": "E-Akte", "Priorität": 0, "Kooperationspartner": "Stadt Trier"},
             {"Nr": "0.02", "Maßnahme": "Virtuelle Poststelle", "Priorität": 0},
             {"Nr": "0.03", "Maßnahme": "Scan-Arbeitsplätze", "Priorität": 0, "Status": "umgesetzt",
              "Arbeitsplätze gesamt": 100, "Arbeitsplätze ausgerollt": 40},
             {"Nr": "0.04", "Maßnahme": "Sichere E-Mail", "Priorität": 0, "Status": "offen"},
             {"Nr": "1.01", "Maßnahme": "E-Rechnung", "Priorität": 1, "Umgesetzt am": "01.03.2019"},
             {"Nr": "1.02", "Maßnahme": "Online-Termine", "Priorität": 1, "Status": "offen",
              "Kooperationspartner": "Land Rheinland-Pfalz; Stadt Mainz"},
             {"Nr": "2.01", "Maßnahme": "ePayment", "Priorität": 2, "Status": "teilweise",
              "Anwendungen offen": "Gebühren; Fundsachen"},
             {"Nr": "3.01", "Maßnahme": "Livestream", "Priorität": 3, "Status": "umgesetzt"},
             {"Nr": "3.02", "Maßnahme": "Wohngeld online", "Priorität": 3, "Kooperationspartner": "Stadt Trier",
              "Reihenfolge": 2, "Beginn": "01.11.2020", "Dauer (Monate)": 9, "Personentage": 250,
              "Budget (EUR)": 150000},
             {"Nr": "3.03", "Maßnahme": "i-Kfz", "Priorität": 3, "Reihenfolge": 1, "Beginn": "04.2020",
              "Dauer (Monate)": 24, "Personentage": 60, "Budget (EUR)": 240000},
             {"Nr": "4.01", "Maßnahme": "Chatbot", "Priorität": 4},
             {"Nr": "4.02", "Maßnahme": "Open Data", "Priorität": 4, "Status": "teilweise"},
             {"Nr": "5.01", "Maßnahme": "Bürger-App", "Priorität": 5, "Status": "erledigt", "Reihenfolge": 1},
         ), header=None, title=["Stand: 17.09.2019"])
         .offices()
         .matrix(["10", "12", "33 Bürgeramt"], [("0.01", "x", "x", "n. r."), ("0.02", "x", "offen", "teilweise")]))

# Register B: rollout as a list with applications, not in priority order, priorities 2, 3 and 5 empty.
UNSORTED = (Book()
            .measures(measures(
                {"Nr": "1.05", "Maßnahme": "Online-Formulare", "Priorität": 1},
                {"Nr": "0.02", "Maßnahme": "Poststelle", "Priorität": 0},
                {"Nr": "0.01", "Maßnahme": "E-Akte", "Priorität": 0, "Status": "offen"},
                {"Nr": "4.03", "Maßnahme": "Geoportal", "Priorität": 4, "Personentage": 30,
                 "Kooperationspartner": "Bund; Land Rheinland-Pfalz"},
                {"Nr": "1.01", "Maßnahme": "E-Rechnung", "Priorität": 1, "Status": "umgesetzt",
                 "Kooperationspartner": "Bund"},
                {"Nr": "4.01", "Maßnahme": "Chatbot", "Priorität": 4, "Reihenfolge": 1, "Beginn": "01.2021",
                 "Dauer (Monate)": 6},
            ), header=None, title=["Stand: 01.10.2019"])
            .offices()
            .long([("1.05", "10", "x", "Antrag"), ("1.05", "12", "offen", "Antrag"), ("1.05", "12", "x", "Bescheid"),
                   ("0.02", "10", "x", None), ("0.02", "12", "x", None), ("0.02", "33", "x", None)],
                  header=("Nr", "Amt", "Status", "Anwendung")))

# Worked out by hand from the register contract.
EXPECTED = {
    "mixed": {
        "status": {
            0: {"Umgesetzt": ["0.01", "0.02", "0.03"], "Vollständig und flächendeckend umgesetzt": ["0.01"],
                "Noch nicht in allen Ämtern, an allen Arbeitsplätzen oder in allen Anwendungen": ["0.02", "0.03"],
                "Nicht umgesetzt": ["0.04"]},
            1: {"Umgesetzt": ["1.01"], "Vollständig und flächendeckend umgesetzt": ["1.01"],
                "Noch nicht in allen Ämtern, an allen Arbeitsplätzen oder in allen Anwendungen": [],
                "Nicht umgesetzt": ["1.02"]},
            2: {"Umgesetzt": ["2.01"], "Vollständig und flächendeckend umgesetzt": [],
                "Noch nicht in allen Ämtern, an allen Arbeitsplätzen oder in allen Anwendungen": ["2.01"],
                "Nicht umgesetzt": []},
        },
        "completed": {"Vollständig und flächendeckend umgesetzt": ["3.01", "5.01"],
                      "Noch nicht in allen Ämtern, an allen Arbeitsplätzen oder in allen Anwendungen": ["4.02"]},
        "planned": ["3.03", "3.02"],
        "unplanned": ["4.01", "4.02"],
        "cooperations": ["0.01", "1.02", "3.02"],
        "gaps": {0: {"0.02": ("12 Amt für Informationstechnik, 33 Bürgeramt", 0, ""), "0.03": ("", 60, "")},
                 1: {}, 2: {"2.01": ("", 0, "Gebühren, Fundsachen")}},
        "partners": {"1.02": "Land Rheinland-Pfalz, Stadt Mainz"},
        "top": "Stadt Trier (2",
    },
    "unsorted": {
        "status": {
            0: {"Umgesetzt": ["0.02"], "Vollständig und flächendeckend umgesetzt": ["0.02"],
                "Noch nicht in allen Ämtern, an allen Arbeitsplätzen oder in allen Anwendungen": [],
                "Nicht umgesetzt": ["0.01"]},
            1: {"Umgesetzt": ["1.05", "1.01"], "Vollständig und flächendeckend umgesetzt": ["1.01"],
                "Noch nicht in allen Ämtern, an allen Arbeitsplätzen oder in allen Anwendungen": ["1.05"],
                "Nicht umgesetzt": []},
            2: None,  # no measures: the page says so, the answer lists nothing
        },
        "completed": {"Vollständig und flächendeckend umgesetzt": [],
                      "Noch nicht in allen Ämtern, an allen Arbeitsplätzen oder in allen Anwendungen": []},
        "planned": ["4.01", "4.03"],
        "unplanned": [],
        "cooperations": ["4.03", "1.01"],
        "gaps": {0: {}, 1: {"1.05": ("12 Amt für Informationstechnik", 0, "Antrag")}, 2: {}},
        "partners": {"4.03": "Bund, Land Rheinland-Pfalz"},
        "top": "Bund (2",
    },
}
BOOKS = {"mixed": MIXED, "unsorted": UNSORTED}


# ----------------------------------------------------------------------------- reading pages and the answer


def page_sections(app) -> dict[str, list[str]]:
    """Each heading (without its count) with the Nrs of the table below it; a caption 'keine' is no Nrs."""
    sections: dict[str, list[str]] = {}
    heading = None
    for node in app.main:
        if isinstance(node, Header):
            heading = re.sub(r" \(\d+\)$", "", node.value)
        elif heading is not None and isinstance(node, Dataframe):
            if "Nr" in node.value.columns:  # not the partner × measure matrix
                sections[heading] = list(plain(node.value)["Nr"])
            heading = None
        elif heading is not None and isinstance(node, Caption) and node.value == "keine":
            sections[heading] = []
            heading = None
    return sections


def tables_with(app, column: str) -> list:
    return [plain(d.value) for d in app.dataframe if column in d.value.columns]


def answer_questions(app) -> dict[int, list[tuple[str, object]]]:
    preview = next(m.value for m in app.markdown if m.value.startswith("# Antwort"))
    return md_questions(preview)


def listed(entries, lead: str) -> list[str]:
    """The Nrs bulleted right after the paragraph `lead` (none when the answer has no such paragraph)."""
    nrs, inside = [], False
    for kind, value in entries:
        if kind == "p":
            inside = value == lead
        elif kind == "li" and inside:
            nrs.append(value.split(" ", 1)[0])
    return nrs


def table_rows(entries) -> list[list[str]]:
    (table,) = [value for kind, value in entries if kind == "table"] or [[[]]]
    return table[1:]


@pytest.fixture(params=list(BOOKS))
def shown(request, own_version_database):
    Store(own_version_database).add(BOOKS[request.param].to_bytes(), f"{request.param}.xlsx")
    return request.param


@pytest.fixture
def answer(shown):
    app = open_page("antwort")
    assert not app.warning, "a stored version is no sample"
    return answer_questions(app)


# ----------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("priority", [0, 1, 2])
def test_questions_1_to_3_match_the_priority_page(shown, answer, priority):
    app = open_page("prioritaeten", p=str(priority))
    shown_sections, expected = page_sections(app), EXPECTED[shown]["status"][priority]
    entries = answer[priority + 1]
    if expected is None:
        assert shown_sections == {}
        assert any("Keine Maßnahmen der Priorität 2" in i.value for i in app.info)
        assert [kind for kind, _ in entries if kind == "li"] == []
        return
    assert shown_sections == expected
    for heading, lead in STATUS_LEADS.items():
        assert listed(entries, lead) == shown_sections[heading], heading

    # Where a measure is not yet rolled out: the same offices, workplaces and applications, joined alike.
    gaps = EXPECTED[shown]["gaps"][priority]
    shown_gaps = {row[0]: (row[2], row[3], row[4]) for table in tables_with(app, "Noch offen in Ämtern")
                  for row in table.itertuples(index=False)}  # an empty list is the caption "keine", no table
    assert shown_gaps == gaps
    items = {v.split(" ", 1)[0]: v for k, v in entries if k == "li"}
    for nr, (offices, workplaces, applications) in gaps.items():
        if offices:
            assert f"noch nicht ausgerollt in: {offices}" in items[nr]
        if workplaces:
            assert f"an {workplaces} von" in items[nr]
        if applications:
            assert f"noch offene Anwendungen: {applications}" in items[nr]


def test_question_4_matches_the_priority_pages_3_to_5(shown, answer):
    on_pages: dict[str, list[str]] = {heading: [] for heading in COMPLETED_LEADS}
    for priority in (3, 4, 5):
        sections = page_sections(open_page("prioritaeten", p=str(priority)))
        for heading in COMPLETED_LEADS:
            on_pages[heading] += sections.get(heading, [])
    assert on_pages == EXPECTED[shown]["completed"]
    for heading, lead in COMPLETED_LEADS.items():
        assert listed(answer[4], lead) == on_pages[heading], heading


def test_question_5_matches_the_planning_page(shown, answer):
    app = open_page("planung")
    expected = EXPECTED[shown]
    plan_tables = tables_with(app, "Reihenfolge")
    on_page = list(plan_tables[0]["Nr"]) if plan_tables else []
    assert on_page == expected["planned"]
    assert [row[1].split(" ", 1)[0] for row in table_rows(answer[5])] == on_page
    heading, lead = UNPLANNED
    assert page_sections(app)[heading] == expected["unplanned"]
    assert listed(answer[5], lead) == expected["unplanned"]


def test_question_6_matches_the_cooperation_page(shown, answer):
    app = open_page("kooperationen")
    expected = EXPECTED[shown]
    assert page_sections(app)[COOPERATIONS] == expected["cooperations"]
    rows = table_rows(answer[6])
    assert [row[0].split(" ", 1)[0] for row in rows] == expected["cooperations"]
    (measures_table,) = tables_with(app, "Kooperationspartner")
    on_page = dict(zip(measures_table["Nr"], measures_table["Kooperationspartner"], strict=True))
    in_answer = {row[0].split(" ", 1)[0]: row[3] for row in rows}
    for nr, partners in expected["partners"].items():
        assert on_page[nr] == in_answer[nr] == partners
    top = expected["top"]
    assert any(f"die meisten gemeinsamen Maßnahmen mit {top})" in m.value for m in app.markdown)
    assert any(f"die meisten gemeinsamen Maßnahmen bestehen mit {top} Maßnahmen)" in value
               for kind, value in answer[6] if kind == "p")
