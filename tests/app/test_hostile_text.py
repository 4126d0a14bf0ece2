"""Markup in a register (titles, partners, office names) shows as text in findings and charts."""

from __future__ import annotations

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


@pytest.mark.parametrize(("page", "literal"), [("kooperationen", PARTNER), ("aemter", "10 " + OFFICE),
                                               ("fristen", "0.01 " + TITLE), ("prioritaeten", "10 " + OFFICE)])
def test_markup_never_renders(hostile, page, literal):
    """Findings are escaped Markdown; charts draw register text as the letters it is (the title is 45 characters:
    the timeline draws it whole)."""
    app = open_page(page)
    markdown = " ".join(m.value for m in app.markdown)
    assert not UNESCAPED.search(markdown), UNESCAPED.search(markdown)
    svgs = [shown_picture(app, index)[1] for index in range(len(app.get("image")))]
    assert svgs and not any(b"<b>" in svg or b"<a " in svg for svg in svgs)
    assert any(literal in svg_texts(svg) for svg in svgs)


def test_partner_finding_is_escaped_markdown(hostile):
    app = open_page("kooperationen")
    assert any(r"\[Partner\](javascript\:alert(2))" in m.value for m in app.markdown)
