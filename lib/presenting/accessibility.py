"""The Erklärung zur Barrierefreiheit as data: the EU model statement (Durchführungsbeschluss (EU) 2018/1523) filled in
with what this app is known to do and not to do, and with what the city configures.

The city sets its name, contact, dates and enforcement body in the `[accessibility]` table of
`.streamlit/secrets.toml` (docs/accessibility.md); whatever it has not set reads
„Bitte von der Stadt auszufüllen“, so an unfinished statement is visibly unfinished.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from lib.presenting.fmt import de_date
from lib.presenting.text import md_escape

TO_FILL_IN = "Bitte von der Stadt auszufüllen"
APP_NAME = "Maßnahmen-Cockpit"
# The app's own self-assessment this text describes: axe-core on every page in Chromium, the main path by keyboard.
ASSESSED_ON = dt.date(2026, 12, 2)


@dataclass(frozen=True)
class Land:
    """What a Land's law says for the statement: the law it names and, as a hint, who enforces it there."""

    name: str
    law: str
    enforcement_hint: str


LAENDER: dict[str, Land] = {
    "Rheinland-Pfalz": Land(
        "Rheinland-Pfalz",
        "§ 10 des Landesinklusionsgesetzes (LInklG) und der Barrierefreie-Informationstechnik-Verordnung "
        "Rheinland-Pfalz (BITV RP)",
        "in Rheinland-Pfalz die Durchsetzungsstelle bei der bzw. dem Landesbeauftragten für die Belange von "
        "Menschen mit Behinderungen",
    ),
    "Bund": Land(
        "Bund",
        "§ 12a des Behindertengleichstellungsgesetzes (BGG) und der Barrierefreie-Informationstechnik-Verordnung "
        "(BITV 2.0)",
        "für Stellen des Bundes die Schlichtungsstelle nach § 16 BGG bei der bzw. dem Beauftragten der "
        "Bundesregierung für die Belange von Menschen mit Behinderungen",
    ),
}
DEFAULT_LAND = "Rheinland-Pfalz"


class StatementConfigError(ValueError):
    """The [accessibility] configuration is unusable; the message is German."""


@dataclass(frozen=True)
class StatementConfig:
    """What only the city can say. None: not set yet."""

    body: str | None = None  # the public body responsible, e.g. "Stadt Musterstadt, Amt 12"
    land: Land = field(default_factory=lambda: LAENDER[DEFAULT_LAND])
    law: str | None = None  # overrides the Land's law
    contact: str | None = None  # postal address and telephone for feedback
    email: str | None = None
    enforcement: str | None = None  # name and address of the enforcement body (Durchsetzungs-/Schlichtungsstelle)
    enforcement_email: str | None = None
    enforcement_url: str | None = None
    created: dt.date | None = None  # date of the statement
    reviewed: dt.date | None = None  # date of the last review
    method: str = "Selbstbewertung"


_TEXT_KEYS = ("body", "law", "contact", "email", "enforcement", "enforcement_email", "enforcement_url", "method")
_DATE_KEYS = ("created", "reviewed")
KEYS = ("land", *_TEXT_KEYS, *_DATE_KEYS)


def _date(value: object, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%d.%m.%Y").date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise StatementConfigError(f"accessibility.{key}: „{value}“ ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT).") \
            from None


def parse_statement_config(table: Mapping | None) -> StatementConfig:
    """Read the [accessibility] table; None or an empty table gives the defaults (everything still to fill in)."""
    table = dict(table or {})
    if unknown := sorted(set(table) - set(KEYS)):
        raise StatementConfigError(f"accessibility: unbekannte Einstellung „{unknown[0]}“; erlaubt sind "
                                   + ", ".join(KEYS) + ".")
    values: dict[str, object] = {}
    for key in _TEXT_KEYS:
        if str(table.get(key) or "").strip():
            values[key] = " ".join(str(table[key]).split())
    for key in _DATE_KEYS:
        if table.get(key) not in (None, ""):
            values[key] = _date(table[key], key)
    land = str(table.get("land") or DEFAULT_LAND).strip()
    if land not in LAENDER:
        if "law" not in values:
            raise StatementConfigError(f"accessibility.land: „{land}“ ist nicht hinterlegt (bekannt: "
                                       + ", ".join(LAENDER) + "); bitte dazu „law“ angeben.")
        values["land"] = Land(land, str(values["law"]), "")
    else:
        values["land"] = LAENDER[land]
    return StatementConfig(**values)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # a bulleted list after the paragraphs


