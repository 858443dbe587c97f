"""Ending: hanging up keeps the seat as left, overtime while the advisor is there, and the closing
of an appointment nobody ended once everyone is gone and the grace period passed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.unit.room.test_rooms import START, _ready, booking  # noqa: F401 - the fixture
from videotermin_app.booking.booking import Booking
from videotermin_app.core.models import Appointment, AppointmentStatus, MemberStatus, RoomMember
from videotermin_app.privacy.survey import survey_offered
from videotermin_app.room import closing, closing_task, rooms
from videotermin_app.wizard.links import LinkTarget

END = START + timedelta(minutes=30)
GRACE = timedelta(minutes=10)


def _in_call(session: Session, booking: Booking) -> RoomMember:  # noqa: F811
    _ready(session, booking)
    participant, appointment = booking.invitations[0][0], booking.appointment
    member, _ = rooms.join(
        session=session, participant=participant, appointment=appointment, client_token="c", now=START
    )
    rooms.advisor_join(session=session, appointment=appointment, client_token="a", now=START)
    rooms.set_status(session=session, appointment=appointment, key=member.member_key, status=MemberStatus.ADMITTED)
    session.commit()
    return member


def _seen(session: Session, appointment: Appointment, key: str, at: object) -> None:
    rooms.mark_seen(session=session, appointment_id=appointment.id or 0, key=key, now=at)  # type: ignore[arg-type]
    session.commit()


def test_rejoining_after_the_planned_end_needs_the_advisor_in_the_call(
    session: Session,
    booking: Booking,  # noqa: F811
) -> None:
    _in_call(session, booking)
    participant, appointment = booking.invitations[0][0], booking.appointment
    late = END + timedelta(minutes=15)

    def reason() -> str:
        return rooms.entry_refusal(session=session, participant=participant, appointment=appointment, now=late)

    assert "vorbei" in reason()  # the advisor's last sign is from the start: gone
    _seen(session, appointment, rooms.ADVISOR_KEY, late - timedelta(seconds=30))
    assert reason() == ""  # the advisor is still in the call: overtime
    again, previous = rooms.join(  # a reload or another device keeps the seat in the call
        session=session, participant=participant, appointment=appointment, client_token="phone", now=late
    )
    assert (again.status, again.epoch, previous) == (MemberStatus.ADMITTED, 2, "c")
    _seen(session, appointment, rooms.ADVISOR_KEY, late - rooms.PRESENT_WITHIN - timedelta(seconds=1))
    assert "vorbei" in reason()
    appointment.status = AppointmentStatus.BOOKED  # not running: no overtime
    _seen(session, appointment, rooms.ADVISOR_KEY, late)
    assert "vorbei" in reason()


def test_hanging_up_keeps_the_seat_as_left_and_opens_the_survey(
    session: Session,
    booking: Booking,  # noqa: F811
) -> None:
    member = _in_call(session, booking)
    participant, appointment = booking.invitations[0][0], booking.appointment
    target = LinkTarget(participant=participant, appointment=appointment, advisor=None)  # type: ignore[arg-type]
    assert not survey_offered(session=session, target=target)  # in the call: not yet
    rooms.leave(session=session, appointment=appointment, key=member.member_key, now=START + timedelta(minutes=9))
    session.commit()
    left = rooms.seat(session=session, appointment_id=appointment.id or 0, key=member.member_key)
    assert left is not None and left.status == MemberStatus.LEFT and left.seen_at == START + timedelta(minutes=9)
    assert survey_offered(session=session, target=target)
    appointment.status = AppointmentStatus.CANCELLED
    assert not survey_offered(session=session, target=target)
    other = booking.invitations[1][0]  # never in the room: only once the appointment is over
    assert not survey_offered(
        session=session,
        target=LinkTarget(participant=other, appointment=appointment, advisor=None),  # type: ignore[arg-type]
    )
    appointment.status = AppointmentStatus.DONE
    assert survey_offered(
        session=session,
        target=LinkTarget(participant=other, appointment=appointment, advisor=None),  # type: ignore[arg-type]
    )


def test_an_abandoned_call_is_closed_after_the_grace_period(
    session: Session,
    booking: Booking,  # noqa: F811
) -> None:
    member = _in_call(session, booking)
    appointment = booking.appointment
    _seen(session, appointment, rooms.ADVISOR_KEY, START + timedelta(minutes=20))  # the advisor's tab closes then
    rooms.leave(session=session, appointment=appointment, key=member.member_key, now=START + timedelta(minutes=25))
    session.commit()
    last = START + timedelta(minutes=25)
    assert closing.close_abandoned(session=session, now=last + GRACE - timedelta(seconds=1), grace=GRACE) == []
    assert appointment.status == AppointmentStatus.IN_CALL
    assert closing.close_abandoned(session=session, now=last + GRACE, grace=GRACE) == [appointment.id]
    session.commit()
    session.expire_all()
    closed = session.get(Appointment, appointment.id)
    assert closed is not None and closed.status == AppointmentStatus.DONE and closed.call_ended_at == last
    assert session.exec(select(RoomMember)).all() == []
    assert closing.close_abandoned(session=session, now=last + 2 * GRACE, grace=GRACE) == []  # once only


def test_someone_still_there_keeps_the_call_open(session: Session, booking: Booking) -> None:  # noqa: F811
    member = _in_call(session, booking)
    appointment = booking.appointment
    later = START + timedelta(hours=3)  # long past the planned end: the heartbeat is what counts
    _seen(session, appointment, member.member_key, later - timedelta(seconds=20))
    assert closing.close_abandoned(session=session, now=later, grace=GRACE) == []


def test_booked_and_finished_appointments_are_left_alone(session: Session, booking: Booking) -> None:  # noqa: F811
    _ready(session, booking)
    appointment = booking.appointment
    rooms.join(  # waiting for an advisor who never came: not a running call
        session=session, participant=booking.invitations[0][0], appointment=appointment, client_token="c", now=START
    )
    session.commit()
    assert closing.close_abandoned(session=session, now=START + timedelta(days=1), grace=GRACE) == []
    assert appointment.status == AppointmentStatus.BOOKED


def test_the_lifespan_round_uses_the_configured_grace(
    configured: str,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    booking: Booking,  # noqa: F811
) -> None:
    from videotermin_app.core.settings import get_settings

    _in_call(session, booking)
    monkeypatch.setenv("VT_CALL_GRACE_MINUTES", "3")
    get_settings.cache_clear()
    assert closing_task.close_once(now=START + timedelta(minutes=2, seconds=59)) == []
    assert closing_task.close_once(now=START + timedelta(minutes=3)) == [booking.appointment.id]


def test_the_test_switch_counts_seconds_and_keeps_open_tabs_signing(
    configured: str,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    booking: Booking,  # noqa: F811
) -> None:
    """`VT_TEST_CALL_GRACE_SECONDS` / `VT_TEST_CLOSE_CHECK_SECONDS` (test mode only): seconds instead of minutes,
    and the heartbeat gives at least three signs within that grace; production keeps 20 s and 30 s."""
    from videotermin_app.core.settings import get_settings
    from videotermin_app.room.rooms import HEARTBEAT_SECONDS, heartbeat_seconds

    assert closing_task.check_interval() == closing_task.CLOSE_CHECK_SECONDS == 30
    for minutes in (1, 10, 240):
        assert heartbeat_seconds(timedelta(minutes=minutes)) == HEARTBEAT_SECONDS == 20
    _in_call(session, booking)
    monkeypatch.setenv("VT_TEST_MODE", "1")
    monkeypatch.setenv("VT_TEST_CALL_GRACE_SECONDS", "15")
    monkeypatch.setenv("VT_TEST_CLOSE_CHECK_SECONDS", "2")
    get_settings.cache_clear()
    assert closing_task.check_interval() == 2.0
    assert heartbeat_seconds(get_settings().call_grace) == 5
    assert closing_task.close_once(now=START + timedelta(seconds=14)) == []
    assert closing_task.close_once(now=START + timedelta(seconds=15)) == [booking.appointment.id]
