"""The room opens 5 minutes before the start, by itself; the advisor can decline with a message;
admission works without a pre-connection and when only one side has it (the fallbacks of instant
admission; the pre-connection itself is in test_call_two_party.py)."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import BrowserContext, expect

from tests.journeys.pages_call import (
    AdvisorDesk,
    ClientRoom,
    connections,
    media_keeps_flowing,
    nothing_received,
    preconnected_without_media,
    record_peers,
    remote_video_playing,
)
from tests.journeys.seed import book, decline_long_ago, move, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from videotermin_app.room.rooms import ASK_AGAIN_AFTER


def test_room_opens_by_itself_at_the_five_minute_mark(app_server: AppServer, client_context: BrowserContext) -> None:
    # the room is closed (no race against a margin of seconds: the mark is 25 minutes away) ...
    seeded = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=30))
    ready_for_room(app_server, seeded)
    client = ClientRoom(client_context, seeded.tokens["client"]).open()
    button = client.page.get_by_role("button", name="Beratungsraum betreten")
    expect(button).to_be_disabled()
    expect(client.page.get_by_text("5 Minuten vor Beginn")).to_be_visible()
    # ... and opens without a reload once the mark has passed (the booking moved; the page looks every 20 s)
    move(app_server, seeded.appointment_id, starts_in=timedelta(minutes=4))
    expect(button).to_be_enabled(timeout=30_000)
    client.enter()


def test_advisor_declines_with_a_message_and_the_person_may_ask_again(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server,
        advisor_email=unique_advisor(),
        starts_in=timedelta(minutes=1),
        first_name="Jonas",
        last_name="Wartend",
    )
    ready_for_room(app_server, seeded)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    desk.decline("Jonas Wartend", "Ich rufe Sie gleich an.")
    expect(client.page.get_by_text("Ich rufe Sie gleich an.")).to_be_visible()
    expect(desk.waiting_card("Jonas Wartend")).to_have_count(0)
    # asking again works a minute after the decline (test_server_rules.py shows the refusal before that)
    decline_long_ago(app_server, seeded.appointment_id, ago=ASK_AGAIN_AFTER)
    client.page.get_by_role("button", name="Erneut anfragen").click()
    expect(desk.waiting_card("Jonas Wartend").get_by_role("button", name="Hereinholen")).to_be_visible()


def test_a_late_advisor_gets_a_calm_note_with_the_support_number(
    app_server: AppServer, client_context: BrowserContext
) -> None:
    # the appointment began 6 minutes ago and nobody has fetched the client yet
    seeded = book(app_server, advisor_email=unique_advisor(), starts_in=-timedelta(minutes=6))
    ready_for_room(app_server, seeded)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    note = client.page.get_by_role("status").filter(has_text="Ihr Termin beginnt etwas später.")
    expect(note).to_be_visible()
    expect(note.get_by_role("link", name="0800 4 555501")).to_be_visible()
    expect(client.page.get_by_text("Bitte stellen Sie sicher, dass keine anderen Personen")).to_be_visible()


# TEST ONLY: the page's connections made while `window.__vtBreakPeers` is true use relay candidates
# only; without a TURN server they never connect (a pre-connection that cannot be made).
BREAK_PEERS = """(() => {
    const Native = window.RTCPeerConnection;
    if (!Native || window.__vtBreakable) return;
    window.__vtBreakable = true;
    window.__vtBreakPeers = true;
    window.RTCPeerConnection = class extends Native {
        constructor(config, ...rest) {
            if (window.__vtBreakPeers) super({ ...(config || {}), iceTransportPolicy: "relay" }, ...rest);
            else super(config, ...rest);
        }
    };
})();"""

# TEST ONLY: the page's first connection (the pre-connection) always says it is still connecting,
# so this side never takes it over while the other side does.
UNSURE_FIRST = """(() => {
    const Native = window.RTCPeerConnection;
    if (!Native || window.__vtUnsure) return;
    window.__vtUnsure = true;
    let first = true;
    window.RTCPeerConnection = class extends Native {
        constructor(...args) {
            super(...args);
            if (first) { first = false; Object.defineProperty(this, "connectionState", { get: () => "connecting" }); }
        }
    };
})();"""


def _fetched_over_a_new_connection(desk: AdvisorDesk, client: ClientRoom) -> None:
    remote_video_playing(desk.page, role="client")
    remote_video_playing(client.page, role="advisor")
    media_keeps_flowing(desk.page)
    media_keeps_flowing(client.page)
    for page in (desk.page, client.page):
        found = connections(page)
        live = [c for c in found if c["state"] == "connected" and sorted(c["sending"]) == ["audio", "video"]]
        assert len(live) == 1 and found.index(live[0]) > 0, found  # not the pre-connection: a new one


def test_admission_works_when_no_pre_connection_could_be_made(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=1), first_name="Ida", last_name="Ohne"
    )
    ready_for_room(app_server, seeded)
    record_peers(advisor_context, client_context)
    advisor_context.add_init_script(BREAK_PEERS)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    card = desk.waiting_card("Ida Ohne")
    expect(card.locator("[data-path-level=connecting]")).to_contain_text("Leitung zu Ihnen: wird gemessen")
    nothing_received(desk.page)
    nothing_received(client.page)
    desk.page.evaluate("() => { window.__vtBreakPeers = false; }")  # the call's own connection may connect
    desk.admit("Ida Ohne")
    _fetched_over_a_new_connection(desk, client)


def test_admission_negotiates_afresh_when_only_one_side_has_the_pre_connection(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=1), first_name="Udo", last_name="Halb"
    )
    ready_for_room(app_server, seeded)
    record_peers(advisor_context, client_context)
    client_context.add_init_script(UNSURE_FIRST)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    # the advisor's side is connected (and says so); the client's side will not take the connection over
    preconnected_without_media(desk.page)
    expect(desk.waiting_card("Udo Halb").locator("[data-path-level=green]")).to_be_visible()
    desk.admit("Udo Halb")  # the advisor's side switches on, hears "fresh" and negotiates anew
    _fetched_over_a_new_connection(desk, client)
