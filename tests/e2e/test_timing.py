"""How long a filter change takes until the page shows the new result (issue 6 wants the figure; no budget yet)."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time

from playwright.sync_api import Page, expect

from lib.presenting.fmt import de_date
from lib.reading.contract import STUFENPLAN_DEADLINE
from tests.e2e.conftest import (
    ROOT,
    open_app,
    open_sidebar_multiselect,
    page_caption,
    report,
    wait_until_rendered,
)
from tests.e2e.eight_measures import PRIORITY_COUNTS, TOTAL

TIMINGS = ROOT / "build" / "e2e-timings.json"


def timed(page: Page, action, until) -> tuple[float, float]:
    """Milliseconds from the user's click until the page shows the updated result,
    and until the whole rerun has finished (every element redrawn, status widget gone)."""
    start = time.perf_counter()
    action()
    until()
    shown = time.perf_counter()
    wait_until_rendered(page)
    return (shown - start) * 1000, (time.perf_counter() - start) * 1000


def test_filter_change_to_updated_result_time(page: Page, register_app: str):
    """On `tests.e2e.eight_measures`: each step changes the count (2, 5, 7 of 8), so each wait sees the new result."""
    total = TOTAL
    open_app(page, register_app + "/")
    caption = page_caption(page)
    figures: dict[str, tuple[float, float]] = {}

    for chosen in ((0,), (0, 1), (0, 1, 2)):
        open_sidebar_multiselect(page, "Priorität")
        option = page.get_by_role("option", name=str(chosen[-1]), exact=True)
        count = PRIORITY_COUNTS[chosen]
        figures[f"Priorität {'+'.join(map(str, chosen))}"] = timed(
            page, option.click, lambda n=count: expect(caption).to_contain_text(f"{n} von {total} Maßnahmen"))
        page.keyboard.press("Escape")

    deadline_button = page.locator('[data-testid="stSidebar"]').get_by_role("button", name=de_date(STUFENPLAN_DEADLINE))
    figures["Stichtag 31.12.2019"] = timed(
        page, deadline_button.click,
        lambda: expect(caption).to_contain_text(f"Stichtag {de_date(STUFENPLAN_DEADLINE)}"))

    reset = page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Filter zurücksetzen")
    figures["Filter zurücksetzen"] = timed(
        page, reset.click, lambda: expect(caption).to_contain_text(f"{total} von {total} Maßnahmen"))

    medians = [statistics.median(f[i] for f in figures.values()) for i in (0, 1)]
    report("Filter change on Übersicht, real Chromium (ms):   new count shown   rerun finished")
    for name, (shown, finished) in [*figures.items(), ("median", medians)]:
        report(f"  {name:<24} {shown:22.0f} {finished:16.0f}")
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps({
        "measured": dt.datetime.now().isoformat(timespec="seconds"),
        "filter_change_ms": {name: {"shown": round(s), "finished": round(f)} for name, (s, f) in figures.items()},
        "median_ms": {"shown": round(medians[0]), "finished": round(medians[1])},
    }, indent=2))