@dataclass(frozen=True)
class Statement:
    title: str
    sections: tuple[Section, ...]
    missing: tuple[str, ...]  # what the city has not filled in yet, by name


# Known limits (model statement: "Nicht barrierefreie Inhalte", a) Unvereinbarkeit), each with what the app offers
# instead. Keep in step with docs/accessibility.md.
LIMITS: tuple[str, ...] = (
    "Kalender des Datumsfelds „Stichtag“: Das aufklappende Kalenderblatt (ein Baustein von Streamlit) ist mit "
    "Tastatur und Screenreader nur eingeschränkt bedienbar. Stattdessen: Das Datum lässt sich als TT.MM.JJJJ in das "
    "Feld tippen; die Schaltflächen „31.12.2019“ und „Stand“ setzen die beiden üblichen Stichtage.",
    "Diagramme sind Bilder: Screenreader lesen ihren Namen, nicht die einzelnen Werte, und Werte beim Überfahren "
    "gibt es nicht. Stattdessen: Über jedem Diagramm steht sein Befund als Satz (zugleich der Name des Bildes), an "
    "Balken und Zellen stehen ihre Zahlen, darunter die „Tabelle zum Diagramm“ mit denselben Zahlen; auf ein Amt "
    "grenzen das Auswahlfeld unter den Balken der Seite „Ämter“ und das Feld „Amt“ der Seitenleiste ein.",
    "Tabellen werden von Streamlit auf eine Zeichenfläche gezeichnet; Screenreader lesen eine mitgelieferte "
    "Tabellenstruktur. Mit der Tabulatortaste springt der Fokus von Zelle zu Zelle, Escape und dann Tab verlässt "
    "die Tabelle. Stattdessen: Jede Tabelle der Seite „Daten“ lässt sich als Excel (.xlsx) und CSV herunterladen; "
    "die Seite „Antwort an den Stadtrat“ gibt alle Antworten als Fließtext und als Word-Datei.",
    "In Tabellen lesen Screenreader Zahlen und Datumsangaben in der Rohform (2580000, 2019-12-31). Stattdessen: "
    "Die Downloads und die Seite „Antwort an den Stadtrat“ geben sie deutsch formatiert wieder.",
    "Zahlen in Tabellen erscheinen im Zahlenformat, das im Browser als Sprache eingestellt ist (bei Deutsch: "
    "1.234,5 und 2.580.000 €). Stattdessen: Texte, Kennzahlen und Downloads sind unabhängig davon deutsch formatiert.",
    "Auf die Hauptüberschrift einer Seite folgen Zwischenüberschriften teils eine Ebene tiefer als erwartet.",
    "Erläuterungen in Deutscher Gebärdensprache und in Leichter Sprache bietet die Anwendung nicht an.",
)


def _filled(value: str | None, name: str, missing: list[str]) -> str:
    if value:
        return value
    missing.append(name)
    return f"[{TO_FILL_IN}: {name}]"


def _day(value: dt.date | None, name: str, missing: list[str]) -> str:
    return de_date(value) if value else _filled(None, name, missing)


