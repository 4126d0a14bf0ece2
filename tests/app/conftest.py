"""Helpers to run the real dashboard with AppTest on one page, with query parameters preset."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.register import read_register
from lib.status import derive

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "massnahmen.xlsx"


def open_page(page: str, **params: str | list[str]) -> AppTest:
    """Run dashboard.py, switch to pages/<page>.py with the given URL parameters, return the result."""
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page != "uebersicht":
        app.switch_page(f"pages/{page}.py")
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def texts(app: AppTest) -> str:
    """Everything written as markdown, captions, titles and metrics on the page, as one string."""
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [t.value for t in app.title]
    parts += [f"{m.label}: {m.value}" for m in app.metric]
    return "\n".join(parts)


@pytest.fixture(scope="session")
def sample_derived():
    register = read_register(SAMPLE.read_bytes()).register
    return register, derive(register, register.stand)
