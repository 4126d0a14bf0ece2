"""Register text renders literally: Markdown specials, links, HTML and Streamlit's colon syntax are escaped."""

from __future__ import annotations

import pytest

from lib.presenting.text import md_escape, plain


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Virtuelle Poststelle", "Virtuelle Poststelle"),
        ("0.01 E-Akte (Teil 1)", "0.01 E-Akte (Teil 1)"),
        ("**x**", r"\*\*x\*\*"),
        ("_x_", r"\_x\_"),
        ("[a](javascript:x)", r"\[a\](javascript\:x)"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ('=HYPERLINK("x")', '\\=HYPERLINK("x")'),
        ("+1", r"\+1"),
        ("-x", r"\-x"),
        ("@x", r"\@x"),
        ("# x", r"\# x"),
        ("> x", r"\> x"),
        ("1. x", r"1\. x"),
        ("a | b", r"a \| b"),
        ("`code`", r"\`code\`"),
        ("A &amp; B & C", r"A \&amp; B & C"),
        ("https://x.de", r"https\://x.de"),
        ("www.x.de", r"www\.x.de"),
        ("$x$", r"\$x\$"),
        (":red[rot] :smile: Stand: 1", r"\:red\[rot\] \:smile: Stand: 1"),
        ("zwei\nZeilen\t", "zwei Zeilen"),
        ("- Punkt", r"\- Punkt"),
        ("E-Akte für 33 Bürgeramt", "E-Akte für 33 Bürgeramt"),
        ("[link](javascript:alert(1))", r"\[link\](javascript\:alert(1))"),
    ],
)
def test_md_escape(text, escaped):
    assert md_escape(text) == escaped


def test_plain_turns_line_breaks_and_controls_into_spaces():
    assert plain("Zeile 1\r\nZeile\t2\x00 ") == "Zeile 1 Zeile 2"