def build_statement(config: StatementConfig) -> Statement:
    """The statement in the sections and order of the EU model statement."""
    missing: list[str] = []
    body = _filled(config.body, "Name der öffentlichen Stelle", missing)
    law = config.law or config.land.law
    contact = [
        f"Kontakt: {_filled(config.contact, 'Anschrift und Telefon der Kontaktstelle', missing)}",
        f"E-Mail: {_filled(config.email, 'E-Mail-Adresse der Kontaktstelle', missing)}",
    ]
    enforcement_name = config.enforcement or (
        f"[{TO_FILL_IN}: Name und Anschrift der Durchsetzungsstelle – "
        f"{config.land.enforcement_hint}; Anschrift bitte prüfen und eintragen]"
        if config.land.enforcement_hint else f"[{TO_FILL_IN}: Name und Anschrift der Durchsetzungsstelle]")
    if not config.enforcement:
        missing.append("Durchsetzungsstelle")
    enforcement = [f"Durchsetzungsstelle: {enforcement_name}"]
    if config.enforcement_email:
        enforcement.append(f"E-Mail: {config.enforcement_email}")
    if config.enforcement_url:
        enforcement.append(f"Internet: {config.enforcement_url}")
    sections = (
        Section("", (
            f"{body} ist bemüht, das {APP_NAME} im Einklang mit {law} barrierefrei zugänglich zu machen. "
            "Diese Vorschriften setzen die Richtlinie (EU) 2016/2102 um; Maßstab sind die Anforderungen der europäischen Norm EN 301 549 und der Web Content Accessibility "
            "Guidelines (WCAG) 2.1, Stufe AA.",
            f"Diese Erklärung zur Barrierefreiheit gilt für die Webanwendung {APP_NAME} mit allen ihren Seiten.",
        )),
        Section("Stand der Vereinbarkeit mit den Anforderungen", (
            f"Diese Webanwendung ist wegen der folgenden Unvereinbarkeiten teilweise mit {law} vereinbar.",
        )),
        Section("Nicht barrierefreie Inhalte", (
            "Die nachstehend aufgeführten Inhalte sind aus folgenden Gründen nicht barrierefrei: "
            "Unvereinbarkeit mit den Barrierefreiheitsanforderungen. Zu jeder Einschränkung steht, was die "
            "Anwendung stattdessen anbietet.",
        ), LIMITS),
        Section("Erstellung dieser Erklärung zur Barrierefreiheit", (
            f"Diese Erklärung wurde am {_day(config.created, 'Datum der Erklärung', missing)} erstellt.",
            f"Die Bewertung beruht auf einer {config.method}: automatische Prüfung jeder Seite mit axe-core in "
            f"Chromium (ohne schwerwiegende Befunde) und Bedienung des Hauptwegs nur mit der Tastatur, Stand der "
            f"Anwendung vom {de_date(ASSESSED_ON)}. Automatische Prüfungen finden nur einen Teil der Barrieren; "
            "Prüfungen mit Screenreadern und bei 200 % Vergrößerung stehen aus.",
            f"Die Erklärung wurde zuletzt am {_day(config.reviewed, 'Datum der letzten Überprüfung', missing)} "
            "überprüft.",
        )),
        Section("Feedback und Kontaktangaben", (
            "Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten aufgefallen, oder benötigen Sie Inhalte in "
            "einer barrierefreien Form? Dann wenden Sie sich bitte an:",
        ), (body, *contact)),
        Section("Durchsetzungsverfahren", (
            "Wenn auch nach Ihrem Feedback an die oben genannte Kontaktstelle keine zufriedenstellende Lösung "
            f"gefunden wurde, können Sie sich an die für {config.land.name} zuständige Durchsetzungsstelle "
            "(Schlichtungsstelle) wenden. Sie prüft auf Antrag, ob die Anforderungen an die Barrierefreiheit "
            "eingehalten sind, und hilft, eine Lösung zu finden. Das Verfahren ist kostenlos.",
        ), tuple(enforcement)),
    )
    return Statement("Erklärung zur Barrierefreiheit", sections, tuple(missing))


def to_markdown(statement: Statement) -> str:
    """The statement as Markdown for the page; every text renders literally (an e-mail address with `_` too)."""
    lines: list[str] = []
    for section in statement.sections:
        if section.heading:
            lines += [f"## {md_escape(section.heading)}", ""]
        for paragraph in section.paragraphs:
            lines += [md_escape(paragraph), ""]
        if section.items:
            lines += [f"- {md_escape(item)}" for item in section.items] + [""]
    return "\n".join(lines).strip() + "\n"
