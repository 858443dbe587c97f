"""Who calls in the call and the chat: `rooms.held_seat` re-derives the seat from the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.unit.conftest import NOW
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.accounts.auth import sign_in, sign_out
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
from videotermin_app.room import rooms

START = NOW + timedelta(hours=1)
PASSWORD = "sehr-geheim-123"


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
    for participant, _token in booking.invitations:
        session.add(ConsentRecord(participant_id=participant.id or 0, text_version="2025-05", given_at=NOW))
        session.add(DeviceCheck(participant_id=participant.id or 0, level="green"))
    session.commit()
    return booking


def _in_call(session: Session, booking: Booking, index: int = 0, tab: str = "tab-1") -> RoomMember:
    participant = booking.invitations[index][0]
    member, _previous = rooms.join(
        session=session, participant=participant, appointment=booking.appointment, client_token=tab, now=START
    )
    rooms.advisor_join(session=session, appointment=booking.appointment, client_token="advisor-tab", now=START)
    rooms.set_status(
        session=session, appointment=booking.appointment, key=member.member_key, status=MemberStatus.ADMITTED
    )
    session.commit()
    return member


def _check(session: Session, booking: Booking, **changes: object) -> rooms.Seat | None:
    args: dict[str, object] = {
        "appointment_id": booking.appointment.id or 0,
        "key": rooms.participant_key(booking.invitations[0][0].id or 0),
        "epoch": 1,
        "client_token": "tab-1",
        "link_token": booking.invitations[0][1],
        "now": START,
    }
    args.update(changes)
    return rooms.held_seat(session=session, **args)  # type: ignore[arg-type]


def test_the_tab_holding_the_seat_is_recognised(session: Session, booking: Booking) -> None:
    member = _in_call(session, booking)
    seat = _check(session, booking)
    assert seat is not None
    assert (seat.key, seat.epoch, seat.status) == (member.member_key, 1, MemberStatus.ADMITTED)


@pytest.mark.parametrize(
    "changes",
    [
        {"epoch": 0},  # an earlier session of this tab
        {"epoch": 2},
        {"client_token": "another-tab"},  # a tab that never held the seat
        {"client_token": ""},
        {"link_token": ""},  # no link
        {"link_token": "x" * 32},  # an unknown link
        {"appointment_id": 0},
        {"appointment_id": 999},
        {"key": "p999"},
        {"key": rooms.ADVISOR_KEY},  # a participant's tab claiming the advisor's seat
    ],
)
def test_anything_else_is_refused(session: Session, booking: Booking, changes: dict[str, object]) -> None:
    _in_call(session, booking)
    assert _check(session, booking, **changes) is None


def test_a_link_cannot_act_for_another_person_of_the_same_appointment(session: Session, booking: Booking) -> None:
    _in_call(session, booking, 1, tab="tab-1")  # the interpreter holds a seat in tab-1
    interpreter = rooms.participant_key(booking.invitations[1][0].id or 0)
    assert _check(session, booking, key=interpreter, link_token=booking.invitations[1][1]) is not None
    assert _check(session, booking, key=interpreter, link_token=booking.invitations[0][1]) is None


def test_a_reload_elsewhere_takes_the_seat_from_the_old_tab(session: Session, booking: Booking) -> None:
    _in_call(session, booking)
    rooms.join(
        session=session,
        participant=booking.invitations[0][0],
        appointment=booking.appointment,
        client_token="tab-2",
        now=START,
    )
    session.commit()
    assert _check(session, booking) is None  # missed its "taken over" delivery: still refused
    assert _check(session, booking, epoch=2, client_token="tab-2") is not None


def test_declined_person_keeps_no_call_seat(session: Session, booking: Booking) -> None:
    member = _in_call(session, booking)
    rooms.set_status(
        session=session, appointment=booking.appointment, key=member.member_key, status=MemberStatus.DECLINED
    )
    session.commit()
    seat = _check(session, booking)
    assert seat is not None and seat.status not in rooms.IN_ROOM | rooms.IN_CALL


def test_revoked_link_is_refused(session: Session, booking: Booking) -> None:
    _in_call(session, booking)
    record = session.exec(
        select(ConsentRecord).where(ConsentRecord.participant_id == booking.invitations[0][0].id)
    ).one()
    record.revoked_at = START
    session.commit()
    assert _check(session, booking) is None


@pytest.mark.parametrize("status", [AppointmentStatus.CANCELLED, AppointmentStatus.DONE])
def test_ended_or_cancelled_appointment_is_refused(
    session: Session, booking: Booking, status: AppointmentStatus
) -> None:
    _in_call(session, booking)
    booking.appointment.status = status
    session.commit()
    assert _check(session, booking) is None


def test_advisor_seat_needs_a_valid_session_of_that_advisor(
    session: Session, booking: Booking, advisor: Advisor
) -> None:
    _in_call(session, booking)
    cookie = sign_in(session=session, email=advisor.email, password=PASSWORD, ip="192.0.2.1", now=START).session_token
    other = create_advisor(session=session, email="b.beraterin@example.org", name="Berta B", password=PASSWORD)
    session.commit()
    other_cookie = sign_in(
        session=session, email=other.email, password=PASSWORD, ip="192.0.2.1", now=START
    ).session_token
    session.commit()

    def advisor_seat(token: str, **changes: object) -> rooms.Seat | None:
        args: dict[str, object] = {
            "key": rooms.ADVISOR_KEY,
            "client_token": "advisor-tab",
            "advisor_session": token,
            "link_token": "",
        }
        args.update(changes)
        return _check(session, booking, **args)

    assert advisor_seat(cookie) is not None
    assert advisor_seat(other_cookie) is None  # another advisor's session
    assert advisor_seat("") is None
    assert advisor_seat(cookie, client_token="tab-1") is None
    # a link of the appointment does not open the advisor's seat
    assert advisor_seat("", link_token=booking.invitations[0][1]) is None
    sign_out(session=session, session_token=cookie, now=START)
    session.commit()
    assert advisor_seat(cookie) is None  # signed out


def test_deactivated_advisor_is_refused(session: Session, booking: Booking, advisor: Advisor) -> None:
    _in_call(session, booking)
    cookie = sign_in(session=session, email=advisor.email, password=PASSWORD, ip="192.0.2.1", now=START).session_token
    advisor.active = False
    session.commit()
    seat = _check(session, booking, key=rooms.ADVISOR_KEY, client_token="advisor-tab", advisor_session=cookie)
    assert seat is None
