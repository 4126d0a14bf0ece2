"""Bench figure: server memory when a session without an uploader sends five maximal files, with and without
the upload gate of app.py (`streamlit run dashboard.py` is the app as it was before the gate)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port
from tests.e2e.sessions import SessionSpy, forged_upload

ROOT = Path(__file__).resolve().parents[1]
UPLOADS = 5
SESSION_TTL_S = 2  # disconnected sessions are dropped this soon, so "after it closes" needs no two-minute wait


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _server(script: str, workdir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "MASSNAHMEN_DB": str(workdir / "versions.db")}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.disconnectedSessionTTL", str(SESSION_TTL_S)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{script}: server not healthy")


def _run_finished(page) -> None:
    """The page's first script run is over (its session is live and known); charts may still be loading."""
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
                 && document.querySelector('[data-testid="stMain"] h1')""")


def upload_memory() -> dict[str, dict[str, float]]:
    """RSS in MB of the server: before, after five maximal uploads from a tab on Daten, and after that tab
    closed and a later connection let the server drop the expired session."""
    cap_mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))["server"]["maxUploadSize"]
    size = cap_mb * 1024 * 1024 - 4096  # just under the cap, multipart included
    figures: dict[str, dict[str, float]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, script in (("ohne Sperre (dashboard.py)", "dashboard.py"), ("mit Sperre (app.py)", "app.py")):
            process, url = _server(script, Path(tempfile.mkdtemp(prefix="bench-uploads-")))
            try:
                page = browser.new_page()
                page.set_default_timeout(120_000)
                spy = SessionSpy(page)
                page.goto(f"{url}/daten", wait_until="domcontentloaded")
                _run_finished(page)
                before = _rss_mb(process.pid)
                statuses = [forged_upload(page, url, spy.current, size, file_id=f"f{i}")[0] for i in range(UPLOADS)]
                after = _rss_mb(process.pid)
                page.close()
                time.sleep(SESSION_TTL_S + 3)
                later = browser.new_page()
                later.goto(url, wait_until="domcontentloaded")
                _run_finished(later)
                later.close()
                time.sleep(2)
                figures[label] = {"before_mb": round(before, 1), "after_uploads_mb": round(after, 1),
                                  "after_close_mb": round(_rss_mb(process.pid), 1),
                                  "accepted": sum(s == 204 for s in statuses), "size_mb": round(size / 2**20, 1)}
            finally:
                process.terminate()
                process.wait(timeout=30)
        browser.close()
    return figures


def print_upload_memory(figures: dict[str, dict[str, float]]) -> None:
    for label, f in figures.items():
        print(f"{UPLOADS} Uploads à {f['size_mb']} MB aus einer Sitzung auf Daten, {label}: angenommen "
              f"{f['accepted']}; RSS vorher {f['before_mb']} MB, danach {f['after_uploads_mb']} MB, "
              f"nach Ende der Sitzung {f['after_close_mb']} MB")
