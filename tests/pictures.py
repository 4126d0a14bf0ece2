"""Reading a chart drawn on the server: the texts of its SVG, and the picture a page shows."""

from __future__ import annotations

import base64
import html
import xml.etree.ElementTree as ET

SVG_URL = "data:image/svg+xml;base64,"


def svg_texts(svg: bytes | str, within: str | None = None) -> list[str]:
    """The texts drawn, in drawing order: matplotlib writes each as a comment beside its glyphs (escaped as XML
    text). `within`: only those inside the group of that id, e.g. "matplotlib.axis_1" (the x axis),
    "matplotlib.axis_2" (the y axis) or "legend_1"."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(svg.encode() if isinstance(svg, str) else svg, parser=parser)
    if within is not None:
        root = next(e for e in root.iter() if e.get("id") == within)
    return [html.unescape(e.text.strip()) for e in root.iter() if e.tag is ET.Comment]


def shown_picture(app, index: int = 0) -> tuple[str, bytes]:
    """The alt text and the SVG of the `index`-th picture an AppTest run shows."""
    (picture,) = app.get("image")[index].proto.imgs
    assert picture.url.startswith(SVG_URL), picture.url[:40]
    return picture.alt, base64.b64decode(picture.url[len(SVG_URL):])
