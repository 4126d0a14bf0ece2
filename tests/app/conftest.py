"""Helpers to run the real dashboard with AppTest on one page, with query parameters preset."""

from __future__ import annotations

from pathlib import Path, PosixPath

import pytest
from streamlit.testing.v1 import AppTest

from lib.register import read_register
from lib.status import derive

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "massnahmen.xlsx"


class _WithoutPagesFolder(PosixPath):
    def exists(self, *args, **kwargs) -> bool:
        return self.name != "pages" and super().exists(*args, **kwargs)


@pytest.fixture(autouse=True)
def entry_file_on_every_run(monkeypatch):
    """Rerun through dashboard.py like a running server does.

    AppTest forgets between runs that the app uses st.navigation; with a `pages/` folder it then runs
    the page file alone (legacy mode), so a second run would draw no sidebar and keep a stale view.
    """
    monkeypatch.setattr("streamlit.runtime.pages_manager.Path", _WithoutPagesFolder)


@pytest.fixture(autouse=True)
def own_version_database(tmp_path, monkeypatch) -> Path:
    """Each app test gets an empty version database: never a developer's var/massnahmen.db."""
    path = tmp_path / "versions.db"
    monkeypatch.setenv("MASSNAHMEN_DB", str(path))
    return path


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
