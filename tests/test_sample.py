"""The committed sample register is what the committed generator produces, and it is valid; so is its history."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from lib.deriving.status import derive, summary
from lib.reading.register import read_register
from lib.sample import SAMPLE_MARK, SampleSeries, build_sample
from lib.storing.storage import UnknownVersion

SAMPLE = Path(__file__).parents[1] / "data" / "massnahmen.xlsx"


def test_committed_sample_matches_generator():
    committed = read_register(SAMPLE.read_bytes()).register
    generated = read_register(build_sample()).register
    stichtag = committed.stand
    assert summary(derive(committed, stichtag), stichtag) == summary(derive(generated, stichtag), stichtag)


def test_sample_is_valid_and_realistic():
    result = read_register(SAMPLE.read_bytes())
    assert result.ok and not result.warnings
    register = result.register
    assert len(register.measures) >= 60
    assert len(register.offices) >= 25 and register.offices["department"].nunique() >= 5
    assert set(register.measures["priority"]) == {0, 1, 2, 3, 4, 5}
    derived = derive(register, register.stand)
    assert set(derived["status"]) == {"complete", "partial", "not_started"}
    plans = derived[derived["priority"] >= 3]
    planned = plans["order"].notna()
    assert 0 < (~planned & (plans["status"] != "complete")).sum() < planned.sum()
    assert (derived["partners"].map(len) > 0).sum() >= 5
    assert register.stand.isoformat() == "2019-09-17"


def test_sample_series_tells_a_story_of_progress():
    """Three Stände; statuses only advance; one lead office handed over, one deadline moved, one measure added;
    each version says it is fictitious; the newest is the committed sample."""
    series = SampleSeries.build()
    versions = series.versions()
    assert [v.stand for v in versions] == [dt.date(2018, 3, 15), dt.date(2018, 12, 12), dt.date(2019, 9, 17)]
    assert [v.number for v in versions] == [1, 2, 3]
    tables = []
    for version in versions:
        data = series.original(version.number)
        result = read_register(data)
        assert result.ok and not result.warnings
        assert SAMPLE_MARK in version.label and SAMPLE_MARK in version.comment
        assert openpyxl.load_workbook(io.BytesIO(data))["Maßnahmen"]["A1"].value.endswith(SAMPLE_MARK)
        tables.append(derive(result.register, version.stand).set_index("id"))
    rank = {"not_started": 0, "partial": 1, "complete": 2}
    for older, newer in zip(tables, tables[1:], strict=False):
        both = older.index.intersection(newer.index)
        assert all(rank[newer.at[m, "status"]] >= rank[older.at[m, "status"]] for m in both)
        assert sum(newer["status"] == "complete") > sum(older["status"] == "complete")
    assert [t.at["1.11", "lead_office"] for t in tables] == ["10", "12", "12"]
    assert [t.at["2.02", "deadline"].date() for t in tables] == [dt.date(2019, 3, 31)] * 2 + [dt.date(2019, 6, 30)]
    assert ["5.09" in t.index for t in tables] == [False, False, True]
    committed = read_register(SAMPLE.read_bytes()).register
    assert summary(derive(committed, committed.stand), committed.stand) == summary(
        derive(read_register(series.original(3)).register, committed.stand), committed.stand)


def test_sample_series_is_read_like_a_store_and_refuses_unknown_versions():
    series = SampleSeries.build()
    latest = series.latest()
    assert latest.number == 3 and series.version(2).stand == dt.date(2018, 12, 12)
    assert set(series.blobs([latest.sha256])) == {latest.sha256}
    with pytest.raises(UnknownVersion):
        series.version(4)
    with pytest.raises(UnknownVersion):
        series.original(0)
