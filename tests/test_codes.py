"""Columnar building blocks (lib/codes.py): codes, lookups, first rows and lists per position."""

import numpy as np
import pandas as pd
import pytest

from lib.codes import codes_of, distinct, first_rows, lists, merge_equal, positions, sorted_groups


@pytest.mark.parametrize("categorical", [False, True])
def test_positions_look_values_up_and_mark_missing_and_unknown(categorical):
    column = pd.Series(["b", "a", None, "z", "b"])
    if categorical:
        column = column.astype("category")
    assert positions(column, ["a", "b", "c"]).tolist() == [1, 0, -1, -1, 1]


def test_codes_of_a_categorical_are_its_codes():
    column = pd.Series(pd.Categorical(["x", None, "y"], categories=["y", "x", "unused"]))
    codes, values = codes_of(column)
    assert codes.tolist() == [1, -1, 0] and values == ["y", "x", "unused"]


@pytest.mark.parametrize("categorical", [False, True])
def test_distinct_leaves_out_missing_and_unused_values(categorical):
    column = pd.Series(["12", None, "10", "12"])
    if categorical:
        column = pd.Series(pd.Categorical(column, categories=["10", "12", "99"]))
    assert sorted(distinct(column)) == ["10", "12"]


def test_sorted_groups_are_runs_of_equal_keys_in_key_order():
    keys = np.array([5, 1, 5, 3, 1])
    order, starts = sorted_groups(keys)
    assert keys[order].tolist() == [1, 1, 3, 5, 5]
    assert order.tolist() == [1, 4, 3, 0, 2]  # stable: equal keys keep their order
    assert starts.tolist() == [0, 2, 3]


def test_sorted_groups_of_nothing():
    order, starts = sorted_groups(np.zeros(0, dtype=np.int64))
    assert order.tolist() == [] and starts.tolist() == []


def test_first_rows_name_the_first_row_of_each_key():
    keys = np.array([7, 3, 7, 7, 3, 9])
    rows = np.array([4, 5, 8, 9, 12, 13])
    assert first_rows(keys, rows).tolist() == [4, 5, 4, 4, 5, 13]


def test_first_rows_against_a_plain_loop():
    rng = np.random.default_rng(7)
    keys = rng.integers(0, 50, size=2_000)
    rows = np.arange(2_000) * 2 + 3
    seen: dict[int, int] = {}
    expected = [seen.setdefault(int(k), int(r)) for k, r in zip(keys, rows, strict=True)]
    assert first_rows(keys, rows).tolist() == expected


def test_lists_give_one_new_list_per_position_also_for_empty_ones():
    result = lists(np.array([0, 0, 2]), ["a", "b", "c"], 4)
    assert result == [["a", "b"], [], ["c"], []]
    assert len({id(part) for part in result}) == 4  # never shared


def test_lists_of_no_positions():
    assert lists(np.zeros(0, dtype=np.intp), [], 0) == []


def test_merge_equal_gives_equal_values_one_code_and_keeps_missing_apart():
    values = ["12", "10", "12", None]  # e.g. two spellings of office 12, and a blank
    codes, merged = merge_equal(values, np.array([0, 1, 2, 3, -1, 2]))
    assert merged == ["12", "10"]
    assert codes.tolist() == [0, 1, 0, -1, -1, 0]
