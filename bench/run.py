"""Benchmark: our load + validate + derive against the fastest bare readers, by register size.

Run with `make bench` (`CHECK=1` exits non-zero when a budget is missed). Prints one table and
writes build/bench.json. Each time is the median of several runs (`RUNS`, default 3; the small
registers as many more as fit into two seconds), the bare reads and ours taken in turn so that
load elsewhere on the machine hits all alike; peak RSS is measured in a fresh subprocess per
register. `BENCH_ONLY=pages` times only the pages (AppTest on 1.000 × 60) and writes
build/bench-pages.json instead, leaving build/bench.json alone; `BENCH_ONLY=history` times only the
version history (progress over 50 stored versions) and writes build/bench-history.json;
`BENCH_ONLY=wide` only prints the reading time of the ten-thousand-columns workbook.
`BENCH_ONLY=live` measures a running server (bench/server.py): start, first page in Chromium, 20
simultaneous sessions, memory over two waves of sessions and every page of 6.000 × 60 in Chromium;
`BENCH_ONLY=server`, `memory` or `large` one of these parts; they write build/bench-live.json.
`BENCH_ONLY=compare` times only the page Vergleich on 400 registers × 10 versions in PostgreSQL (bench/compare.py)
and writes build/bench-compare.json. `BENCH_ONLY=uploads` only prints the server's memory around five maximal uploads from a session without
an uploader, with and without the upload gate (bench/uploads.py; also printed at the end of a full run).
"""

from __future__ import annotations

import io
import json
import logging
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path, PosixPath

import fastexcel
import pandas as pd

from bench.uploads import print_upload_memory, upload_memory
from lib.deriving.status import derive
from lib.presenting.export import measure_table, to_csv, to_xlsx
from lib.reading.register import read_register
from lib.sample import build_synthetic

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "bench"
EXCEL_ROW_LIMIT = 1_048_575  # data rows below one header row

SIZES = [
    ("100 × 30 (Matrix)", dict(n_measures=100, n_offices=30), None),
    ("1.000 × 60 (Matrix)", dict(n_measures=1000, n_offices=60), None),
    ("100.000 Zeilen (Liste)", dict(n_measures=100, n_offices=60, long_rows=100_000), 100_000),
    ("1.048.575 Zeilen (Liste)", dict(n_measures=100, n_offices=60, long_rows=EXCEL_ROW_LIMIT), EXCEL_ROW_LIMIT),
]

MIN_SECONDS_PER_REGISTER = 2.0  # the small registers take a round in milliseconds: many rounds, steady medians
BUDGETS = {
    "ratio": 1.5,  # ours / fastest bare read
    "excel_limit_seconds": 10.0,
    "excel_limit_rss_mb": 2000.0,
    "per_row_growth": 1.3,
    "wide_sheet_seconds": 30.0,
}


def median_time(action: Callable[[], object], runs: int) -> float:
    return median_times({"action": action}, runs)["action"]


def median_times(actions: dict[str, Callable[[], object]], runs: int, min_seconds: float = 0.0) -> dict[str, float]:
    """Median seconds per action, the actions taken in turn so a burst of load elsewhere hits each alike.

    At least `runs` rounds, and as many more as fit into `min_seconds` (judged by the first round):
    a round of milliseconds is taken often enough for its median to stop moving.
    """
    times: dict[str, list[float]] = {name: [] for name in actions}
    rounds, done = runs, 0
    while done < rounds:
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
        done += 1
        if done == 1:
            rounds = max(runs, math.ceil(min_seconds / sum(values[0] for values in times.values())))
    return {name: statistics.median(values) for name, values in times.items()}


def register_file(name: str, params: dict) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / ("_".join(f"{k}{v}" for k, v in params.items()) + ".xlsx")
    if not path.exists():
        print(f"  erzeuge {name} …", file=sys.stderr)
        path.write_bytes(build_synthetic(**params))
    return path


def bare_fastexcel(data: bytes) -> None:
    reader = fastexcel.read_excel(data)
    for sheet in reader.sheet_names:
        reader.load_sheet(sheet).to_pandas()


def bare_pandas_calamine(path: Path) -> None:
    pd.read_excel(path, sheet_name=None, engine="calamine")


def ours(data: bytes) -> pd.DataFrame:
    result = read_register(data)
    if not result.ok:
        raise SystemExit(f"Benchmark-Register ungültig: {result.errors[:3]}")
    return derive(result.register, result.register.stand)


