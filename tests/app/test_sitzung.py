"""Page Sitzung on two stored versions (tests/meeting_data.py: what changed, what is overdue and due, by hand)."""

from __future__ import annotations

import pytest

from lib.sample import SAMPLE_MARK
from lib.storing.storage import Store
from tests import meeting_data
from tests.app.conftest import header_line, open_page

HEADINGS = ["Geändert seit Version 1 (01.03.2019) (5)", "Überfällig (2)", "In den nächsten 90 Tagen fällig (1)"]


@pytest.fixture
def two_versions(own_version_database) -> None:
    store = Store(own_version_database)
    store.add(meeting_data.older().to_bytes(), "alt.xlsx")
    store.add(meeting_data.newer().to_bytes(), "neu.xlsx")


def card_names(app) -> set[str]:
    return {m.value for m in app.main.markdown if m.value.startswith("**") and " von " not in m.value
            and "Tagesordnungspunkte" not in m.value}


def test_agenda_lists_changed_overdue_and_due_measures_as_cards(two_versions):
    app = open_page("sitzung")
    assert header_line(app) == "Stichtag 01.07.2019 · 8 von 8 Maßnahmen"
    assert [h.value for h in app.main.header] == HEADINGS
    assert "**8 Tagesordnungspunkte: 5 geändert, 2 überfällig, 1 in den nächsten 90 Tagen fällig.**" \
        in [m.value for m in app.main.markdown]
    assert card_names(app) == {
        "**[4.01](massnahme?nr=4.01) Telearbeit**", "**3.02 Open Data**",  # removed: no page to open
        "**[0.01](massnahme?nr=0.01) Virtuelle Poststelle**", "**[2.01](massnahme?nr=2.01) Online-Termine**",
        "**[3.01](massnahme?nr=3.01) Chatbot**", "**[1.01](massnahme?nr=1.01) E-Rechnung**",
        "**[1.03](massnahme?nr=1.03) Bürgerkonto**", "**[1.02](massnahme?nr=1.02) Online-Formulare**"}
    facts = [m.value for m in app.main.markdown if m.value.startswith("Status: ")]
    assert "Status: nicht umgesetzt  \nPriorität 1  \nFederführung: 12 Amt für Informationstechnik  \n" \
           "Frist 01.05.2019 – 61 Tage überfällig" in facts
    assert [b.label for b in app.main.button] == ["Präsentation starten"]


def test_due_soon_days_come_from_the_url(two_versions):
    app = open_page("sitzung", tage="60")
    assert app.number_input(key="tage").value == 60
    assert [h.value for h in app.main.header][2] == "In den nächsten 60 Tagen fällig (0)"  # 1.02 is 90 days away


def test_sidebar_filters_do_not_shorten_the_agenda(two_versions):
    app = open_page("sitzung", prio=["1"])
    assert [h.value for h in app.main.header] == HEADINGS
    assert any("Filter der Seitenleiste gelten hier nicht" in i.value for i in app.main.info)


def test_presentation_shows_one_item_and_steps_through_the_url(two_versions):
    app = open_page("sitzung", modus="praesentation", punkt="2")
    assert app.main.markdown[0].value == "**2 von 8** · Geändert seit Version 1 (01.03.2019)"
    assert [t.value for t in app.main.title] == ["3.02 Open Data"]
    assert [b.label for b in app.main.button] == ["Zurück", "Weiter", "Beenden"]

    app.button(key="next_item").click().run()
    assert app.main.markdown[0].value.startswith("**3 von 8** ·")
    assert [t.value for t in app.main.title] == ["0.01 Virtuelle Poststelle"]
    assert (app.query_params["modus"], app.query_params["punkt"]) == ("praesentation", "3")
    app.button(key="previous_item").click().run()
    assert app.main.markdown[0].value.startswith("**2 von 8** ·")

    app.button(key="leave_presentation").click().run()
    assert [t.value for t in app.main.title] == ["Sitzung"]
    assert "modus" not in app.query_params and "punkt" not in app.query_params


@pytest.mark.parametrize(("punkt", "shown", "title", "disabled"), [
    ("99", "**8 von 8**", "1.02 Online-Formulare", "next_item"),  # past the end: the last item
    ("abc", "**1 von 8**", "4.01 Telearbeit", "previous_item"),  # not a number: the first
])
def test_presentation_keeps_the_item_within_the_agenda(two_versions, punkt, shown, title, disabled):
    app = open_page("sitzung", modus="praesentation", punkt=punkt)
    assert app.main.markdown[0].value.startswith(shown + " ·")
    assert [t.value for t in app.main.title] == [title]
    assert app.button(key=disabled).disabled


def test_on_a_fresh_install_the_sample_series_shows_its_last_changes():
    # lib/sample.py's story: 5.09 is new and 2.02's deadline moved in the third version (Stand 17.09.2019).
    app = open_page("sitzung")
    assert header_line(app).endswith(f" · **{SAMPLE_MARK}**")
    assert app.main.header[0].value.startswith("Geändert seit Version 2 (12.12.2018)")
    names = card_names(app)
    assert any(n.startswith("**[5.09](massnahme?nr=5.09)") for n in names)
    assert any(n.startswith("**[2.02](massnahme?nr=2.02)") for n in names)
