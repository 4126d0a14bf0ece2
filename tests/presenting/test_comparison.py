"""Page Vergleich: three registers written here as plain tables, every figure worked out by hand.

| register | Nr   | Prio | status                     | Frist (effective)               |
|----------|------|------|----------------------------|---------------------------------|
| mainz    | 0.01 | 0    | umgesetzt                  | 31.12.2019                      |
| (Stand   | 0.02 | 0    | umgesetzt                  | 31.12.2019                      |
| 01.07.19)| 1.01 | 1    | teilweise                  | 01.03.2019: overdue at 01.07.19 |
|          | 1.02 | 1    | offen                      | 01.09.2019                      |
|          | 3.01 | 3    | offen                      | none                            |
| trier    | 0.01 | 0    | teilweise                  | 31.12.2019                      |
| (Stand   | 0.02 | 0    | offen                      | 31.12.2019                      |
| 01.07.19)| 1.01 | 1    | umgesetzt                  | 31.12.2019                      |
|          | 2.01 | 2    | umgesetzt                  | 31.12.2019                      |
| bingen   | 0.01 | 0    | offen                      | 31.12.2019: overdue at 01.01.20 |
| (Stand   | 3.01 | 3    | teilweise                  | none                            |
| 01.01.20)|      |      |                            |                                 |

At each register's own Stand: mainz 5 measures, 2 complete (40 %), 1 partial (20 %), 2 not started (40 %),
1 overdue (20 %); trier 4: 2 (50 %), 1 (25 %), 1 (25 %), 0 overdue; bingen 2: 0 (0 %), 1 (50 %), 1 (50 %),
1 overdue (50 %). Per priority across the registers (with measures / all complete / one begun):
P0 3 / 1 (mainz) / 2 (mainz, trier); P1 2 / 1 (trier) / 2; P2 1 / 1 / 1; P3 2 / 0 / 1 (bingen); P4, P5 none.
At 01.01.2020 for all: overdue mainz 2 (1.01, 1.02), trier 2 (0.01, 0.02), bingen 1 (0.01).
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from lib.deriving.status import derive_tables
from lib.presenting.comparison import compare, register_path, standing

D = dt.date
STAND_MAINZ = STAND_TRIER = D(2019, 7, 1)
STAND_BINGEN = D(2020, 1, 1)
MEASURES = {
    "mainz": [("0.01", 0, "umgesetzt", None), ("0.02", 0, "umgesetzt", None), ("1.01", 1, "teilweise", D(2019, 3, 1)),
              ("1.02", 1, "offen", D(2019, 9, 1)), ("3.01", 3, "offen", None)],
    "trier": [("0.01", 0, "teilweise", None), ("0.02", 0, "offen", None), ("1.01", 1, "umgesetzt", None),
              ("2.01", 2, "umgesetzt", None)],
    "bingen": [("0.01", 0, "offen", None), ("3.01", 3, "teilweise", None)],
}
TITLES = {"mainz": "Stadt Mainz", "trier": "Stadt Trier", "bingen": "Stadt Bingen"}
STANDS = {"mainz": STAND_MAINZ, "trier": STAND_TRIER, "bingen": STAND_BINGEN}


def derived(name: str, stichtag: dt.date) -> pd.DataFrame:
    rows = [{"id": nr, "title": f"Maßnahme {nr}", "priority": p, "explicit_status": status, "deadline": deadline}
            for nr, p, status, deadline in MEASURES[name]]
    return derive_tables(pd.DataFrame(rows), stichtag=stichtag)


def three(common: dt.date | None = None, titles: dict[str, str] = TITLES):
    standings = [standing(name, titles[name], 1, STANDS[name], common or STANDS[name],
                          derived(name, common or STANDS[name])) for name in ("mainz", "trier", "bingen")]
    return compare(standings, common)


def test_one_row_per_register_with_counts_and_shares_at_its_own_stand():
    table = three().table
    assert list(table.columns) == [
        "Register", "Bezeichnung", "Stand (aktuelle Version)", "Stichtag", "Maßnahmen", "vollständig",
        "Anteil vollständig", "teilweise", "Anteil teilweise", "nicht umgesetzt", "Anteil nicht umgesetzt",
        "Überfällig", "Anteil überfällig"]
    assert table.to_dict("records") == [
        {"Register": "./?register=mainz", "Bezeichnung": "Stadt Mainz", "Stand (aktuelle Version)": STAND_MAINZ,
         "Stichtag": STAND_MAINZ, "Maßnahmen": 5, "vollständig": 2, "Anteil vollständig": 0.4, "teilweise": 1,
         "Anteil teilweise": 0.2, "nicht umgesetzt": 2, "Anteil nicht umgesetzt": 0.4, "Überfällig": 1,
         "Anteil überfällig": 0.2},
        {"Register": "./?register=trier", "Bezeichnung": "Stadt Trier", "Stand (aktuelle Version)": STAND_TRIER,
         "Stichtag": STAND_TRIER, "Maßnahmen": 4, "vollständig": 2, "Anteil vollständig": 0.5, "teilweise": 1,
         "Anteil teilweise": 0.25, "nicht umgesetzt": 1, "Anteil nicht umgesetzt": 0.25, "Überfällig": 0,
         "Anteil überfällig": 0.0},
        {"Register": "./?register=bingen", "Bezeichnung": "Stadt Bingen", "Stand (aktuelle Version)": STAND_BINGEN,
         "Stichtag": STAND_BINGEN, "Maßnahmen": 2, "vollständig": 0, "Anteil vollständig": 0.0, "teilweise": 1,
         "Anteil teilweise": 0.5, "nicht umgesetzt": 1, "Anteil nicht umgesetzt": 0.5, "Überfällig": 1,
         "Anteil überfällig": 0.5},
    ]


def test_per_register_and_priority():
    table = three().chart_table
    assert len(table) == 3 * 6
    mainz_p1 = table[(table["Register"] == "Stadt Mainz") & (table["Priorität"] == 1)].iloc[0]
    assert mainz_p1[["gesamt", "vollständig", "teilweise", "nicht umgesetzt", "Überfällig"]].tolist() == [2, 0, 1, 1, 1]
    assert mainz_p1[["Anteil vollständig", "Anteil teilweise", "Anteil nicht umgesetzt", "Anteil überfällig"]
                    ].tolist() == [0.0, 0.5, 0.5, 0.5]
    trier_p0 = table[(table["Register"] == "Stadt Trier") & (table["Priorität"] == 0)].iloc[0]
    assert trier_p0[["gesamt", "vollständig", "teilweise", "nicht umgesetzt"]].tolist() == [2, 0, 1, 1]
    bingen_p4 = table[(table["Register"] == "Stadt Bingen") & (table["Priorität"] == 4)].iloc[0]
    assert bingen_p4["gesamt"] == 0 and math.isnan(bingen_p4["Anteil vollständig"])  # an empty cell, not 0 %


def test_across_registers_per_priority():
    comparison = three()
    assert comparison.coverage_table.to_dict("list") == {
        "Priorität": [0, 1, 2, 3, 4, 5],
        "Register mit Maßnahmen": [3, 2, 1, 2, 0, 0],
        "flächendeckend umgesetzt": [1, 1, 1, 0, 0, 0],
        "mindestens teilweise": [2, 2, 1, 1, 0, 0],
    }
    assert comparison.coverage_findings == (
        "Priorität 0 (Basismaßnahmen): in 1 von 3 Registern flächendeckend umgesetzt (alle Maßnahmen vollständig), "
        "in 2 mindestens teilweise begonnen.",
        "Priorität 1: in 1 von 2 Registern flächendeckend umgesetzt (alle Maßnahmen vollständig), in 2 mindestens "
        "teilweise begonnen; 1 ohne Maßnahmen dieser Priorität.",
        "Priorität 2: in 1 von 1 Register flächendeckend umgesetzt (alle Maßnahmen vollständig), in 1 mindestens "
        "teilweise begonnen; 2 ohne Maßnahmen dieser Priorität.",
        "Priorität 3: in 0 von 2 Registern flächendeckend umgesetzt (alle Maßnahmen vollständig), in 1 mindestens "
        "teilweise begonnen; 1 ohne Maßnahmen dieser Priorität.",
        "Priorität 4: in keinem Register Maßnahmen.",
        "Priorität 5: in keinem Register Maßnahmen.",
    )


def test_the_charts_sentence_names_the_registers_furthest_and_least_far():
    assert three().finding == ("3 Register, Anteil vollständig und teilweise umgesetzter Maßnahmen je Priorität: am "
                               "weitesten ist Stadt Trier (50 % vollständig umgesetzt), am wenigsten weit Stadt Bingen "
                               "(0 %).")


def copies(*names: str, of: str) -> list:
    """Registers named `names`, each holding the measures of `of` at its Stand."""
    return [standing(name, f"Stadt {name}", 1, STANDS[of], STANDS[of], derived(of, STANDS[of])) for name in names]


def test_registers_as_far_as_each_other_are_said_to_be_so():
    comparison = compare(copies("A", "B", of="trier"))
    assert comparison.finding == ("2 Register, Anteil vollständig und teilweise umgesetzter Maßnahmen je Priorität: "
                                  "alle gleich weit, je 50 % vollständig umgesetzt.")


@pytest.mark.parametrize(("furthest", "named"), [
    (("A", "B"), "sind Stadt A und Stadt B"),
    (("A", "B", "C"), "sind Stadt A, Stadt B und Stadt C"),
    (("A", "B", "C", "D", "E"), "sind Stadt A, Stadt B, Stadt C und 2 weitere"),
])
def test_a_tie_at_the_top_names_every_register_in_it(furthest, named):
    comparison = compare(copies(*furthest, of="trier") + copies("Z", of="bingen"))
    assert comparison.finding == (f"{len(furthest) + 1} Register, Anteil vollständig und teilweise umgesetzter Maßnahmen "
                                  f"je Priorität: am weitesten {named} (50 % vollständig umgesetzt), am wenigsten weit "
                                  "Stadt Z (0 %).")


def test_each_register_at_its_own_stand_is_said():
    comparison = three()
    assert comparison.common_stichtag is None
    assert comparison.stichtag_note.startswith("Stichtag je Register: der Stand seiner aktuellen Version")


def test_one_stichtag_for_all_registers():
    comparison = three(common=D(2020, 1, 1))
    table = comparison.table
    assert table["Stichtag"].tolist() == [D(2020, 1, 1)] * 3
    assert table["Stand (aktuelle Version)"].tolist() == [STAND_MAINZ, STAND_TRIER, STAND_BINGEN]
    assert table["Überfällig"].tolist() == [2, 2, 1]
    assert table["Register"].tolist() == [f"./?stichtag=2020-01-01&register={name}" for name in ("mainz", "trier",
                                                                                               "bingen")]
    assert comparison.stichtag_note == "Stichtag für alle Register: 01.01.2020 (aus der Seitenleiste)."


def test_registers_with_the_same_title_are_told_apart_by_their_name():
    titles = {"mainz": "Stadt", "trier": "Stadt", "bingen": "Stadt Bingen"}
    assert three(titles=titles).chart_table["Register"].unique().tolist() == [
        "Stadt (mainz)", "Stadt (trier)", "Stadt Bingen"]


@pytest.mark.parametrize(("name", "path"), [("trier", "./?register=trier"), ("bad kreuznach", "./?register=bad+kreuznach")])
def test_register_path(name, path):
    assert register_path(name) == path


def test_registers_without_measures():
    empty = derive_tables(pd.DataFrame(columns=["id", "priority"]), stichtag=STAND_MAINZ)
    comparison = compare([standing("leer", "Leeres Register", 1, None, STAND_MAINZ, empty)])
    assert comparison.finding == "1 Register, keines mit Maßnahmen."
    assert comparison.table["Maßnahmen"].tolist() == [0]
    assert math.isnan(comparison.table["Anteil vollständig"].iloc[0])
    assert compare([]).finding == "0 Register, keines mit Maßnahmen."
