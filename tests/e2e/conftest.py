"""Browser tests: one real `streamlit run` and one Debian Chromium for the whole session.

The server runs on a free port against an empty version database in a temporary folder, so
the app always shows the bundled sample register (data/massnahmen.xlsx), whatever was uploaded
on this machine. Tests that compare counts use a second server (`register_app`) whose database
holds the register of `tests.e2e.eight_measures`, with its figures worked out by hand. Tests that
upload get a server and database of their own (`fresh_app`), so the order of tests does not
matter. Each test gets its own browser context and page.
"""

from __future__ import annotations

import ast
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from lib.reading.register import Register, read_register
from lib.storing.storage import Store
from tests.e2e.eight_measures import FILE_NAME, eight_measures

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "massnahmen.xlsx"
SCREENS = ROOT / "build" / "screens"
HERE = Path(__file__).resolve().parent

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
STARTUP_TIMEOUT_S = 60
RENDER_TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1400, "height": 900}


REPORT: list[str] = []  # figures a test measured, printed after the run (`report`)


def report(line: str) -> None:
    """Keep a line for the end of the test run: pytest swallows what a passing test prints."""
    REPORT.append(line)


def pytest_terminal_summary(terminalreporter):
    if REPORT:
        terminalreporter.write_sep("-", "browser timings")
        for line in REPORT:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(config, items):
    """Everything in this folder drives a real browser: mark it e2e (`pytest -m "not e2e"` skips it)."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


# ---------------------------------------------------------------------------- pages of the app
@dataclass(frozen=True)
class AppPage:
    name: str  # url_path, also the screenshot's file name
    title: str  # as in the navigation
    path: str  # where the browser opens it: "/" for the default page

    def __str__(self) -> str:
        return self.name


def _inferred_url_path(script: str) -> str:
    """Streamlit's own rule for a page without url_path: file stem without a leading number."""
    return re.sub(r"^[0-9]*[_ -]*", "", Path(script).stem)


# Pages dashboard.py lists only when the store holds several registers: the shared server shows the sample alone.
SEVERAL_REGISTERS_PAGES = {"vergleich"}


