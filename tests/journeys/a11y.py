"""axe-core accessibility scan for journeys (WCAG 2.1 A and AA).

axe-core comes bundled in the pinned `axe-playwright-python` package (requirements-dev.txt); it is
injected through Playwright's `evaluate`, never fetched from the network. A scan that finds any
violation fails the journey, listing rule id, impact, the offending elements and axe's summary."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from playwright.sync_api import Page

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
MAX_NODES_LISTED = 5  # per rule in a failure message; the count says how many there were

COLLECT_ENV = "VT_AXE_COLLECT"
"""Tests only: a file path; scans append their violations there as JSON lines instead of failing."""

DESKTOP_SCAN_SIZE = {"width": 1366, "height": 768}
"""The desktop size issue 14 names; a desktop page (at least `DESKTOP_MIN_WIDTH` wide) is scanned at it
and then given back its own size (journeys' desktop contexts are 1366x800)."""
DESKTOP_MIN_WIDTH = 1024

SCANS: list[str] = []
"""Labels of every scan this test session ran (for the report printed at the end)."""


@lru_cache(maxsize=1)
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, object]]:
    """Run axe-core on the page as it is now and return its violations (axe's JSON)."""
    page.evaluate(axe_source())
    options = {"runOnly": {"type": "tag", "values": list(WCAG_TAGS)}, "resultTypes": ["violations"]}
    results = page.evaluate("(options) => axe.run(document, options)", options)
    violations: list[dict[str, object]] = results["violations"]
    return violations


def describe(violations: list[dict[str, object]]) -> str:
    lines = []
    for violation in violations:
        nodes = violation.get("nodes") or []
        assert isinstance(nodes, list)
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation.get('help')} [{len(nodes)} element(s)]"
        )
        for node in nodes[:MAX_NODES_LISTED]:
            summary = str(node.get("failureSummary", "")).replace("\n", " ")
            lines.append(f"    {json.dumps(node.get('target'))}: {summary[:300]}")
    return "\n".join(lines)


# the router writes the page title once the route's code has loaded (right after `goto` it may still be
# empty on a loaded machine), and no animation runs
SETTLED = "() => document.title !== '' && document.getAnimations().every(a => a.playState !== 'running')"
SETTLE_TIMEOUT_MS = 10_000


def assert_no_axe_violations(page: Page, label: str) -> None:
    """Fail with every WCAG 2.1 A/AA violation axe-core finds on `page` (`label` names the state)."""
    size = page.viewport_size or {"width": 0, "height": 0}
    resized = size["width"] >= DESKTOP_MIN_WIDTH and size != DESKTOP_SCAN_SIZE
    if resized:
        page.set_viewport_size(DESKTOP_SCAN_SIZE)
    scanned = page.viewport_size or size
    full_label = f"{label} @ {scanned['width']}x{scanned['height']}"
    try:
        # a dialog fading in has half-mixed colours: scan the state people read, not a frame of its animation;
        # and not the moment before the page has its title
        page.wait_for_function(SETTLED, timeout=SETTLE_TIMEOUT_MS)
        violations = axe_violations(page)
    finally:
        if resized:
            page.set_viewport_size(size)
    SCANS.append(full_label)
    collect = os.environ.get(COLLECT_ENV)
    if collect:  # survey mode: record instead of failing (to count what a change fixed)
        with open(collect, "a", encoding="utf-8") as out:
            for violation in violations:
                nodes = violation.get("nodes") or []
                assert isinstance(nodes, list)
                row = {
                    "state": full_label,
                    "rule": violation["id"],
                    "impact": violation.get("impact"),
                    "targets": [[n.get("target"), str(n.get("failureSummary", ""))[:200]] for n in nodes[:5]],
                    "nodes": len(nodes),
                }
                out.write(json.dumps(row) + "\n")
            out.write(json.dumps({"state": full_label, "scanned": True}) + "\n")
        return
    assert not violations, f"axe-core: {len(violations)} WCAG 2.1 A/AA violation(s) on {full_label}:\n" + describe(
        violations
    )
