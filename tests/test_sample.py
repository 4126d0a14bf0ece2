"""The committed sample register is what the committed generator produces, and it is valid."""

from pathlib import Path

from lib.deriving.status import derive, summary
from lib.reading.register import read_register
from lib.sample import build_sample

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
