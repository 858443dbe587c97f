"""Figure 7 (issue 15): a phone on mobile data.

Chromium's own emulation through CDP, per page: `Network.emulateNetworkConditions` (latency added to
every request, throughput capped) and `Emulation.setCPUThrottlingRate(4)`, at 390x844 (mobile, touch).
Per round, a fresh context: the first visit (cold cache) → **Ich stimme zu** clickable and first
contentful paint; then a second page of the same context (warm HTTP cache) → clickable again. Then
**Hereinholen** → remote video playing on the phone (the waiting client's page emulated from just before
the click, the advisor's desk not).
The peer-to-peer media runs over loopback either way: the emulation slows HTTP and the websocket
(signalling), not WebRTC's UDP."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

from bench.call_admission import admit_once
from bench.common import CLICKABLE_PROBE, Settings, new_context, summary, time_to_clickable
from tests.journeys.server import AppServer

PROFILES: dict[str, dict[str, float]] = {
    # latency ms, down / up in bits per second
    "Slow 4G": {"latency": 150, "down": 1.6e6, "up": 750e3},
    "Fast 3G": {"latency": 563, "down": 1.44e6, "up": 675e3},
}
CPU_SLOWDOWN = 4


def emulate(context: BrowserContext, page: Page, profile: str) -> None:
    conditions = PROFILES[profile]
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": conditions["latency"],
            "downloadThroughput": conditions["down"] / 8,
            "uploadThroughput": conditions["up"] / 8,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


def visits(browser: Browser, base_url: str, link_path: str, profile: str, rounds: int) -> dict[str, Any]:
    first, paint, warm = [], [], []
    for _ in range(rounds):
        context = new_context(browser, base_url, phone=True)
        context.add_init_script(CLICKABLE_PROBE)
        try:
            page = context.new_page()
            emulate(context, page, profile)
            result = time_to_clickable(page, link_path, timeout=120_000)
            first.append(float(result["clickable_ms"] or 0))
            if result["fcp_ms"] is not None:
                paint.append(float(result["fcp_ms"]))
            page.wait_for_load_state("networkidle")
            page.close()
            again = context.new_page()
            emulate(context, again, profile)
            warm.append(float(time_to_clickable(again, link_path, timeout=120_000)["clickable_ms"] or 0))
        finally:
            context.close()
    return {"first_visit_ms": summary(first), "fcp_ms": summary(paint), "returning_visit_ms": summary(warm)}


def admissions(browser: Browser, server: AppServer, profile: str, rounds: int) -> dict[str, Any]:
    runs = [
        admit_once(
            browser, server, f"Handy{profile.replace(' ', '')}{i}", before_admission=lambda c, p: emulate(c, p, profile)
        )
        for i in range(rounds)
    ]
    return {"phone_ms": summary([r["client_ms"] for r in runs]), "advisor_ms": summary([r["advisor_ms"] for r in runs])}


def run(browser: Browser, server: AppServer, link_path: str, settings: Settings) -> dict[str, Any]:
    profiles = ["Slow 4G"] if settings.quick else list(PROFILES)
    results: dict[str, Any] = {}
    for profile in profiles:
        results[profile] = {
            **visits(browser, server.base_url, link_path, profile, settings.rounds),
            "admission": admissions(browser, server, profile, settings.rounds),
            "conditions": PROFILES[profile],
        }
    return results
