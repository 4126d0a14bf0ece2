"""Page Antwort an den Stadtrat: preview and both downloads of the answer the core builds."""

from __future__ import annotations

import datetime as dt

from lib.presenting.answer import build_answer, load_inquiry, to_markdown
from tests.app.conftest import open_page, texts

SAMPLE_NOTICE = "Beispieldaten (fiktiv): diese Antwort ist nur ein Muster, kein echter Umsetzungsstand."


def downloads(app) -> dict[str, object]:
    return {d.key: d for d in app.get("download_button")}


def test_preview_is_the_cores_answer_for_the_stichtag(sample_register):
    register = sample_register
    stichtag = dt.date(2020, 1, 2)
    app = open_page("antwort", stichtag=stichtag.isoformat())
    assert app.title[0].value == "Antwort an den Stadtrat"
    expected = to_markdown(build_answer(register, stichtag, load_inquiry(), SAMPLE_NOTICE))
    assert expected.strip() in [m.value.strip() for m in app.markdown]
    assert "Stichtag der Auswertung: 02.01.2020" in texts(app)
    assert set(downloads(app)) == {"answer_docx", "answer_md"}


def test_filters_do_not_narrow_the_answer(sample_register):
    register = sample_register
    app = open_page("antwort", prio=["3"])
    assert any("die Filter der Seitenleiste gelten hier nicht" in i.value for i in app.info)
    expected = to_markdown(build_answer(register, register.stand, load_inquiry(), SAMPLE_NOTICE))
    assert expected.strip() in [m.value.strip() for m in app.markdown]


def test_sample_register_is_marked_as_a_pattern_only():
    app = open_page("antwort")
    assert SAMPLE_NOTICE in [w.value for w in app.warning]
    preview = next(m.value for m in app.markdown if m.value.startswith("# Antwort"))
    assert SAMPLE_NOTICE in preview  # the downloads are built from the same answer
