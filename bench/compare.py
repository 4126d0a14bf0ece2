"""Benchmark of the page Vergleich (`BENCH_ONLY=compare make bench`): 400 registers × 10 versions of
100 measures × 40 offices in PostgreSQL, the comparison built cold and warm, and the memory of one instance.

The 4.000 workbooks are `lib.sample.build_synthetic` with a seed of their own (each version different),
written once to build/bench/compare/ on both cores (11 minutes on the busy machine) and read from there afterwards.
They are loaded into a throwaway PostgreSQL cluster (tests/postgres.py) with `Store.load`, one transaction.

- cold (in the process): every cache of lib.deriving.history emptied and a new Store; then what the page's
  lib call does: `Store.registers`, `Store.latest_versions`, and `registers_compared`, which fetches the 400
  current versions' bytes in one query, reads and derives each and counts it.
- cold (new process): the same in a fresh Python process, once, with its imports timed apart (a server has
  them loaded), and its resident memory after the build (VmRSS, and the peak VmHWM).
- warm: the same call again, every count cached (the page caches the comparison itself on top of this).
- the cold time split into its steps, and read + derive of the 400 versions on two threads and on two
  processes, to see whether reading in parallel would pay; the page itself in AppTest, cold and warm.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "build" / "bench" / "compare"
REGISTERS, VERSIONS, MEASURES, OFFICES = 400, 10, 100, 40
BUDGET = {"warm_s": 1.0, "cold_s": 10.0, "rss_mb": 1024.0}


def _name(register: int) -> str:
    return f"gemeinde-{register:03d}"


def _file(register: int, version: int) -> Path:
    return FOLDER / f"{_name(register)}-v{version:02d}.xlsx"


def _write(job: tuple[int, int]) -> None:
    from lib.sample import build_synthetic

    register, version = job
    path = _file(register, version)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(build_synthetic(MEASURES, OFFICES, seed=1000 * register + version))
    tmp.rename(path)  # a run stopped halfway leaves no half-written workbook behind


def workbooks() -> float:
    """Writes the workbooks not written yet, on both cores; seconds it took (0 when all were there)."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    jobs = [(r, v) for r in range(REGISTERS) for v in range(1, VERSIONS + 1) if not _file(r, v).exists()]
    if not jobs:
        return 0.0
    print(f"  erzeuge {len(jobs)} Arbeitsmappen in {FOLDER} …", file=sys.stderr)
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_write, jobs, chunksize=20)
    return time.perf_counter() - start


def load(url: str) -> float:
    """All 4.000 versions into the empty store at `url` in one `Store.load`; seconds (hashing included)."""
    from lib.storing.storage import Store, Version, sha256_of

    start = time.perf_counter()
    first = dt.datetime(2019, 1, 7, 9, 0, tzinfo=dt.UTC)

    def history():
        for register in range(REGISTERS):
            for version in range(1, VERSIONS + 1):
                data = _file(register, version).read_bytes()
                yield Version(version, sha256_of(data), len(data), f"register-{version:02d}.xlsx",
                              first + dt.timedelta(days=30 * version, minutes=register), "", dt.date(2019, 9, 17),
                              "bench", None, register=_name(register)), data

    store = Store(url)
    store.load(history(), titles={_name(r): f"Gemeinde {r:03d}" for r in range(REGISTERS)})
    store.close()
    return time.perf_counter() - start


def build(url: str):
    """What the page's lib call does, from a new Store: registers, current versions, the comparison."""
    from lib.presenting.comparison import registers_compared
    from lib.storing.storage import Store

    store = Store(url)
    try:
        infos = store.registers()
        return registers_compared(store, [(i.name, i.title) for i in infos], store.latest_versions())
    finally:
        store.close()


