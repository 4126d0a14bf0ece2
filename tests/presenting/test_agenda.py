"""The meeting's agenda for two versions written here (tests/meeting_data.py has the table worked out by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.deriving.diff import compare, compare_versions
from lib.deriving.status import derive
from lib.presenting.agenda import Agenda, Topic, meeting_agenda
from lib.reading.contract import Status
from lib.storing.storage import Store
from tests import meeting_data
from tests.builders import Book, load

STAND = dt.date(2019, 7, 1)


def agenda(tmp_path, days: int = 90, stichtag: dt.date = STAND, compared: bool = True) -> Agenda:
    old = load(meeting_data.older(), tmp_path, "alt.xlsx").register
    new = load(meeting_data.newer(), tmp_path, "neu.xlsx").register
    derived = derive(new, stichtag)
    comparison = compare(derive(old, dt.date(2019, 3, 1)), derive(new, STAND), dt.date(2019, 3, 1))
    return meeting_agenda(derived, new, stichtag, comparison if compared else None, days)


def ids(agenda: Agenda, topic: Topic) -> list[str]:
    return [item.id for item in agenda.of(topic)]


def test_each_topic_lists_its_measures_in_order_and_each_measure_once(tmp_path):
    result = agenda(tmp_path)
    assert ids(result, Topic.CHANGED) == meeting_data.CHANGED
    assert ids(result, Topic.OVERDUE) == meeting_data.OVERDUE
    assert ids(result, Topic.DUE_SOON) == meeting_data.DUE_SOON  # 2.01 is due soon but listed with its change
    assert [i.id for i in result.items] == meeting_data.CHANGED + meeting_data.OVERDUE + meeting_data.DUE_SOON
    assert result.summary == "8 Tagesordnungspunkte: 5 geändert, 2 überfällig, 1 in den nächsten 90 Tagen fällig."
    assert result.heading(Topic.CHANGED) == "Geändert seit 01.03.2019 (5)"
    assert result.heading(Topic.DUE_SOON) == "In den nächsten 90 Tagen fällig (1)"


def test_changes_are_named_in_words(tmp_path):
    cards = {item.id: item for item in agenda(tmp_path).items}
    assert cards["0.01"].changes == ("Status geändert: nicht umgesetzt → vollständig umgesetzt",)
    assert cards["2.01"].changes == ("Frist geändert: 01.08.2019 → 15.09.2019",)
    assert cards["3.01"].changes == ("Federführung geändert: 33 Bürgeramt → 12 Amt für Informationstechnik",)
    assert cards["4.01"].changes == ("neu im Register",)
    assert cards["4.01"].facts == ("Status: nicht umgesetzt", "Priorität 4", "Federführung: 10 Hauptamt",
                                   "ohne Frist", "neu im Register")
    assert cards["2.01"].facts[3] == "Frist 15.09.2019 – in 76 Tagen"


def test_a_removed_measure_has_no_page_to_open(tmp_path):
    removed = {item.id: item for item in agenda(tmp_path).items}["3.02"]
    assert (removed.in_register, removed.link, removed.status) == (False, None, Status.NOT_STARTED)
    assert removed.facts == ("nicht mehr im Register (zuletzt nicht umgesetzt)",)


def test_overdue_and_due_soon_cards(tmp_path):
    cards = {item.id: item for item in agenda(tmp_path).items}
    assert cards["1.01"].facts == ("Status: nicht umgesetzt", "Priorität 1", "Federführung: 12 Amt für Informationstechnik",
                                   "Frist 01.05.2019 – 61 Tage überfällig")
    assert cards["1.03"].facts[-1] == "Frist 30.06.2019 – 1 Tag überfällig"
    assert cards["1.02"].facts[-1] == "Frist 29.09.2019 – in 90 Tagen"
    assert cards["1.02"].link == "massnahme?nr=1.02"


@pytest.mark.parametrize(("days", "due_soon"), [(89, []), (90, ["1.02"]), (1, [])])
def test_due_soon_ends_after_the_given_number_of_days(tmp_path, days, due_soon):
    assert ids(agenda(tmp_path, days), Topic.DUE_SOON) == due_soon


def test_without_a_comparison_the_changed_measures_are_due_or_overdue_items(tmp_path):
    result = agenda(tmp_path, compared=False)
    assert not result.compared
    assert ids(result, Topic.CHANGED) == []
    assert ids(result, Topic.OVERDUE) == meeting_data.OVERDUE
    assert ids(result, Topic.DUE_SOON) == ["2.01", "1.02"]  # 76 and 90 days


def test_from_the_store_the_heading_names_the_older_version(tmp_path):
    store = Store(tmp_path / "v.db")
    store.add(meeting_data.older().to_bytes(), "alt.xlsx")
    store.add(meeting_data.newer().to_bytes(), "neu.xlsx")
    new = load(meeting_data.newer(), tmp_path).register
    result = meeting_agenda(derive(new, STAND), new, STAND, compare_versions(store))
    assert result.heading(Topic.CHANGED) == "Geändert seit Version 1 (01.03.2019) (5)"


def test_ids_with_url_characters_are_quoted_and_text_stays_plain(tmp_path):
    book = Book().measures([("A/1 & 2", "Titel\nmit <b>Umbruch</b>", 1, "10")], header=("Nr", "Maßnahme", "Priorität",
                                                                                       "Federführung")).offices()
    register = load(book, tmp_path).register
    [item] = meeting_agenda(derive(register, dt.date(2020, 1, 1)), register, dt.date(2020, 1, 1), None).items
    assert item.link == "massnahme?nr=A%2F1%20%26%202"
    assert item.title == "Titel mit <b>Umbruch</b>"
    assert item.facts[-1] == "Frist 31.12.2019 – 1 Tag überfällig"
