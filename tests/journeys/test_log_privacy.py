"""A whole journey leaves no name, e-mail address, customer number or personal link in the app's log.

The advisor fails one sign-in, signs in, books a client through the form (mail into the outbox); the
client walks steps 1 to 4 in the browser (consent, camera, test call), waits, is fetched into the
call, both chat, the advisor ends the appointment. Then the app's whole output (the app's loggers at
INFO, Reflex, SQLAlchemy, granian, with the app's normal settings) is searched for every personal
value used.
"""

from __future__ import annotations

import random
import string
from datetime import datetime, timedelta

from playwright.sync_api import BrowserContext, expect

from tests.journeys.pages_advisor import AdvisorPage, LoginPage, ensure_advisor, wait_for_mails
from tests.journeys.pages_call import (
    AdvisorDesk,
    ClientRoom,
    remote_video_playing,
    send_chat,
)
from tests.journeys.server import AppServer
from tests.journeys.test_client_steps import agree, allow_camera, run_check
from videotermin_app.core.settings import load_settings

TZ = load_settings({}).timezone
PASSWORD = "log-passwort-123"


def _word(length: int = 9) -> str:
    return "".join(random.choice(string.ascii_lowercase) for _ in range(length)).capitalize()


def test_the_log_holds_nothing_personal(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    suffix = _word(6).lower()
    advisor_email = f"log.berater.{suffix}@example.org"
    first, last = _word(), _word()
    number = f"{random.randint(100, 999)}D{random.randint(100000, 999999)}"
    client_email = f"kundin.{suffix}@example.org"
    ensure_advisor(app_server, advisor_email, PASSWORD, name=f"Lotte {_word()}")
    log_before = app_server.log_path.stat().st_size

    page = advisor_context.new_page()
    LoginPage(page).open().sign_in(advisor_email, "falsches-passwort")
    expect(page.get_by_text("E-Mail-Adresse oder Passwort ist nicht richtig.")).to_be_visible()
    LoginPage(page).open().sign_in(advisor_email, PASSWORD)
    advisor = AdvisorPage(page).expect_loaded()
    start = (datetime.now(TZ) + timedelta(minutes=3)).replace(second=0, microsecond=0)
    advisor.open_form()
    advisor.fill_client(
        first=first,
        last=last,
        number=number,
        email=client_email,
        start=start.strftime("%Y-%m-%dT%H:%M"),
        duration="30",
    )
    advisor.send()
    expect(page.get_by_text("Der Termin ist angelegt. Die E-Mails sind versendet.")).to_be_visible()
    mail = wait_for_mails(app_server.outbox, to=client_email, subject_contains="Ihre Einladung")[0]
    token = mail.link.rsplit("/", 1)[1]

    client = ClientRoom(client_context, token).open()
    agree(client.page)
    allow_camera(client.page)
    assert run_check(client.page) in ("green", "yellow")
    client.enter()

    desk = AdvisorDesk.__new__(AdvisorDesk)  # the signed-in page of above, no second sign-in
    desk.page = page
    expect(page.get_by_role("heading", name="Wartebereich")).to_be_visible()
    desk.admit(f"{first} {last}")
    remote_video_playing(page, role="client")
    remote_video_playing(client.page, role="advisor")
    send_chat(client.page, f"Hallo, hier {first} {last}, {number}, {client_email}")
    expect(page.get_by_role("log")).to_contain_text(number)
    desk.end_for_all()
    expect(client.page.get_by_role("button", name="Umfrage überspringen")).to_be_visible()

    output = app_server.log_path.read_bytes()[log_before:].decode("utf-8", errors="replace")
    # the app's INFO lines are in it (the mail to the outbox), so the search covers what the app says
    assert "mail written to" in output, output[-4000:]
    personal = {
        "first name": first,
        "last name": last,
        "customer number": number,
        "client e-mail": client_email,
        "advisor e-mail": advisor_email,
        "link token": token,
        "password": PASSWORD,
    }
    found = {what: value for what, value in personal.items() if value.lower() in output.lower()}
    assert not found, f"personal data in the app's log: {found}\n{output[-4000:]}"