def peak_rss_mb(path: Path) -> float:
    """Peak resident memory of a fresh process that loads the register.

    Read from VmHWM, the high-water mark of the process's own memory: ru_maxrss of a child also
    counts the peak of the process that started it (Linux keeps it across exec), which here is the
    benchmark itself after reading the same register with pandas.
    """
    code = (
        "from bench.run import ours; "
        f"ours(open({str(path)!r}, 'rb').read()); "
        "print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM')) / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def measure(runs: int) -> dict:
    rows = []
    for name, params, long_rows in SIZES:
        path = register_file(name, params)
        data = path.read_bytes()
        times = median_times({"fastexcel": lambda data=data: bare_fastexcel(data),
                              "pandas": lambda path=path: bare_pandas_calamine(path),
                              "ours": lambda data=data: ours(data)}, runs, MIN_SECONDS_PER_REGISTER)
        bare_fx, bare_pd, own = times["fastexcel"], times["pandas"], times["ours"]
        fastest = min(bare_fx, bare_pd)
        row = {
            "register": name, "file_mb": round(len(data) / 1e6, 2), "fastexcel_s": round(bare_fx, 4),
            "pandas_calamine_s": round(bare_pd, 4), "ours_s": round(own, 4), "ratio": round(own / fastest, 2),
            "peak_rss_mb": round(peak_rss_mb(path), 1), "rollout_rows": long_rows,
        }
        if long_rows:
            row["us_per_row"] = round(own / long_rows * 1e6, 3)
        if name.startswith("1.000"):
            table = measure_table(ours(data), read_register(data).register)
            row["export_xlsx_s"] = round(median_time(lambda table=table: to_xlsx(table), runs), 3)
            row["export_csv_s"] = round(median_time(lambda table=table: to_csv(table), runs), 3)
        rows.append(row)
        print(f"  {name}: {own:.3f} s (Verhältnis {row['ratio']})", file=sys.stderr)
    medium = register_file(SIZES[1][0], SIZES[1][1]).read_bytes()
    print("  Seiten (AppTest) …", file=sys.stderr)
    print("  Historie (50 Versionen) …", file=sys.stderr)
    return {"machine": f"{platform.machine()}, {os.cpu_count()} Kerne, Python {platform.python_version()}",
            "rows": rows, "pages": page_times(medium, runs), "answer_s": answer_time(medium, runs),
            "history": history_times(runs), "wide_sheet_s": wide_sheet_time(runs)}


def wide_sheet_time(runs: int) -> float:
    """Median seconds to read the widest hostile workbook of tests/reading/test_fuzz.py: 10.000 columns.

    One measure with 10.000 extra columns and a rollout matrix of 10.000 offices, written by openpyxl
    (untimed). The test checks that each column is read once; the time, once a 30 s assert there, is here.
    """
    from openpyxl import Workbook

    from lib.reading.contract import SHEET_MEASURES, SHEET_ROLLOUT

    book = Workbook(write_only=True)
    measures, rollout = book.create_sheet(SHEET_MEASURES), book.create_sheet(SHEET_ROLLOUT)
    measures.append(["Nr", "Maßnahme", "Priorität", *(f"Spalte {i}" for i in range(10_000))])
    measures.append(["0.01", "Poststelle", 0, *range(10_000)])
    rollout.append(["Nr", *(f"{i} Amt" for i in range(10_000))])
    rollout.append(["0.01", *(["x"] * 10_000)])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if not read_register(data).ok:
        raise SystemExit("Benchmark-Arbeitsmappe mit 10.000 Spalten ungültig")
    return round(median_time(lambda: read_register(data), runs), 2)


HISTORY = dict(versions=50, n_measures=100, n_offices=40)
HISTORY_BUDGET = {"cold": 1.0, "warm": 0.05}


def history_times(runs: int) -> dict[str, float]:
    """Progress over all stored versions (the Änderungen chart): cold and warm, median seconds.

    50 versions of 100 measures × 40 offices, each a different register (`build_synthetic` with its
    own seed), stored through `Store.add` (untimed). Cold: the derived-table cache emptied and a new
    Store, so every version's bytes are read from SQLite, read as a register and derived. Warm: the
    same call again, every table cached. Also the cold time split into its steps, for one version,
    the CPU time of the cold run (on a machine shared with other work the wall time waits for the
    CPU, the CPU time hardly) and the load average while it ran.
    """
    import tempfile

    from lib.deriving import history
    from lib.deriving.diff import progress
    from lib.storing.storage import Store

    files = [register_file(f"Version {seed}", dict(n_measures=HISTORY["n_measures"], n_offices=HISTORY["n_offices"],
                                                    seed=seed))
             for seed in range(HISTORY["versions"])]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.db"
        store = Store(path)
        for file in files:
            store.add(file.read_bytes(), file.name)
        versions = store.versions()

        walls, cpus = [], []
        for _ in range(runs):
            history.clear_cache()
            start, cpu = time.perf_counter(), time.process_time()
            progress(Store(path))
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        progress(store)
        warm_s = median_time(lambda: progress(store), max(runs, 21))
        data = store.original(1)
        result = read_register(data)
        steps = {
            "bytes_s": median_time(lambda: store.original(1), max(runs, 21)),
            "read_register_s": median_time(lambda: read_register(data), max(runs, 21)),
            "derive_s": median_time(lambda: derive(result.register, versions[0].stichtag), max(runs, 21)),
        }
    return {"cold_s": round(statistics.median(walls), 3), "cold_cpu_s": round(statistics.median(cpus), 3),
            "warm_s": round(warm_s, 4), **{name: round(value, 5) for name, value in steps.items()},
            "load_average": round(os.getloadavg()[0], 1),
            # Cold over 50 × the steps of one version: near 1 when the history adds nothing of its own.
            "cold_per_steps": round(statistics.median(walls) / (HISTORY["versions"] * sum(steps.values())), 2)}


PAGES = ["uebersicht", "prioritaeten", "aemter", "fristen", "planung", "kooperationen", "daten", "antwort",
         "aenderungen", "hochladen"]
PAGE_BUDGET = {"warm": 0.3, "cold": 2.0}


class _WithoutPagesFolder(PosixPath):
    """Hides pages/ from Streamlit's legacy pages-folder check (as tests/app/conftest.py does)."""

    def exists(self, *args, **kwargs) -> bool:
        return self.name != "pages" and super().exists(*args, **kwargs)


def page_times(data: bytes, runs: int) -> dict[str, dict[str, float]]:
    """Server-side render time of every page via AppTest: cold (first load after a restart) and warm (rerun).

    Cold: all Streamlit caches cleared (st.cache_data holds the register, the derived table, each
    page's data from ui/data.py and the answer; st.cache_resource the version store and its bytes), then a
    fresh AppTest, i.e. a fresh session without a View in session state, opens the page directly
    (deep link) and runs dashboard.py, which reads and derives the register and builds the page.
    Warm: the same session runs again with every cache filled. Module imports (once per server
    process) are excluded by one untimed pass over all pages first. A fresh AppTest also scans the
    installed packages for components (~0.06 s), which a server does once at start: cold figures
    err that much on the slow side.

    Verified by counting calls of read_register and derive during each timed run (temporary
    instrumentation, 2026-11-25): one call each per cold run, none per warm run. The former method
    (cache clear after a first run, then switch_page) counted none: AppTest resets
    PagesManager.uses_pages_directory before every run, so with a pages/ folder the rerun executed the
    page file alone (legacy mode) on the View left in session state by the first run, never reading
    the register. Clearing the caches from this process does empty them for AppTest scripts (they are
    process-wide): without the clear, a fresh AppTest counted no reads. `_WithoutPagesFolder` makes
    every run go through dashboard.py, as on a running server once st.navigation has been called.
    """
    import tempfile
    from unittest import mock

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from lib.storing.storage import Store

    # The caches are cleared outside a runtime on purpose; Streamlit would warn about it every time.
    for name in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).disabled = True

    def open_fresh(page: str) -> AppTest:
        st.cache_data.clear()
        st.cache_resource.clear()
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        if page != "uebersicht":  # before the first run the page is found by file name = url_path
            app.switch_page(f"pages/{page}.py")
        return app

    def timed_run(app: AppTest, page: str) -> float:
        before = app.session_state.get("view")
        start = time.perf_counter()
        app.run()
        elapsed = time.perf_counter() - start
        if app.exception:
            raise SystemExit(f"Seite {page}: {app.exception[0].value}")
        if app.session_state["view"] is before:  # the page ran alone on an old View (legacy pages folder)
            raise SystemExit(f"Seite {page}: lief ohne dashboard.py, die Messung wäre zu günstig")
        return elapsed

    times = {}
    with tempfile.TemporaryDirectory() as folder, mock.patch("streamlit.runtime.pages_manager.Path",
                                                              _WithoutPagesFolder):
        os.environ["MASSNAHMEN_DB"] = str(Path(folder) / "bench.db")
        Store(os.environ["MASSNAHMEN_DB"]).add(data, "benchmark.xlsx")
        for page in PAGES:  # untimed: imports
            open_fresh(page).run()
        cold: dict[str, list[float]] = {page: [] for page in PAGES}
        warm: dict[str, list[float]] = {page: [] for page in PAGES}
        for _ in range(runs):  # round robin: a burst of load elsewhere on the machine hits every page alike
            for page in PAGES:
                app = open_fresh(page)
                cold[page].append(timed_run(app, page))
                warm[page].append(timed_run(app, page))
        for page in PAGES:
            times[page] = {"cold_s": round(statistics.median(cold[page]), 3),
                           "warm_s": round(statistics.median(warm[page]), 3)}
            print(f"    {page}: {times[page]['cold_s']:.3f} s / {times[page]['warm_s']:.3f} s", file=sys.stderr)
        del os.environ["MASSNAHMEN_DB"]
    return times


