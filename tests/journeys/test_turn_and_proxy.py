"""Production edges: a relay-only call through a real coturn (REST-API shared secret) and the app
behind the repository's nginx configuration with TLS and `VT_TRUSTED_PROXIES=1`.

One app serves both journeys (each extra app rebuilds the frontend): coturn and nginx run as
throwaway children on loopback (tests/services_turn.py, tests/services_nginx.py), the browsers reach
the app only through nginx at https://127.0.0.2:<port>.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import select

from tests.journeys.pages_call import AdvisorDesk, ClientRoom, media_keeps_flowing, record_peers, remote_video_playing
from tests.journeys.seed import book, unique_advisor
from tests.journeys.server import AppServer, another_server
from tests.journeys.test_client_steps import CHECK_TIMEOUT, agree, allow_camera, participant_rows
from tests.services_nginx import PROXY_SOURCE, Nginx, running_nginx
from tests.services_turn import Turn, running_turn
from tests.support import free_port, session_for
from videotermin_app.core.models import DeviceCheck

TURN_TTL = 60  # the shortest allowed: the browsers renew after 48 s, inside one journey
RENEW_TIMEOUT_S = 75.0
RESTART_TIMEOUT_S = 30.0
SPOOFED = "203.0.113.9"  # what a client writes into X-Forwarded-For itself: must never be believed
ALLOCATED = re.compile(r"user <([^>]+)>: incoming packet ALLOCATE processed, success")  # coturn's verbose log

# TEST ONLY: every RTCPeerConnection of the page may use relay candidates only (no product switch), and
# every TURN username handed to a connection (constructor and setConfiguration) is recorded.
RELAY_ONLY = """(() => {
    const Native = window.RTCPeerConnection;
    if (!Native || window.__vtRelayOnly) return;
    window.__vtRelayOnly = true;
    window.__vtTurnUsers = [];
    const note = (config) => (config && config.iceServers || []).forEach(
        (s) => s.username && window.__vtTurnUsers.push(s.username));
    window.RTCPeerConnection = class extends Native {
        constructor(config, ...rest) { note(config); super({ ...(config || {}), iceTransportPolicy: "relay" }, ...rest); }
        setConfiguration(config) { note(config); return super.setConfiguration({ ...(config || {}), iceTransportPolicy: "relay" }); }
    };
})();"""

# every connected connection's selected pair: [[local type, remote type, local ICE ufrag], ...]; the
# ufrag changes with every ICE restart (the candidate pair need not: Chromium may keep a working pair
# of the old generation selected when the new one is no better, e.g. relay to relay on the same coturn)
SELECTED_PAIRS = """async () => {
    const out = [];
    for (const pc of window.__vtPeers || []) {
        if (pc.connectionState !== "connected") continue;
        const stats = await pc.getStats();
        stats.forEach((s) => {
            if (s.type !== "transport" || !s.selectedCandidatePairId) return;
            const pair = stats.get(s.selectedCandidatePairId);
            const local = pair && stats.get(pair.localCandidateId), remote = pair && stats.get(pair.remoteCandidateId);
            if (local && remote) out.push([local.candidateType, remote.candidateType, s.iceLocalUsernameFragment || ""]);
        });
    }
    return out;
}"""


@dataclass(frozen=True)
class Edge:
    server: AppServer
    turn: Turn
    nginx: Nginx


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory, app_server: AppServer) -> Iterator[Edge]:
    work = tmp_path_factory.mktemp("edge")
    app_port = free_port()
    with running_turn(work / "turn") as turn, running_nginx(work / "nginx", app_port=app_port) as nginx:
        env = {
            "VT_BASE_URL": nginx.base_url,
            "VT_TRUSTED_PROXIES": "1",
            "VT_TURN_URLS": turn.urls,
            "VT_TURN_SECRET": turn.secret,
            "VT_TURN_TTL": str(TURN_TTL),
        }
        with another_server(app_server, work / "app", env, port=app_port) as server:
            yield Edge(server=server, turn=turn, nginx=nginx)


def through_proxy(browser: Browser, edge: Edge, **kw: object) -> BrowserContext:
    context = browser.new_context(  # type: ignore[arg-type]
        base_url=edge.nginx.base_url, locale="de-DE", timezone_id="Europe/Berlin", ignore_https_errors=True, **kw
    )
    context.grant_permissions(["camera", "microphone"], origin=edge.nginx.base_url)
    context.set_default_timeout(20_000)
    return context


def device_check(page: Page, token: str) -> str:
    page.goto(f"/vkid/{token}")
    agree(page)
    allow_camera(page)
    page.get_by_role("button", name="Geräte überprüfen").click()
    result = page.locator("#device-check-result")
    expect(result).to_be_visible(timeout=CHECK_TIMEOUT)
    return result.get_attribute("data-level") or ""


def stored_check(server: AppServer, appointment_id: int) -> DeviceCheck:
    participant = participant_rows(server, appointment_id)
    with session_for(server.database_url) as session:
        return session.exec(select(DeviceCheck).where(DeviceCheck.participant_id == participant.id)).one()


def allocated_users(turn: Turn) -> set[str]:
    """The TURN usernames coturn granted an allocation to (from its verbose log)."""
    return set(ALLOCATED.findall(turn.log()))


def relayed(page: Page) -> list[list[str]]:
    """The selected pairs, once every connected connection has one (waits up to 15 s)."""
    deadline = time.monotonic() + 15
    while True:
        pairs = page.evaluate(SELECTED_PAIRS)
        if pairs or time.monotonic() > deadline:
            return list(pairs)
        page.wait_for_timeout(250)


def test_relay_only_call_through_coturn_with_renewed_credentials(edge: Edge, browser: Browser) -> None:
    server = edge.server
    seeded = book(
        server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=1), first_name="Rita", last_name="Relais"
    )
    advisor_context = through_proxy(browser, edge, viewport={"width": 1280, "height": 800})
    client_context = through_proxy(browser, edge, viewport={"width": 390, "height": 844})
    for context in (advisor_context, client_context):
        context.add_init_script(RELAY_ONLY)
    record_peers(advisor_context, client_context)
    try:
        client = ClientRoom(client_context, seeded.tokens["client"])
        # the device check through the relay alone: the person is told, and it is stored, that a relay works
        level = device_check(client.page, seeded.tokens["client"])
        assert level in ("green", "yellow"), client.page.locator("#device-check-result").inner_text()
        relay = client.page.locator("#device-check-relay")
        expect(relay).to_have_attribute("data-relay", "ok")
        expect(relay).to_contain_text("Verbindung über den Vermittlungsserver: funktioniert")
        assert stored_check(server, seeded.appointment_id).relay_ok is True
        assert edge.turn.secret not in client.page.content()

        desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
        client.enter()
        desk.admit("Rita Relais")
        remote_video_playing(desk.page, role="client")
        remote_video_playing(client.page, role="advisor")
        for page in (desk.page, client.page):
            media_keeps_flowing(page)
            pairs = relayed(page)
            assert pairs and all(p[0] == "relay" and p[1] == "relay" for p in pairs), pairs
        users = {page: page.evaluate("() => [...window.__vtTurnUsers]") for page in (desk.page, client.page)}
        assert all(users.values()), users
        ufrags = {page: [p[2] for p in relayed(page)] for page in (desk.page, client.page)}

        # a long call: the credentials are renewed before they end (48 s), and the new ones work in coturn
        deadline = time.monotonic() + RENEW_TIMEOUT_S
        for page in (desk.page, client.page):
            while set(page.evaluate("() => [...window.__vtTurnUsers]")) <= set(users[page]):
                assert time.monotonic() < deadline, "no renewed TURN credentials reached the browser"
                page.wait_for_timeout(500)
            renewed = page.evaluate("() => window.__vtTurnUsers.at(-1)")
            expires = int(renewed.split(":", 1)[0])
            assert expires > max(int(u.split(":", 1)[0]) for u in users[page]), (renewed, users[page])
        for page in (desk.page, client.page):
            page.evaluate("() => window.dispatchEvent(new Event('online'))")  # the app restarts ICE
        for page in (desk.page, client.page):
            renewed_users = set(page.evaluate("() => [...window.__vtTurnUsers]")) - set(users[page])
            deadline = time.monotonic() + RESTART_TIMEOUT_S
            while True:  # ICE restarted everywhere, and coturn granted a relay to the renewed credentials
                pairs = relayed(page)
                restarted = bool(pairs) and not {p[2] for p in pairs} & set(ufrags[page])
                granted = allocated_users(edge.turn) & renewed_users
                if restarted and granted and all(p[0] == "relay" for p in pairs):
                    break
                assert time.monotonic() < deadline, (
                    f"after the ICE restart: pairs {pairs} (ufrags before {ufrags[page]}), "
                    f"renewed users {renewed_users}, allocated {granted}"
                )
                page.wait_for_timeout(500)
            media_keeps_flowing(page)
        desk.end_for_all()
    finally:
        advisor_context.close()
        client_context.close()
    assert "ALLOCATE processed, success" in edge.turn.log()  # coturn itself granted relays


def test_behind_nginx_the_stored_address_is_the_browsers(edge: Edge, browser: Browser) -> None:
    server = edge.server
    seeded = book(server, advisor_email=unique_advisor(), first_name="Paul", last_name="Proxy")
    # the client itself claims another address: only the one nginx appends is believed
    context = through_proxy(browser, edge, extra_http_headers={"X-Forwarded-For": SPOOFED})
    try:
        page = context.new_page()
        response = page.goto(f"/vkid/{seeded.tokens['client']}")
        assert response is not None and response.status == 200
        assert response.url.startswith(edge.nginx.base_url)
        headers = response.headers
        assert headers.get("strict-transport-security", "").startswith("max-age="), headers  # from the app
        assert headers.get("server") == "nginx"  # server_tokens off: no version
        # the app's own redirects (/login -> /login/) stay on https and nginx's port
        response = page.goto("/login")
        assert response is not None and response.ok and response.url == f"{edge.nginx.base_url}/login/", response.url
        page.close()
        page = context.new_page()
        level = device_check(page, seeded.tokens["client"])
        assert level in ("green", "yellow"), page.locator("#device-check-result").inner_text()
    finally:
        context.close()
    browser_addresses = edge.nginx.client_addresses("/_event")
    assert len(browser_addresses) == 1, browser_addresses  # the browser's socket went through nginx
    (browser_address,) = browser_addresses
    stored = stored_check(server, seeded.appointment_id).ip_address
    assert stored == browser_address, (stored, browser_address)
    assert stored not in (PROXY_SOURCE, SPOOFED)
