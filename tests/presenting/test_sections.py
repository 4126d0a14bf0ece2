"""The inquiry's sections as data: the top partner, planned ends and totals, and the German tables built from them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib.presenting.sections import (
    CooperationEntry,
    CooperationResult,
    Gap,
    MeasureRef,
    PlanEntry,
    PlanningPage,
    PlanResult,
    cooperation_table,
    gap_table,
    partner_matrix,
    partner_table,
)
from lib.reading.contract import Status


def ref(nr: str, status: Status = Status.NOT_STARTED) -> MeasureRef:
    return MeasureRef(nr, f"Titel {nr}", int(nr[0]), status)


def plan(nr: str, start: dt.date | None = None, months: float | None = None, days: float | None = None,
         budget: float | None = None) -> PlanEntry:
    return PlanEntry(ref(nr), None, start, months, days, budget)


@pytest.mark.parametrize(
    ("partners", "counts"),
    [
        ([("Stadt Trier",)], (("Stadt Trier", 1),)),
        ([("Bund", "Stadt Trier"), ("Stadt Trier",)], (("Stadt Trier", 2), ("Bund", 1))),
        ([("Stadt Trier", "Bund"), ("Land", "Stadt Trier", "Bund")], (("Bund", 2), ("Stadt Trier", 2), ("Land", 1))),
    ],
)
def test_partners_by_number_of_measures_then_name(partners, counts):
    result = CooperationResult(tuple(CooperationEntry(ref(f"3.0{i}"), p) for i, p in enumerate(partners)))
    assert result.partner_counts == counts
    assert result.top_partner == counts[0]
    assert list(partner_table(result).itertuples(index=False, name=None)) == list(counts)


def test_no_cooperation_has_no_top_partner():
    assert CooperationResult(()).top_partner is None


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (dt.date(2020, 11, 1), 9, dt.date(2021, 8, 1)),
        (dt.date(2020, 4, 1), 24, dt.date(2022, 4, 1)),
        (dt.date(2020, 1, 31), 1, dt.date(2020, 2, 29)),  # to the month's last day
        (dt.date(2020, 4, 1), None, dt.date(2020, 4, 1)),
        (dt.date(2020, 4, 1), 2.4, dt.date(2020, 6, 1)),
        (None, 6, None),
    ],
)
def test_planned_end_is_start_plus_whole_months(start, months, end):
    assert plan("3.01", start, months).end == end


def test_plan_totals_count_only_given_figures():
    result = PlanResult(3, (plan("3.01", days=250, budget=150000), plan("3.02", days=60), plan("4.01")), ())
    assert (result.person_days, result.budget_eur) == (310, 150000)
    assert (PlanResult(1, (), (ref("4.01"),)).person_days, PlanResult(1, (), ()).budget_eur) == (0, 0)


def test_tables_join_lists_with_a_comma():
    gap = Gap(ref("0.02", Status.PARTIAL), ("12 Amt für Informationstechnik", "33 Bürgeramt"), 60, 100,
              ("Gebühren", "Fundsachen"))
    assert gap_table((gap,)).to_dict("records") == [{
        "Nr": "0.02", "Maßnahme": "Titel 0.02", "Noch offen in Ämtern":
            "12 Amt für Informationstechnik, 33 Bürgeramt", "Arbeitsplätze offen": 60,
        "Anwendungen offen": "Gebühren, Fundsachen"}]
    entry = CooperationEntry(ref("1.02"), ("Land Rheinland-Pfalz", "Stadt Mainz"))
    assert cooperation_table((entry,)).to_dict("records") == [{
        "Nr": "1.02", "Maßnahme": "Titel 1.02", "Priorität": 1, "Status": "nicht umgesetzt",
        "Kooperationspartner": "Land Rheinland-Pfalz, Stadt Mainz"}]


def test_partner_matrix_marks_each_pair():
    result = CooperationResult((CooperationEntry(ref("0.01"), ("Stadt Trier",)),
                                CooperationEntry(ref("3.02"), ("Bund", "Stadt Trier"))))
    assert partner_matrix(result).to_dict("records") == [
        {"Partner": "Stadt Trier", "0.01 Titel 0.01": "✓", "3.02 Titel 3.02": "✓"},
        {"Partner": "Bund", "0.01 Titel 0.01": "", "3.02 Titel 3.02": "✓"},
    ]


@pytest.mark.parametrize(("planned", "drawn"), [(100, 100), (101, 100)])
def test_the_gantt_chart_draws_the_first_hundred_plans_and_says_so(planned, drawn):
    plans = tuple(plan(f"3.{i:03d}", dt.date(2020, 1, 1), 6) for i in range(planned))
    page = PlanningPage(PlanResult(planned, plans, ()), pd.DataFrame(), None)
    rows = page.gantt_rows
    assert len(rows) == drawn and rows["id"].iloc[0] == "3.000" and rows["id"].iloc[-1] == "3.099"
    cut = "Das Diagramm zeigt die ersten 100 in der geplanten Reihenfolge; die Tabelle darunter nennt alle."
    assert page.finding == f"{planned} Maßnahmen sind geplant, 0 noch ohne Plan." + (f" {cut}" if planned > 100 else "")
