"""Two versions of a small register for the meeting's agenda and report, with what changed worked out by hand.

Offices: the default three of `tests.builders` (10 Hauptamt, 12 Amt für Informationstechnik, 33 Bürgeramt).
No rollout sheet: each status comes from the column `Status`. Priorities 0–2 without a Frist are due
31.12.2019; 3–5 have none.

| Nr   | Prio | older (Stand 01.03.2019)        | newer (Stand 01.07.2019)          | at 01.07.2019                    |
|------|------|---------------------------------|-----------------------------------|----------------------------------|
| 0.01 | 0    | 10, offen                       | 10, umgesetzt                     | status changed, complete         |
| 0.02 | 0    | 10, teilweise                   | same                              | due 31.12.2019: 183 days left    |
| 1.01 | 1    | 12, offen, Frist 01.05.2019     | same                              | overdue 61 days                  |
| 1.02 | 1    | 10, teilweise, Frist 29.09.2019 | same                              | due in 90 days                   |
| 1.03 | 1    | 33, offen, Frist 30.06.2019     | same                              | overdue 1 day                    |
| 2.01 | 2    | 33, offen, Frist 01.08.2019     | 33, offen, Frist 15.09.2019       | deadline changed; due in 76 days |
| 3.01 | 3    | 33, offen                       | 12, offen                         | lead office changed              |
| 3.02 | 3    | 12, offen, Frist 30.09.2019     | —                                 | removed                          |
| 4.01 | 4    | —                               | 10, offen                         | added                            |

Changes in the order of the change table (kind, then register order): added 4.01; removed 3.02;
status 0.01; deadline 2.01; lead office 3.01. Agenda at 01.07.2019 with 90 days: changed 4.01, 3.02,
0.01, 2.01, 3.01; overdue 1.01, 1.03; due soon 1.02 (2.01 is due soon too, but already on the agenda
with its change). Next due (page Fristen): 2.01 (76), 1.02 (90), 0.02 (183). Without a plan
(priorities 3–5, open): 3.01, 4.01. Per priority at 01.07.2019: P0 2 total, 1 complete, 1 partial;
P1 3 total, 1 partial, 2 not started, 2 overdue; P2 1 not started; P3 1 not started; P4 1 not started.
"""

from __future__ import annotations

from tests.builders import Book

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Status")
CHANGED = ["4.01", "3.02", "0.01", "2.01", "3.01"]
OVERDUE = ["1.01", "1.03"]
DUE_SOON = ["1.02"]
NEXT_DUE = ["2.01", "1.02", "0.02"]
UNPLANNED = ["3.01", "4.01"]


def older() -> Book:
    return Book().measures([
        ("0.01", "Virtuelle Poststelle", 0, "10", None, "offen"),
        ("0.02", "E-Akte", 0, "10", None, "teilweise"),
        ("1.01", "E-Rechnung", 1, "12", "01.05.2019", "offen"),
        ("1.02", "Online-Formulare", 1, "10", "29.09.2019", "teilweise"),
        ("1.03", "Bürgerkonto", 1, "33", "30.06.2019", "offen"),
        ("2.01", "Online-Termine", 2, "33", "01.08.2019", "offen"),
        ("3.01", "Chatbot", 3, "33", None, "offen"),
        ("3.02", "Open Data", 3, "12", "30.09.2019", "offen"),
    ], header=HEADER, title=["Stand: 01.03.2019"]).offices()


def newer() -> Book:
    return Book().measures([
        ("0.01", "Virtuelle Poststelle", 0, "10", None, "umgesetzt"),
        ("0.02", "E-Akte", 0, "10", None, "teilweise"),
        ("1.01", "E-Rechnung", 1, "12", "01.05.2019", "offen"),
        ("1.02", "Online-Formulare", 1, "10", "29.09.2019", "teilweise"),
        ("1.03", "Bürgerkonto", 1, "33", "30.06.2019", "offen"),
        ("2.01", "Online-Termine", 2, "33", "15.09.2019", "offen"),
        ("3.01", "Chatbot", 3, "12", None, "offen"),
        ("4.01", "Telearbeit", 4, "10", None, "offen"),
    ], header=HEADER, title=["Stand: 01.07.2019"]).offices()
