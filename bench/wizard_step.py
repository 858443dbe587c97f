"""Figure 6: one wizard step's event round trip, click to updated page.

**Ich stimme zu** (step 2) sends the consent event; the page is updated when the next step's button
**Kamera und Mikrofon freigeben** is in the DOM. Timed inside the page (MutationObserver), each round on
a fresh link (consent is stored once per link)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, expect

from bench.common import new_context, seed_link, summary
from tests.journeys.server import AppServer

CLICK_AND_WAIT = """() => new Promise((resolve) => {
  const has = () => [...document.querySelectorAll('button')].some(b => b.textContent.trim() === 'Kamera und Mikrofon freigeben');
  const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Ich stimme zu');
  const t = performance.now();
  new MutationObserver((_, observer) => { if (has()) { observer.disconnect(); resolve(performance.now() - t); } })
    .observe(document, { childList: true, subtree: true, attributes: true });
  button.click();
})"""


def run(browser: Browser, server: AppServer, rounds: int) -> dict[str, Any]:
    context = new_context(browser, server.base_url, phone=True)
    times = []
    try:
        for i in range(rounds):
            seeded = seed_link(server, last_name=f"Schritt{i}")
            page = context.new_page()
            page.goto(f"/vkid/{seeded.tokens['client']}")
            expect(page.get_by_role("button", name="Ich stimme zu")).to_be_enabled()
            page.wait_for_timeout(300)  # the page's own start-up events are done
            times.append(float(page.evaluate(CLICK_AND_WAIT)))
            page.close()
    finally:
        context.close()
    return {"round_trip_ms": summary(times)}
