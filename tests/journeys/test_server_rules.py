"""The rules a button's state hides are kept by the server: each event is fired from the page itself
(as any browser can, whatever the buttons show) and must be refused, and the advisor, signed in with
the waiting area open, must see nobody. Each journey ends with the same person let in the honest way,
which proves the advisor's waiting area would have shown them."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import BrowserContext, Page, expect

from tests.journeys.events import Deltas, fire
from tests.journeys.pages_call import AdvisorDesk, ClientRoom
from tests.journeys.seed import (
    Seeded,
    book,
    decline_long_ago,
    move,
    ready_for_room,
    room_rows,
    room_statuses,
    unique_advisor,
)
from tests.journeys.server import AppServer
from videotermin_app.device_check.state import DeviceCheckState
from videotermin_app.room.rooms import ASK_AGAIN_AFTER
from videotermin_app.room.state_waiting import WaitingState
from videotermin_app.wizard.state_media import MediaState

WAITING_HEADING = "Sie sind im virtuellen Wartebereich"
NOT_YET_OPEN = "Der Beratungsraum öffnet erst 5 Minuten vor Beginn des Termins."
NO_CONSENT = "Bitte stimmen Sie zuerst der Einwilligungserklärung zu."
NO_DEVICE_CHECK = "Bitte überprüfen Sie zuerst Ihre Geräte."
ASKED_TOO_SOON = "Ihre Ansprechperson hat Sie gerade nicht hereingeholt. Sie können ab"


def current_step(page: Page) -> str:
    return str(page.locator('nav li[aria-current="step"]').inner_text())


def nobody_waits(server: AppServer, desk: AdvisorDesk, client: ClientRoom, seeded: Seeded) -> None:
    expect(client.page.get_by_role("heading", name=WAITING_HEADING)).to_have_count(0)
    expect(desk.page.locator("[data-waiting-key]")).to_have_count(0)
    assert room_rows(server, seeded.appointment_id) == 0


def let_in_honestly(desk: AdvisorDesk, client: ClientRoom, name: str) -> None:
    client.enter()
    expect(desk.waiting_card(name).get_by_role("button", name="Hereinholen")).to_be_visible()


def test_entering_before_the_five_minute_mark_is_refused(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server,
        advisor_email=unique_advisor(),
        starts_in=timedelta(minutes=30),
        first_name="Frida",
        last_name="Früh",
    )
    ready_for_room(app_server, seeded)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open()
    expect(client.page.get_by_role("button", name="Beratungsraum betreten")).to_be_disabled()

    fire(client.page, WaitingState, "enter_room")
    expect(client.page.get_by_role("alert").filter(has_text=NOT_YET_OPEN)).to_be_visible()
    nobody_waits(app_server, desk, client, seeded)

    # the appointment is moved to within the five minutes: the same page opens the room by itself
    move(app_server, seeded.appointment_id, starts_in=timedelta(minutes=2))
    expect(client.page.get_by_role("button", name="Beratungsraum betreten")).to_be_enabled(timeout=30_000)
    let_in_honestly(desk, client, "Frida Früh")


def test_entering_without_consent_is_refused(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=1), first_name="Otto", last_name="Ohne"
    )
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"])
    deltas = Deltas(client.page)
    client.open()
    expect(client.page.get_by_role("heading", name="Einwilligungserklärung")).to_be_visible()

    fire(client.page, WaitingState, "enter_room")
    deltas.wait_for(WaitingState, "entry_error", NO_CONSENT)
    expect(client.page.get_by_role("heading", name="Einwilligungserklärung")).to_be_visible()
    nobody_waits(app_server, desk, client, seeded)

    ready_for_room(app_server, seeded)
    client.page.reload()
    let_in_honestly(desk, client, "Otto Ohne")


def test_entering_without_a_device_check_is_refused(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server,
        advisor_email=unique_advisor(),
        starts_in=timedelta(minutes=1),
        first_name="Gerd",
        last_name="Geräte",
    )
    ready_for_room(app_server, seeded, device_check=False)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"])
    deltas = Deltas(client.page)
    client.open()
    expect(client.page.get_by_role("button", name="Kamera und Mikrofon freigeben")).to_be_visible()

    fire(client.page, WaitingState, "enter_room")
    deltas.wait_for(WaitingState, "entry_error", NO_DEVICE_CHECK)
    nobody_waits(app_server, desk, client, seeded)

    ready_for_room(app_server, seeded, consent=False)
    client.page.reload()
    let_in_honestly(desk, client, "Gerd Geräte")


def test_the_device_check_before_consent_is_refused(app_server: AppServer, client_context: BrowserContext) -> None:
    seeded = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=1))
    client = ClientRoom(client_context, seeded.tokens["client"])
    deltas = Deltas(client.page)
    client.open()
    expect(client.page.get_by_role("heading", name="Einwilligungserklärung")).to_be_visible()
    assert "2" in current_step(client.page)

    # what steps 3 and 4 would send: camera allowed, back to the test call, start it
    fire(client.page, MediaState, "on_media", {"result": {"ok": True, "has_video": True, "has_audio": True}})
    fire(client.page, MediaState, "recheck")
    fire(client.page, DeviceCheckState, "start")
    # a last event whose answer proves the server has handled the ones before (one tab, in order)
    fire(client.page, WaitingState, "enter_room")
    deltas.wait_for(WaitingState, "entry_error", NO_CONSENT)

    assert True not in deltas.values(DeviceCheckState, "is_running"), "a test call was started without consent"
    expect(client.page.get_by_role("button", name="Geräte überprüfen")).to_have_count(0)
    expect(client.page.get_by_role("heading", name="Einwilligungserklärung")).to_be_visible()
    assert "2" in current_step(client.page)


def test_asking_again_right_after_a_decline_is_refused(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    """A declined person's **Erneut anfragen** within a minute would ring the advisor's desk again: refused,
    said when it works, and the advisor sees nobody; a minute later the same button lets them wait again."""
    seeded = book(
        app_server,
        advisor_email=unique_advisor(),
        starts_in=timedelta(minutes=2),
        first_name="Nora",
        last_name="Nochmal",
    )
    ready_for_room(app_server, seeded)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open()
    let_in_honestly(desk, client, "Nora Nochmal")
    desk.decline("Nora Nochmal", "Ich melde mich gleich.")
    expect(client.page.get_by_text("Ich melde mich gleich.")).to_be_visible()
    expect(desk.page.locator("[data-waiting-key]")).to_have_count(0)

    client.page.get_by_role("button", name="Erneut anfragen").click()
    expect(client.page.get_by_role("alert").filter(has_text=ASKED_TOO_SOON)).to_be_visible()
    fire(client.page, WaitingState, "enter_room")  # and again from the page itself, whatever it shows
    expect(client.page.get_by_role("heading", name=WAITING_HEADING)).to_have_count(0)
    expect(desk.page.locator("[data-waiting-key]")).to_have_count(0)
    assert room_statuses(app_server, seeded.appointment_id) == ["declined"]

    decline_long_ago(app_server, seeded.appointment_id, ago=ASK_AGAIN_AFTER)
    client.page.get_by_role("button", name="Erneut anfragen").click()
    expect(desk.waiting_card("Nora Nochmal").get_by_role("button", name="Hereinholen")).to_be_visible()
    assert room_statuses(app_server, seeded.appointment_id) == ["waiting"]
