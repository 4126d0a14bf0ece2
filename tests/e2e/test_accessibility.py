"""Click through the navigation like a user and run axe-core on every page.

Serious and critical violations are only reported for now (printed and written to
build/axe.json); the accessibility issue decides when they fail the build.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import MAIN_H1, ROOT, dashboard_pages, open_app, wait_for_charts, wait_until_rendered

REPORT = ROOT / "build" / "axe.json"
REPORTED_IMPACTS = {"serious", "critical"}


def test_click_through_navigation_and_report_axe_findings(page: Page, app_url: str):
    axe = Axe()
    findings: dict[str, dict[str, dict]] = {}
    open_app(page, app_url + "/")
    for app_page in dashboard_pages():
        page.locator('[data-testid="stSidebarNav"] a').filter(has_text=app_page.title).first.click()
        page.wait_for_url(lambda url, p=app_page: urlsplit(url).path == p.path)
        expect(page.locator(MAIN_H1).first).to_contain_text(app_page.title.split()[0])
        wait_until_rendered(page)
        wait_for_charts(page)
        violations = axe.run(page).response["violations"]
        findings[app_page.name] = {
            v["id"]: {"impact": v["impact"], "nodes": len(v["nodes"]), "help": v["help"],
                      "targets": [" ".join(map(str, n["target"])) for n in v["nodes"][:10]]}
            for v in violations if v["impact"] in REPORTED_IMPACTS
        }

    print("\naxe-core, serious/critical violations per page (not failing yet):")
    for name, rules in findings.items():
        listed = ", ".join(f"{rule} ({r['impact']}, {r['nodes']}×)" for rule, r in sorted(rules.items())) or "none"
        print(f"  {name:<14} {listed}")
    everywhere = Counter(rule for rules in findings.values() for rule in rules)
    print("  rules:", ", ".join(f"{rule} on {n} pages" for rule, n in everywhere.most_common()) or "none")
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(findings, indent=2, ensure_ascii=False))
