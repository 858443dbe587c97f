"""Page objects for the waiting area and the call, on both sides."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import BrowserContext, Page, WebSocket, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_advisor import LoginPage
from tests.journeys.seed import ADVISOR_EMAIL, ADVISOR_PASSWORD

REMOTE_PLAYING = """(sel) => [...document.querySelectorAll(sel)].some(
    v => v.readyState >= 2 && v.videoWidth > 0 && !v.paused)"""


VIDEO_STATES = """() => [...document.querySelectorAll("video[data-remote]")].map(v => ({
    role: v.dataset.participantRole, readyState: v.readyState, width: v.videoWidth, paused: v.paused}))"""


def remote_video_playing(page: Page, timeout: float = 20_000, role: str | None = None) -> None:
    selector = "video[data-remote]" + (f'[data-participant-role="{role}"]' if role else "")
    try:
        page.wait_for_function(REMOTE_PLAYING, arg=selector, timeout=timeout)
    except PlaywrightTimeoutError:
        raise AssertionError(
            f"no remote video of {role or 'anyone'} playing on {page.url} after {timeout / 1000:.0f} s; "
            f"remote videos: {page.evaluate(VIDEO_STATES)}"
        ) from None


# Every RTCPeerConnection the page makes, recorded before any of the app's scripts run (no product change).
RECORD_PEERS = """(() => {
    const Native = window.RTCPeerConnection;
    if (!Native || window.__vtPeers) return;
    window.__vtPeers = [];
    window.RTCPeerConnection = class extends Native {
        constructor(...args) { super(...args); window.__vtPeers.push(this); }
    };
})();"""

# What this page received from others: decoded video frames and audio bytes over its open connections.
INBOUND = """async () => {
    let frames = 0, bytes = 0;
    for (const pc of window.__vtPeers || []) {
        if (pc.connectionState === "closed") continue;
        (await pc.getStats()).forEach((s) => {
            if (s.type !== "inbound-rtp") return;
            if (s.kind === "video") frames += s.framesDecoded || 0;
            if (s.kind === "audio") bytes += s.bytesReceived || 0;
        });
    }
    return { frames, bytes };
}"""
INBOUND_EVER = """async () => {
    let frames = 0, bytes = 0;
    for (const pc of window.__vtPeers || []) {
        const stats = await pc.getStats().catch(() => new Map());
        stats.forEach((s) => {
            if (s.type === "inbound-rtp") { frames += s.framesDecoded || 0; bytes += s.bytesReceived || 0; }
        });
    }
    return { frames, bytes };
}"""


# Every recorded connection of the page: its state and what it received (frames decoded, audio
# energy, bytes), and what its senders carry (a track or none).
CONNECTIONS = """async () => {
    const out = [];
    for (const pc of window.__vtPeers || []) {
        let frames = 0, energy = 0, bytes = 0;
        const stats = await pc.getStats().catch(() => new Map());
        stats.forEach((s) => {
            if (s.type !== "inbound-rtp") return;
            frames += s.framesDecoded || 0; energy += s.totalAudioEnergy || 0; bytes += s.bytesReceived || 0;
        });
        const sending = pc.connectionState === "closed" ? [] : pc.getSenders().filter((s) => s.track).map((s) => s.track.kind);
        out.push({ state: pc.connectionState, frames, energy, bytes, sending });
    }
    return out;
}"""

# What each open connection's senders are allowed to send (RTCRtpSender.getParameters), per kind.
SEND_PARAMETERS = """() => (window.__vtPeers || []).filter((pc) => pc.connectionState === "connected").map(
    (pc) => Object.fromEntries(pc.getTransceivers().filter((t) => !t.stopped).map((t) => {
        const p = t.sender.getParameters(), e = (p.encodings || [])[0] || {};
        return [t.receiver.track.kind, { maxBitrate: e.maxBitrate ?? null, maxFramerate: e.maxFramerate ?? null,
            priority: e.priority ?? null, networkPriority: e.networkPriority ?? null,
            degradationPreference: p.degradationPreference ?? null }];
    })))"""


def connections(page: Page) -> list[dict[str, Any]]:
    """The page's recorded connections (see CONNECTIONS)."""
    return list(page.evaluate(CONNECTIONS))