@cache
def dashboard_pages() -> tuple[AppPage, ...]:
    """Every `st.Page(...)` in dashboard.py, so pages added later are tested without touching the tests; not
    those shown only with several registers (`SEVERAL_REGISTERS_PAGES`, tested on a server of their own)."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    pages = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "Page"):
            continue
        kwargs = {k.arg: k.value for k in node.keywords}
        script = ast.literal_eval(node.args[0]) if node.args else ast.literal_eval(kwargs["page"])
        url_path = ast.literal_eval(kwargs["url_path"]) if "url_path" in kwargs else _inferred_url_path(script)
        title = ast.literal_eval(kwargs["title"]) if "title" in kwargs else url_path
        default = "default" in kwargs and ast.literal_eval(kwargs["default"]) is True
        pages.append((node.lineno, node.col_offset, AppPage(url_path, title, "/" if default else f"/{url_path}")))
    pages = [p for *_, p in sorted(pages, key=lambda t: t[:2]) if p.name not in SEVERAL_REGISTERS_PAGES]
    if not any(p.path == "/" for p in pages) and pages:  # Streamlit serves the first page at the root then
        pages[0] = AppPage(pages[0].name, pages[0].title, "/")
    return tuple(pages)


# ---------------------------------------------------------------------------- the sample register
@cache
def sample_register() -> Register:
    result = read_register(SAMPLE.read_bytes(), SAMPLE.name)
    assert result.ok, result.errors
    return result.register


# ---------------------------------------------------------------------------- server and browser
SERVER_LOG: list[Path] = [Path("/dev/null")]  # logs of the running servers, newest last, for failure messages


def server_log_tail(lines: int = 40) -> str:
    text = SERVER_LOG[-1].read_text(errors="replace") if SERVER_LOG[-1].is_file() else ""
    return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


@dataclass(frozen=True)
class Server:
    url: str
    db: Path | str  # its version database (MASSNAHMEN_DB): a path, or a postgresql:// URL
    process: subprocess.Popen | None = field(default=None, compare=False)  # for a test that kills it


@contextmanager
def streamlit_server(workdir: Path, db: str | None = None, secrets: Path | None = None) -> Iterator[Server]:
    """`streamlit run app.py` (the pages of dashboard.py and the API, as `make run` serves them) on a free
    port with its own version database in `workdir` (or the shared one `db` names) and the secrets file
    `secrets`, if any; stopped on leaving, also on failure. Starting one takes about a second."""
    log_path = workdir / "server.log"
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", db or workdir / "versions.db")
    env = {**os.environ, "MASSNAHMEN_DB": str(server.db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             *(["--secrets.files", str(secrets)] if secrets else [])],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    SERVER_LOG.append(log_path)
    server = replace(server, process=process)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not healthy(server.url):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {STARTUP_TIMEOUT_S} s:\n"
                            f"{log_path.read_text(errors='replace')}")
            time.sleep(0.25)
        yield server
    finally:
        SERVER_LOG.remove(log_path)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> str:
    """Base URL of a server shared by the read-only tests. Nothing may be uploaded to it: tests that
    store versions take `fresh_app`, so every test sees the sample register whatever ran before."""
    with streamlit_server(tmp_path_factory.mktemp("streamlit")) as server:
        yield server.url


@pytest.fixture(scope="session")
def register_app(tmp_path_factory) -> str:
    """Base URL of a server showing the register of `tests.e2e.eight_measures` (stored before it starts),
    for the tests that compare counts and rows with the figures worked out there. Read-only as well."""
    workdir = tmp_path_factory.mktemp("streamlit-eight")
    Store(workdir / "versions.db").add(eight_measures().to_bytes(), FILE_NAME)
    with streamlit_server(workdir) as server:
        yield server.url


@pytest.fixture
def fresh_app(tmp_path_factory) -> Server:
    """A server of its own with an empty version database, for a test that uploads."""
    with streamlit_server(tmp_path_factory.mktemp("streamlit-fresh")) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: `make browser` installs Debian's chromium")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Page:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="de-DE")
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


# ---------------------------------------------------------------------------- waiting for Streamlit
MAIN_H1 = '[data-testid="stMain"] h1'
EXCEPTION = '[data-testid="stException"]'


def wait_until_rendered(page: Page) -> None:
    """The sidebar nav and the page title are there and the script run has finished.

    Streamlit keeps a websocket open, so `networkidle` is no signal; the app root carries
    `data-test-script-state`, and the status widget shows while a run is going on.
    Widgets, tables and charts load their code lazily and show a skeleton until then.
    """
    page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=RENDER_TIMEOUT_MS)
    page.locator(f"{MAIN_H1}, {EXCEPTION}").first.wait_for(timeout=RENDER_TIMEOUT_MS)
    fail_on_exception(page)
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=RENDER_TIMEOUT_MS)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_be_hidden(timeout=RENDER_TIMEOUT_MS)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=RENDER_TIMEOUT_MS)
    fail_on_exception(page)


def wait_for_charts(page: Page) -> None:
    """Charts are images drawn on the server: wait until every one is loaded and decoded."""
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('[data-testid="stImage"] img'))
                   .every(image => image.complete && image.naturalWidth > 0)""",
        timeout=RENDER_TIMEOUT_MS)


def open_app(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_until_rendered(page)


def page_caption(page: Page):
    """The caption under the page title: 'Stichtag … · N von M Maßnahmen …'."""
    return page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').filter(
        has_text=re.compile(r"\d+ von \d+ Maßnahmen")).first


def fail_on_exception(page: Page) -> None:
    """An exception box fails the test at once, with the traceback from the server log
    (the browser shows none: client.showErrorDetails = "none")."""
    boxes = page.locator(EXCEPTION)
    if boxes.count():
        pytest.fail(f"exception box on {page.url}: {boxes.first.inner_text()[:300]}\n"
                    f"--- server log ---\n{server_log_tail()}", pytrace=False)


def open_sidebar_multiselect(page: Page, label: str) -> None:
    """Open a sidebar multiselect's option list by clicking into it.

    The first click into a fresh page only focuses the combobox; the list opens on the next one.
    """
    box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label, exact=True)
    for _ in range(3):
        box.click()
        try:
            expect(box).to_have_attribute("aria-expanded", "true", timeout=1_000)
            return
        except AssertionError:
            continue
    expect(box).to_have_attribute("aria-expanded", "true")


def choose_in_sidebar_multiselect(page: Page, label: str, option: str) -> None:
    """Click one option of a sidebar multiselect, then close its list again."""
    open_sidebar_multiselect(page, label)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
