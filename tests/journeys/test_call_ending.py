"""How a call ends: the client hangs up (survey at once, **Wieder eintreten**), the advisor ends it for
everyone (each participation is asked once), and a call that runs past its planned end survives a
reload and a change of device while the advisor is in."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import func, select

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_advisor import shot
from tests.journeys.pages_call import AdvisorDesk, ClientRoom, media_keeps_flowing, record_peers, remote_video_playing
from tests.journeys.seed import Seeded, book, book_with_interpreter, move, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from tests.support import session_for
from videotermin_app.core.models import Appointment, AppointmentStatus, Participant, SurveyAnswer
from videotermin_app.core.tokens import hash_token


def answers_stored(server: AppServer) -> int:
    with session_for(server.database_url) as session:
        return int(session.exec(select(func.count()).select_from(SurveyAnswer)).one())


def survey_done(server: AppServer, token: str) -> bool:
    with session_for(server.database_url) as session:
        return session.exec(select(Participant).where(Participant.token_hash == hash_token(token))).one().survey_done


def status(server: AppServer, appointment_id: int) -> AppointmentStatus:
    with session_for(server.database_url) as session:
        appointment = session.get(Appointment, appointment_id)
        assert appointment is not None
        return AppointmentStatus(appointment.status)


def choose(page: Page, question: str, answer: str) -> None:
    radio = page.get_by_role("radiogroup", name=re.compile(re.escape(question))).get_by_role("radio", name=answer)
    radio.click()
    expect(radio).to_be_checked()


def in_call(
    server: AppServer, advisor: BrowserContext, client: BrowserContext
) -> tuple[Seeded, AdvisorDesk, ClientRoom]:
    seeded = book(
        server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2), first_name="Jana", last_name="Ende"
    )
    ready_for_room(server, seeded)
    record_peers(advisor, client)
    desk = AdvisorDesk(advisor).sign_in(seeded.advisor_email)
    room = ClientRoom(client, seeded.tokens["client"]).open().enter()
    desk.admit("Jana Ende")
    remote_video_playing(room.page, role="advisor")
    remote_video_playing(desk.page, role="client")
    return seeded, desk, room


def test_client_hangs_up_gets_the_survey_and_can_come_back(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded, desk, client = in_call(app_server, advisor_context, client_context)
    before = answers_stored(app_server)
    page = client.page

    page.get_by_role("button", name="Auflegen").click()
    expect(page.get_by_role("heading", name="Sie haben das Gespräch verlassen.")).to_be_visible()
    expect(page.get_by_role("button", name="Wieder eintreten")).to_be_visible()
    expect(page.get_by_role("heading", name="Wie war Ihr Videotermin?")).to_be_visible()
    expect(desk.page.locator("video[data-remote]")).to_have_count(0)
    shot(page, "call-hung-up-survey-phone")
    page.reload()  # a reload keeps the offer: survey and Wieder eintreten
    expect(page.get_by_role("button", name="Wieder eintreten")).to_be_visible()
    choose(page, "Wie gut waren Bild und Ton?", "4")
    choose(page, "Würden Sie wieder einen Videotermin nutzen?", "Ja")
    page.get_by_role("button", name="Absenden").click()
    expect(page.get_by_text("Vielen Dank für Ihre Antworten!")).to_be_visible()
    assert answers_stored(app_server) == before + 1 and survey_done(app_server, seeded.tokens["client"])
    assert status(app_server, seeded.appointment_id) == AppointmentStatus.IN_CALL  # the appointment runs on

    # back in: the waiting area, fetched again, the call goes on
    page.get_by_role("button", name="Wieder eintreten").click()
    expect(page.get_by_role("heading", name="Sie sind im virtuellen Wartebereich")).to_be_visible()
    desk.admit("Jana Ende")
    remote_video_playing(page, role="advisor")
    media_keeps_flowing(desk.page)

    # the advisor ends it: the client, asked once already, is not asked again
    desk.end_for_all()
    expect(page.get_by_role("heading", name="Ihr Videotermin ist beendet")).to_be_visible()
    expect(page.get_by_role("button", name="Absenden")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", name="Ihr Videotermin ist beendet")).to_be_visible()
    expect(page.get_by_role("button", name="Absenden")).to_have_count(0)
    assert answers_stored(app_server) == before + 1


def test_advisor_ends_for_everyone_and_each_is_asked_once(
    app_server: AppServer, browser: Browser, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book_with_interpreter(app_server, first_name="Emre", last_name="Schluss")
    interpreter_context = browser.new_context(
        base_url=app_server.base_url, locale="de-DE", viewport={"width": 1024, "height": 768}
    )
    try:
        desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
        client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
        interpreter = ClientRoom(interpreter_context, seeded.tokens["interpreter"]).open().enter()
        desk.admit("Emre Schluss")
        desk.admit("Olga Dolmetsch")
        remote_video_playing(client.page, role="interpreter")
        remote_video_playing(interpreter.page, role="client")
        before = answers_stored(app_server)

        desk.end_for_all()  # after the confirmation (the dialog is checked in the page object)
        for room in (client, interpreter):
            expect(room.page.get_by_role("heading", name="Ihr Videotermin ist beendet")).to_be_visible()
            expect(room.page.get_by_role("button", name="Absenden")).to_be_visible()
            expect(room.page.locator("video[data-remote]")).to_have_count(0)
        expect(desk.page.locator("video[data-remote]")).to_have_count(0)
        expect(desk.page.get_by_role("heading", name="Wartebereich")).to_be_visible()
        assert_no_axe_violations(interpreter.page, "survey after the advisor ended, interpreter")
        assert status(app_server, seeded.appointment_id) == AppointmentStatus.DONE

        choose(client.page, "Wie einfach war die Teilnahme?", "5 – sehr einfach")
        client.page.get_by_role("button", name="Absenden").click()
        expect(client.page.get_by_text("Vielen Dank für Ihre Antworten!")).to_be_visible()
        interpreter.page.get_by_role("button", name="Umfrage überspringen").click()
        expect(interpreter.page.get_by_text("Sie können dieses Fenster jetzt schließen.")).to_be_visible()
        assert answers_stored(app_server) == before + 1
        for room in (client, interpreter):  # each participation is asked once
            room.page.reload()
            expect(room.page.get_by_role("heading", name="Ihr Videotermin ist beendet")).to_be_visible()
            expect(room.page.get_by_role("button", name="Absenden")).to_have_count(0)
    finally:
        interpreter_context.close()


def test_overtime_reload_and_another_device_while_the_advisor_is_in(
    app_server: AppServer, browser: Browser, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded, desk, client = in_call(app_server, advisor_context, client_context)
    move(app_server, seeded.appointment_id, starts_in=timedelta(minutes=-45))  # planned end 15 minutes ago

    client.page.reload()  # after the planned end, with the advisor in: back in the call
    remote_video_playing(client.page, role="advisor")
    remote_video_playing(desk.page, role="client")
    media_keeps_flowing(client.page)

    laptop = browser.new_context(base_url=app_server.base_url, locale="de-DE", viewport={"width": 1280, "height": 800})
    try:  # the client switches to another device: it takes the seat, the phone steps back
        other = ClientRoom(laptop, seeded.tokens["client"]).open()
        remote_video_playing(other.page, role="advisor")
        expect(client.page.get_by_role("button", name="Hier fortsetzen")).to_be_visible()
        remote_video_playing(desk.page, role="client")

        desk.end_for_all()  # once it is over, the link offers only the survey
        expect(other.page.get_by_role("button", name="Absenden")).to_be_visible()
        client.page.reload()
        expect(client.page.get_by_role("heading", name="Ihr Videotermin ist beendet")).to_be_visible()
        expect(client.page.locator("video#local-video")).to_have_count(0)
    finally:
        laptop.close()


def test_red_result_enters_after_the_warning_and_the_advisor_sees_it(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2), first_name="Rita", last_name="Rot"
    )
    ready_for_room(app_server, seeded, level="red")
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    page = ClientRoom(client_context, seeded.tokens["client"]).open().page

    warning = page.locator("#device-check-warning")
    expect(warning).to_have_attribute("data-level", "red")
    expect(warning).to_contain_text("Telefonat")
    expect(warning).to_contain_text("0800 4 555501")
    shot(page, "step5-red-warning-phone")
    page.get_by_role("button", name="Beratungsraum betreten").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("rot")
    assert_no_axe_violations(page, "red warning dialog, client")
    dialog.get_by_role("button", name="Abbrechen").click()  # the person decides: first not
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    page.get_by_role("button", name="Beratungsraum betreten").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Trotzdem eintreten").click()
    expect(page.get_by_role("heading", name="Sie sind im virtuellen Wartebereich")).to_be_visible()

    card = desk.waiting_card("Rita Rot")
    expect(card.locator("[data-level=red]")).to_be_visible()
    expect(card).to_contain_text("Bieten Sie ggf. ein Telefonat an")
    shot(desk.page, "waiting-red-hint-desktop")
    desk.admit("Rita Rot")
    remote_video_playing(page, role="advisor")