def preconnected_without_media(page: Page, timeout: float = 20_000) -> None:
    """Before **Hereinholen**: the page has exactly one connection (the pre-connection), it is
    connected, nothing was received on it (no decoded frame, no audio energy, no byte) and its
    senders carry no track."""
    try:
        page.wait_for_function(
            """() => (window.__vtPeers || []).length === 1 && window.__vtPeers[0].connectionState === "connected" """,
            timeout=timeout,
        )
    except PlaywrightTimeoutError:
        raise AssertionError(f"no pre-connection on {page.url}: {connections(page)}") from None
    found = connections(page)
    assert found == [{"state": "connected", "frames": 0, "energy": 0, "bytes": 0, "sending": []}], found


def expected_send_parameters(limits: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        "audio": {
            "maxBitrate": None,
            "maxFramerate": None,
            "priority": limits["audio_priority"],
            "networkPriority": limits["audio_priority"],
            "degradationPreference": None,
        },
        "video": {
            "maxBitrate": limits["video_bps"],
            "maxFramerate": limits["video_fps"],
            "priority": limits["video_priority"],
            "networkPriority": limits["video_priority"],
            "degradationPreference": limits["video_degradation"],
        },
    }


def sends_within(page: Page, limits: dict[str, Any], connections_count: int, timeout: float = 10.0) -> None:
    """Every connected connection of the page has exactly these encoding limits on its senders
    (read back with getParameters; polled, since setParameters resolves after the connection)."""
    wanted = [expected_send_parameters(limits)] * connections_count
    deadline = time.monotonic() + timeout
    while True:
        found = page.evaluate(SEND_PARAMETERS)
        for params in found:  # the audio sender has no degradation preference of its own
            params.get("audio", {})["degradationPreference"] = None
        if found == wanted:
            return
        assert time.monotonic() < deadline, f"sender parameters on {page.url}: {found}, wanted {wanted}"
        page.wait_for_timeout(250)


def record_peers(*contexts: BrowserContext) -> None:
    """Call before the context opens its pages."""
    for context in contexts:
        context.add_init_script(RECORD_PEERS)


def media_keeps_flowing(page: Page, timeout: float = 20.0, watch: float = 6.0, stall: float = 2.5) -> None:
    """The other side's video is decoded and its audio arrives, and both keep growing for `watch` seconds.

    First both counters must start growing (within `timeout`: after a reload or a network drop the
    connection is rebuilt first, and a dead connection's counters stand still). Then a picture that
    freezes or a sound that stops while we watch (no growth of decoded frames or of audio bytes for
    `stall` seconds) fails: a call that connects and then goes dead is red, not only one that never
    started. A replaced connection (reconnect) counts from zero: then growth must start again."""
    deadline = time.monotonic() + timeout
    seen = page.evaluate(INBOUND)

    def poll() -> tuple[dict[str, int], bool]:
        """The next look at getStats (a poll, not a margin); True if a connection was replaced."""
        page.wait_for_timeout(250)
        now = page.evaluate(INBOUND)
        return now, now["frames"] < seen["frames"] or now["bytes"] < seen["bytes"]

    while True:
        grown: set[str] = set()
        while grown != {"frames", "bytes"}:  # both start growing
            now, replaced = poll()
            grown = set() if replaced else grown | {k for k in ("frames", "bytes") if now[k] > seen[k]}
            assert time.monotonic() < deadline, f"no media growing on {page.url}: {now} after {seen}"
            seen = now
        grew = dict.fromkeys(("frames", "bytes"), time.monotonic())
        watch_ends = time.monotonic() + watch
        replaced = False
        while time.monotonic() < watch_ends and not replaced:
            now, replaced = poll()
            at = time.monotonic()
            for kind in ("frames", "bytes"):
                if now[kind] > seen[kind]:
                    grew[kind] = at
                stalled = at - grew[kind]
                what = "video frames" if kind == "frames" else "audio bytes"
                assert replaced or stalled < stall, (
                    f"the {what} stopped growing for {stalled:.1f} s on {page.url}: {now} after {seen}"
                )
            seen = now
        if not replaced:
            return
        assert time.monotonic() < deadline, f"the connection was replaced while watching on {page.url}"


def nothing_received(page: Page) -> None:
    """No frame and no byte of anybody else ever reached this page."""
    assert page.evaluate(INBOUND_EVER) == {"frames": 0, "bytes": 0}


def remote_count(page: Page) -> int:
    return int(page.evaluate("() => document.querySelectorAll('video[data-remote]').length"))


