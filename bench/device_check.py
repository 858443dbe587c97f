"""Figures 2 and 5: **Geräte überprüfen** → first echoed frame and → verdict; concurrent checks until one
turns non-green, with the CPU each check costs.

The page does not announce the first echoed frame, so the probe takes the `playing` event of
`video#echo-video` (the echo peer's picture); the verdict is the moment `#device-check-result` is shown
(its `data-level` is the light). Both in ms since the click, read inside the page."""

from __future__ import annotations

import os
import time
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, expect

from bench.common import Settings, backend_pids, cpu_seconds, new_context, seed_link, summary, tree_pids
from tests.journeys.seed import ready_for_room
from tests.journeys.server import AppServer

ARM_AND_CLICK = """() => {
  const p = window.__vtCheck = { clicked: null, echo: null, verdict: null, level: null };
  document.addEventListener('playing', (e) => {
    if (p.echo === null && e.target.id === 'echo-video') p.echo = performance.now();
  }, true);
  const look = () => {
    const r = document.getElementById('device-check-result');
    if (p.verdict === null && r && r.getClientRects().length > 0) {
      p.verdict = performance.now(); p.level = r.getAttribute('data-level');
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, attributes: true });
  const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Geräte überprüfen');
  p.clicked = performance.now();
  button.click();
}"""
DONE = "() => window.__vtCheck && window.__vtCheck.verdict !== null"
CHECK_TIMEOUT = 60_000  # the app gives up after 20 s with a red light


def ready_page(context: BrowserContext, token: str) -> Page:
    """The link opened at step 3 (consent seeded), camera allowed: **Geräte überprüfen** is next."""
    page = context.new_page()
    page.goto(f"/vkid/{token}")
    page.get_by_role("button", name="Kamera und Mikrofon freigeben").click()
    expect(page.get_by_role("button", name="Geräte überprüfen")).to_be_enabled(timeout=60_000)
    page.wait_for_function("() => document.querySelector('video#local-video').videoWidth > 0", timeout=60_000)
    return page


def start(page: Page) -> None:
    page.evaluate(ARM_AND_CLICK)


def result(page: Page) -> dict[str, Any]:
    page.wait_for_function(DONE, timeout=CHECK_TIMEOUT)
    p = page.evaluate("() => window.__vtCheck")
    return {
        "echo_ms": None if p["echo"] is None else p["echo"] - p["clicked"],
        "verdict_ms": p["verdict"] - p["clicked"],
        "level": p["level"],
    }


def prepared(server: AppServer, name: str) -> str:
    seeded = seed_link(server, last_name=name)
    ready_for_room(server, seeded, consent=True, device_check=False)
    return seeded.tokens["client"]


def one_check(browser: Browser, server: AppServer, name: str, *, cpu_slowdown: float = 1) -> dict[str, Any]:
    context = new_context(browser, server.base_url, phone=True)
    try:
        page = ready_page(context, prepared(server, name))
        if cpu_slowdown != 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
        start(page)
        return result(page)
    finally:
        context.close()


def run_single(browser: Browser, server: AppServer, settings: Settings, *, cpu_slowdown: float = 1) -> dict[str, Any]:
    runs = [
        one_check(browser, server, f"Check{cpu_slowdown:g}x{i}", cpu_slowdown=cpu_slowdown)
        for i in range(settings.rounds)
    ]
    return {
        "echo_ms": summary([r["echo_ms"] for r in runs if r["echo_ms"] is not None]),
        "verdict_ms": summary([r["verdict_ms"] for r in runs]),
        "levels": [r["level"] for r in runs],
        "cpu_slowdown": cpu_slowdown,
    }


def run_concurrent(browser: Browser, server: AppServer, settings: Settings) -> dict[str, Any]:
    """1, 2, 4, 6, ... checks started together until one is not green (or the ladder ends)."""
    ladder = [1] if settings.quick else [1, 2, 4, 6, 8, 10, 12]
    steps = []
    all_green_max = 0
    for count in ladder:
        contexts = [new_context(browser, server.base_url, phone=True) for _ in range(count)]
        try:
            pages = [ready_page(c, prepared(server, f"Parallel{count}x{i}")) for i, c in enumerate(contexts)]
            backend, browser_tree = backend_pids(server), tree_pids(os.getpid())
            cpu_before = (cpu_seconds(backend), cpu_seconds(browser_tree))
            wall = time.monotonic()
            for page in pages:
                start(page)
            results = [result(page) for page in pages]
            wall = time.monotonic() - wall
            cpu_after = (cpu_seconds(backend_pids(server)), cpu_seconds(tree_pids(os.getpid())))
        finally:
            for c in contexts:
                c.close()
        levels = [r["level"] for r in results]
        step = {
            "concurrent": count,
            "levels": levels,
            "verdict_ms": summary([r["verdict_ms"] for r in results]),
            "backend_cpu_s_per_check": round((cpu_after[0] - cpu_before[0]) / count, 2),
            "browser_cpu_s_per_check": round((cpu_after[1] - cpu_before[1]) / count, 2),
            "wall_s": round(wall, 1),
        }
        steps.append(step)
        if any(level != "green" for level in levels):
            break
        all_green_max = count
    return {"steps": steps, "max_all_green": all_green_max, "ladder_end": ladder[-1]}
