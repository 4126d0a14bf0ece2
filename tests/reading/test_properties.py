"""Properties over random small registers: counts add up and do not depend on row order, blank rows or spelling."""

import datetime as dt
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.deriving.status import derive, summary
from lib.reading.contract import ROLLOUT_WORDS
from tests.builders import Book, load

STICHTAG = dt.date(2019, 9, 17)
OFFICE_POOL = ["9", "10", "12", "12.1", "20", "33", "37", "50", "61", "100"]
WORDS = [None, *(w for words in ROLLOUT_WORDS.values() for w in words if w)]
HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Umgesetzt am", "Status")
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def registers(draw) -> dict:
    """Offices, measures (rows of HEADER) and a rollout matrix {Nr: {office: word}}."""
    offices = draw(st.lists(st.sampled_from(OFFICE_POOL), min_size=1, max_size=5, unique=True))
    count = draw(st.integers(1, 10))
    dates = st.none() | st.dates(dt.date(2018, 1, 1), dt.date(2021, 12, 31))
    measures = []
    for i in range(count):
        priority = draw(st.integers(0, 5))
        measures.append((
            f"{priority}.{i + 1:02d}", f"Maßnahme {i + 1}", priority,
            draw(st.none() | st.sampled_from(offices)),
            draw(dates), draw(dates),
            draw(st.sampled_from([None, "umgesetzt", "teilweise", "offen", "x", "in Arbeit"])),
        ))
    with_rollout = draw(st.lists(st.sampled_from([m[0] for m in measures]), unique=True))
    rollout = {mid: {office: draw(st.sampled_from(WORDS)) for office in offices} for mid in with_rollout}
    return {"offices": offices, "measures": measures, "rollout": rollout}


def build(data: dict, *, measure_order=None, office_columns=None, blanks=None, spell=lambda name: name) -> Book:
    """The register as a workbook; every argument is a way of writing the same register differently."""
    rnd = blanks or (lambda rows: rows)
    measures = [data["measures"][i] for i in measure_order] if measure_order else data["measures"]
    offices = office_columns or data["offices"]
    rollout_ids = list(data["rollout"])
    if measure_order:
        rank = {m[0]: n for n, m in enumerate(measures)}
        rollout_ids.sort(key=rank.get)
    book = Book()
    book.measures(rnd(measures), header=[spell(h) for h in HEADER], title=["Maßnahmenregister"],
                  name=spell("Maßnahmen"))
    book.offices(rnd([(o, f"Amt {o}", "I") for o in data["offices"]]),
                 header=[spell(h) for h in ("Nr", "Bezeichnung", "Dezernat")], name=spell("Ämter"))
    if rollout_ids:
        book.matrix(offices, rnd([(mid, *(data["rollout"][mid][o] for o in offices)) for mid in rollout_ids]),
                    name=spell("Rollout"), id_header=spell("Nr"))
    return book


def summarise(book: Book) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        result = load(book, Path(tmp))
    assert result.ok, [p.text() for p in result.errors]
    return summary(derive(result.register, STICHTAG), STICHTAG)


@SETTINGS
@given(registers())
def test_counts_add_up(data):
    result = summarise(build(data))
    priorities = result["priorities"]
    assert [p["priority"] for p in priorities] == [0, 1, 2, 3, 4, 5]
    for p in priorities:
        assert p["total"] == p["complete"] + p["partial"] + p["not_started"]
        assert 0 <= p["overdue"] <= p["total"] - p["complete"]
    assert sum(p["total"] for p in priorities) == len(data["measures"]) == len(result["measures"])
    for p in priorities:
        measures = [m for m in result["measures"] if m["priority"] == p["priority"]]
        for status in ("complete", "partial", "not_started"):
            assert p[status] == sum(m["status"] == status for m in measures)
        assert p["overdue"] == sum(m["overdue"] for m in measures)
    assert [m["id"] for m in result["measures"]] == [m[0] for m in data["measures"]]


@SETTINGS
@given(registers(), st.randoms(use_true_random=False))
def test_row_and_column_order_do_not_matter(data, rnd):
    base = summarise(build(data))
    order = list(range(len(data["measures"])))
    rnd.shuffle(order)
    offices = list(data["offices"])
    rnd.shuffle(offices)
    shuffled = summarise(build(data, measure_order=order, office_columns=offices))
    assert shuffled["priorities"] == base["priorities"]
    assert sorted(shuffled["measures"], key=lambda m: m["id"]) == sorted(base["measures"], key=lambda m: m["id"])
    assert [m["id"] for m in shuffled["measures"]] == [data["measures"][i][0] for i in order]


@SETTINGS
@given(registers(), st.randoms(use_true_random=False))
def test_blank_rows_do_not_matter(data, rnd):
    base = summarise(build(data))

    def with_blanks(rows):
        rows = list(rows)
        for _ in range(rnd.randint(0, 4)):
            rows.insert(rnd.randint(0, len(rows)), None)
        return rows

    assert summarise(build(data, blanks=with_blanks)) == base


def respell(rnd: random.Random):
    """Another spelling of a name the way people type it: case, umlauts as ae/oe/ue, ß as ss, spaces."""

    def spell(name: str) -> str:
        if rnd.random() < 0.5:
            name = name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae").replace("ß", "ss")
        name = "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in name)
        return f" {name} " if rnd.random() < 0.3 else name

    return spell


@SETTINGS
@given(registers(), st.randoms(use_true_random=False))
def test_header_and_sheet_spelling_do_not_matter(data, rnd):
    assert summarise(build(data, spell=respell(rnd))) == summarise(build(data))