def fresh_process(url: str) -> dict[str, float]:
    """Cold in a new process: imports, the build, and the memory afterwards."""
    code = (
        "import json, sys, time; start = time.perf_counter(); "
        "import bench.compare as b, lib.presenting.comparison, lib.storing.postgres; "
        "imported = time.perf_counter(); page = b.build(sys.argv[1]); built = time.perf_counter(); "
        "status = {l.split(':')[0]: int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('Vm')}; "
        "print(json.dumps({'imports_s': imported - start, 'cold_s': built - imported, "
        "'rss_mb': status['VmRSS'] / 1024, 'peak_rss_mb': status['VmHWM'] / 1024, 'rows': len(page.registers)}))"
    )
    out = subprocess.run([sys.executable, "-c", code, url], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _read_and_derive(item: tuple[bytes, str, dt.date]) -> list[int]:
    from lib.deriving.status import derive, priority_counts
    from lib.reading.register import read_register

    data, file_name, stichtag = item
    return priority_counts(derive(read_register(data, file_name).register, stichtag))["complete"].tolist()


def steps(url: str, runs: int) -> dict[str, float]:
    """The cold build's parts for the 400 current versions, and read + derive in parallel."""
    from lib.deriving.status import derive, priority_counts
    from lib.presenting.comparison import compare, standing
    from lib.reading.register import read_register
    from lib.storing.storage import Store

    store = Store(url)
    try:
        infos = store.registers()
        latest = store.latest_versions()
        versions = [latest[i.name] for i in infos]
        timed: dict[str, list[float]] = {}

        @contextlib.contextmanager
        def clock(name: str):
            start = time.perf_counter()
            yield
            timed.setdefault(name, []).append(time.perf_counter() - start)

        for _ in range(runs):
            with clock("registers_s"):
                store.registers()
            with clock("latest_versions_s"):
                store.latest_versions()
            with clock("blobs_s"):
                blobs = store.blobs([v.sha256 for v in versions])
            with clock("read_register_s"):
                results = [read_register(blobs[v.sha256], v.file_name) for v in versions]
            with clock("derive_s"):
                tables = [derive(r.register, v.stichtag) for r, v in zip(results, versions, strict=True)]
            with clock("priority_counts_s"):
                counts = [priority_counts(t) for t in tables]
            with clock("compare_s"):
                compare([standing(i.name, i.title, v.number, v.stand, v.stichtag, t)
                         for i, v, t in zip(infos, versions, tables, strict=True)])
            items = [(blobs[v.sha256], v.file_name, v.stichtag) for v in versions]
            with concurrent.futures.ThreadPoolExecutor(2) as pool, clock("two_threads_s"):
                threaded = list(pool.map(_read_and_derive, items))
            context = multiprocessing.get_context("forkserver")
            with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:
                pool.submit(int).result()  # started and warm: a server would keep its workers
                with clock("two_processes_s"):
                    parallel = list(pool.map(_read_and_derive, items, chunksize=50))
            assert threaded == parallel == [c["complete"].tolist() for c in counts]
        return {name: round(statistics.median(values), 3) for name, values in timed.items()}
    finally:
        store.close()


def page_times(url: str, runs: int) -> dict[str, float]:
    """The page Vergleich itself in AppTest (dashboard.py with its frame, the table and the chart of 400 registers):
    cold with every cache emptied (Streamlit's and lib.deriving.history's), warm on the rerun; median seconds."""
    import logging
    from unittest import mock

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from bench.run import _WithoutPagesFolder
    from lib.deriving import history

    for name in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).disabled = True
    cold, warm, cold_cpu = [], [], []
    before = os.environ.get("MASSNAHMEN_DB")
    os.environ["MASSNAHMEN_DB"] = url
    try:
        with mock.patch("streamlit.runtime.pages_manager.Path", _WithoutPagesFolder):
            for _ in range(runs):
                st.cache_data.clear()
                st.cache_resource.clear()
                history.clear_cache()
                app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
                app.switch_page("pages/vergleich.py")
                for times in (cold, warm):
                    start, cpu = time.perf_counter(), time.process_time()  # CPU of all threads: AppTest runs the
                    app.run()                                               # script in one of its own
                    times.append(time.perf_counter() - start)
                    if times is cold:
                        cold_cpu.append(time.process_time() - cpu)
                    if app.exception or len(app.dataframe[0].value) != REGISTERS:
                        raise SystemExit(f"Seite Vergleich: {[e.value for e in app.exception]}")
    finally:
        os.environ.pop("MASSNAHMEN_DB")
        if before is not None:
            os.environ["MASSNAHMEN_DB"] = before
    return {"page_cold_s": round(statistics.median(cold), 3), "page_cold_cpu_s": round(statistics.median(cold_cpu), 3),
            "page_warm_s": round(statistics.median(warm), 3)}


