"""Page Maßnahme (/massnahme?nr=…): a measure's facts, rollout and story across two versions written here,
an unknown Nr, filters that do not hide it, and the sample series on a fresh store (never stored)."""

from __future__ import annotations

import json

import pytest

from lib.sample import SAMPLE_MARK
from lib.storing.storage import Store
from tests.app.conftest import open_page, plain, texts
from tests.builders import Book
from tests.pictures import shown_picture, svg_texts

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Arbeitsplätze gesamt", "Arbeitsplätze ausgerollt")


def register(stand: str, states: tuple, workplaces: int, chatbot_lead: str) -> bytes:
    measures = [("0.01", "E-Akte", 0, "12", None, 100, workplaces), ("3.01", "Chatbot", 3, chatbot_lead, None)]
    return (Book().measures(measures, header=HEADER, title=[f"Stand: {stand}"]).offices()
            .matrix(["10", "12", "33"], [("0.01", *states)]).to_bytes())


@pytest.fixture
def two_versions(own_version_database) -> Store:
    """Version 1 (01.03.2019): 0.01 done in 10, partial in 12, n. r. in 33, 40 of 100 workplaces; 3.01 led by 33.
    Version 2 (17.09.2019): 0.01 done in 10 and 12, 100 of 100 → complete; 3.01 led by 10."""
    store = Store(own_version_database)
    store.add(register("01.03.2019", ("x", "teilweise", "-"), 40, "33"), "maerz.xlsx", comment="Sitzung März",
              uploader="anna")
    store.add(register("17.09.2019", ("x", "x", "-"), 100, "10"), "september.xlsx", comment="Sitzung September",
              uploader="ben")
    return store


def test_measure_page_tells_its_story(two_versions):
    app = open_page("massnahme", nr="0.01")
    assert [h.value for h in app.header] == ["0.01 E-Akte"]
    shown = texts(app)
    assert "- **Status:** vollständig umgesetzt" in shown
    assert "- **Federführung:** 12 Amt für Informationstechnik" in shown
    assert "- **Arbeitsplätze:** 100 von 100 ausgerollt (100 %)" in shown
    assert "**Umgesetzt in 2 von 2 relevanten Ämtern · teilweise 0 · offen 0 · nicht relevant 1**" in shown
    rollout, history = (d.value for d in app.dataframe)
    assert list(zip(rollout["Dezernat"], rollout["Amt"], rollout["Stand"], strict=True)) == [
        ("I", "10 Hauptamt", "✓ umgesetzt"), ("I", "12 Amt für Informationstechnik", "✓ umgesetzt"),
        ("III", "33 Bürgeramt", "– nicht relevant")]
    lines = next(m.value for m in app.markdown if m.value.startswith("- Version 1"))
    assert lines.splitlines() == [
        "- Version 1 · 01.03.2019 · erstmals erfasst: teilweise umgesetzt",
        "- Version 2 · 17.09.2019 · teilweise umgesetzt → vollständig umgesetzt; Ämter umgesetzt 1 → 2 von 2 "
        "(neu: 12); Arbeitsplätze 40 → 100 von 100",
    ]
    assert list(zip(history["Version"], history["von"], history["Kommentar"], strict=True)) == [
        (1, "anna", "Sitzung März"), (2, "ben", "Sitzung September")]


def test_unknown_nr_is_named_with_a_way_back(two_versions):
    app = open_page("massnahme", nr="7.77")
    assert [w.value for w in app.warning] == ["Die Maßnahme „7.77“ gibt es im angezeigten Register nicht."]
    [link] = app.get("page_link")
    assert link.proto.label == "Zurück zur Liste aller Maßnahmen (Daten)" and link.proto.page.endswith("daten")
    assert not app.header


def test_filters_never_hide_the_measure_asked_for(two_versions):
    app = open_page("massnahme", nr="0.01", prio=["3"])  # the filter keeps only 3.01
    assert [h.value for h in app.header] == ["0.01 E-Akte"]
    assert "Die Filter der Seitenleiste gelten auf dieser Seite nicht" in texts(app)


def test_tables_open_the_measure_page_from_the_nr(two_versions):
    app = open_page("aenderungen")
    changes = next(d for d in app.dataframe if "Änderung" in d.value.columns)
    assert list(changes.value["Nr"]) == ["massnahme?nr=0.01", "massnahme?nr=3.01", "massnahme?nr=0.01"]
    assert list(plain(changes.value)["Änderung"]) == ["Status geändert", "Federführung geändert", "Amt umgesetzt"]
    config = json.loads(changes.proto.columns)["Nr"]
    assert config["type_config"] == {"type": "link", "display_text": "nr=([^&]*)$"}


def test_progress_has_whole_number_ticks_and_trends_in_the_overview(two_versions):
    """Across both versions 0.01 goes from partial to complete (priority 0: 0 → 1), 3.01 stays open (priority 3:
    0 → 0); the priorities without measures stay at 0."""
    alt, svg = shown_picture(open_page("aenderungen"))
    assert alt == "In Version 2 sind 1 von 2 Maßnahmen vollständig umgesetzt, in Version 1 waren es 0 von 2."
    assert svg_texts(svg, within="matplotlib.axis_1") == ["V1 · 01.03.2019", "V2 · 17.09.2019", "Version (Stand)"]
    assert svg_texts(svg, within="matplotlib.axis_2") == ["0", "1", "vollständig umgesetzte Maßnahmen"]  # not 0,5
    drawn = svg_texts(svg)
    points = drawn[drawn.index("vollständig umgesetzte Maßnahmen") + 1:drawn.index("Priorität 0 (Basismaßnahmen)")]
    assert points == ["0", "1"] + ["0", "0"] * 5  # priority 0's line, then 1–5
    metrics = {m.label: m for m in open_page("uebersicht").metric}
    assert list(metrics["Priorität 0"].proto.chart_data) == [0, 1]
    assert "0 (0 %) → 1 (100 %)" in metrics["Priorität 0"].proto.help
    assert list(metrics["Priorität 3"].proto.chart_data) == [0, 0]


def test_fresh_store_shows_the_sample_history_and_stays_empty(own_version_database):
    changes = open_page("aenderungen")
    assert any(SAMPLE_MARK in i.value for i in changes.info)
    assert changes.selectbox(key="diff_newer").value == f"Version 3 · Stand 17.09.2019 – {SAMPLE_MARK}"
    assert changes.selectbox(key="diff_older").value == f"Version 2 · Stand 12.12.2018 – {SAMPLE_MARK}"
    sentence = next(m.value for m in changes.markdown if m.value.startswith("**Seit 12.12.2018:"))
    assert "1 neu" in sentence and "1 Frist geändert" in sentence  # 5.09 added, 2.02 moved (lib.sample)
    measure = open_page("massnahme", nr="2.02")
    lines = next(m.value for m in measure.markdown if m.value.startswith("- Version 1"))
    assert lines.splitlines()[-1] == "- Version 3 · 17.09.2019 · Frist 31.03.2019 → 30.06.2019"
    handed_over = open_page("massnahme", nr="1.11")
    assert "Federführung 10 Hauptamt → 12 Amt für Informationstechnik" in texts(handed_over)
    overview = open_page("uebersicht")
    assert all(len(m.proto.chart_data) == 3 for m in overview.metric)
    assert Store(own_version_database).versions() == []
