"""Every page of the dashboard on the sample register: the numbers shown are the core's numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.filters import Filters, apply_filters
from lib.status import derive, priority_counts
from tests.app.conftest import open_page, texts

PAGES = ["uebersicht", "prioritaeten", "aemter", "fristen", "planung", "kooperationen", "daten", "antwort",
         "aenderungen", "hochladen"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_sample_label(page):
    app = open_page(page)
    assert app.title, "page has a title"
    assert "Beispieldaten (fiktiv)" in texts(app)


def test_overview_shows_counts_of_each_priority(sample_derived):
    _, derived = sample_derived
    app = open_page("uebersicht")
    counts = priority_counts(derived).set_index("priority")
    metrics = {m.label: m.value for m in app.metric}
    for priority, row in counts.iterrows():
        assert metrics[f"Priorität {priority}"] == f"{row['complete']} / {row['total']}"


def test_priority_filter_from_url_narrows_every_count(sample_derived):
    register, derived = sample_derived
    app = open_page("uebersicht", prio=["1", "2"])
    expected = apply_filters(derived, Filters(priorities=(1, 2)), register.offices)
    assert f"{len(expected)} von {len(derived)} Maßnahmen (gefiltert)" in texts(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Priorität 0"] == "0 / 0"


def test_stichtag_from_url_changes_overdue(sample_derived):
    register, _ = sample_derived
    late = dt.date(2020, 1, 1)
    app = open_page("fristen", stichtag=late.isoformat())
    overdue = int(derive(register, late)["overdue"].sum())
    assert overdue > 0
    assert {m.label: m.value for m in app.metric}["Überfällige Maßnahmen"] == str(overdue)
    assert "01.01.2020" in texts(app)


def test_priority_page_lists_exactly_the_partial_measures(sample_derived):
    _, derived = sample_derived
    app = open_page("prioritaeten", p="0")
    partial = derived[(derived["priority"] == 0) & (derived["status"] == "partial")]
    gap_tables = [t.value for t in app.dataframe if "Noch nicht umgesetzt in Ämtern" in t.value.columns]
    assert gap_tables and list(gap_tables[0]["Nr"]) == list(partial["id"])


def test_office_filter_narrows_to_measures_of_that_office(sample_derived):
    register, derived = sample_derived
    app = open_page("daten", amt=["33 Bürgeramt"])
    expected = apply_filters(derived, Filters(offices=("33",)), register.offices)
    table = app.dataframe[0].value
    assert list(table["Nr"]) == list(expected["id"])


def test_planning_lists_measures_without_plan(sample_derived):
    _, derived = sample_derived
    app = open_page("planung")
    later = derived[(derived["priority"] >= 3) & (derived["status"] != "complete")]
    without = later[later[["order", "start", "duration_months", "person_days", "budget_eur"]].isna().all(axis=1)]
    assert f"Ohne Umsetzungsplan ({len(without)})" in [h.value for h in app.header]


def test_cooperations_name_every_partner(sample_derived):
    _, derived = sample_derived
    app = open_page("kooperationen")
    partners = {p for ps in derived["partners"] for p in ps}
    shown = set(app.dataframe[0].value["Partner"])
    assert shown == partners


def test_empty_filter_result_is_a_friendly_note():
    app = open_page("daten", status=["vollständig umgesetzt"], prio=["5"])
    assert any("Keine Maßnahmen für die gewählten Filter" in i.value for i in app.info)