def answer_time(data: bytes, runs: int) -> float:
    from lib.presenting.answer import build_answer, load_inquiry, to_markdown
    from lib.presenting.answer_docx import to_docx

    register = read_register(data).register
    inquiry = load_inquiry()

    def both() -> None:
        answer = build_answer(register, register.stand, inquiry)
        to_markdown(answer)
        to_docx(answer)

    return round(median_time(both, runs), 3)


def check(result: dict) -> list[str]:
    misses = []
    for page, figures in result.get("pages", {}).items():
        for kind in ("cold", "warm"):
            if figures[f"{kind}_s"] > PAGE_BUDGET[kind]:
                misses.append(f"Seite {page} ({kind}): {figures[f'{kind}_s']} s > {PAGE_BUDGET[kind]} s")
    for kind in ("cold", "warm"):
        if "history" in result and result["history"][f"{kind}_s"] > HISTORY_BUDGET[kind]:
            misses.append(f"Historie ({kind}): {result['history'][f'{kind}_s']} s > {HISTORY_BUDGET[kind]} s")
    if result.get("wide_sheet_s", 0) > BUDGETS["wide_sheet_seconds"]:
        misses.append(f"10.000 Spalten: {result['wide_sheet_s']} s > {BUDGETS['wide_sheet_seconds']} s")
    if "rows" not in result:  # BENCH_ONLY=pages or history
        return misses
    rows = {r["register"]: r for r in result["rows"]}
    for row in result["rows"]:
        if row["ratio"] > BUDGETS["ratio"]:
            misses.append(f"{row['register']}: Verhältnis {row['ratio']} > {BUDGETS['ratio']}")
    limit = rows["1.048.575 Zeilen (Liste)"]
    if limit["ours_s"] > BUDGETS["excel_limit_seconds"]:
        misses.append(f"Excel-Grenze: {limit['ours_s']} s > {BUDGETS['excel_limit_seconds']} s")
    if limit["peak_rss_mb"] > BUDGETS["excel_limit_rss_mb"]:
        misses.append(f"Excel-Grenze: {limit['peak_rss_mb']} MB > {BUDGETS['excel_limit_rss_mb']} MB")
    growth = limit["us_per_row"] / rows["100.000 Zeilen (Liste)"]["us_per_row"]
    result["per_row_growth"] = round(growth, 2)
    if growth > BUDGETS["per_row_growth"]:
        misses.append(f"Zeit je Zeile wächst um Faktor {growth:.2f} > {BUDGETS['per_row_growth']}")
    return misses


