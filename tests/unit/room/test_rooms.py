from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.unit.conftest import NOW
from videotermin_app.booking.booking import Booking, PersonInput, book_appointment
from videotermin_app.core.models import (
    Advisor,
    AppointmentStatus,
    ConsentRecord,
    DeviceCheck,
    MemberStatus,
    ParticipantRole,
    RoomMember,
)
from videotermin_app.core.settings import get_settings
from videotermin_app.room import rooms

START = NOW + timedelta(hours=1)


@pytest.fixture
def booking(session: Session, advisor: Advisor) -> Booking:
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=START,
        duration_minutes=30,
        now=NOW,
        client=PersonInput("Max", "Mustermann", "max@example.org", customer_number="123D456789"),
        others=[PersonInput("Olga", "Dolmetsch", "olga@example.org", role=ParticipantRole.INTERPRETER)],
    )
    session.commit()
    return booking


def _ready(session: Session, booking: Booking, index: int = 0, level: str = "green") -> None:
    participant = booking.invitations[index][0]
    session.add(ConsentRecord(participant_id=participant.id or 0, text_version="2025-05", given_at=NOW))
    session.add(DeviceCheck(participant_id=participant.id or 0, level=level))
    session.commit()


def test_refusals_in_order(session: Session, booking: Booking) -> None:
    participant, appointment = booking.invitations[0][0], booking.appointment
    at_open = START - timedelta(minutes=5)

    def reason(now):  # type: ignore[no-untyped-def]
        return rooms.entry_refusal(session=session, participant=participant, appointment=appointment, now=now)

    assert "5 Minuten" in reason(at_open - timedelta(seconds=1))
    assert "Einwilligung" in reason(at_open)
    session.add(ConsentRecord(participant_id=participant.id or 0, text_version="2025-05", given_at=NOW))
    session.commit()
    assert "Geräte" in reason(at_open)
    session.add(DeviceCheck(participant_id=participant.id or 0, level="yellow"))
    session.commit()
    assert reason(at_open) == "" and reason(START + timedelta(minutes=30)) == ""
    assert "vorbei" in reason(START + timedelta(minutes=30, seconds=1))
    appointment.status = AppointmentStatus.CANCELLED
    assert "beendet" in reason(START)


def test_revoked_consent_blocks_entry(session: Session, booking: Booking) -> None:
    _ready(session, booking)
    record = session.exec(select(ConsentRecord)).one()
    record.revoked_at = NOW
    session.commit()
    with pytest.raises(rooms.RoomError):
        rooms.join(
            session=session,
            participant=booking.invitations[0][0],
            appointment=booking.appointment,
            client_token="tab-1",
            now=START,
        )


def test_join_wait_admit_reload_and_second_tab(session: Session, booking: Booking) -> None:
    _ready(session, booking)
    participant, appointment = booking.invitations[0][0], booking.appointment
    member, previous = rooms.join(
        session=session, participant=participant, appointment=appointment, client_token="tab-1", now=START
    )
    assert (member.status, member.epoch, previous) == (MemberStatus.WAITING, 1, "")
    rooms.advisor_join(session=session, appointment=appointment, client_token="advisor-tab", now=START)
    rooms.set_status(session=session, appointment=appointment, key=member.member_key, status=MemberStatus.ADMITTED)
    assert appointment.status == AppointmentStatus.IN_CALL and appointment.call_started_at == START
    # a reload (new client token) keeps the seat in the call, with a new epoch; the old tab is named
    again, previous = rooms.join(
        session=session,
        participant=participant,
        appointment=appointment,
        client_token="tab-2",
        now=START + timedelta(minutes=3),
    )
    assert (again.status, again.epoch, previous) == (MemberStatus.ADMITTED, 2, "tab-1")
    assert len(session.exec(select(RoomMember)).all()) == 2  # never two copies of one person


def test_declined_person_may_ask_again_after_a_minute_and_notice_is_bounded(session: Session, booking: Booking) -> None:
    _ready(session, booking)
    participant, appointment = booking.invitations[0][0], booking.appointment
    member, _ = rooms.join(
        session=session, participant=participant, appointment=appointment, client_token="t", now=START
    )
    rooms.set_status(
        session=session,
        appointment=appointment,
        key=member.member_key,
        status=MemberStatus.DECLINED,
        notice="x" * 1000,
        now=START,
    )
    assert member.notice is not None and len(member.notice) == rooms.DECLINE_MESSAGE_MAX
    assert member.declined_at == START
    too_soon = START + rooms.ASK_AGAIN_AFTER - timedelta(seconds=1)
    with pytest.raises(rooms.RoomError) as refused:
        rooms.join(session=session, participant=participant, appointment=appointment, client_token="t", now=too_soon)
    start_local = START.astimezone(get_settings().timezone) + rooms.ASK_AGAIN_AFTER
    assert str(refused.value) == (
        f"Ihre Ansprechperson hat Sie gerade nicht hereingeholt. Sie können ab {start_local:%H:%M} Uhr erneut anfragen."
    )
    assert member.status == MemberStatus.DECLINED  # the refusal changed nothing
    again, _ = rooms.join(
        session=session,
        participant=participant,
        appointment=appointment,
        client_token="t",
        now=START + rooms.ASK_AGAIN_AFTER,
    )
    assert again.status == MemberStatus.WAITING and again.notice is None


def test_views_and_waiting_list(session: Session, booking: Booking, advisor: Advisor) -> None:
    _ready(session, booking, 0, "yellow")
    _ready(session, booking, 1, "green")
    appointment = booking.appointment
    rooms.join(
        session=session,
        participant=booking.invitations[1][0],
        appointment=appointment,
        client_token="i",
        now=START - timedelta(minutes=2),
    )
    rooms.join(
        session=session,
        participant=booking.invitations[0][0],
        appointment=appointment,
        client_token="c",
        now=START - timedelta(minutes=1),
    )
    waiting = rooms.waiting_for_advisor(session=session, advisor_id=advisor.id or 0)
    assert [(v.role, v.name, v.device_level) for _, v in waiting] == [
        ("interpreter", "Olga Dolmetsch", "green"),
        ("client", "Max Mustermann", "yellow"),
    ]


def test_end_call_tells_everyone_and_forgets_the_room(session: Session, booking: Booking) -> None:
    _ready(session, booking)
    appointment = booking.appointment
    rooms.join(
        session=session, participant=booking.invitations[0][0], appointment=appointment, client_token="c", now=START
    )
    rooms.advisor_join(session=session, appointment=appointment, client_token="a", now=START)
    tokens = rooms.end_call(session=session, appointment=appointment, now=START + timedelta(minutes=20))
    session.commit()
    assert sorted(tokens) == ["a", "c"]
    assert appointment.status == AppointmentStatus.DONE and appointment.call_ended_at == START + timedelta(minutes=20)
    assert session.exec(select(RoomMember)).all() == []


def test_advisor_tab_registry(session: Session, advisor: Advisor) -> None:
    assert rooms.advisor_tab(session=session, advisor_id=advisor.id or 0) == ""
    rooms.register_advisor_tab(session=session, advisor_id=advisor.id or 0, client_token="one")
    rooms.register_advisor_tab(session=session, advisor_id=advisor.id or 0, client_token="two")
    session.commit()
    assert rooms.advisor_tab(session=session, advisor_id=advisor.id or 0) == "two"
