"""The register the browser tests with expected figures store and open, with those figures worked out by hand.

Offices: the default three of `tests.builders` (10 Hauptamt and 12 Amt für Informationstechnik in
Dezernat I, 33 Bürgeramt in Dezernat III). No rollout sheet: each status comes from the column
`Status`, and a measure concerns only its lead office. Stand 01.07.2019. Priorities 0–2 without a
Frist are due 31.12.2019, which is not overdue at Stichtag 31.12.2019 (overdue means before it).

| Nr   | Prio | lead | Frist      | Status    | status          | at Stichtag 31.12.2019 |
|------|------|------|------------|-----------|-----------------|------------------------|
| 0.01 | 0    | 10   |            | umgesetzt | complete        | –                      |
| 0.02 | 0    | 12   |            | teilweise | partial         | due that day           |
| 1.01 | 1    | 10   | 01.05.2019 | offen     | not started     | overdue                |
| 1.02 | 1    | 33   | 30.09.2019 | teilweise | partial         | overdue                |
| 1.03 | 1    | 12   |            | umgesetzt | complete        | –                      |
| 2.01 | 2    | 33   | 30.11.2019 | teilweise | partial         | overdue                |
| 2.02 | 2    | 12   |            | offen     | not started     | due that day           |
| 3.01 | 3    | 33   |            | umgesetzt | complete        | –                      |

Counts: 8 measures; priority 0: 2; 0–1: 5; 0–2: 7. Priorities 1 and 2: 5 measures, 3 of them overdue
at 31.12.2019 (1.01, 1.02, 2.01), partial among them 1.02 and 2.01. Priority 1: 1.01, 1.02, 1.03.
Page Ämter, share done per office, bars top to bottom in Dezernat and sheet order: 10 (0.01 ✓,
1.01 ○: 1 of 2), 12 (0.02 ◐, 1.03 ✓, 2.02 ○: 1 of 3), 33 (1.02 ◐, 2.01 ◐, 3.01 ✓: 1 of 3; a bar of 0 % has no
width to click); the office filter 33 keeps 1.02, 2.01 and 3.01.
"""

from __future__ import annotations

from tests.builders import Book

FILE_NAME = "acht-massnahmen.xlsx"
TOTAL = 8
PRIORITY_COUNTS = {(0,): 2, (0, 1): 5, (0, 1, 2): 7}
PRIORITY_1 = ["1.01", "1.02", "1.03"]
PRIORITIES_1_2 = 5
OVERDUE_1_2_AT_DEADLINE = 3  # at Stichtag 31.12.2019
PARTIAL_1_2 = ["1.02", "2.01"]
CHOSEN_OFFICE = "33 Bürgeramt"  # as Ämter's choice, the sidebar and the URL name it
CHOSEN_OFFICE_MEASURES = ["1.02", "2.01", "3.01"]


def eight_measures() -> Book:
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Status")
    return Book().measures([
        ("0.01", "Virtuelle Poststelle", 0, "10", None, "umgesetzt"),
        ("0.02", "E-Akte", 0, "12", None, "teilweise"),
        ("1.01", "E-Rechnung", 1, "10", "01.05.2019", "offen"),
        ("1.02", "Online-Formulare", 1, "33", "30.09.2019", "teilweise"),
        ("1.03", "Bürgerkonto", 1, "12", None, "umgesetzt"),
        ("2.01", "Online-Termine", 2, "33", "30.11.2019", "teilweise"),
        ("2.02", "Servicekonto", 2, "12", None, "offen"),
        ("3.01", "Chatbot", 3, "33", None, "umgesetzt"),
    ], header=header, title=["Stand: 01.07.2019"]).offices()