def main() -> int:
    runs = int(os.environ.get("RUNS", "3"))
    if os.environ.get("BENCH_ONLY") == "pages":
        return pages_only(runs)
    if os.environ.get("BENCH_ONLY") == "history":
        return history_only(runs)
    if os.environ.get("BENCH_ONLY") in ("live", "server", "memory", "large"):
        return live_only(runs, os.environ["BENCH_ONLY"])
    if os.environ.get("BENCH_ONLY") == "compare":
        return compare_only(runs)
    if os.environ.get("BENCH_ONLY") == "uploads":
        print_upload_memory(upload_memory())
        return 0
    if os.environ.get("BENCH_ONLY") == "wide":
        misses = check(result := {"wide_sheet_s": wide_sheet_time(runs)})
        print(f"Feindliche Arbeitsmappe mit 10.000 Spalten lesen: {result['wide_sheet_s']} s")
        for miss in misses:
            print(f"Budget verfehlt: {miss}")
        return 1 if misses and os.environ.get("CHECK") == "1" else 0
    result = measure(runs)
    from bench import server

    result["live"] = server.measure(runs)
    misses = check(result) + server.check(result["live"])
    result["budget_misses"] = misses
    frame = pd.DataFrame(result["rows"]).drop(columns=["rollout_rows"])
    print(f"Maschine: {result['machine']}")
    print(frame.to_string(index=False))
    print(f"Zeit je Zeile 1.048.575 / 100.000: Faktor {result['per_row_growth']}")
    print("Seiten auf 1.000 × 60 (AppTest, Median):")
    print(pd.DataFrame(result["pages"]).T.to_string())
    print(f"Antwort (Word + Markdown) auf 1.000 × 60: {result['answer_s']} s")
    print_history(result["history"])
    print(f"Feindliche Arbeitsmappe mit 10.000 Spalten lesen: {result['wide_sheet_s']} s")
    server.print_result(result["live"])
    print_upload_memory(result.setdefault("uploads", upload_memory()))
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    for miss in misses:
        print(f"Budget verfehlt: {miss}")
    return 1 if misses and os.environ.get("CHECK") == "1" else 0


