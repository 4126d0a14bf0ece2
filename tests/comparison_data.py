"""Three registers of a county as workbooks, for the page Vergleich (tests/app, tests/e2e).

The same measures as tests/presenting/test_comparison.py, where every figure is worked out by hand. Offices:
the default three of `tests.builders`; no rollout sheet, each status from the column `Status`.

| register (title, Stand)              | Nr   | Prio | Status    | Frist      |
|--------------------------------------|------|------|-----------|------------|
| mainz (Stadt Mainz, 01.07.2019)      | 0.01 | 0    | umgesetzt |            |
|                                      | 0.02 | 0    | umgesetzt |            |
|                                      | 1.01 | 1    | teilweise | 01.03.2019 |
|                                      | 1.02 | 1    | offen     | 01.09.2019 |
|                                      | 3.01 | 3    | offen     |            |
| trier (Stadt Trier, 01.07.2019)      | 0.01 | 0    | teilweise |            |
|                                      | 0.02 | 0    | offen     |            |
|                                      | 1.01 | 1    | umgesetzt |            |
|                                      | 2.01 | 2    | umgesetzt |            |
| bingen (Stadt Bingen, 01.01.2020)    | 0.01 | 0    | offen     |            |
|                                      | 3.01 | 3    | teilweise |            |

At each register's own Stand: mainz 5 measures, 2 complete (40 %), 1 partial (20 %), 2 not started (40 %),
1 overdue (20 %); trier 4: 2 (50 %), 1 (25 %), 1 (25 %), none overdue; bingen 2: 0, 1 (50 %), 1 (50 %),
1 overdue (50 %). At 01.01.2020 for all: overdue mainz 2, trier 2, bingen 1. Across the registers
(with measures / all complete / one begun): P0 3 / 1 / 2; P1 2 / 1 / 2; P2 1 / 1 / 1; P3 2 / 0 / 1.
"""

from __future__ import annotations

from lib.storing.storage import Store
from tests.builders import Book

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Status")
TITLES = {"mainz": "Stadt Mainz", "trier": "Stadt Trier", "bingen": "Stadt Bingen"}
ROWS = {
    "mainz": ("01.07.2019", [("0.01", 0, "umgesetzt", None), ("0.02", 0, "umgesetzt", None),
                             ("1.01", 1, "teilweise", "01.03.2019"), ("1.02", 1, "offen", "01.09.2019"),
                             ("3.01", 3, "offen", None)]),
    "trier": ("01.07.2019", [("0.01", 0, "teilweise", None), ("0.02", 0, "offen", None),
                             ("1.01", 1, "umgesetzt", None), ("2.01", 2, "umgesetzt", None)]),
    "bingen": ("01.01.2020", [("0.01", 0, "offen", None), ("3.01", 3, "teilweise", None)]),
}


def register(name: str) -> Book:
    stand, rows = ROWS[name]
    return Book().measures([(nr, f"Maßnahme {nr}", p, "10", frist, status) for nr, p, status, frist in rows],
                           header=HEADER, title=[f"Stand: {stand}"]).offices()


def store_three(location: str) -> None:
    """The three registers, each with one version and its title, into the store at `location`."""
    store = Store(location)
    for name, title in TITLES.items():
        scoped = store.at(name)
        scoped.add(register(name).to_bytes(), f"{name}.xlsx")
        scoped.set_title(title)
    store.close()
