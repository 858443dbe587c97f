"""Figure 3: **Hereinholen** → remote video playing on both sides; baseline: two pages of the same browser
connected directly (RTCPeerConnection pair signalled over a BroadcastChannel, the same fake media, no app).

The app: an advisor signs in, a client waits, Hereinholen is clicked from inside the page (so
Playwright's own round trips are not measured) and each page records when its first remote <video>
fired `playing`. Both pages run in one Chromium, so their Date.now() share a clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bench.common import new_context, seed_link, summary
from tests.journeys.pages_call import AdvisorDesk, ClientRoom
from tests.journeys.seed import ready_for_room
from tests.journeys.server import AppServer

ARM = """() => { window.__vtPlaying = null;
  document.addEventListener('playing', (e) => {
    if (!window.__vtPlaying && e.target.matches && e.target.matches('video[data-remote]')) window.__vtPlaying = Date.now();
  }, true); }"""
CLICK = """(name) => { const card = [...document.querySelectorAll('[data-waiting-key]')].find(c => c.textContent.includes(name));
  const button = [...card.querySelectorAll('button')].find(b => b.textContent.trim() === 'Hereinholen');
  const t = Date.now(); button.click(); return t; }"""
PLAYING_TIMEOUT = 60_000


def _playing_at(page: Page) -> float:
    page.wait_for_function("() => window.__vtPlaying !== null", timeout=PLAYING_TIMEOUT)
    return float(page.evaluate("() => window.__vtPlaying"))


def admit_once(
    browser: Browser,
    server: AppServer,
    name: str,
    *,
    before_admission: Callable[[BrowserContext, Page], None] | None = None,
) -> dict[str, float]:
    """One admission; `before_admission` may slow the waiting client's page down (phone emulation)."""
    seeded = seed_link(server, last_name=name)
    ready_for_room(server, seeded)
    advisor = new_context(browser, server.base_url)
    client = new_context(browser, server.base_url, phone=True)
    try:
        desk = AdvisorDesk(advisor).sign_in(seeded.advisor_email)
        room = ClientRoom(client, seeded.tokens["client"]).open().enter()
        card = desk.waiting_card(f"Bench {name}")
        card.get_by_role("button", name="Hereinholen").wait_for()
        # as a person who waits a few seconds finds it: the pre-connection has measured the path (when it
        # cannot connect the card keeps "wird gemessen" and admission negotiates after the click)
        try:
            card.locator("[data-path-level]:not([data-path-level=connecting])").wait_for(timeout=15_000)
        except PlaywrightTimeoutError:
            pass
        if before_admission is not None:
            before_admission(client, room.page)
        desk.page.evaluate(ARM)
        room.page.evaluate(ARM)
        clicked = float(desk.page.evaluate(CLICK, f"Bench {name}"))
        result = {"advisor_ms": _playing_at(desk.page) - clicked, "client_ms": _playing_at(room.page) - clicked}
        desk.end_for_all()
        time.sleep(0.3)
        return result
    finally:
        advisor.close()
        client.close()


def run_app(browser: Browser, server: AppServer, rounds: int, label: str) -> dict[str, Any]:
    runs = [admit_once(browser, server, f"{label}{i}") for i in range(rounds)]
    return {
        "advisor_ms": summary([r["advisor_ms"] for r in runs]),
        "client_ms": summary([r["client_ms"] for r in runs]),
        "both_ms": summary([max(r["advisor_ms"], r["client_ms"]) for r in runs]),
    }


# --- the baseline: no app, the same browser, the same fake camera ---------------------------------------

BLANK_ORIGIN = "http://localhost:9"  # never contacted: Playwright answers every request (a secure context)
PEER = """async (role) => {
  window.__vtPlaying = null;
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  const channel = new BroadcastChannel('bench');
  const video = document.createElement('video');
  video.autoplay = true; video.playsInline = true; video.muted = true; document.body.append(video);
  video.addEventListener('playing', () => { if (!window.__vtPlaying) window.__vtPlaying = Date.now(); });
  let pc = null;
  const make = () => {
    pc = new RTCPeerConnection();
    stream.getTracks().forEach((t) => pc.addTrack(t, stream));
    pc.onicecandidate = (e) => e.candidate && channel.postMessage({ from: role, candidate: e.candidate.toJSON() });
    pc.ontrack = (e) => { if (video.srcObject !== e.streams[0]) video.srcObject = e.streams[0]; };
  };
  channel.onmessage = async ({ data }) => {
    if (data.from === role) return;
    if (data.offer) { make(); await pc.setRemoteDescription(data.offer); const a = await pc.createAnswer();
      await pc.setLocalDescription(a); channel.postMessage({ from: role, answer: pc.localDescription.toJSON() }); }
    else if (data.answer) await pc.setRemoteDescription(data.answer);
    else if (data.candidate && pc) await pc.addIceCandidate(data.candidate).catch(() => {});
    else if (data.bye && pc) { pc.close(); pc = null; }
  };
  window.__vtCall = async () => { const t = Date.now(); make(); const o = await pc.createOffer();
    await pc.setLocalDescription(o); channel.postMessage({ from: role, offer: pc.localDescription.toJSON() }); return t; };
  window.__vtHangUp = () => { if (pc) pc.close(); pc = null; channel.postMessage({ from: role, bye: true });
    video.srcObject = null; window.__vtPlaying = null; };
}"""


def run_direct(browser: Browser, rounds: int) -> dict[str, Any]:
    context = browser.new_context()
    context.grant_permissions(["camera", "microphone"], origin=BLANK_ORIGIN)
    context.route(
        f"{BLANK_ORIGIN}/**", lambda route: route.fulfill(content_type="text/html", body="<!doctype html><body></body>")
    )
    caller, callee = context.new_page(), context.new_page()
    runs: list[dict[str, float]] = []
    try:
        for page, role in ((caller, "caller"), (callee, "callee")):
            page.goto(f"{BLANK_ORIGIN}/blank")
            page.evaluate(PEER, role)
        for _ in range(rounds):
            clicked = float(caller.evaluate("() => window.__vtCall()"))
            runs.append({"caller_ms": _playing_at(caller) - clicked, "callee_ms": _playing_at(callee) - clicked})
            caller.evaluate("() => window.__vtHangUp()")
            callee.evaluate("() => { window.__vtPlaying = null; }")
            time.sleep(0.3)
    finally:
        context.close()
    return {
        "caller_ms": summary([r["caller_ms"] for r in runs]),
        "callee_ms": summary([r["callee_ms"] for r in runs]),
        "both_ms": summary([max(r["caller_ms"], r["callee_ms"]) for r in runs]),
    }
