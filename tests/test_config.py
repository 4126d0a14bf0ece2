"""The app's Streamlit configuration keeps the public-sector defaults: no telemetry, hardened server."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text("utf-8"))


def test_no_usage_statistics():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_the_start_asks_no_third_party_for_the_address():
    # without this Streamlit's banner looks up the external IP at checkip.amazonaws.com on every start
    assert CONFIG["logger"]["hideWelcomeMessage"] is True


def test_server_is_hardened():
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableStaticServing"] is False
    # a register at Excel's row limit is about 17 MB; much more is room for memory abuse (app.py gates who uploads)
    assert 17 < server["maxUploadSize"] <= 32


def test_users_see_no_error_details_and_no_deploy_button():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "minimal"  # no menu at all: its entries are English


def test_secrets_are_never_committed():
    ignored = (Path(__file__).resolve().parents[1] / ".gitignore").read_text("utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored and "var/" in ignored
