"""Benchmark of a running server: start, first page in Chromium, 20 simultaneous sessions, memory, bytes per page.

Each figure comes from a fresh `streamlit run app.py` (as `make run` starts it) on a free port with its own version
database holding one register. Sessions are websocket clients speaking Streamlit's protocol (the
BackMsg a browser sends, then every ForwardMsg up to `script_finished`), so 20 of them cost the
benchmark little and the server's figures are the server's; the first page and the large pages
are measured in a real Chromium (Playwright, /usr/bin/chromium), from the request to the drawn
page with every chart's SVG. Server CPU is read from /proc/<pid>/stat, RSS from /proc/<pid>/status.
"""

from __future__ import annotations

import asyncio
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, healthy

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "massnahmen.xlsx"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DRAW_TIMEOUT_MS = 120_000

# What one session opens, in this order: (url_path, query string). The filter narrows Daten to a part.
SESSION_PAGES = [("", ""), ("aemter", ""), ("daten", "status=teilweise+umgesetzt")]
SESSIONS = 20
LARGE = dict(n_measures=6000, n_offices=60)
SERVER_BUDGET = {
    "ready_s": 3.0,  # start to /_stcore/health
    "first_page_s": 2.0,  # first browser request to the drawn Übersicht, after health
    "sessions_p95_s": 3.0,  # 20 simultaneous sessions on the sample, per page load
    "second_wave_growth": 0.10,  # RSS after the second wave of sessions / after the first, minus 1
    "page_mb": 2.0,  # websocket bytes per page load on the large register
    "page_s": 3.0,  # Chromium, request to drawn page, on the large register
}


# ---------------------------------------------------------------------------- the server
@dataclass
class Server:
    url: str
    port: int
    pid: int
    ready_s: float  # Popen to the first `ok` of the health check

    def cpu_s(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")


@contextmanager
def running_server(register: bytes, file_name: str) -> Iterator[Server]:
    """A server whose store holds `register` as its only version (stored untimed, before the start)."""
    from lib.storing.storage import Store

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        Store(db).add(register, file_name)
        port = free_port()
        env = {**os.environ, "MASSNAHMEN_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
        log = open(Path(folder) / "server.log", "wb")  # noqa: SIM115  # closed after the server ends
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            while not healthy(url):
                if process.poll() is not None or time.perf_counter() - start > 60:
                    raise SystemExit(f"Server startet nicht:\n{(Path(folder) / 'server.log').read_text()[-2000:]}")
                time.sleep(0.02)
            yield Server(url, port, process.pid, time.perf_counter() - start)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


# ---------------------------------------------------------------------------- websocket sessions
@dataclass(frozen=True)
class Load:
    page: str
    seconds: float  # rerun request sent to script_finished received
    bytes: int  # websocket payload received meanwhile
    text: bytes  # the payloads, for checks


async def _session(port: int, pages: list[tuple[str, str]], keep_open: asyncio.Event | None = None) -> list[Load]:
    """One browser tab's worth of protocol: connect, then open each page in turn on the same session."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    loads = []
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, origin=f"http://127.0.0.1:{port}", open_timeout=120,
                                  ping_interval=None) as ws:
        for page, query in pages:
            message = BackMsg()
            message.rerun_script.query_string = query
            message.rerun_script.page_name = page
            start = time.perf_counter()
            await ws.send(message.SerializeToString())
            received, parts = 0, []
            while True:
                data = await ws.recv()
                received += len(data)
                parts.append(data)
                forward = ForwardMsg()
                forward.ParseFromString(data)
                if forward.WhichOneof("type") == "script_finished":
                    break
            loads.append(Load(page or "uebersicht", time.perf_counter() - start, received, b"".join(parts)))
        if keep_open is not None:
            await keep_open.wait()
    return loads


def sessions(server: Server, count: int, pages: list[tuple[str, str]]) -> tuple[list[Load], float]:
    """`count` sessions at once, each opening `pages` in turn; the loads and the server's CPU seconds."""

    async def wave() -> list[list[Load]]:
        return await asyncio.gather(*(_session(server.port, pages) for _ in range(count)))

    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(asyncio.run(wave())))
    cpu = server.cpu_s()
    worker.start()
    worker.join()
    cpu = server.cpu_s() - cpu
    if not outcome:
        raise SystemExit("Sitzungen abgebrochen (siehe Meldung oben)")
    return [load for session in outcome[0] for load in session], cpu


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]  # nearest rank


