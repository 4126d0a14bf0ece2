"""The HTML page the server sends for every address (app.py's GermanPage): declared German, with the script that
translates Streamlit's English names, and preloading the widget code every page needs (charts are images:
no chart code)."""

from __future__ import annotations

import re
import urllib.request

import pytest

from app import PRELOADED

PRELOAD = re.compile(rb'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">')


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:  # our own test server
        return response.status, response.read()


@pytest.mark.parametrize("path", ["/", "/?prio=1", "/aemter", "/daten?prio=0"])
def test_every_address_serves_the_german_page_with_its_preloads(app_url: str, path: str):
    status, page = fetch(app_url + path)
    assert status == 200
    assert b'<html lang="de">' in page and b'<html lang="en">' not in page
    assert b"SCREEN_READER" not in page and b'"Remove (.+)"' in page  # the script with its rules, once
    assert page.count(b"new MutationObserver") == 1
    preloaded = [chunk for chunk in PRELOAD.findall(page) if chunk.split(b".")[0].decode() in PRELOADED]
    # each of ours exists in this Streamlit (one it renamed would be left out, not requested in vain): when this
    # fails after an upgrade, PRELOADED in app.py needs the new names
    assert sorted(chunk.split(b".")[0].decode() for chunk in preloaded) == sorted(PRELOADED)
    assert b"PlotlyChart" not in page and b'rel="prefetch"' not in page
    for chunk in preloaded:
        assert fetch(f"{app_url}/static/js/{chunk.decode()}")[0] == 200


def test_the_api_and_streamlits_own_routes_are_left_alone(app_url: str):
    status, body = fetch(app_url + "/_stcore/health")
    assert (status, body) == (200, b"ok")
    status, body = fetch(app_url + "/api/v1/versions.json")
    assert status == 200 and b"MutationObserver" not in body
