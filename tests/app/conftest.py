"""Helpers to run the real dashboard with AppTest on one page, with query parameters preset."""

from __future__ import annotations

from pathlib import Path, PosixPath
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.reading.register import Register, read_register
from lib.storing.storage import Store
from tests.builders import Book

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


def log_in(app: AppTest, name: str, password: str) -> AppTest:
    """Fill in and send the login form a run of `app` drew; the run after it must not raise."""
    app.text_input(key="login_name").input(name)
    app.text_input(key="login_password").input(password)
    app.button[0].click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def texts(app: AppTest) -> str:
    """Everything written as markdown, captions, titles and metrics on the page, as one string."""
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [t.value for t in app.title]
    parts += [f"{m.label}: {m.value}" for m in app.metric]
    return "\n".join(parts)


def nr_of(link: str) -> str:
    """The Nr a link to a measure's page names: its parameter `nr` ('massnahme?stichtag=…&nr=2.01' → '2.01')."""
    return parse_qs(urlsplit(link).query)["nr"][-1]


def plain(table: pd.DataFrame) -> pd.DataFrame:
    """A shown table with its linked Nrs back as plain Nrs (the page shows each Nr as a link to its measure)."""
    if "Nr" not in table.columns or table.empty:
        return table
    return table.assign(Nr=[nr_of(link) for link in table["Nr"]])


def header_line(app: AppTest) -> str:
    """The caption under the page title: 'Stichtag … · N von M Maßnahmen …'."""
    return next(c.value for c in app.main.caption if c.value.startswith("Stichtag "))


@pytest.fixture(scope="session")
def sample_register() -> Register:
    return read_register(SAMPLE.read_bytes()).register


BAU = "61 Bau & Verkehr"  # an ampersand: HTML and SVG escape it as &amp;
MARKUP = "62 <b>Vermessung</b>"  # markup: must stay text


def five_measures() -> Book:
    """Five measures in three offices, Stand 01.07.2019. Worked out by hand:

    | Nr   | Prio | lead | rollout 10 / 61 / 62 | status                         | Frist (effective) |
    |------|------|------|----------------------|--------------------------------|-------------------|
    | 0.01 | 0    | 10   | x / x / x            | complete                       | 31.12.2019        |
    | 0.02 | 0    | 10   | x / teilweise / –    | partial (open in 61, 62)       | 31.12.2019        |
    | 1.01 | 1    | 61   | - / – / -            | not started (only 61 relevant) | 01.03.2019: overdue, 122 days |
    | 2.01 | 2    | 61   | no row               | complete (column Status)       | 31.12.2019        |
    | 3.01 | 3    | 62   | no row               | not started                    | 01.09.2019: 62 days left |

    (– = empty cell = open, - = not relevant.) Per office (rollout cells, else the lead office):
    10: 0.01 ✓ 0.02 ✓ → 2 of 2; 61: 0.01 ✓ 0.02 ◐ 1.01 ○ 2.01 ✓ → 2 of 4; 62: 0.01 ✓ 0.02 ○ 3.01 ○ → 1 of 3.
    Office filter: 61 → 0.01, 0.02, 1.01, 2.01; 62 → 0.01, 0.02, 3.01; 10 → 0.01, 0.02.
    """
    header = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Status", "Kooperationspartner")
    measures = [
        ("0.01", "Virtuelle Poststelle", 0, "10", None, None, "Landkreis; Nachbarstadt"),
        ("0.02", "E-Akte", 0, "10", None, None, None),
        ("1.01", "E-Rechnung", 1, "61", "01.03.2019", None, "Landkreis"),
        ("2.01", "Online-Bauantrag", 2, "61", None, "umgesetzt", None),
        ("3.01", "Digitaler Zwilling", 3, "62", "01.09.2019", None, None),
    ]
    offices = [("10", "Hauptamt", "I"), ("61", "Bau & Verkehr", "VI"), ("62", "<b>Vermessung</b>", "VI")]
    rollout = [("0.01", "x", "x", "x"), ("0.02", "x", "teilweise", None), ("1.01", "-", None, "-")]
    return (Book().measures(measures, header=header, title=["Stand: 01.07.2019"]).offices(offices)
            .matrix(["10", "61", "62"], rollout))


@pytest.fixture
def five_shown(own_version_database) -> None:
    """`five_measures()` stored as the only version: the app shows it instead of the sample."""
    Store(own_version_database).add(five_measures().to_bytes(), "fuenf.xlsx")
