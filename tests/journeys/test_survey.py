"""After the call the client answers or skips the three anonymous questions; leaving half-way stores nothing;
the advisor who ended the call answers their own three questions once."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import func, select

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_advisor import shot
from tests.journeys.pages_call import AdvisorDesk, ClientRoom, remote_video_playing
from tests.journeys.seed import book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from tests.support import ROOT, session_for
from videotermin_app.core.models import Appointment, AppointmentStatus, Participant, SurveyAnswer

ARTIFACTS = ROOT / "test-artifacts"


def finished(server: AppServer) -> tuple[str, int]:
    """A booked appointment whose call is over (status DONE): the client's token and participant id."""
    seeded = book(server)
    with session_for(server.database_url) as session:
        appointment = session.get(Appointment, seeded.appointment_id)
        assert appointment is not None
        appointment.status = AppointmentStatus.DONE
        participant = session.exec(select(Participant).where(Participant.appointment_id == appointment.id)).one()
        session.commit()
        return seeded.tokens["client"], participant.id or 0


def answers_stored(server: AppServer) -> int:
    with session_for(server.database_url) as session:
        return int(session.exec(select(func.count()).select_from(SurveyAnswer)).one())


def survey_done(server: AppServer, participant_id: int) -> bool:
    with session_for(server.database_url) as session:
        participant = session.get(Participant, participant_id)
        assert participant is not None
        return participant.survey_done


def choose(radio) -> None:  # type: ignore[no-untyped-def]
    """Click a radio and wait until the server's state has it checked (the group is controlled)."""
    radio.click()
    expect(radio).to_be_checked()


def group(page: Page, question: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("radiogroup", name=re.compile(re.escape(question)))


def test_client_answers_the_survey(
    app_server: AppServer, client_context: BrowserContext, advisor_context: BrowserContext
) -> None:
    token, participant_id = finished(app_server)
    before = answers_stored(app_server)
    ARTIFACTS.mkdir(exist_ok=True)
    desktop = advisor_context.new_page()
    desktop.goto(f"/vkid/{token}")
    expect(desktop.get_by_role("button", name="Absenden")).to_be_visible()
    desktop.screenshot(path=str(ARTIFACTS / "survey-desktop.png"), full_page=True)
    assert_no_axe_violations(desktop, "survey-desktop")
    desktop.close()

    page = client_context.new_page()
    page.goto(f"/vkid/{token}")
    expect(page.get_by_role("heading", name="Ihr Videotermin ist beendet")).to_be_visible()
    choose(group(page, "Wie gut waren Bild und Ton?").get_by_role("radio", name="4"))
    choose(group(page, "Wie einfach war die Teilnahme?").get_by_role("radio", name="5 – sehr einfach"))
    choose(group(page, "Würden Sie wieder einen Videotermin nutzen?").get_by_role("radio", name="Ja"))
    page.screenshot(path=str(ARTIFACTS / "survey-phone.png"), full_page=True)
    assert_no_axe_violations(page, "survey-phone")
    page.get_by_role("button", name="Absenden").click()
    expect(page.get_by_text("Vielen Dank für Ihre Antworten!")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "survey-thanks-phone.png"), full_page=True)
    assert_no_axe_violations(page, "survey-thanks-phone")
    assert answers_stored(app_server) == before + 1 and survey_done(app_server, participant_id)
    with session_for(app_server.database_url) as session:
        assert any(
            (a.picture_sound, a.ease, a.would_use_again) == (4, 5, 1) for a in session.exec(select(SurveyAnswer)).all()
        )
    page.reload()  # only one answer per participation
    expect(page.get_by_role("heading", name="Ihr Videotermin ist beendet")).to_be_visible()
    expect(page.get_by_role("button", name="Absenden")).to_have_count(0)


