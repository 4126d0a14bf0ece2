"""Filters: each dimension narrows as documented; offices and Dezernate match lead or rollout offices."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.deriving.filters import Filters, apply_filters

OFFICES = pd.DataFrame({"office": ["10", "20", "33"], "name": ["A", "B", "C"], "department": ["I", "II", "III"]})
DERIVED = pd.DataFrame({
    "id": ["a", "b", "c", "d"],
    "priority": [0, 1, 2, 3],
    "status": ["complete", "partial", "not_started", "partial"],
    "field": ["X", "Y", "X", None],
    "overdue": [False, True, False, True],
    "lead_office": ["10", None, "33", "20"],
    "relevant_offices": [["10", "20"], ["33"], [], []],
})


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["a", "b", "c", "d"]),
        (Filters(priorities=(0, 3)), ["a", "d"]),
        (Filters(statuses=("partial",)), ["b", "d"]),
        (Filters(fields=("X",)), ["a", "c"]),
        (Filters(overdue_only=True), ["b", "d"]),
        (Filters(offices=("20",)), ["a", "d"]),  # rollout office of a, lead of d
        (Filters(offices=("33",)), ["b", "c"]),
        (Filters(departments=("III",)), ["b", "c"]),
        (Filters(departments=("II",), statuses=("partial",)), ["d"]),
        (Filters(priorities=(5,)), []),
    ],
)
def test_apply_filters(filters, expected):
    assert list(apply_filters(DERIVED, filters, OFFICES)["id"]) == expected
