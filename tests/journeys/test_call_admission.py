"""The room opens 5 minutes before the start, by itself; the advisor can decline with a message."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import BrowserContext, expect

from tests.journeys.pages_call import AdvisorDesk, ClientRoom
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