class AdvisorDesk:
    def __init__(self, context: BrowserContext) -> None:
        self.page = context.new_page()
        self.page.on("console", lambda m: m.text.startswith("VT") and print(m.text))

    def sign_in(self, email: str = ADVISOR_EMAIL) -> AdvisorDesk:
        LoginPage(self.page).open().sign_in(email, ADVISOR_PASSWORD)
        expect(self.page.get_by_role("heading", name="Wartebereich")).to_be_visible()
        return self

    def waiting_card(self, name: str):  # type: ignore[no-untyped-def]
        return self.page.locator("[data-waiting-key]").filter(has_text=name)

    def admit(self, name: str) -> float:
        card = self.waiting_card(name)
        expect(card.get_by_role("button", name="Hereinholen")).to_be_visible()
        started = time.time()
        card.get_by_role("button", name="Hereinholen").click()
        return started

    def decline(self, name: str, message: str) -> None:
        self.waiting_card(name).get_by_role("button", name="Ablehnen").click()
        dialog = self.page.get_by_role("alertdialog")
        expect(dialog).to_be_visible()
        assert_no_axe_violations(self.page, "decline dialog, advisor")
        dialog.get_by_role("textbox", name="Nachricht an die Person").fill(message)
        dialog.get_by_role("button", name="Nachricht senden und ablehnen").click()

    def end_for_all(self) -> None:
        self.page.get_by_role("button", name="Auflegen").click()
        dialog = self.page.get_by_role("alertdialog")
        expect(dialog).to_be_visible()
        assert_no_axe_violations(self.page, "end-call dialog, advisor")
        dialog.get_by_role("button", name="Termin beenden").click()


class ClientRoom:
    def __init__(self, context: BrowserContext, token: str) -> None:
        self.page = context.new_page()
        self.page.on("console", lambda m: m.text.startswith("VT") and print(m.text))
        self.sockets: list[WebSocket] = []  # the page's websockets, newest last
        self.page.on("websocket", lambda ws: self.sockets.append(ws))
        self.token = token

    def open(self) -> ClientRoom:
        self.page.goto(f"/vkid/{self.token}")
        return self

    def enter(self) -> ClientRoom:
        button = self.page.get_by_role("button", name="Beratungsraum betreten")
        expect(button).to_be_enabled()
        button.click()
        expect(self.page.get_by_role("heading", name="Sie sind im virtuellen Wartebereich")).to_be_visible()
        return self


def send_chat(page: Page, text: str) -> None:
    page.get_by_role("textbox", name="Chatnachricht").fill(text)
    page.get_by_role("button", name="Chatnachricht senden").click()


# The labels of the tracks this page sends over its open connections, and of its own picture.
OUTGOING_LABELS = """() => (window.__vtPeers || []).filter((pc) => pc.connectionState !== "closed")
    .flatMap((pc) => pc.getSenders().map((s) => s.track && `${s.track.kind}:${s.track.label}:${s.track.enabled}`))
    .filter(Boolean).sort()"""
LOCAL_LABELS = """() => { const v = document.querySelector("video#local-video");
    const s = v && v.srcObject;
    return s ? s.getTracks().map((t) => `${t.kind}:${t.label}:${t.enabled}:${t.readyState}`).sort() : []; }"""


def outgoing_labels(page: Page) -> list[str]:
    """`kind:label:enabled` of every track this page sends (needs `record_peers`)."""
    return list(page.evaluate(OUTGOING_LABELS))


def local_labels(page: Page) -> list[str]:
    """`kind:label:enabled:readyState` of every track in the own picture `video#local-video`."""
    return list(page.evaluate(LOCAL_LABELS))


def wait_for_local(page: Page, wanted: str) -> None:
    """The own picture carries a live track `wanted` (e.g. "video:fake_device_1:true:live")."""
    page.wait_for_function(f"() => ({LOCAL_LABELS})().includes({wanted!r})")


def open_devices(page: Page) -> None:
    """The call's **Geräte wählen** popover with the comboboxes Kamera, Mikrofon, Lautsprecher, opened
    with the keyboard (the focus moves into it; Escape closes it)."""
    page.get_by_role("toolbar").get_by_role("button", name="Geräte wählen").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Geräte wählen")
    expect(dialog.get_by_role("combobox", name="Kamera", exact=True)).to_be_visible()
    expect(dialog.get_by_role("combobox", name="Mikrofon", exact=True)).to_be_visible()
    page.wait_for_function("() => document.activeElement && !!document.activeElement.closest('[role=dialog]')")
