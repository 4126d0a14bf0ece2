"""A register longer than a page of Daten (DATA_PAGE_ROWS = 1.000 rows), with its pages worked out by hand.

`ones` measures 1.0001 … of priority 1 led by office 10, then `twos` measures 2.0001 … of priority 2 led by
office 12, in this order, Stand 01.07.2019. With the default 1.500 + 845 = 2.345 rows:

| page | rows          | Nr                                      |
|------|---------------|-----------------------------------------|
| 1    | 1–1.000       | 1.0001 … 1.1000                         |
| 2    | 1.001–2.000   | 1.1001 … 1.1500 (500), 2.0001 … 2.0500  |
| 3    | 2.001–2.345   | 2.0501 … 2.0845 (345)                   |

Priority 1 alone: 1.500 rows on 2 pages (1.0001 … 1.1000, 1.1001 … 1.1500); priority 2 alone: 845 rows, one page.
"""

from __future__ import annotations

from tests.builders import Book

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung")
TOTAL = 2345


def long_register(ones: int = 1500, twos: int = 845) -> bytes:
    rows = ([(f"1.{i:04d}", f"Eins {i}", 1, "10") for i in range(1, ones + 1)]
            + [(f"2.{i:04d}", f"Zwei {i}", 2, "12") for i in range(1, twos + 1)])
    return Book().measures(rows, header=HEADER, title=["Stand: 01.07.2019"]).offices().to_bytes()


def all_nrs() -> list[str]:
    return [f"1.{i:04d}" for i in range(1, 1501)] + [f"2.{i:04d}" for i in range(1, 846)]