# ---------------------------------------------------------------------------- Chromium
def _drawn(page) -> None:
    """The page title is there, the script run is over, no skeleton is left, every chart (an image drawn on the
    server) is decoded."""
    page.locator('[data-testid="stMain"] h1, [data-testid="stException"]').first.wait_for(timeout=DRAW_TIMEOUT_MS)
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'
                 && !document.querySelector('[data-testid="stStatusWidget"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')
                 && Array.from(document.querySelectorAll('[data-testid="stImage"] img'))
                        .every(image => image.complete && image.naturalWidth > 0)""", timeout=DRAW_TIMEOUT_MS, polling=20)
    if page.locator('[data-testid="stException"]').count():
        raise SystemExit(f"Ausnahme auf {page.url}")


def browser_loads(browser, server: Server, paths: list[str]) -> dict[str, tuple[float, int]]:
    """Per path, each in a fresh context: seconds from the request to the drawn page (inf after DRAW_TIMEOUT_MS),
    websocket bytes received."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    figures = {}
    for path in paths:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
        page = context.new_page()
        received = [0]

        def count(payload: str | bytes, received: list[int] = received) -> None:
            received[0] += len(payload)

        page.on("websocket", lambda ws, count=count: ws.on("framereceived", count))
        start = time.perf_counter()
        page.goto(f"{server.url}/{path}", wait_until="commit")
        try:
            _drawn(page)
            seconds = time.perf_counter() - start
        except PlaywrightTimeout:  # reported as such; the next page still gets measured
            seconds = math.inf
        figures[path or "uebersicht"] = (seconds, received[0])
        context.close()
    return figures


