"""Figure 1: personal link → **Ich stimme zu** clickable, and the bytes it costs; baseline: a blank Reflex app.

Each run opens the page in a fresh browser context (cold cache) and reads, inside the page, the
moment the button is visible and enabled and Reflex's websocket has joined (bench/common.py
CLICKABLE_PROBE), in ms since the navigation started. Bytes: CDP's `encodedDataLength` of every
response (compressed as sent, headers included), JavaScript + CSS apart."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from bench.common import CLICKABLE_PROBE, Settings, Transfer, new_context, ratio, summary, time_to_clickable


def measure(browser: Browser, base_url: str, path: str, rounds: int) -> dict[str, Any]:
    times: list[float] = []
    transfers: list[Transfer] = []
    for _ in range(rounds):
        context = new_context(browser, base_url, phone=True)
        context.add_init_script(CLICKABLE_PROBE)
        page = context.new_page()
        transfer = Transfer()
        transfer.watch(context.new_cdp_session(page))
        result = time_to_clickable(page, path)
        page.wait_for_load_state("networkidle")
        times.append(float(result["clickable_ms"] or 0))
        transfers.append(transfer)
        context.close()
    last = transfers[-1]
    return {
        "clickable_ms": summary(times),
        "bytes_total": last.total,
        "bytes_js_css": last.js_css,
        "bytes_by_type": last.by_type,
        "requests": last.requests,
    }


def run(browser: Browser, app_url: str, link_path: str, baseline_url: str, settings: Settings) -> dict[str, Any]:
    app = measure(browser, app_url, link_path, settings.rounds)
    baseline = measure(browser, baseline_url, "/", settings.rounds)
    return {
        "app": app,
        "baseline": baseline,
        "ratio_median": ratio(app["clickable_ms"]["median"], baseline["clickable_ms"]["median"]),
        "ratio_p95": ratio(app["clickable_ms"]["p95"], baseline["clickable_ms"]["p95"]),
        "ratio_bytes_js_css": ratio(app["bytes_js_css"], baseline["bytes_js_css"]),
    }
