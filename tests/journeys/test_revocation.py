"""Revocation at any time (waiting area, the mail's link after the appointment, the advisor's record of a
phone call), a changed consent text asks step 2 again, and the imprint from a client page and a mail."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import select

from tests.journeys.pages_advisor import read_outbox, shot
from tests.journeys.pages_call import AdvisorDesk, ClientRoom, remote_video_playing
from tests.journeys.seed import Seeded, book, move, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from tests.support import session_for
from videotermin_app.core.models import Appointment, ConsentRecord, DeviceCheck, MemberStatus, Participant, RoomMember
from videotermin_app.core.settings import load_settings
from videotermin_app.mail.notify import deliver, mails_for_appointment

REVOKE_RE = re.compile(r"https?://\S+/widerruf/[A-Za-z0-9_-]+")
IMPRINT_RE = re.compile(r"https?://\S+/impressum")


def _client(server: AppServer, seeded: Seeded) -> Participant:
    """The appointment's one participant (these journeys book the client alone)."""
    with session_for(server.database_url) as session:
        return session.exec(select(Participant).where(Participant.appointment_id == seeded.appointment_id)).one()


def assert_blanked(server: AppServer, seeded: Seeded) -> None:
    """The person's data are gone from the database, and the consent says revoked."""
    person = _client(server, seeded)
    with session_for(server.database_url) as session:
        assert (person.first_name, person.last_name, person.customer_number, person.email) == (None,) * 4
        assert person.token_hash is None and person.purged_at is not None
        records = session.exec(select(ConsentRecord).where(ConsentRecord.participant_id == person.id)).all()
        assert any(r.revoked_at is not None for r in records)
        for check in session.exec(select(DeviceCheck).where(DeviceCheck.participant_id == person.id)).all():
            assert check.ip_address is None and check.browser is None


def _revoke(page: Page) -> None:
    page.get_by_role("button", name="Einwilligung widerrufen").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Widerruf bestätigen").click()
    expect(page.locator("#consent-revoked")).to_be_visible()


def test_revoking_in_the_waiting_area_takes_the_person_out_and_deletes_the_data(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=1), first_name="Wanda", last_name="Weg"
    )
    ready_for_room(app_server, seeded)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    expect(desk.waiting_card("Wanda Weg").get_by_role("button", name="Hereinholen")).to_be_visible()
    shot(client.page, "revoke-waiting-area-phone")
    _revoke(client.page)
    shot(client.page, "revoked-in-waiting-area-phone")
    expect(desk.waiting_card("Wanda Weg")).to_have_count(0)  # the advisor's list drops them at once
    expect(client.page.get_by_role("heading", name="Sie sind im virtuellen Wartebereich")).to_have_count(0)
    assert_blanked(app_server, seeded)
    with session_for(app_server.database_url) as session:
        seats = session.exec(select(RoomMember).where(RoomMember.appointment_id == seeded.appointment_id)).all()
        assert [s.status for s in seats] == [MemberStatus.LEFT]
    assert client.page.request.get(f"/vkid/{seeded.tokens['client']}").status == 404


def test_revoking_in_the_call_ends_the_person_s_part_and_the_advisor_sees_them_leave(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=1), first_name="Carla", last_name="Ruf"
    )
    ready_for_room(app_server, seeded)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    desk.admit("Carla Ruf")
    remote_video_playing(desk.page, role="client")
    remote_video_playing(client.page, role="advisor")
    _revoke(client.page)
    expect(desk.page.locator("video[data-remote]")).to_have_count(0)  # the advisor's call: the person left
    expect(client.page.locator("video[data-remote]")).to_have_count(0)
    assert_blanked(app_server, seeded)
    with session_for(app_server.database_url) as session:
        seat = session.exec(
            select(RoomMember).where(
                RoomMember.appointment_id == seeded.appointment_id, RoomMember.member_key != "advisor"
            )
        ).one()
        assert seat.status == MemberStatus.LEFT


def _send_invitation(server: AppServer, seeded: Seeded) -> str:
    """Resend the invitation the way the advisor's button does; the text of the mail in the outbox."""
    settings = load_settings({"VT_OUTBOX_DIR": str(server.outbox), "VT_BASE_URL": server.base_url})
    before = {m.path for m in read_outbox(server.outbox)}
    with session_for(server.database_url) as session:
        appointment = session.get_one(Appointment, seeded.appointment_id)
        mails = mails_for_appointment(session=session, appointment=appointment, kind="invitation", settings=settings)
        session.commit()
    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        outcomes = pool.submit(asyncio.run, deliver(mails=mails, settings=settings)).result()
    assert all(o.sent for o in outcomes)
    (mail,) = [m for m in read_outbox(server.outbox) if m.path not in before]
    return mail.text


