"""Fault drill: `streamlit run` killed with SIGKILL while it checks and stores a large upload, ten times.

After every kill the version database passes SQLite's integrity check and holds the uploaded workbook
either whole (same bytes, same sha256) or not at all (no version, no orphaned blob), and the restarted
app shows the newest version that was stored. The rounds and their outcome are printed at the end of
the run (`report`). One browser for all rounds; a server of its own per round, on the same database.
"""

from __future__ import annotations

import hashlib
import io
import random
import signal
import sqlite3
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, expect

from lib.storing.storage import Store
from tests.builders import Book, simple
from tests.e2e.conftest import RENDER_TIMEOUT_MS, VIEWPORT, report, streamlit_server, wait_until_rendered

MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'
# Seconds between the click on „Prüfen und speichern“ and the kill: before, during and after the check
# (about 0.5 s for this register on the project machine) and the write.
DELAYS_S = (0.0, 0.15, 0.3, 0.45, 0.6, 0.8, 1.0, 1.3, 1.8, 3.0)


def large_register(measures: int = 4000, offices: int = 60) -> bytes:
    """A valid register with a rollout matrix of measures × offices cells (about 1 MB)."""
    rng = random.Random(15)
    office_rows = [(str(10 + i), f"Amt {10 + i}", "I") for i in range(offices)]
    ids = [f"{i % 6}.{i:05d}" for i in range(measures)]
    book = Book().measures([(m, f"Maßnahme {m}", int(m[0]), office_rows[i % offices][0]) for i, m in enumerate(ids)])
    book.matrix([o for o, _, _ in office_rows],
                [[m, *(rng.choice(["x", "teilweise", "", "-"]) for _ in office_rows)] for m in ids])
    return book.offices(office_rows).xlsxwriter_bytes()


def with_zip_comment(data: bytes, comment: str) -> bytes:
    """The same workbook with other bytes (a zip comment), so each round uploads a version not stored yet."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = comment.encode()
    return buffer.getvalue()


@dataclass(frozen=True)
class Outcome:
    stored: bool
    integrity: str


def check_database(db: Path, data: bytes, file_name: str, before: int) -> Outcome:
    """Whole or nothing: either one version more holding exactly these bytes, or the store as it was."""
    with sqlite3.connect(db) as raw:  # SQLite's own check, before our code opens the file
        integrity = "; ".join(row[0] for row in raw.execute("PRAGMA integrity_check"))
        blob = raw.execute("SELECT size, data FROM blobs WHERE sha256 = ?", (hashlib.sha256(data).hexdigest(),)).fetchone()
    raw.close()
    assert integrity == "ok", integrity
    versions = Store(db).versions()
    assert len(versions) in (before, before + 1), [v.number for v in versions]
    stored = len(versions) == before + 1
    if stored:
        latest = versions[-1]
        assert latest.file_name == file_name
        assert blob is not None and blob[0] == len(data)
        assert hashlib.sha256(bytes(blob[1])).hexdigest() == hashlib.sha256(data).hexdigest() == latest.sha256
        assert Store(db).original(latest.number) == data
    else:
        assert blob is None, "bytes stored without a version"
    return Outcome(stored, integrity)


def expect_shows(page, url: str, file_name: str) -> None:
    """The restarted app shows this file as the current register."""
    page.goto(url + "/hochladen", wait_until="domcontentloaded")
    wait_until_rendered(page)
    expect(page.locator(SIDEBAR).get_by_test_id("stCaptionContainer").filter(has_text="Datei:")).to_contain_text(
        f"Datei: {file_name}")


def de_seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def test_sigkill_during_upload_loses_nothing(browser: Browser, tmp_path_factory):
    started = time.monotonic()
    workdir = tmp_path_factory.mktemp("streamlit-drill")
    db = workdir / "versions.db"
    seed = simple().to_bytes()
    Store(db).add(seed, "ausgangsstand.xlsx", uploader="drill")
    big = large_register()
    last_good = "ausgangsstand.xlsx"
    lines = []
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    try:
        for round_number, delay in enumerate(DELAYS_S, start=1):
            file_name = f"runde{round_number:02d}.xlsx"
            data = with_zip_comment(big, f"Runde {round_number}")
            path = workdir / file_name
            path.write_bytes(data)
            before = len(Store(db).versions())
            with streamlit_server(workdir) as server:
                page = context.new_page()
                expect_shows(page, server.url, last_good)  # after the previous round's kill
                uploader = page.get_by_test_id("stFileUploader")
                uploader.locator('input[type="file"]').set_input_files(path)
                expect(uploader).to_contain_text(file_name)
                wait_until_rendered(page)
                page.locator(MAIN).get_by_role("button", name="Prüfen und speichern").click()
                clicked = time.monotonic()
                time.sleep(delay)
                server.process.send_signal(signal.SIGKILL)
                killed_after = time.monotonic() - clicked
                server.process.wait(timeout=10)
                page.close()
            outcome = check_database(db, data, file_name, before)
            if outcome.stored:
                last_good = file_name
            lines.append(f"Runde {round_number}: abgebrochen nach {de_seconds(killed_after)} s — "
                         f"{'Version vollständig gespeichert' if outcome.stored else 'Version nicht gespeichert'}, "
                         f"Integrität {outcome.integrity}")
        with streamlit_server(workdir) as server:
            page = context.new_page()
            expect_shows(page, server.url, last_good)
            expect(page.locator(MAIN).get_by_role("alert")).to_have_count(0)
    finally:
        context.close()
        for line in lines:
            report(line)
            print(line)
    assert len(lines) == len(DELAYS_S)
    report(f"Fault drill: {len(lines)} von {len(DELAYS_S)} Runden ohne Verlust, zuletzt angezeigt {last_good}, "
           f"Dauer {time.monotonic() - started:.0f} s")