# ---------------------------------------------------------------------------- the measurements
def start_and_sessions(runs: int) -> dict:
    """Ready and first page (min of `runs` fresh servers), then 20 simultaneous sessions on the sample."""
    from playwright.sync_api import sync_playwright

    data = SAMPLE.read_bytes()
    ready, first, first_cpu = [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for run in range(runs):
                with running_server(data, SAMPLE.name) as server:
                    ready.append(server.ready_s)
                    cpu = server.cpu_s()
                    first.append(browser_loads(browser, server, [""])["uebersicht"][0])
                    first_cpu.append(server.cpu_s() - cpu)
                    if run == runs - 1:
                        loads, cpu = sessions(server, SESSIONS, SESSION_PAGES)
        finally:
            browser.close()
    _check_daten_filtered(loads)
    times = [load.seconds for load in loads]
    result = {"ready_s": round(min(ready), 2), "ready_all_s": [round(s, 2) for s in ready],
              "first_page_s": round(min(first), 2), "first_page_all_s": [round(s, 2) for s in first],
              "first_page_cpu_s": round(min(first_cpu), 2),
              "sessions": SESSIONS, "loads": len(loads), "p50_s": round(statistics.median(times), 2),
              "p95_s": round(percentile(times, 0.95), 2), "cpu_per_page_s": round(cpu / len(loads), 3),
              "per_page": {page: {"p50_s": round(statistics.median([x.seconds for x in loads if x.page == page]), 2),
                                  "p95_s": round(percentile([x.seconds for x in loads if x.page == page], 0.95), 2),
                                  "kb": round(statistics.median([x.bytes for x in loads if x.page == page]) / 1e3)}
                           for page in dict.fromkeys(x.page for x in loads)},
              "load_average": round(os.getloadavg()[0], 1)}
    return result


def _check_daten_filtered(loads: list[Load]) -> None:
    """The filter of the Daten load took effect (else the bench would time the unfiltered table)."""
    import re

    daten = next(load for load in loads if load.page == "daten")
    match = re.search(rb"(\d+) von (\d+) Ma\xc3\x9fnahmen", daten.text)
    if not match or int(match[1]) >= int(match[2]):
        raise SystemExit("Daten-Aufruf der Sitzungen war nicht gefiltert")


def large_register() -> tuple[bytes, str]:
    from bench.run import register_file

    path = register_file("6.000 × 60 (Matrix)", LARGE)
    return path.read_bytes(), path.name


def memory_waves(waves: int = 2) -> dict:
    """RSS of a server on 6.000 × 60 after a warm-up session and after each wave of 20 sessions.

    A wave: 20 sessions at once, each opening SESSION_PAGES, then all closed. Streamlit keeps a closed
    session for `server.disconnectedSessionTTL` (120 s), so the second wave runs while the first
    wave's sessions still exist: what each session keeps shows as growth from wave to wave.
    """
    data, name = large_register()
    with running_server(data, name) as server:
        sessions(server, 1, SESSION_PAGES)  # the shared caches: register, derived table, page data
        figures = {"after_warmup_mb": round(server.rss_mb())}
        walls = []
        for wave in range(1, waves + 1):
            start = time.perf_counter()
            sessions(server, SESSIONS, SESSION_PAGES)
            walls.append(round(time.perf_counter() - start, 1))
            time.sleep(1)
            figures[f"after_wave_{wave}_mb"] = round(server.rss_mb())
        figures["wave_s"] = walls
    first, second = figures["after_wave_1_mb"], figures[f"after_wave_{waves}_mb"]
    figures["second_wave_growth"] = round(second / first - 1, 3)
    figures["per_session_mb"] = round((second - first) / SESSIONS, 2)
    return figures


LARGE_PATHS = ["", "prioritaeten", "aemter", "fristen", "planung", "kooperationen", "antwort", "daten",
               "aenderungen"]


def large_pages() -> dict:
    """Each page of the large register in Chromium: websocket MB per load and seconds to the drawn page.

    The server is warmed up by one websocket session over all pages first (the register read and
    derived once), so the figures are what the second person to open a page gets.
    """
    from playwright.sync_api import sync_playwright

    data, name = large_register()
    pages = [(path, "") for path in LARGE_PATHS]
    with running_server(data, name) as server:
        sessions(server, 1, pages)
        # The bytes from a websocket session: the same messages Chromium gets, counted even where it times out.
        loads, _ = sessions(server, 1, pages)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                figures = browser_loads(browser, server, LARGE_PATHS)
            finally:
                browser.close()
    return {load.page: {"s": round(figures[load.page][0], 2) if math.isfinite(figures[load.page][0]) else None,
                        "mb": round(load.bytes / 1e6, 2), "server_s": round(load.seconds, 2),
                        "browser_mb": round(figures[load.page][1] / 1e6, 2)} for load in loads}


def check(result: dict) -> list[str]:
    misses = []
    budget = SERVER_BUDGET
    if start := result.get("server"):
        for key, name in (("ready_s", "Server bereit"), ("first_page_s", "erste Seite"),
                          ("p95_s", f"{SESSIONS} Sitzungen p95")):
            limit = budget["sessions_p95_s" if key == "p95_s" else key]
            if start[key] > limit:
                misses.append(f"{name}: {start[key]} s > {limit} s")
    if (memory := result.get("memory")) and memory["second_wave_growth"] > budget["second_wave_growth"]:
        misses.append(f"Speicher zweite Welle: +{memory['second_wave_growth']:.0%} > "
                      f"+{budget['second_wave_growth']:.0%}")
    for page, figures in result.get("large", {}).items():
        if figures["mb"] > budget["page_mb"]:
            misses.append(f"6.000 × 60, Seite {page}: {figures['mb']} MB > {budget['page_mb']} MB")
        if figures["s"] is None or figures["s"] > budget["page_s"]:
            shown = f"über {DRAW_TIMEOUT_MS // 1000}" if figures["s"] is None else figures["s"]
            misses.append(f"6.000 × 60, Seite {page}: {shown} s > {budget['page_s']} s")
    return misses


def print_result(result: dict) -> None:
    budget = SERVER_BUDGET
    if start := result.get("server"):
        print(f"Server bereit: {start['ready_s']} s (Budget {budget['ready_s']} s; Läufe {start['ready_all_s']}); "
              f"erste Seite Übersicht in Chromium: {start['first_page_s']} s (Budget {budget['first_page_s']} s; "
              f"Läufe {start['first_page_all_s']}; Server-CPU dabei {start['first_page_cpu_s']} s)")
        print(f"{start['sessions']} Sitzungen gleichzeitig (Übersicht, Ämter, Daten gefiltert) auf dem Beispiel: "
              f"p50 {start['p50_s']} s, p95 {start['p95_s']} s (Budget {budget['sessions_p95_s']} s), "
              f"Server-CPU {start['cpu_per_page_s']} s je Seite; Last {start['load_average']}")
        for page, figures in start["per_page"].items():
            print(f"    {page}: p50 {figures['p50_s']} s, p95 {figures['p95_s']} s, {figures['kb']} kB")
    if memory := result.get("memory"):
        print(f"Speicher 6.000 × 60: nach Aufwärmen {memory['after_warmup_mb']} MB, nach Welle 1 "
              f"{memory['after_wave_1_mb']} MB, nach Welle 2 {memory['after_wave_2_mb']} MB "
              f"(+{memory['second_wave_growth']:.1%}, Budget +{budget['second_wave_growth']:.0%}; "
              f"{memory['per_session_mb']} MB je Sitzung; Wellen {memory['wave_s']} s)")
    if large := result.get("large"):
        print(f"Seiten auf 6.000 × 60 in Chromium (Budget {budget['page_mb']} MB, {budget['page_s']} s):")
        for page, figures in large.items():
            shown = f"über {DRAW_TIMEOUT_MS // 1000}" if figures["s"] is None else figures["s"]
            print(f"    {page}: {figures['mb']} MB, Chromium {shown} s (Server allein {figures['server_s']} s)")


def measure(runs: int, parts: tuple[str, ...] = ("server", "memory", "large")) -> dict:
    result = {}
    if "server" in parts:
        print("  Serverstart, erste Seite, 20 Sitzungen …", file=sys.stderr)
        result["server"] = start_and_sessions(runs)
    if "memory" in parts:
        print("  Speicher, zwei Wellen zu 20 Sitzungen auf 6.000 × 60 …", file=sys.stderr)
        result["memory"] = memory_waves()
    if "large" in parts:
        print("  Seiten auf 6.000 × 60 in Chromium …", file=sys.stderr)
        result["large"] = large_pages()
    return result
