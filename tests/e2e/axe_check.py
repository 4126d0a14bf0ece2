"""axe-core in the page: no serious or critical violation in what this project renders.

Findings inside Streamlit's own components that cannot be fixed from this project are excused
only by ALLOWED below: rule id + a CSS selector pattern matched against axe's target of the
node, each with its reason. Keep docs/accessibility.md in step with this list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

FAILING_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class Allowed:
    rule: str  # axe rule id
    target: str  # regular expression searched in the node's CSS selector (axe's `target`)
    reason: str


ALLOWED: tuple[Allowed, ...] = ()

_AXE = Axe()


@dataclass(frozen=True)
class Finding:
    rule: str
    impact: str
    target: str
    html: str
    help: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) {self.target}: {self.help}\n      {self.html[:200]}"


def allowed(finding: Finding) -> Allowed | None:
    return next((a for a in ALLOWED if a.rule == finding.rule and re.search(a.target, finding.target)), None)


def serious_findings(page: Page) -> list[Finding]:
    """Every node with a serious or critical violation on the page as it is now."""
    violations = _AXE.run(page).response["violations"]
    return [Finding(v["id"], v["impact"], " ".join(map(str, node["target"])), node.get("html", ""), v["help"])
            for v in violations if v["impact"] in FAILING_IMPACTS for node in v["nodes"]]


def unexcused_findings(page: Page) -> list[Finding]:
    return [f for f in serious_findings(page) if allowed(f) is None]


def assert_no_serious_violations(page: Page, where: str) -> None:
    if found := unexcused_findings(page):
        raise AssertionError(f"axe-core on {where}: {len(found)} serious/critical finding(s) not in the allow-list "
                             "(tests/e2e/axe_check.py):\n  " + "\n  ".join(map(str, found)))
