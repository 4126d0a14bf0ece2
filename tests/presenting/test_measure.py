"""The page of one measure, built from a register written here and two stored versions; every expected
line worked out by hand from the tables in `two_versions`."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.deriving.status import derive
from lib.presenting.changes import progress_trends
from lib.presenting.measure import measure_history, measure_page, measure_path
from lib.reading.register import read_register
from lib.storing.storage import Store
from tests.builders import Book

HEADER = ("Nr", "Maßnahme", "Priorität", "Handlungsfeld", "Federführung", "Frist", "Arbeitsplätze gesamt",
          "Arbeitsplätze ausgerollt", "Reihenfolge", "Beginn", "Dauer (Monate)", "Personentage", "Budget (EUR)",
          "Bemerkung", "Reifegrad")


def book(stand: str, e_akte: tuple, chatbot: tuple, rollout: tuple) -> bytes:
    """Two measures in offices 10, 12 (Dezernat I) and 33 (Dezernat III) at one Stand."""
    return (Book().measures([
        ("0.01", "E-Akte", 0, "Interne Verwaltung", "12", None, *e_akte, None, None, None, None, None,
         "Pilot im IT-Amt", "mittel"),
        ("3.01", "Chatbot", 3, "Bürgerservice", *chatbot, None, None, 1, "03.2020", 6, 120, 25000, None, "niedrig"),
    ], header=HEADER, title=[f"Stand: {stand}"]).offices().matrix(["10", "12", "33"], [("0.01", *rollout)]).to_bytes())


# Version 1, Stand 01.03.2019: 0.01 done in 10, partial in 12, not relevant in 33, 40 of 100 workplaces;
#   3.01 led by 33, due 30.06.2019.
# Version 2, Stand 17.09.2019: 0.01 done in 10 and 12, 100 of 100 workplaces → complete;
#   3.01 led by 10, due 31.12.2019, still not started.
FIRST = book("01.03.2019", (100, 40), ("33", "30.06.2019"), ("x", "teilweise", "-"))
SECOND = book("17.09.2019", (100, 100), ("10", "31.12.2019"), ("x", "x", "-"))
LABELS = {"10": "10 Hauptamt", "12": "12 Amt für Informationstechnik", "33": "33 Bürgeramt"}


@pytest.fixture
def two_versions(tmp_path) -> Store:
    store = Store(tmp_path / "v.db")
    store.add(FIRST, "maerz.xlsx", comment="Sitzung März", uploader="anna")
    store.add(SECOND, "september.xlsx", comment="Sitzung September", uploader="ben")
    return store


def page_of(data: bytes, nr: str | None, stichtag: dt.date | None = None, versions=None):
    register = read_register(data).register
    day = stichtag or register.stand
    return measure_page(nr, register, derive(register, day), day, versions)


def facts(page) -> dict[str, str]:
    return {f.label: f.value for f in (*page.facts, *page.plan, *page.extra)}


def test_facts_of_a_partly_done_base_measure():
    page = page_of(FIRST, "0.01")
    assert (page.found, page.title, page.status) == (True, "E-Akte", "teilweise umgesetzt")
    shown = facts(page)
    assert shown["Priorität"] == "0 (Basismaßnahme)"
    assert shown["Handlungsfeld"] == "Interne Verwaltung"
    assert shown["Federführung"] == "12 Amt für Informationstechnik"
    assert shown["Frist"] == "31.12.2019 – noch 305 Tage"  # 01.03. → 31.12.2019
    assert shown["Arbeitsplätze"] == "40 von 100 ausgerollt (40 %)"
    assert shown["Anwendungen offen"] == "keine"
    assert shown["Bemerkung"] == "Pilot im IT-Amt"
    assert shown["Reifegrad"] == "mittel"
    assert page.plan == ()


def test_rollout_per_office_grouped_by_department_with_symbols_and_words():
    page = page_of(FIRST, "0.01")
    assert page.rollout.to_dict("records") == [
        {"Dezernat": "I", "Amt": "10 Hauptamt", "Stand": "✓ umgesetzt"},
        {"Dezernat": "I", "Amt": "12 Amt für Informationstechnik", "Stand": "◐ teilweise"},
        {"Dezernat": "III", "Amt": "33 Bürgeramt", "Stand": "– nicht relevant"},
    ]
    assert page.rollout_summary == "Umgesetzt in 1 von 2 relevanten Ämtern · teilweise 1 · offen 0 · nicht relevant 1"


def test_plan_and_overdue_deadline_of_a_priority_3_measure():
    page = page_of(SECOND, "3.01", stichtag=dt.date(2020, 1, 2))
    shown = facts(page)
    assert shown["Frist"] == "31.12.2019 – seit 2 Tagen überfällig (Stichtag 02.01.2020)"
    assert [(f.label, f.value) for f in page.plan] == [
        ("Reihenfolge", "1"), ("Beginn", "03.2020"), ("Dauer (Monate)", "6"), ("Personentage", "120"),
        ("Budget (EUR)", "25.000 €")]
    assert page.rollout.empty and page.rollout_summary == "Für diese Maßnahme ist kein Rollout je Amt erfasst."
    assert shown["Arbeitsplätze"] == "nicht erfasst"


def test_history_names_each_change_of_the_measure(two_versions):
    lines = measure_history(two_versions, "0.01", LABELS)
    assert [line.text for line in lines] == [
        "Version 1 · 01.03.2019 · erstmals erfasst: teilweise umgesetzt",
        "Version 2 · 17.09.2019 · teilweise umgesetzt → vollständig umgesetzt; Ämter umgesetzt 1 → 2 von 2 (neu: 12)"
        "; Arbeitsplätze 40 → 100 von 100",
    ]
    assert (lines[1].uploader, lines[1].comment, lines[1].stand) == ("ben", "Sitzung September", "17.09.2019")
    chatbot = measure_history(two_versions, "3.01", LABELS)
    assert chatbot[1].changes == ("Frist 30.06.2019 → 31.12.2019", "Federführung 33 Bürgeramt → 10 Hauptamt")


def test_page_carries_the_history_table_and_a_note(two_versions):
    page = page_of(SECOND, "0.01", versions=two_versions)
    assert page.status == "vollständig umgesetzt" and facts(page)["Frist"] == "31.12.2019"
    assert list(page.history_table.columns) == ["Version", "Gespeichert am", "Stand", "von", "Kommentar", "Änderung"]
    assert list(page.history_table["von"]) == ["anna", "ben"]
    assert page.history_note == "Geändert in 1 von 1 späteren Versionen."


def test_a_measure_that_went_away_and_one_that_never_changed(tmp_path):
    store = Store(tmp_path / "v.db")
    store.add(FIRST, "a.xlsx")
    only_chatbot = (Book().measures([("3.01", "Chatbot", 3, "Bürgerservice", "33", "30.06.2019")],
                                    header=HEADER[:6], title=["Stand: 17.09.2019"]).offices().to_bytes())
    store.add(only_chatbot, "b.xlsx")
    assert [line.text for line in measure_history(store, "0.01")][-1] == "Version 2 · 17.09.2019 · nicht mehr im Register"
    assert page_of(only_chatbot, "3.01", versions=store).history_note == "Seit Version 1 unverändert (2 Versionen)."


@pytest.mark.parametrize(("nr", "message"), [
    ("9.99", "Die Maßnahme „9.99“ gibt es im angezeigten Register nicht."),
    ("", "Bitte eine Maßnahme wählen."),
    (None, "Bitte eine Maßnahme wählen."),
])
def test_unknown_or_missing_nr_is_a_message(nr, message):
    page = page_of(FIRST, nr)
    assert (page.found, page.message) == (False, message)


@pytest.mark.parametrize(("nr", "params", "path"), [
    ("2.01", {}, "massnahme?nr=2.01"),
    ("2.01", {"stichtag": "2019-09-17", "nr": "1.01", "prio": ["0", "1"]},
     "massnahme?stichtag=2019-09-17&prio=0&prio=1&nr=2.01"),
    ("B 3&4", {}, "massnahme?nr=B+3%264"),
])
def test_measure_path_keeps_the_view_and_ends_with_the_nr(nr, params, path):
    assert measure_path(nr, params) == path


def test_progress_trends_per_priority(two_versions):
    trends = progress_trends(two_versions)
    assert (trends[0].complete, trends[0].share) == ((0, 1), (0, 100))
    assert (trends[3].complete, trends[3].share) == ((0, 0), (0, 0))
    assert (trends[1].complete, trends[1].share) == ((0, 0), (0, 0))  # no measures: 0 %, not 100 %
    assert progress_trends(two_versions, upto=1) == {}  # one version is no trend
