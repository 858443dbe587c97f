"""Advisor, client and interpreter in one mesh call; a second tab takes the seat over."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Browser, BrowserContext, expect

from tests.journeys.pages_advisor import shot
from tests.journeys.pages_call import AdvisorDesk, ClientRoom, record_peers, remote_video_playing, sends_within
from tests.journeys.seed import book_with_interpreter
from tests.journeys.server import AppServer
from videotermin_app.room.send_limits import send_limits


def test_three_party_mesh(
    app_server: AppServer, browser: Browser, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book_with_interpreter(app_server, first_name="Aylin", last_name="Demir", starts_in=timedelta(minutes=1))
    interpreter_context = browser.new_context(
        base_url=app_server.base_url, locale="de-DE", viewport={"width": 1024, "height": 768}
    )
    record_peers(advisor_context, client_context, interpreter_context)
    try:
        desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
        client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
        interpreter = ClientRoom(interpreter_context, seeded.tokens["interpreter"]).open().enter()
        expect(desk.waiting_card("Olga Dolmetsch")).to_contain_text("Dolmetscherin/Dolmetscher")
        desk.admit("Aylin Demir")
        desk.admit("Olga Dolmetsch")
        for page, roles in (
            (desk.page, ("client", "interpreter")),
            (client.page, ("advisor", "interpreter")),
            (interpreter.page, ("advisor", "client")),
        ):
            for role in roles:
                remote_video_playing(page, role=role)
        shot(desk.page, "call-three-party-desktop")
        # everyone sends to two others: the video cap shares a phone uplink between them (read back)
        for page in (desk.page, client.page, interpreter.page):
            sends_within(page, send_limits(2), connections_count=2)

        # the interpreter opens the link in a second tab: it takes over, the first tab steps back
        second = ClientRoom(interpreter_context, seeded.tokens["interpreter"]).open()
        remote_video_playing(second.page, role="advisor")
        expect(interpreter.page.get_by_role("button", name="Hier fortsetzen")).to_be_visible()
        expect(desk.page.locator('video[data-remote][data-participant-role="interpreter"]')).to_have_count(1)
    finally:
        interpreter_context.close()
