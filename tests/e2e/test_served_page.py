"""The HTML page the server sends for every address (app.py's GermanPage): declared German, with the script that
translates Streamlit's English names, and preloading the widget code every page needs (the chart code on
every page but the Übersicht, whose chart is an image: there it is only prefetched)."""

from __future__ import annotations

import re
import urllib.request

import pytest

from app import CHARTS, PRELOADED

PRELOAD = re.compile(rb'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">')
PREFETCH = re.compile(rb'<link rel="prefetch" crossorigin href="\./static/js/([^"]+)">')


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:  # our own test server
        return response.status, response.read()


@pytest.mark.parametrize(("path", "with_charts"), [("/", False), ("/?prio=1", False), ("/aemter", True),
                                                  ("/daten?prio=0", True)])
def test_every_address_serves_the_german_page_with_its_preloads(app_url: str, path: str, with_charts: bool):
    status, page = fetch(app_url + path)
    assert status == 200
    assert b'<html lang="de">' in page and b'<html lang="en">' not in page
    assert b"SCREEN_READER" not in page and b'"Remove (.+)"' in page  # the script with its rules, once
    assert page.count(b"new MutationObserver") == 1
    ours = PRELOADED + CHARTS
    preloaded = [chunk for chunk in PRELOAD.findall(page) if chunk.split(b".")[0].decode() in ours]
    prefetched = PREFETCH.findall(page)
    # each of ours exists in this Streamlit (one it renamed would be left out, not requested in vain): when this
    # fails after an upgrade, PRELOADED or CHARTS in app.py need the new names
    assert sorted(chunk.split(b".")[0].decode() for chunk in preloaded) == sorted(ours if with_charts else PRELOADED)
    assert [chunk.split(b".")[0].decode() for chunk in prefetched] == ([] if with_charts else list(CHARTS))
    for chunk in preloaded + prefetched:
        assert fetch(f"{app_url}/static/js/{chunk.decode()}")[0] == 200


def test_the_api_and_streamlits_own_routes_are_left_alone(app_url: str):
    status, body = fetch(app_url + "/_stcore/health")
    assert (status, body) == (200, b"ok")
    status, body = fetch(app_url + "/api/v1/versions.json")
    assert status == 200 and b"MutationObserver" not in body
