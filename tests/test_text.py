"""Register text renders literally: Markdown specials, links, HTML and Streamlit's colon syntax are escaped."""

from __future__ import annotations

import pytest

from lib.text import md_escape, plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**fett**", r"\*\*fett\*\*"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("[link](javascript:alert(1))", r"\[link\](javascript\:alert(1))"),
        ("https://example.org", r"https\://example.org"),
        (":red[Alarm]", r"\:red\[Alarm\]"),
        ("# Titel", r"\# Titel"),
        ("- Punkt", r"\- Punkt"),
        ("1. Punkt", r"1\. Punkt"),
        ("&amp;", r"\&amp;"),
        ("E-Akte für 33 Bürgeramt", "E-Akte für 33 Bürgeramt"),
    ],
)
def test_md_escape(text, expected):
    assert md_escape(text) == expected


def test_plain_turns_line_breaks_and_controls_into_spaces():
    assert plain("Zeile 1\r\nZeile\t2\x00 ") == "Zeile 1 Zeile 2"
