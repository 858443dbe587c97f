"""Benchmark: time from **Hereinholen** to remote video playing on both sides.

Starts the real app in production mode (tests/journeys/server.py), signs an advisor in, lets a client
wait, clicks Hereinholen from inside the page (so Playwright's own round trips are not measured) and
reads, in each browser, when the first remote <video> fired `playing`. Both pages run in one Chromium,
so their Date.now() share a clock. Prints a Markdown table and writes bench-results/call_admission.json.

With pre-connection (the default) the click waits until the advisor's waiting list shows the path
measured on the pre-connection, as a person who waits a few seconds would find it; `--preconnect off`
sets the test switch VT_TEST_PRECONNECT_OFF (the server relays no pre-connection signal), i.e. the
negotiation after the click as before instant admission.

    .venv/bin/python -m bench.call_admission [--rounds 10] [--preconnect off]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.journeys.conftest import CHROMIUM_ARGS, chromium_executable
from tests.journeys.pages_call import AdvisorDesk, ClientRoom
from tests.journeys.seed import book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from tests.support import ROOT

ARM = """() => { window.__vtPlaying = null;
  document.addEventListener('playing', (e) => {
    if (!window.__vtPlaying && e.target.matches && e.target.matches('video[data-remote]')) window.__vtPlaying = Date.now();
  }, true); }"""
CLICK = """(name) => { const card = [...document.querySelectorAll('[data-waiting-key]')].find(c => c.textContent.includes(name));
  const button = [...card.querySelectorAll('button')].find(b => b.textContent.trim() === 'Hereinholen');
  const t = Date.now(); button.click(); return t; }"""


def _playing_at(page: Page) -> float:
    page.wait_for_function("() => window.__vtPlaying !== null", timeout=30_000)
    return float(page.evaluate("() => window.__vtPlaying"))


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def run(rounds: int, *, preconnect: bool = True) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {"advisor_ms": [], "client_ms": []}
    env = {} if preconnect else {"VT_TEST_MODE": "1", "VT_TEST_PRECONNECT_OFF": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        server = AppServer(workdir=Path(tmp), extra_env=env).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
                for index in range(rounds):
                    seeded = book(
                        server,
                        advisor_email=unique_advisor(),
                        starts_in=timedelta(minutes=1),
                        first_name="Bench",
                        last_name=f"Runde{index}",
                    )
                    ready_for_room(server, seeded)
                    advisor = browser.new_context(base_url=server.base_url)
                    client = browser.new_context(base_url=server.base_url)
                    desk = AdvisorDesk(advisor).sign_in(seeded.advisor_email)
                    room = ClientRoom(client, seeded.tokens["client"]).open().enter()
                    card = desk.waiting_card(f"Bench Runde{index}")
                    card.get_by_role("button", name="Hereinholen").wait_for()
                    if preconnect:
                        card.locator("[data-path-level=green]").wait_for(timeout=30_000)
                    desk.page.evaluate(ARM)
                    room.page.evaluate(ARM)
                    clicked = float(desk.page.evaluate(CLICK, f"Bench Runde{index}"))
                    results["advisor_ms"].append(_playing_at(desk.page) - clicked)
                    results["client_ms"].append(_playing_at(room.page) - clicked)
                    desk.end_for_all()
                    time.sleep(0.5)
                    advisor.close()
                    client.close()
                browser.close()
        finally:
            server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--preconnect", choices=("on", "off"), default="on")
    args = parser.parse_args()
    results = run(args.rounds, preconnect=args.preconnect == "on")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / f"call_admission-preconnect-{args.preconnect}.json").write_text(json.dumps(results, indent=2))
    print(
        f"| Hereinholen → remote video playing (loopback, SQLite, 1 worker, pre-connection {args.preconnect}, "
        f"{args.rounds} rounds) | median | p95 | min | max |"
    )
    print("| --- | --- | --- | --- | --- |")
    for side, values in results.items():
        print(
            f"| {side.replace('_ms', '')} | {statistics.median(values):.0f} ms | {p95(values):.0f} ms | "
            f"{min(values):.0f} ms | {max(values):.0f} ms |"
        )


if __name__ == "__main__":
    main()
