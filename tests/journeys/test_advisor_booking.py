"""An advisor books an appointment with an interpreter, changes it and cancels it; the mails carry working links."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from icalendar import Calendar
from PIL import Image
from playwright.sync_api import BrowserContext, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_advisor import (
    AdvisorPage,
    LoginPage,
    ensure_advisor,
    shot,
    wait_for_mails,
)
from tests.journeys.server import AppServer
from videotermin_app.core.dates import format_long
from videotermin_app.core.settings import load_settings

EMAIL = "buchung.berater@example.org"
PASSWORD = "buchung-passwort-123"
TZ = load_settings({}).timezone
CLIENT = "kundin.buchung@example.org"
INTERPRETER = "dolmetsch.buchung@example.org"


def test_book_change_and_cancel_with_an_interpreter(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    ensure_advisor(app_server, EMAIL, PASSWORD, name="Bea Buchung")
    page = advisor_context.new_page()
    LoginPage(page).open().sign_in(EMAIL, PASSWORD)
    advisor = AdvisorPage(page).expect_loaded()

    start = (datetime.now(TZ) + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    advisor.open_form()
    # a bad address gets a German message at its field, and nothing is lost
    advisor.fill_client(
        first="Erika",
        last="Mustermann",
        number="123D456789",
        email="erika@@example",
        start=start.strftime("%Y-%m-%dT%H:%M"),
        duration="30",
    )
    advisor.add_person(role_label="Dolmetscher/in", name="Olga Petrova", email=INTERPRETER)
    shot(page, "advisor-booking-form-desktop")
    advisor.send()
    expect(page.get_by_text("ist ungültig")).to_be_visible()
    expect(page.get_by_role("textbox", name="Vorname", exact=True)).to_have_value("Erika")
    assert_no_axe_violations(page, "booking form with errors")
    page.get_by_role("textbox", name="E-Mail", exact=True).fill(CLIENT)
    advisor.send()
    expect(page.get_by_text("Der Termin ist angelegt. Die E-Mails sind versendet.")).to_be_visible()
    card = advisor.card("Erika Mustermann")
    expect(card.get_by_text("Gebucht")).to_be_visible()
    expect(card.get_by_text("E-Mail versendet")).to_have_count(2)
    shot(page, "advisor-list-desktop")

    # both people get their own mail with their own link, a QR code and a calendar entry
    client_mail = wait_for_mails(app_server.outbox, to=CLIENT, subject_contains="Ihre Einladung")[0]
    interpreter_mail = wait_for_mails(app_server.outbox, to=INTERPRETER, subject_contains="Ihre Einladung")[0]
    assert "Mein Videotermin" in client_mail.subject
    assert client_mail.link != interpreter_mail.link
    assert format_long(start, TZ) in client_mail.text
    assert "Dolmetscherin oder Dolmetscher" in interpreter_mail.text
    files = client_mail.attachments()
    content_type, png = files["videotermin-link.png"]
    assert content_type == "image/png" and Image.open(io.BytesIO(png)).size[0] > 50
    calendar = Calendar.from_ical(files["videotermin.ics"][1])
    event = next(c for c in calendar.walk("VEVENT"))
    assert event.decoded("dtstart") == start

    client = client_context.new_page()
    client.goto(client_mail.link)
    expect(client.get_by_role("heading", name=format_long(start, TZ))).to_be_visible()
    expect(client.get_by_text("Erika Mustermann")).to_be_visible()

    # change: one hour later; a change mail with the new date and a fresh link
    moved = start + timedelta(hours=1)
    card.get_by_role("button", name="Ändern").click()
    page.get_by_role("textbox", name="Beginn", exact=True).fill(moved.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Änderung senden").click()
    expect(page.get_by_text("Der Termin ist geändert.")).to_be_visible()
    change = wait_for_mails(app_server.outbox, to=CLIENT, subject_contains="geändert")[0]
    assert format_long(moved, TZ) in change.subject and format_long(moved, TZ) in change.text
    wait_for_mails(app_server.outbox, to=INTERPRETER, subject_contains="geändert")
    client.goto(change.link)
    expect(client.get_by_role("heading", name=format_long(moved, TZ))).to_be_visible()
    old = client.goto(client_mail.link)
    assert old is not None and old.status == 404

    # cancel (after a confirmation): a cancellation mail, and the link shows the neutral page
    card.get_by_role("button", name="Absagen").click()
    expect(page.get_by_role("alertdialog")).to_be_visible()
    assert_no_axe_violations(page, "cancel confirmation dialog")
    page.get_by_role("alertdialog").get_by_role("button", name="Termin absagen").click()
    expect(card.get_by_text("Abgesagt")).to_be_visible()
    cancellation = wait_for_mails(app_server.outbox, to=CLIENT, subject_contains="abgesagt")[0]
    assert format_long(moved, TZ) in cancellation.subject
    assert "videotermin-link.png" not in cancellation.attachments()
    wait_for_mails(app_server.outbox, to=INTERPRETER, subject_contains="abgesagt")
    gone = client.goto(change.link)
    assert gone is not None and gone.status == 404
    expect(client.get_by_role("heading", name="Dieser Link ist nicht (mehr) gültig")).to_be_visible()


def test_booking_form_and_list_on_a_phone(app_server: AppServer, client_context: BrowserContext) -> None:
    ensure_advisor(app_server, EMAIL, PASSWORD, name="Bea Buchung")
    page = client_context.new_page()
    LoginPage(page).open().sign_in(EMAIL, PASSWORD)
    advisor = AdvisorPage(page).expect_loaded()
    shot(page, "advisor-list-phone")
    advisor.open_form()
    page.get_by_role("button", name="Weitere Person hinzufügen").click()
    shot(page, "advisor-booking-form-phone")
