"""The committed, deterministic generator of the fictitious sample register and its short history.

The sample comes as a series of three versions (Stand 15.03.2018, 12.12.2018, 17.09.2019) so that the
history features show something on a fresh install; `data/massnahmen.xlsx` is the newest of them.
The app holds the series in memory (`SampleSeries`), never in the city's database.
Measure names and partners follow public reporting on Mainz (see README); every status, date and
figure is invented. Run: `python -m lib.sample OUT.xlsx`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from lib.presenting.xlsx import Sheet, write_workbook
from lib.reading.contract import MEASURE_COLUMNS, SHEET_INFO, SHEET_MEASURES, SHEET_OFFICES, SHEET_ROLLOUT
from lib.storing.storage import UnknownVersion, Version

SAMPLE_MARK = "Beispieldaten (fiktiv)"
# The Stand of each version of the series, oldest first; the last one is data/massnahmen.xlsx.
SERIES_STANDS = (dt.date(2018, 3, 15), dt.date(2018, 12, 12), dt.date(2019, 9, 17))
SAMPLE_STAND = SERIES_STANDS[-1]
# Share of rollout cells done by each Stand, of those done at the last one (per cell a fixed draw below it).
_DONE_BY_STAGE = (0.35, 0.7, 1.0)
_WORKPLACES_DONE = {"0.01": (600, 1100, 1650), "0.04": (60, 120, 180)}
# The visible steps of the story besides the rollout: a lead office handed over, a deadline moved, a measure added.
LEAD_BEFORE = ("1.11", "10", 1)  # Nr, lead office before, first stage with the lead office of the last version
DEADLINE_BEFORE = ("2.02", dt.date(2019, 3, 31), 2)  # Nr, deadline before, first stage with the last deadline
ADDED = ("5.09", 2)  # Nr, first stage in which the measure exists

OFFICES: list[tuple[str, str, str]] = [
    ("10", "Hauptamt", "I"),
    ("11", "Personal- und Organisationsamt", "I"),
    ("12", "Amt für Informationstechnik", "I"),
    ("13", "Amt für Öffentlichkeitsarbeit", "I"),
    ("14", "Rechnungsprüfungsamt", "I"),
    ("20", "Amt für Finanzen", "II"),
    ("21", "Stadtkasse", "II"),
    ("22", "Steueramt", "II"),
    ("23", "Amt für Liegenschaften", "II"),
    ("30", "Rechtsamt", "III"),
    ("32", "Ordnungsamt", "III"),
    ("33", "Bürgeramt", "III"),
    ("34", "Standesamt", "III"),
    ("37", "Feuerwehr", "III"),
    ("40", "Schulamt", "IV"),
    ("41", "Kulturamt", "IV"),
    ("42", "Stadtbibliothek", "IV"),
    ("43", "Volkshochschule", "IV"),
    ("50", "Amt für soziale Leistungen", "V"),
    ("51", "Amt für Jugend und Familie", "V"),
    ("52", "Sportamt", "V"),
    ("53", "Gesundheits- und Veterinäramt", "V"),
    ("61", "Stadtplanungsamt", "VI"),
    ("63", "Bauaufsichtsamt", "VI"),
    ("66", "Tiefbauamt", "VI"),
    ("67", "Grün- und Umweltamt", "VI"),
    ("68", "Amt für Stadtentwicklung und Verkehr", "VI"),
    ("70", "Entsorgungsbetrieb", "VI"),
]

RLP = "Land Rheinland-Pfalz"
# (priority, title, field, lead office, partners, progress) — progress drives the invented rollout.
MEASURES: list[tuple[int, str, str, str, str, float]] = [
    (0, "Dokumentenmanagementsystem (E-Akte) – Basisausstattung", "Interne Verwaltung", "12", "", 0.7),
    (0, "Virtuelle Poststelle", "Interne Verwaltung", "10", "", 1.0),
    (0, "Elektronischer Rechnungseingang (E-Rechnung)", "Interne Verwaltung", "20", RLP, 1.0),
    (0, "Rechnungsworkflow", "Interne Verwaltung", "20", "", 0.8),
    (0, "Scan-Arbeitsplätze für ersetzendes Scannen", "Interne Verwaltung", "12", "", 0.5),
    (0, "Sichere E-Mail-Kommunikation (Verschlüsselung, De-Mail)", "Infrastruktur", "12", "", 1.0),
    (0, "Zentrales Formularmanagement", "Bürgerservice", "10", "Stadt Trier; Stadt Ludwigshafen am Rhein", 0.9),
    (0, "Anbindung an das Servicekonto Rheinland-Pfalz", "Bürgerservice", "12", RLP, 0.0),
    (0, "Qualifizierte elektronische Signatur für Zeichnungsberechtigte", "Interne Verwaltung", "12", "", 0.3),
    (0, "Informationssicherheitskonzept nach BSI-Grundschutz", "Infrastruktur", "12", "", 1.0),
    (0, "E-Government-Schulungen für alle Beschäftigten", "Organisation", "11", "", 0.6),
    (1, "Online-Terminvereinbarung im Bürgeramt", "Bürgerservice", "33", "", 1.0),
    (1, "Online-Terminvereinbarung in weiteren Ämtern", "Bürgerservice", "33", "", 0.4),
    (1, "ePayment für Online-Dienste", "Bürgerservice", "21", RLP, 0.6),
    (1, "Ratsinformationssystem mit Bürgerzugang", "Politik und Beteiligung", "10", "", 1.0),
    (1, "Online-Formulare im gemeinsamen Formularserver", "Bürgerservice", "10", "Stadt Trier; Stadt Ludwigshafen am Rhein; Stadt Koblenz", 1.0),
    (1, "Geoportal und Geoinformationssystem (GIS) online", "Planen und Bauen", "61", "Landesamt für Vermessung und Geobasisinformation", 1.0),
    (1, "Online-Anmeldung zur Hundesteuer", "Bürgerservice", "22", "", 0.0),
    (1, "Wunschkennzeichen online reservieren", "Bürgerservice", "32", "Kraftfahrt-Bundesamt", 1.0),
    (1, "Bewohnerparkausweis online beantragen", "Bürgerservice", "32", "", 0.0),
    (1, "Papierlose Gremienarbeit (Tablets für Ratsmitglieder)", "Politik und Beteiligung", "10", "", 0.5),
    (1, "Offene Daten (Open-Data-Portal)", "Transparenz", "12", "Stadt Koblenz; Stadt Trier", 0.0),
    (1, "Elektronische Personalakte", "Interne Verwaltung", "11", "", 0.2),
    (2, "Online-Gewerbeanmeldung", "Wirtschaft", "32", RLP, 0.0),
    (2, "Online-Anmeldung in Kindertagesstätten (Kita-Portal)", "Bürgerservice", "51", "", 0.5),
    (2, "Online-Bewerbungsportal", "Interne Verwaltung", "11", "", 1.0),
    (2, "E-Vergabe für Bauleistungen", "Wirtschaft", "20", RLP, 1.0),
    (2, "Personenstandsurkunden online bestellen", "Bürgerservice", "34", "", 1.0),
    (2, "Sperrmüll-Anmeldung online", "Bürgerservice", "70", "", 1.0),
    (2, "Online-Fundbüro", "Bürgerservice", "32", "", 0.0),
    (2, "Sondernutzungserlaubnis online", "Planen und Bauen", "66", "", 0.3),
    (2, "Schulanmeldung online", "Bildung", "40", "", 0.0),
    (2, "Mängelmelder für Bürgerinnen und Bürger", "Bürgerservice", "67", "", 1.0),
    (2, "Digitale Bibliotheksausweise und Onleihe", "Bildung", "42", "Onleihe-Verbund Rheinland-Pfalz", 1.0),
    (2, "VHS-Kursanmeldung mit Online-Bezahlung", "Bildung", "43", "", 0.6),
    (3, "Livestream der Stadtratssitzungen", "Politik und Beteiligung", "10", "", 0.0),
    (3, "Wohngeld online beantragen", "Soziales", "50", RLP, 0.0),
    (3, "Internetbasierte Fahrzeugzulassung (i-Kfz)", "Bürgerservice", "32", "Kraftfahrt-Bundesamt; " + RLP, 0.0),
    (3, "Unterschriftenpads und Kartenzahlung im Bürgeramt", "Bürgerservice", "33", "", 1.0),
    (3, "Digitaler Bauantrag", "Planen und Bauen", "63", RLP, 0.0),
    (3, "Anbindung an den Portalverbund (OZG)", "Bürgerservice", "12", RLP + "; Bund", 0.0),
    (3, "Antrags- und Prozessplattform des Landes", "Bürgerservice", "12", RLP + "; Stadt Trier; Stadt Kaiserslautern", 0.0),
    (3, "Online-Ummeldung des Wohnsitzes", "Bürgerservice", "33", "", 0.0),
    (3, "Elektronische Schülerakte", "Bildung", "40", "", 0.0),
    (3, "Digitale Sitzungsvorlagen für Ortsbeiräte", "Politik und Beteiligung", "10", "", 1.0),
    (4, "Chatbot für häufige Bürgeranfragen", "Bürgerservice", "13", "", 0.0),
    (4, "Beteiligungsplattform für Bürgerhaushalt und Planungen", "Politik und Beteiligung", "61", "", 0.0),
    (4, "Elektronische Akte in der Jugendhilfe", "Soziales", "51", "", 0.0),
    (4, "Online-Beantragung von Elterngeld", "Soziales", "51", RLP, 0.0),
    (4, "Digitale Friedhofsverwaltung", "Planen und Bauen", "67", "", 0.0),
    (4, "Mobile Vollstreckung mit Tablets", "Interne Verwaltung", "21", "", 0.0),
    (4, "Digitale Einsatzdokumentation der Feuerwehr", "Sicherheit", "37", "Landkreis Mainz-Bingen", 1.0),
    (4, "Online-Sportstättenbuchung", "Bürgerservice", "52", "", 0.0),
    (4, "Digitaler Veranstaltungskalender mit Schnittstelle", "Kultur", "41", "", 0.0),
    (5, "Automatisierte Bescheide bei der Grundsteuer", "Finanzen", "22", "", 0.0),
    (5, "Once-only-Nachweisabruf über Registermodernisierung", "Bürgerservice", "12", "Bund; " + RLP, 0.0),
    (5, "Künstliche Intelligenz in der Posteingangsbearbeitung", "Interne Verwaltung", "10", "", 0.0),
    (5, "Digitaler Zwilling der Stadt (3D-Stadtmodell)", "Planen und Bauen", "61", "Landesamt für Vermessung und Geobasisinformation", 0.0),
    (5, "Sensorik für Parkraum und Verkehr", "Mobilität", "68", "", 0.0),
    (5, "Online-Gesundheitszeugnis (Belehrung nach IfSG)", "Gesundheit", "53", "", 0.0),
    (5, "Digitale Liegenschaftsverwaltung", "Finanzen", "23", "", 0.0),
    (5, "Elektronisches Rechnungsprüfungsverfahren", "Interne Verwaltung", "14", "", 0.0),
    (5, "Rechtsfallverwaltung mit E-Akte", "Interne Verwaltung", "30", "", 0.0),
    (5, "Online-Anmeldung von Veranstaltungen im Sportamt", "Bürgerservice", "52", "", 0.0),
]

PLAN_MISSING = {"4.05", "5.05", "5.07", "5.08"}  # 3–5 measures the project group has not planned yet


def _ids() -> list[str]:
    counters: dict[int, int] = {}
    ids = []
    for priority, *_ in MEASURES:
        counters[priority] = counters.get(priority, 0) + 1
        ids.append(f"{priority}.{counters[priority]:02d}")
    return ids


def _draw(*parts: str) -> float:
    """A fixed number in [0, 1) for a cell: the same in every version, so progress only ever advances."""
    return random.Random("/".join(parts)).random()


def _earlier_rollout(measure_id: str, office_ids: list[str], states: list[str], stage: int) -> list[str]:
    """The rollout row as it stood at an earlier Stand: cells done later are partial or still open then."""
    done_by = _DONE_BY_STAGE[stage]
    earlier = []
    for office, state in zip(office_ids, states, strict=True):
        draw = _draw(measure_id, office)
        if state == "x" and draw >= done_by:
            state = "teilweise" if draw < done_by + 0.25 else ""
        elif state == "teilweise" and stage == 0 and draw >= 0.5:
            state = ""
        earlier.append(state)
    return earlier


def _earlier_measure(row: dict, stage: int) -> None:
    """The measure's row as it stood at an earlier Stand (changed in place)."""
    stand, measure_id = SERIES_STANDS[stage], row["Nr"]
    completed = row["Umgesetzt am"]
    if completed is not None and completed > stand:
        row["Umgesetzt am"] = None
        if row["Status"] == "umgesetzt":
            row["Status"] = "teilweise" if (completed - stand).days < 270 else "offen"
    if row["Status"] == "teilweise" and stage == 0 and _draw(measure_id, "Status") >= 0.5:
        row["Status"] = "offen"
    if measure_id in _WORKPLACES_DONE:
        row["Arbeitsplätze ausgerollt"] = _WORKPLACES_DONE[measure_id][stage]
    if measure_id == LEAD_BEFORE[0] and stage < LEAD_BEFORE[2]:
        row["Federführung"] = LEAD_BEFORE[1]
    if measure_id == DEADLINE_BEFORE[0] and stage < DEADLINE_BEFORE[2]:
        row["Frist"] = DEADLINE_BEFORE[1]


