"""Mails about appointments: own links per person, fresh links on change/resend, status per person, SMTP."""

from __future__ import annotations

import asyncio
import email
import email.policy
from datetime import timedelta
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from tests.support import SmtpCollector, closed_port
from tests.unit.conftest import NOW
from videotermin_app.booking.appointments import (
    cancel_appointment,
    reschedule_appointment,
)
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.models import (
    Advisor,
    Appointment,
    MailStatus,
    Participant,
    ParticipantRole,
)
from videotermin_app.core.settings import Settings, load_settings
from videotermin_app.mail.notify import (
    deliver,
    mails_for_appointment,
    mails_for_booking,
    record_outcomes,
)
from videotermin_app.wizard.links import resolve

CLIENT = PersonInput("Erika", "Mustermann", "erika@example.org", customer_number="123D456789")
INTERPRETER = PersonInput("Olga", "Petrova", "olga@example.org", role=ParticipantRole.INTERPRETER)


def _settings(tmp_path: Path, **env: str) -> Settings:
    return load_settings({"VT_OUTBOX_DIR": str(tmp_path / "outbox"), "VT_BASE_URL": "https://vk.example.de", **env})


def _book(session: Session, advisor: Advisor):  # type: ignore[no-untyped-def]
    return book_appointment(
        session=session,
        advisor=advisor,
        start=NOW + timedelta(days=1),
        duration_minutes=30,
        client=CLIENT,
        others=[INTERPRETER],
        now=NOW,
    )


def _token(link: str) -> str:
    return link.rsplit("/", 1)[1]


def _send(session: Session, mails, settings: Settings):  # type: ignore[no-untyped-def]
    outcomes = asyncio.run(deliver(mails=mails, settings=settings))
    record_outcomes(session=session, outcomes=outcomes)
    session.commit()
    return outcomes


def test_booking_sends_each_person_their_own_link_and_records_it(
    session: Session, advisor: Advisor, tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    mails = mails_for_booking(session=session, booking=_book(session, advisor), settings=settings)
    assert {m.data.recipient_email for m in mails} == {"erika@example.org", "olga@example.org"}
    assert len({m.data.link for m in mails}) == 2
    assert all(p.mail_status == MailStatus.PENDING.value for p in session.exec(select(Participant)))
    outcomes = _send(session, mails, settings)
    assert all(o.sent for o in outcomes) and len(list((tmp_path / "outbox").glob("*.eml"))) == 2
    assert {p.mail_status for p in session.exec(select(Participant))} == {MailStatus.SENT.value}
    for mail in mails:
        assert resolve(session=session, token=_token(mail.data.link), now=NOW) is not None


def test_change_and_resend_issue_fresh_links_and_retire_the_old_ones(
    session: Session, advisor: Advisor, tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    booking = _book(session, advisor)
    first = mails_for_booking(session=session, booking=booking, settings=settings)
    session.commit()
    appointment = booking.appointment
    reschedule_appointment(
        session=session,
        advisor=advisor,
        appointment_id=appointment.id or 0,
        start=NOW + timedelta(days=2),
        duration_minutes=30,
        now=NOW,
    )
    change = mails_for_appointment(session=session, appointment=appointment, kind="change", settings=settings, now=NOW)
    session.commit()
    assert [m.data.kind for m in change] == ["change", "change"] and change[0].data.sequence == 1
    assert change[0].data.start == NOW + timedelta(days=2)
    for old in first:
        assert resolve(session=session, token=_token(old.data.link), now=NOW) is None
    for new in change:
        assert resolve(session=session, token=_token(new.data.link), now=NOW) is not None
    # resend to one person: only that person's link changes
    client_id = change[0].participant_id
    resent = mails_for_appointment(
        session=session, appointment=appointment, kind="invitation", settings=settings, participant_ids=[client_id]
    )
    session.commit()
    assert [m.participant_id for m in resent] == [client_id]
    assert resolve(session=session, token=_token(change[0].data.link), now=NOW) is None
    assert resolve(session=session, token=_token(change[1].data.link), now=NOW) is not None


def test_cancellation_mail_has_no_link_and_all_links_end(session: Session, advisor: Advisor, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    booking = _book(session, advisor)
    first = mails_for_booking(session=session, booking=booking, settings=settings)
    cancel_appointment(session=session, advisor=advisor, appointment_id=booking.appointment.id or 0, now=NOW)
    mails = mails_for_appointment(
        session=session, appointment=booking.appointment, kind="cancellation", settings=settings
    )
    session.commit()
    assert {m.data.kind for m in mails} == {"cancellation"} and mails[0].data.sequence == 1
    assert all("/vkid/" not in m.data.link for m in mails)
    for old in first:
        assert resolve(session=session, token=_token(old.data.link), now=NOW) is None


def test_a_failed_send_keeps_the_appointment_and_is_recorded_per_person(
    session: Session, advisor: Advisor, tmp_path: Path
) -> None:
    blocked = tmp_path / "outbox"
    blocked.write_text("not a directory")  # the outbox cannot be written
    settings = _settings(tmp_path)
    booking = _book(session, advisor)
    session.commit()
    outcomes = _send(session, mails_for_booking(session=session, booking=booking, settings=settings), settings)
    assert not any(o.sent for o in outcomes)
    people = session.exec(select(Participant)).all()
    assert {p.mail_status for p in people} == {MailStatus.FAILED.value}
    assert all(p.mail_error == "Die E-Mail konnte nicht versendet werden." for p in people)
    assert session.exec(select(Appointment)).one().id == booking.appointment.id
    # retry after the problem is gone
    blocked.unlink()
    retry = mails_for_appointment(
        session=session,
        appointment=booking.appointment,
        kind="invitation",
        settings=settings,
        participant_ids=[people[0].id or 0],
    )
    _send(session, retry, settings)
    session.refresh(people[0])
    assert people[0].mail_status == MailStatus.SENT.value and people[0].mail_error is None


def test_booking_mails_go_out_over_real_smtp(
    session: Session, advisor: Advisor, tmp_path: Path, smtp_server: tuple[Controller, SmtpCollector]
) -> None:
    controller, handler = smtp_server
    settings = _settings(tmp_path, VT_SMTP_URL=f"smtp://{controller.hostname}:{controller.port}")
    outcomes = _send(
        session, mails_for_booking(session=session, booking=_book(session, advisor), settings=settings), settings
    )
    assert all(o.sent for o in outcomes)
    assert sorted(e.rcpt_tos[0] for e in handler.envelopes) == ["erika@example.org", "olga@example.org"]
    message = email.message_from_bytes(handler.envelopes[0].content, policy=email.policy.default)
    assert "Mein Videotermin" in str(message["Subject"])
    names = {part.get_filename() for part in message.iter_attachments()}  # type: ignore[attr-defined]
    assert names == {"videotermin-link.png", "videotermin.ics"}
    assert not (tmp_path / "outbox").exists()
    assert {p.mail_status for p in session.exec(select(Participant))} == {MailStatus.SENT.value}


def test_an_unreachable_smtp_server_is_recorded_as_not_sent(session: Session, advisor: Advisor, tmp_path: Path) -> None:
    with closed_port() as port:
        settings = _settings(tmp_path, VT_SMTP_URL=f"smtp://127.0.0.1:{port}")
        outcomes = _send(
            session, mails_for_booking(session=session, booking=_book(session, advisor), settings=settings), settings
        )
    assert [o.sent for o in outcomes] == [False, False]
    assert {p.mail_status for p in session.exec(select(Participant))} == {MailStatus.FAILED.value}
