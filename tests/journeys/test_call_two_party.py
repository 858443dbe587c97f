"""An advisor fetches a waiting client into the call: video both ways, chat, mute, leave, reload, end."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import BrowserContext, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_advisor import shot
from tests.journeys.pages_call import (
    AdvisorDesk,
    ClientRoom,
    connections,
    media_keeps_flowing,
    nothing_received,
    preconnected_without_media,
    record_peers,
    remote_count,
    remote_video_playing,
    send_chat,
    sends_within,
)
from tests.journeys.seed import book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from videotermin_app.room.send_limits import send_limits


def both_sides_live(desk: AdvisorDesk, client: ClientRoom) -> None:
    media_keeps_flowing(desk.page)
    media_keeps_flowing(client.page)


def test_two_party_call(app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2), first_name="Lena", last_name="Kunde"
    )
    ready_for_room(app_server, seeded)
    record_peers(advisor_context, client_context)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    expect(client.page.locator("video#local-video")).to_be_visible()
    shot(client.page, "call-waiting-phone")

    # the advisor sees the waiting person live, with the device-check light, and fetches her
    expect(desk.waiting_card("Lena Kunde")).to_contain_text("Kundin/Kunde")
    # announced live (sound, browser notification and a screen-reader status)
    expect(desk.page.get_by_role("status").filter(has_text="Lena Kunde wartet im Wartebereich.")).to_be_attached()
    expect(desk.waiting_card("Lena Kunde").locator("[data-level=green]")).to_be_visible()
    # while she waits, both browsers are connected already (instant admission), but nothing of the
    # client reaches the advisor before admission, nor the other way round: no tile, no frame, no sound
    preconnected_without_media(desk.page)
    preconnected_without_media(client.page)
    # the advisor sees the path measured on that connection beside the device-check light
    path = desk.waiting_card("Lena Kunde").locator("[data-path-level=green]")
    expect(path).to_contain_text("Leitung zu Ihnen: gut")
    expect(path).to_contain_text(re.compile(r"Antwortzeit \d+ ms"))
    shot(desk.page, "waiting-preconnected-desktop")
    assert remote_count(desk.page) == 0
    nothing_received(desk.page)
    nothing_received(client.page)
    preconnected_without_media(desk.page)
    desk.admit("Lena Kunde")
    remote_video_playing(desk.page, role="client")
    remote_video_playing(client.page, role="advisor")
    both_sides_live(desk, client)
    # Hereinholen only switched the media on: still the one connection on each side, now sending
    for page in (desk.page, client.page):
        found = connections(page)
        assert [(c["state"], sorted(c["sending"])) for c in found] == [("connected", ["audio", "video"])], found
        # encoding limits for a phone uplink, read back from the senders
        sends_within(page, send_limits(1), connections_count=1)
    expect(client.page.get_by_text("Bernd Berater", exact=True)).to_be_visible()
    # each side sees the quality of its connection to the other (from getStats, three levels)
    for page in (desk.page, client.page):
        expect(page.locator("[data-connection-level]")).to_have_attribute(
            "data-connection-level", re.compile("green|yellow|red")
        )
    shot(desk.page, "call-advisor-desktop")
    shot(client.page, "call-client-phone")

    # chat both ways; markup stays text
    send_chat(client.page, "<b>Hallo</b> & guten Tag")
    expect(desk.page.get_by_role("log")).to_contain_text("<b>Hallo</b> & guten Tag")
    assert desk.page.get_by_role("log").locator("b").count() == 0
    send_chat(desk.page, "Guten Tag, Frau Kunde!")
    expect(client.page.get_by_role("log")).to_contain_text("Guten Tag, Frau Kunde!")
    assert_no_axe_violations(client.page, "call with chat, client")
    assert_no_axe_violations(desk.page, "call with chat, advisor")

    # mute and camera: the other side sees it; the buttons switch their names
    client.page.get_by_role("button", name="Mikrofon stumm schalten").click()
    expect(client.page.get_by_role("button", name="Stummschaltung aufheben")).to_be_visible()
    expect(desk.page.locator("[data-peer-key]")).to_contain_text("Mikrofon stumm")
    client.page.get_by_role("button", name="Videofreigabe beenden").click()
    expect(client.page.get_by_role("button", name="Video freigeben")).to_be_visible()
    expect(desk.page.locator("[data-peer-key]")).to_contain_text("Kamera aus")
    client.page.get_by_role("button", name="Video freigeben").click()
    client.page.get_by_role("button", name="Stummschaltung aufheben").click()
    expect(desk.page.locator("[data-peer-key]")).not_to_contain_text("Mikrofon stumm")
    for name in ("Vollbild", "Auflegen"):
        expect(desk.page.get_by_role("button", name=name, exact=True)).to_be_visible()

    # a reload during the call reconnects both sides
    client.page.reload()
    remote_video_playing(client.page, role="advisor")
    remote_video_playing(desk.page, role="client")
    both_sides_live(desk, client)

    # the network drops and comes back (websocket gone, ICE restarted): the call recovers by itself
    socket = client.sockets[-1]
    client_context.set_offline(True)
    socket.wait_for_event("close")  # the app's websocket is gone
    with client.page.expect_websocket():  # ... and comes back by itself
        client_context.set_offline(False)
    remote_video_playing(client.page, role="advisor")
    both_sides_live(desk, client)
    send_chat(client.page, "Wieder da")
    expect(desk.page.get_by_role("log")).to_contain_text("Wieder da")

    # the client leaves and comes back through the link while the appointment runs
    client.page.get_by_role("button", name="Auflegen").click()
    expect(client.page.get_by_text("Sie haben das Gespräch verlassen.")).to_be_visible()
    assert_no_axe_violations(client.page, "client left the call")
    expect(desk.page.locator("video[data-remote]")).to_have_count(0)
    client.page.get_by_role("button", name="Wieder eintreten").click()
    expect(desk.waiting_card("Lena Kunde").get_by_role("button", name="Hereinholen")).to_be_visible()
    desk.admit("Lena Kunde")
    remote_video_playing(client.page, role="advisor")
    both_sides_live(desk, client)

    # the advisor ends the appointment for everyone; the client moves on to the survey
    desk.end_for_all()
    expect(client.page.locator("video[data-remote]")).to_have_count(0)
    expect(client.page.get_by_role("button", name="Umfrage überspringen")).to_be_visible()
    assert_no_axe_violations(client.page, "survey after the call, client")
    expect(desk.page.locator("video[data-remote]")).to_have_count(0)