def build_sample(seed: int = 2019, stage: int = len(SERIES_STANDS) - 1) -> bytes:
    """The sample register as .xlsx bytes at one Stand of the series (by default the newest);
    the same seed and stage give the same content."""
    rng = random.Random(seed)
    stand = SERIES_STANDS[stage]
    last = stage == len(SERIES_STANDS) - 1
    office_ids = [o for o, _, _ in OFFICES]
    header = [c.name for c in MEASURE_COLUMNS]
    measure_rows, rollout_rows = [], []
    plan_order = 0
    for measure_id, (priority, title, field_, lead, partners, progress) in zip(_ids(), MEASURES, strict=True):
        row = dict.fromkeys(header)
        row.update({"Nr": measure_id, "Maßnahme": title, "Priorität": priority, "Handlungsfeld": field_,
                    "Federführung": lead, "Kooperationspartner": partners or None})
        if priority == 0:
            # Base measures reach every office; a few offices are out of scope.
            states = []
            for office in office_ids:
                if office in ("37", "70") and rng.random() < 0.5:
                    states.append("-")
                elif rng.random() < progress:
                    states.append("x")
                elif progress > 0 and rng.random() < 0.5:
                    states.append("teilweise")
                else:
                    states.append("")
            if progress == 1.0:
                states = ["x" if s != "-" else s for s in states]
            rollout_rows.append([measure_id, *states])
            if measure_id == "0.01":
                row.update({"Arbeitsplätze gesamt": 2400, "Arbeitsplätze ausgerollt": 1650})
            if measure_id == "0.04":
                row.update({"Arbeitsplätze gesamt": 180, "Arbeitsplätze ausgerollt": 180, "Umgesetzt am": dt.date(2019, 4, 1)})
            if measure_id == "0.02":
                row["Umgesetzt am"] = dt.date(2018, 11, 30)
            if measure_id == "0.04":
                row["Anwendungen offen"] = "Fördermittelabrechnung; Gebührenbescheide Bauaufsicht"
        elif priority in (1, 2):
            if progress == 1.0:
                row["Umgesetzt am"] = dt.date(2016 + rng.randrange(4), rng.randrange(1, 13), 1) if priority == 1 \
                    else dt.date(2018 + rng.randrange(2), rng.randrange(1, 9), 15)
                row["Status"] = "umgesetzt"
            elif progress > 0:
                row["Status"] = "teilweise"
            else:
                row["Status"] = "offen"
            if measure_id in ("1.04", "1.10", "2.02", "2.09"):
                row["Frist"] = dt.date(2019, 6, 30)
            if measure_id == "1.02":
                # Appointment booking rolled out office by office.
                states = {o: "" for o in office_ids}
                for office in ("33", "32", "34", "51", "50"):
                    states[office] = "x" if office in ("33", "34", "32") else "teilweise"
                rollout_rows.append([measure_id, *[states[o] if o in ("33", "32", "34", "51", "50", "22", "63") else "-"
                                                   for o in office_ids]])
                row["Status"] = None
            if measure_id == "1.03":
                row["Anwendungen offen"] = "Parkgebühren; Friedhofsgebühren"
            if measure_id == "1.05":
                row["Anwendungen offen"] = "Ortsbeiräte"
        else:
            if progress == 1.0:
                row["Umgesetzt am"] = dt.date(2019, rng.randrange(1, 9), 1)
                row["Status"] = "umgesetzt"
            elif measure_id not in PLAN_MISSING:
                plan_order += 1
                start = dt.date(2020 + (plan_order - 1) // 8, ((plan_order * 5) % 12) + 1, 1)
                row.update({
                    "Reihenfolge": plan_order,
                    "Beginn": start.strftime("%m.%Y"),
                    "Dauer (Monate)": rng.choice([6, 9, 12, 18, 24]),
                    "Personentage": rng.choice([60, 120, 180, 250, 400]),
                    "Budget (EUR)": rng.choice([25_000, 60_000, 90_000, 150_000, 240_000]),
                })
        if measure_id == "0.08":
            row["Bemerkung"] = "Wartet auf Freigabe der Schnittstelle durch das Land."
        if not last:
            finished = row["Umgesetzt am"] is not None and row["Umgesetzt am"] <= stand
            if rollout_rows and rollout_rows[-1][0] == measure_id and not finished:
                rollout_rows[-1][1:] = _earlier_rollout(measure_id, office_ids, rollout_rows[-1][1:], stage)
            _earlier_measure(row, stage)
        if measure_id == ADDED[0] and stage < ADDED[1]:
            continue  # drawn all the same: the random sequence of every other measure stays as it is
        measure_rows.append([row[h] for h in header])
    office_sheet = Sheet(SHEET_OFFICES, ["Nr", "Bezeichnung", "Dezernat"], OFFICES, text_columns=["Nr"])
    measure_sheet = Sheet(
        SHEET_MEASURES, header, measure_rows,
        title_lines=[f"Maßnahmenregister E-Government-Strategie – {SAMPLE_MARK}", f"Stand: {stand:%d.%m.%Y}"],
        number_formats={"Frist": "DD.MM.YYYY", "Umgesetzt am": "DD.MM.YYYY", "Budget (EUR)": "#,##0 €"},
        text_columns=["Nr"], widths={"Maßnahme": 55, "Kooperationspartner": 40, "Bemerkung": 40},
    )
    rollout_sheet = Sheet(SHEET_ROLLOUT, ["Nr", *office_ids], rollout_rows, text_columns=["Nr"],
                          widths={o: 5 for o in office_ids})
    info_sheet = Sheet(SHEET_INFO, ["Feld", "Wert"], [
        ["Stand", stand],
        ["Hinweis", f"{SAMPLE_MARK}: Alle Angaben zu Status, Terminen, Arbeitsplätzen und Budgets sind erfunden."],
        ["Quelle", "Erzeugt mit python -m lib.sample (deterministisch)."],
    ], number_formats={"Wert": "DD.MM.YYYY"}, widths={"Wert": 90})
    return write_workbook([info_sheet, measure_sheet, rollout_sheet, office_sheet])


class SampleVersion(Version):
    """A version of the sample series: named as fictitious wherever a version is named."""

    @property
    def label(self) -> str:
        return f"Version {self.number} · Stand {self.stand:%d.%m.%Y} – {SAMPLE_MARK}"


SAMPLE_UPLOADER = "Projektgruppe (fiktiv)"


def build_series(seed: int = 2019) -> list[tuple[SampleVersion, bytes]]:
    """Every version of the sample series with its workbook, oldest first, as a store would list them."""
    series = []
    for stage, stand in enumerate(SERIES_STANDS):
        data = build_sample(seed, stage)
        version = SampleVersion(
            number=stage + 1, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
            file_name="massnahmen.xlsx" if stand == SAMPLE_STAND else f"massnahmen-stand-{stand:%Y-%m-%d}.xlsx",
            uploaded_at=dt.datetime.combine(stand, dt.time(8, 0), tzinfo=dt.UTC),
            comment=f"{SAMPLE_MARK}: Stand zur Sitzung am {stand:%d.%m.%Y}", stand=stand,
            uploader=SAMPLE_UPLOADER, restored_from=None)
        series.append((version, data))
    return series


@dataclass(frozen=True)
class SampleSeries:
    """The sample series in memory, read like the city's store (versions, bytes) and never writable.

    The history code (`lib.deriving.history`, `lib.deriving.diff`) reads it through the same calls as a
    `Store`, so Änderungen, progress and the measure pages work on it unchanged.
    """

    entries: tuple[tuple[SampleVersion, bytes], ...]
    read_only: bool = True

    @classmethod
    def build(cls, seed: int = 2019) -> SampleSeries:
        return cls(tuple(build_series(seed)))

    def versions(self) -> list[Version]:
        return [version for version, _ in self.entries]

    def version(self, number: int) -> Version:
        for version, _ in self.entries:
            if version.number == number:
                return version
        raise UnknownVersion(number)

    def latest(self) -> Version | None:
        return self.entries[-1][0] if self.entries else None

    def original(self, number: int) -> bytes:
        for version, data in self.entries:
            if version.number == number:
                return data
        raise UnknownVersion(number)

    def blobs(self, digests: list[str]) -> dict[str, bytes]:
        wanted = set(digests)
        return {version.sha256: data for version, data in self.entries if version.sha256 in wanted}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("Aufruf: python -m lib.sample AUSGABE.xlsx", file=sys.stderr)
        return 2
    Path(args[0]).write_bytes(build_sample())
    print(f"Beispielregister geschrieben: {args[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def build_synthetic(n_measures: int, n_offices: int, long_rows: int | None = None, seed: int = 7) -> bytes:
    """A large register for benchmarks: matrix rollout, or long rollout with exactly `long_rows` rows.

    Long form spreads rows over (measure, office, application) keys, so every key is unique.
    """
    rng = random.Random(seed)
    offices = [(str(10 + i), f"Amt {10 + i}", ["I", "II", "III", "IV", "V", "VI"][i % 6]) for i in range(n_offices)]
    office_ids = [o for o, _, _ in offices]
    words = ["x", "x", "x", "teilweise", "", "-"]
    header = [c.name for c in MEASURE_COLUMNS]
    if long_rows is not None:
        per_measure = n_offices * 4  # up to four applications per office
        n_measures = max(n_measures, -(-long_rows // per_measure))
    ids = [f"{p}.{i:05d}" for i, p in zip(range(n_measures), (i % 6 for i in range(n_measures)), strict=True)]
    measures = [
        {**dict.fromkeys(header), "Nr": mid, "Maßnahme": f"Maßnahme {mid}", "Priorität": int(mid[0]),
         "Handlungsfeld": ["Bürgerservice", "Interne Verwaltung", "Infrastruktur"][i % 3],
         "Federführung": office_ids[i % n_offices],
         "Kooperationspartner": "Stadt Trier; Land Rheinland-Pfalz" if i % 9 == 0 else None}
        for i, mid in enumerate(ids)
    ]
    measure_rows = [[m[h] for h in header] for m in measures]
    if long_rows is None:
        rollout = Sheet(SHEET_ROLLOUT, ["Nr", *office_ids],
                        [[mid, *(rng.choice(words) for _ in office_ids)] for mid in ids], text_columns=["Nr"])
    else:
        rows = []
        for index in range(long_rows):
            measure, rest = divmod(index, n_offices * 4)
            office, application = divmod(rest, 4)
            rows.append([ids[measure], office_ids[office], rng.choice(words[:5]), f"Anwendung {application + 1}"])
        rollout = Sheet(SHEET_ROLLOUT, ["Nr", "Amt", "Status", "Anwendung"], rows)
    return write_workbook([
        Sheet(SHEET_MEASURES, header, measure_rows, title_lines=["Benchmark-Register (synthetisch)", "Stand: 17.09.2019"]),
        rollout,
        Sheet(SHEET_OFFICES, ["Nr", "Bezeichnung", "Dezernat"], offices),
    ])