def test_client_skips_the_survey(app_server: AppServer, client_context: BrowserContext) -> None:
    token, participant_id = finished(app_server)
    before = answers_stored(app_server)
    page = client_context.new_page()
    page.goto(f"/vkid/{token}")
    choose(group(page, "Wie gut waren Bild und Ton?").get_by_role("radio", name="2"))
    page.get_by_role("button", name="Umfrage überspringen").click()
    expect(page.get_by_text("Sie können dieses Fenster jetzt schließen.")).to_be_visible()
    expect(page.get_by_role("button", name="Absenden")).to_have_count(0)
    assert answers_stored(app_server) == before and survey_done(app_server, participant_id)


def test_leaving_half_way_stores_nothing(app_server: AppServer, client_context: BrowserContext) -> None:
    token, participant_id = finished(app_server)
    before = answers_stored(app_server)
    page = client_context.new_page()
    page.goto(f"/vkid/{token}")
    choose(group(page, "Wie einfach war die Teilnahme?").get_by_role("radio", name="1 – sehr schwer"))
    page.close()
    assert answers_stored(app_server) == before and not survey_done(app_server, participant_id)
    page = client_context.new_page()
    page.goto(f"/vkid/{token}")
    expect(page.get_by_role("button", name="Absenden")).to_be_visible()


def test_advisor_is_asked_once_after_ending(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    """After **Termin beenden** the advisor gets their own three questions; the answer is stored with the
    advisor's role, once per appointment, and the client's survey stays the client's."""
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2), first_name="Ada", last_name="Frage"
    )
    ready_for_room(app_server, seeded)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    room = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    desk.admit("Ada Frage")
    remote_video_playing(desk.page, role="client")
    with session_for(app_server.database_url) as session:
        advisor_rows = len(session.exec(select(SurveyAnswer).where(SurveyAnswer.role == "advisor")).all())
    page = desk.page

    desk.end_for_all()
    expect(page.get_by_role("heading", name="Wie lief der Videotermin?")).to_be_visible()
    expect(room.page.get_by_role("heading", name="Ihr Videotermin ist beendet")).to_be_visible()
    expect(room.page.get_by_role("heading", name="Wie lief der Videotermin?")).to_have_count(0)
    choose(group(page, "Wie gut waren Bild und Ton bei diesem Termin?").get_by_role("radio", name="5 – sehr gut"))
    choose(group(page, "Wie einfach konnten Sie das Anliegen per Video besprechen?").get_by_role("radio", name="2"))
    choose(
        group(page, "Würden Sie für so ein Anliegen wieder einen Videotermin anbieten?").get_by_role(
            "radio", name="Nein"
        )
    )
    for name in ("desktop", "phone"):  # the workspace at 1366×768 and 390×844
        page.set_viewport_size({"width": 1366, "height": 768} if name == "desktop" else {"width": 390, "height": 844})
        shot(page, f"advisor-survey-{name}")
    page.get_by_role("button", name="Absenden").click()
    expect(page.get_by_text("Vielen Dank für Ihre Antworten!")).to_be_visible()
    expect(page.get_by_role("button", name="Absenden")).to_have_count(0)
    with session_for(app_server.database_url) as session:
        rows = session.exec(select(SurveyAnswer).where(SurveyAnswer.role == "advisor")).all()
        assert len(rows) == advisor_rows + 1
        assert any((r.picture_sound, r.ease, r.would_use_again) == (5, 2, 0) for r in rows)
        appointment = session.get(Appointment, seeded.appointment_id)
        assert appointment is not None and appointment.advisor_survey_done
    # the client answers their own questions; nothing of it lands with the advisor's role
    choose(group(room.page, "Wie einfach war die Teilnahme?").get_by_role("radio", name="5 – sehr einfach"))
    room.page.get_by_role("button", name="Absenden").click()
    expect(room.page.get_by_text("Vielen Dank für Ihre Antworten!")).to_be_visible()
    with session_for(app_server.database_url) as session:
        assert len(session.exec(select(SurveyAnswer).where(SurveyAnswer.role == "advisor")).all()) == advisor_rows + 1
    # asked once: a reload of the workspace does not ask again
    page.reload()
    expect(page.get_by_role("heading", name="Wartebereich")).to_be_visible()
    expect(page.get_by_role("heading", name="Wie lief der Videotermin?")).to_have_count(0)
