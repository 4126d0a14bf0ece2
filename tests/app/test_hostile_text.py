"""Markup in a register (titles, partners, office names) shows as text in findings and charts."""

from __future__ import annotations

import json
import re

import pytest

from lib.storing.storage import Store
from tests.app.conftest import open_page
from tests.builders import Book
from tests.pictures import shown_picture, svg_texts

TITLE = "<b>fett</b> **x** [link](javascript:alert(1))"
PARTNER = "[Partner](javascript:alert(2))"
OFFICE = "<a href='javascript:alert(3)'>Amt</a>"
UNESCAPED = re.compile(r"(?<!\\)\]\(|(?<!\\)<[a-z/]|(?<!\\)\*\*x")  # a link, a tag or emphasis left live


@pytest.fixture
def hostile(own_version_database):
    book = (Book()
            .measures([("0.01", TITLE, 0, "10", PARTNER)], header=("Nr", "Maßnahme", "Priorität", "Federführung",
                                                                  "Kooperationspartner"))
            .offices([("10", OFFICE, "I")]))
    Store(own_version_database).add(book.to_bytes(), "<i>datei</i>.xlsx")


def charts(app) -> str:
    return " ".join(json.dumps(json.loads(c.proto.spec)) for c in app.get("plotly_chart"))


def pictures(app) -> list[str]:
    """The texts drawn in the charts drawn on the server (images)."""
    return [text for index in range(len(app.get("image"))) for text in svg_texts(shown_picture(app, index)[1])]


@pytest.mark.parametrize("page", ["kooperationen", "aemter", "fristen", "prioritaeten"])
def test_markup_never_renders(hostile, page):
    app = open_page(page)
    markdown = " ".join(m.value for m in app.markdown)
    assert not UNESCAPED.search(markdown), UNESCAPED.search(markdown)
    drawn = charts(app)
    assert "<b>fett</b>" not in drawn and "<a href" not in drawn
    if page == "aemter":
        assert "&lt;" in drawn
    if page == "fristen":  # the title is 45 characters: drawn whole, as written
        assert "0.01 <b>fett</b> **x** [link](javascript:alert(1))" in pictures(app)


def test_partner_finding_is_escaped_markdown(hostile):
    app = open_page("kooperationen")
    assert any(r"\[Partner\](javascript\:alert(2))" in m.value for m in app.markdown)