def test_the_mail_link_revokes_after_the_appointment_and_the_mail_links_the_imprint(
    app_server: AppServer, client_context: BrowserContext
) -> None:
    seeded = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(days=1))
    text = _send_invitation(app_server, seeded)
    revoke_link, imprint_link = REVOKE_RE.search(text), IMPRINT_RE.search(text)
    assert revoke_link and imprint_link, text
    page = client_context.new_page()
    page.goto(imprint_link.group(0))
    expect(page.get_by_role("heading", name="Impressum")).to_be_visible()
    expect(page.locator("#imprint")).to_contain_text("Jobcenter Region Hannover")
    # two days after the appointment the personal link is dead; the revocation link still works
    move(app_server, seeded.appointment_id, starts_in=-timedelta(days=2))
    personal = re.search(r"https?://\S+/vkid/[A-Za-z0-9_-]+", text)
    assert personal and page.request.get(personal.group(0)).status == 404
    page.goto(revoke_link.group(0))
    expect(page.get_by_role("heading", name="Einwilligung widerrufen")).to_be_visible()
    shot(page, "revoke-by-mail-link-phone")
    _revoke(page)
    shot(page, "revoked-by-mail-link-phone")
    assert_blanked(app_server, seeded)
    page.reload()  # the same link later: the notice again, nothing else
    expect(page.locator("#consent-revoked")).to_be_visible()
    unknown = revoke_link.group(0)[:-4] + "AAAA"
    assert page.request.get(unknown).status == 404
    page.goto(unknown)
    expect(page.get_by_role("heading", name="Dieser Link ist nicht (mehr) gültig")).to_be_visible()


def test_the_advisor_records_a_revocation_made_by_phone(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(hours=3), first_name="Paul", last_name="Telefon"
    )
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    card = desk.page.get_by_role("article").filter(has_text="Paul Telefon")
    card.get_by_role("button", name="Widerruf erfassen für Paul Telefon").click()
    dialog = desk.page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("telefonisch oder schriftlich")
    shot(desk.page, "advisor-records-revocation-desktop")
    dialog.get_by_role("button", name="Widerruf bestätigen").click()
    expect(desk.page.get_by_text("Der Widerruf ist erfasst")).to_be_visible()
    expect(desk.page.get_by_text("Paul Telefon")).to_have_count(0)
    expect(desk.page.get_by_text("Daten gelöscht")).to_be_visible()
    assert_blanked(app_server, seeded)
    assert "recorded a revocation (phone or letter)" in app_server.log_path.read_text(errors="replace")
    page = client_context.new_page()
    assert page.request.get(f"/vkid/{seeded.tokens['client']}").status == 404


def test_a_new_consent_text_asks_step_2_again_before_the_room(
    app_server: AppServer, client_context: BrowserContext
) -> None:
    seeded = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2))
    ready_for_room(app_server, seeded)
    client = _client(app_server, seeded)
    with session_for(app_server.database_url) as session:  # the consent was given to an earlier wording
        for record in session.exec(select(ConsentRecord).where(ConsentRecord.participant_id == client.id)).all():
            record.text_version = "2020-01"
            session.add(record)
        session.commit()
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    expect(page.locator("#consent-outdated")).to_be_visible()
    expect(page.get_by_role("button", name="Beratungsraum betreten")).to_have_count(0)
    expect(page.get_by_role("button", name="Einwilligung widerrufen")).to_be_visible()
    shot(page, "consent-outdated-phone")
    page.get_by_role("button", name="Ich stimme zu").click()
    expect(page.get_by_role("button", name="Kamera und Mikrofon freigeben")).to_be_visible()
    with session_for(app_server.database_url) as session:
        records = session.exec(select(ConsentRecord).where(ConsentRecord.participant_id == client.id)).all()
        versions = [r.text_version for r in sorted(records, key=lambda r: r.id or 0)]
    assert "2020-01" in versions and versions[-1] != "2020-01"


def test_the_imprint_is_linked_from_a_client_page(app_server: AppServer, client_context: BrowserContext) -> None:
    seeded = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(days=2))
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    expect(page.get_by_role("button", name="Ich stimme zu")).to_be_visible()
    page.get_by_role("contentinfo").get_by_role("link", name="Impressum").click()
    expect(page.get_by_role("heading", name="Impressum")).to_be_visible()
    expect(page.locator("#imprint")).to_contain_text("Vahrenwalder Straße 245")
    expect(page.get_by_role("link", name="0800 4 555501").first).to_be_visible()
    shot(page, "imprint-phone")
    page.set_viewport_size({"width": 1366, "height": 768})
    shot(page, "imprint-desktop")
