"""Register text made safe for where it is shown: one plain line, or Markdown that renders literally."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|~#$@!])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Autolinks (https://…, www.…) and the ':' of emoji codes and colour directives (Streamlit).
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=www)(?=\.)|(?=:[\w+-])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d{1,9}(?=[.)](?:\s|$)))")


def plain(value: object) -> str:
    """Register text as one plain line: control characters and line breaks become single spaces."""
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def md_escape(text: object) -> str:
    """Plain text for Markdown: no emphasis, links, HTML, entities, autolinks, list or heading starts.

    A colon before a word is escaped too, so Streamlit's `:material/…:` icons and `:red[…]` colours
    stay text.
    """
    text = _MD_SPECIAL.sub(r"\\\1", plain(text))
    text = _MD_ENTITY.sub(r"\\&", text)
    text = _MD_AUTOLINK.sub("\\\\", text)
    match = _MD_LINE_START.match(text)
    if match:
        if match.group(2).isdigit():
            end = match.end()
            text = f"{text[:end]}\\{text[end:]}"
        else:
            text = f"{match.group(1)}\\{text[match.start(2):]}"
    return text
