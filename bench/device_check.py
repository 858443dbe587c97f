"""Benchmark: **Geräte überprüfen** → first echoed frame, → verdict (issue 12).

Starts the real app in production mode (tests/journeys/server.py), books one appointment per round,
walks the client through consent and the camera with the journeys' helpers, then clicks **Geräte
überprüfen** from inside the page and reads, by the page's own clock, when the echo <video> got its
first frame (`playing`) and when the verdict (`#device-check-result`) appeared; on the way, when the echo
peer's answer arrived and when the connection was up. Prints a Markdown table
and writes bench-results/device_check.json. No assertion on time: these are figures to read.

    .venv/bin/python -m bench.device_check [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.journeys.conftest import CHROMIUM_ARGS, chromium_executable
from tests.journeys.seed import book
from tests.journeys.server import AppServer
from tests.journeys.test_client_steps import agree, allow_camera
from tests.support import ROOT

# When the echo peer's answer reached the browser and when that connection was up (the only
# RTCPeerConnection that gets a remote description is the test call's): splits the time to the first frame.
PHASES = """(() => {
  window.__vtAnswer = null; window.__vtConnected = null;
  const srd = RTCPeerConnection.prototype.setRemoteDescription;
  RTCPeerConnection.prototype.setRemoteDescription = function (...args) {
    if (window.__vtAnswer === null) window.__vtAnswer = performance.now();
    this.addEventListener('connectionstatechange', () => {
      if (this.connectionState === 'connected' && window.__vtConnected === null) window.__vtConnected = performance.now();
    });
    return srd.apply(this, args);
  };
})();"""

ARM_AND_CLICK = """() => {
  window.__vtEcho = null; window.__vtVerdict = null;
  const echo = document.querySelector('video#echo-video');
  echo.addEventListener('playing', () => { if (!window.__vtEcho) window.__vtEcho = performance.now(); });
  new MutationObserver((_m, observer) => {
    if (document.querySelector('#device-check-result')) { window.__vtVerdict = performance.now(); observer.disconnect(); }
  }).observe(document.body, { childList: true, subtree: true });
  const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Geräte überprüfen');
  const t = performance.now(); button.click(); return t; }"""


def run(rounds: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {"answer_ms": [], "connected_ms": [], "first_echo_ms": [], "verdict_ms": []}
    with tempfile.TemporaryDirectory() as tmp:
        server = AppServer(workdir=Path(tmp)).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
                for index in range(rounds):
                    seeded = book(server, first_name="Bench", last_name=f"Geraet{index}")
                    context = browser.new_context(base_url=server.base_url, locale="de-DE")
                    context.grant_permissions(["camera", "microphone"], origin=server.base_url)
                    context.add_init_script(PHASES)
                    page = context.new_page()
                    page.goto(f"/vkid/{seeded.tokens['client']}")
                    agree(page)
                    allow_camera(page)
                    clicked = float(page.evaluate(ARM_AND_CLICK))
                    page.wait_for_function("() => window.__vtVerdict !== null", timeout=40_000)
                    echo, verdict, answer, connected = page.evaluate(
                        "() => [window.__vtEcho, window.__vtVerdict, window.__vtAnswer, window.__vtConnected]"
                    )
                    for name, at in (("answer_ms", answer), ("connected_ms", connected)):
                        if at is not None:
                            results[name].append(float(at) - clicked)
                    if echo is not None:
                        results["first_echo_ms"].append(float(echo) - clicked)
                    results["verdict_ms"].append(float(verdict) - clicked)
                    level = page.locator("#device-check-result").get_attribute("data-level")
                    print(
                        f"round {index + 1}: echo {echo and echo - clicked:.0f} ms, verdict {verdict - clicked:.0f} ms, {level}"
                    )
                    context.close()
                browser.close()
        finally:
            server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    results = run(args.rounds)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "device_check.json").write_text(json.dumps(results, indent=2))
    print("| figure | median ms | min | max | n |\n| --- | --- | --- | --- | --- |")
    for name, values in results.items():
        if values:
            print(
                f"| {name} | {statistics.median(values):.0f} | {min(values):.0f} | {max(values):.0f} | {len(values)} |"
            )


if __name__ == "__main__":
    main()
