"""Columnar building blocks (lib/reading/codes.py): codes, lookups, first rows and lists per position."""

import numpy as np
import pandas as pd
import pyarrow as pa

from lib.reading.codes import Codes, categorical, first_rows, lists, merge_equal, sorted_groups


def test_positions_look_values_up_once_and_mark_missing_and_unknown():
    column = Codes(np.array([1, 0, -1, 2, 1]), ["b", "a", "z"])  # a, b, missing, z, a
    assert column.positions(["a", "b", "c"]).tolist() == [0, 1, -1, -1, 0]
    assert column.positions({"a": 7, "b": 3}).tolist() == [7, 3, -1, -1, 7]


def test_used_values_in_the_order_of_values():
    column = Codes(np.array([2, -1, 0, 2]), ["x", "unused", "y"])
    assert column.used() == ["x", "y"]
    assert column.take(np.array([1, 3])).used() == ["y"]


def test_texts_are_encoded_after_stripping_and_blank_is_missing():
    texts = pa.chunked_array([pa.array([" 1.01", "1.02", None]), pa.array(["1.01 ", "  ", "1.02"])])
    column = Codes.of_texts(texts)
    assert column.values == ["1.01", "1.02"]
    assert column.codes.tolist() == [0, 1, -1, 0, -1, 1]


def test_categorical_keeps_codes_and_values():
    values = categorical(np.array([1, -1, 0]), ["10", "12"])
    assert values.tolist()[0] == "12" and pd.isna(values.tolist()[1]) and values.tolist()[2] == "10"
    assert values.categories.tolist() == ["10", "12"]


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
    merged = merge_equal(values, np.array([0, 1, 2, 3, -1, 2]))
    assert merged.values == ["12", "10"]
    assert merged.codes.tolist() == [0, 1, 0, -1, -1, 0]
