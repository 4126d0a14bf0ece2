"""Markup in a register (titles, partners, office names) shows as text in findings and charts."""

from __future__ import annotations

import base64
import html
import json
import re

import pytest

from lib.storing.storage import Store
from tests.app.conftest import open_page
from tests.builders import Book

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


@pytest.mark.parametrize("page", ["kooperationen", "aemter", "fristen", "prioritaeten"])
def test_markup_never_renders(hostile, page):
    app = open_page(page)
    markdown = " ".join(m.value for m in app.markdown)
    assert not UNESCAPED.search(markdown), UNESCAPED.search(markdown)
    drawn = charts(app)
    assert "<b>fett</b>" not in drawn and "<a href" not in drawn
    if page in ("aemter", "fristen"):
        assert "&lt;" in drawn
    if page == "aemter":  # the heatmap is a picture drawn on the server: the office's name is drawn as written
        (picture,) = app.get("image")[0].proto.imgs
        svg = base64.b64decode(picture.url.split(",", 1)[1]).decode()
        assert f"I · 10 {OFFICE}" in [html.unescape(t) for t in re.findall(r"<!-- (.*?) -->", svg)]
        assert "<a " not in svg and "<b>" not in svg


def test_partner_finding_is_escaped_markdown(hostile):
    app = open_page("kooperationen")
    assert any(r"\[Partner\](javascript\:alert(2))" in m.value for m in app.markdown)