def measure(runs: int) -> dict:
    from lib.deriving import history
    from lib.storing import postgres
    from tests.postgres import Cluster

    generated = workbooks()
    cluster = Cluster()
    try:
        url = cluster.url(cluster.new_database())
        load_s = load(url)
        colds, cpus = [], []
        for _ in range(runs):
            history.clear_cache()
            start, cpu = time.perf_counter(), time.process_time()
            page = build(url)
            colds.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        warm = []
        for _ in range(max(runs, 11)):
            start = time.perf_counter()
            build(url)
            warm.append(time.perf_counter() - start)
        fresh = fresh_process(url)
        parts = steps(url, runs)
        from lib.presenting.comparison_chart import register_share_bars
        from lib.presenting.drawing import SCREEN, drawing

        drawing()  # matplotlib imported before the clock starts, as the server does (app.py)
        start = time.perf_counter()
        register_share_bars(page.priorities, SCREEN)
        chart_s = time.perf_counter() - start
        pages = page_times(url, runs)
    finally:
        postgres.close_pools()
        cluster.stop()
    return {
        "registers": REGISTERS, "versions": REGISTERS * VERSIONS, "measures": MEASURES, "offices": OFFICES,
        "generate_s": round(generated, 1), "load_s": round(load_s, 1), "rows": len(page.registers),
        "cold_s": round(statistics.median(colds), 3), "cold_cpu_s": round(statistics.median(cpus), 3), "warm_s": round(statistics.median(warm), 3),
        "fresh_process": {k: round(v, 3) for k, v in fresh.items()}, "steps": parts,
        "chart_s": round(chart_s, 3), **pages, "load_average": round(os.getloadavg()[0], 1),
    }


def check(result: dict) -> list[str]:
    misses = []
    fresh = result["fresh_process"]
    for name, value, budget in [("warm", result["warm_s"], BUDGET["warm_s"]),
                                ("kalt", max(result["cold_s"], fresh["cold_s"]), BUDGET["cold_s"]),
                                ("Speicher (MB)", fresh["rss_mb"], BUDGET["rss_mb"])]:
        if value > budget:
            misses.append(f"Vergleich {name}: {value} > {budget}")
    return misses


def print_result(result: dict) -> None:
    fresh, parts = result["fresh_process"], result["steps"]
    print(f"Vergleich: {result['registers']} Register × {result['versions'] // result['registers']} Versionen × "
          f"{result['measures']} Maßnahmen × {result['offices']} Ämter in PostgreSQL (Last {result['load_average']})")
    if result["generate_s"]:
        print(f"  Arbeitsmappen erzeugt: {result['generate_s']} s (einmalig, build/bench/compare/)")
    print(f"  {result['versions']} Versionen mit Store.load geladen: {result['load_s']} s")
    print(f"  kalt (Caches geleert, neuer Store): {result['cold_s']} s, CPU {result['cold_cpu_s']} s "
          f"(Budget {BUDGET['cold_s']} s)")
    print(f"  kalt (neuer Prozess): {fresh['cold_s']} s, dazu Importe {fresh['imports_s']} s; "
          f"RSS danach {fresh['rss_mb']:.0f} MB, Spitze {fresh['peak_rss_mb']:.0f} MB (Budget {BUDGET['rss_mb']:.0f} MB)")
    print(f"  warm: {result['warm_s']} s (Budget {BUDGET['warm_s']} s)")
    print(f"  Schritte kalt: Register {parts['registers_s']} s, aktuelle Versionen {parts['latest_versions_s']} s, "
          f"Bytes {parts['blobs_s']} s, read_register {parts['read_register_s']} s, derive {parts['derive_s']} s, "
          f"Zählen {parts['priority_counts_s']} s, Vergleich {parts['compare_s']} s")
    print(f"  read_register + derive parallel: 2 Threads {parts['two_threads_s']} s, "
          f"2 Prozesse {parts['two_processes_s']} s")
    print(f"  Diagramm ({result['rows']} Register × 6 Prioritäten): {result['chart_s']} s")
    print(f"  Seite Vergleich (AppTest, mit Rahmen, Tabelle und Diagramm): kalt {result['page_cold_s']} s "
          f"(CPU {result['page_cold_cpu_s']} s), warm {result['page_warm_s']} s")