def pages_only(runs: int) -> int:
    medium = register_file(SIZES[1][0], SIZES[1][1]).read_bytes()
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} Kerne, Python {platform.python_version()}",
              "pages": page_times(medium, runs)}
    misses = check(result)
    result["budget_misses"] = misses
    print(f"Maschine: {result['machine']}")
    print("Seiten auf 1.000 × 60 (AppTest, Median):")
    print(pd.DataFrame(result["pages"]).T.to_string())
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench-pages.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    for miss in misses:
        print(f"Budget verfehlt: {miss}")
    return 1 if misses and os.environ.get("CHECK") == "1" else 0


def live_only(runs: int, part: str) -> int:
    from bench import server

    parts = ("server", "memory", "large") if part == "live" else (part,)
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} Kerne, Python {platform.python_version()}",
              **server.measure(runs, parts)}
    misses = server.check(result)
    result["budget_misses"] = misses
    print(f"Maschine: {result['machine']}")
    server.print_result(result)
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench-live.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    for miss in misses:
        print(f"Budget verfehlt: {miss}")
    return 1 if misses and os.environ.get("CHECK") == "1" else 0


def compare_only(runs: int) -> int:
    from bench import compare

    result = {"machine": f"{platform.machine()}, {os.cpu_count()} Kerne, Python {platform.python_version()}",
              "compare": compare.measure(runs)}
    misses = compare.check(result["compare"])
    result["budget_misses"] = misses
    print(f"Maschine: {result['machine']}")
    compare.print_result(result["compare"])
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench-compare.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    for miss in misses:
        print(f"Budget verfehlt: {miss}")
    return 1 if misses and os.environ.get("CHECK") == "1" else 0


def print_history(figures: dict[str, float]) -> None:
    print(f"Fortschritt über {HISTORY['versions']} Versionen zu {HISTORY['n_measures']} Maßnahmen × "
          f"{HISTORY['n_offices']} Ämter: kalt {figures['cold_s']} s (CPU {figures['cold_cpu_s']} s), "
          f"warm {figures['warm_s']} s; je Version: Bytes {figures['bytes_s']} s, read_register "
          f"{figures['read_register_s']} s, derive {figures['derive_s']} s; kalt / (50 × Schritte) "
          f"{figures['cold_per_steps']}; Last {figures['load_average']}")


def history_only(runs: int) -> int:
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} Kerne, Python {platform.python_version()}",
              "history": history_times(runs)}
    misses = check(result)
    result["budget_misses"] = misses
    print(f"Maschine: {result['machine']}")
    print_history(result["history"])
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench-history.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    for miss in misses:
        print(f"Budget verfehlt: {miss}")
    return 1 if misses and os.environ.get("CHECK") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
