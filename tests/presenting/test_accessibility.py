"""The Erklärung zur Barrierefreiheit: the city's settings, the defaults that say what is missing, the model's sections."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.presenting.accessibility import (
    TO_FILL_IN,
    StatementConfigError,
    build_statement,
    parse_statement_config,
    to_markdown,
)

CITY = {
    "body": "Stadt Musterstadt, Amt 12",
    "contact": "Rathausplatz 1, 55116 Musterstadt, Telefon 06131 12-0",
    "email": "barriere_frei@musterstadt.example",
    "enforcement": "Durchsetzungsstelle, Musterstraße 2, 55116 Mainz",
    "enforcement_email": "durchsetzung@land.example",
    "created": dt.date(2026, 11, 30),
    "reviewed": "01.12.2026",
}
MODEL_SECTIONS = ["", "Stand der Vereinbarkeit mit den Anforderungen", "Nicht barrierefreie Inhalte",
                  "Erstellung dieser Erklärung zur Barrierefreiheit", "Feedback und Kontaktangaben",
                  "Durchsetzungsverfahren"]


def test_without_settings_every_field_of_the_city_says_it_is_to_be_filled_in():
    statement = build_statement(parse_statement_config(None))
    assert [s.heading for s in statement.sections] == MODEL_SECTIONS
    assert statement.missing == ("Name der öffentlichen Stelle", "Anschrift und Telefon der Kontaktstelle",
                                 "E-Mail-Adresse der Kontaktstelle", "Durchsetzungsstelle", "Datum der Erklärung",
                                 "Datum der letzten Überprüfung")
    text = to_markdown(statement)
    assert text.count(TO_FILL_IN) == 7  # the body is named twice: intro and contact
    assert "teilweise mit § 10 des Landesinklusionsgesetzes (LInklG)" in text  # Rheinland-Pfalz by default
    assert "Landesbeauftragten für die Belange von Menschen mit Behinderungen" in text


def test_the_citys_settings_fill_every_gap():
    statement = build_statement(parse_statement_config(CITY))
    assert statement.missing == ()
    text = to_markdown(statement)
    assert TO_FILL_IN not in text
    assert "Diese Erklärung wurde am 30.11.2026 erstellt." in text
    assert "zuletzt am 01.12.2026 überprüft" in text
    assert "Stadt Musterstadt, Amt 12 ist bemüht" in text
    assert r"E-Mail: barriere\_frei\@musterstadt.example" in text  # literal: no italics, no mailto
    assert "- Durchsetzungsstelle: Durchsetzungsstelle, Musterstraße 2, 55116 Mainz" in text
    assert r"- E-Mail: durchsetzung\@land.example" in text


def test_known_limits_name_what_the_app_offers_instead():
    limits = next(s for s in build_statement(parse_statement_config(None)).sections
                  if s.heading == "Nicht barrierefreie Inhalte").items
    assert any(item.startswith("Kalender des Datumsfelds") and "TT.MM.JJJJ" in item for item in limits)
    assert any(item.startswith("Diagramme sind Bilder") and "Tabelle zum Diagramm" in item for item in limits)
    assert all("Stattdessen" in limits[i] for i in (0, 1, 2, 3, 4))
    assert not any("englische" in item for item in limits)  # translated for screen readers too (ui/german.py)


def test_another_land_needs_its_law():
    config = parse_statement_config({"land": "Hessen", "law": "dem Hessischen Behinderten-Gleichstellungsgesetz"})
    text = to_markdown(build_statement(config))
    assert "teilweise mit dem Hessischen Behinderten-Gleichstellungsgesetz vereinbar" in text
    assert "für Hessen zuständige Durchsetzungsstelle" in text
    with pytest.raises(StatementConfigError, match="„Hessen“ ist nicht hinterlegt"):
        parse_statement_config({"land": "Hessen"})


@pytest.mark.parametrize(("table", "message"), [
    ({"created": "31.02.2026"}, "accessibility.created: „31.02.2026“ ist kein Datum"),
    ({"kontakt": "x"}, "unbekannte Einstellung „kontakt“"),
])
def test_bad_settings_are_named(table, message):
    with pytest.raises(StatementConfigError, match=message):
        parse_statement_config(table)
