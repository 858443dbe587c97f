"""A revocation in the waiting area or the call takes the person out of the room at once and closes
their test call (real database, real aiortc peers)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import Session

from tests.unit.conftest import NOW
from tests.unit.device_check.test_device_check import _call
from tests.unit.privacy.helpers import booked
from videotermin_app.core.models import Advisor, ConsentRecord, MemberStatus
from videotermin_app.device_check.registry import EchoRegistry, link_key
from videotermin_app.privacy import revocation
from videotermin_app.room import leaving, rooms

START = NOW + timedelta(hours=1)


def _waiting(session: Session, advisor: Advisor, *, admitted: bool = False):  # type: ignore[no-untyped-def]
    booking = booked(session, advisor, START, checks=("green",), interpreter=True)
    client = booking.invitations[0][0]
    session.add(
        ConsentRecord(participant_id=client.id or 0, text_version="2025-05", given_at=START - timedelta(hours=1))
    )
    session.commit()
    rooms.join(
        session=session,
        participant=client,
        appointment=booking.appointment,
        client_token="tab-client",
        now=START - timedelta(minutes=2),
    )
    if admitted:
        rooms.advisor_join(session=session, appointment=booking.appointment, client_token="tab-advisor", now=START)
        rooms.set_status(
            session=session,
            appointment=booking.appointment,
            key=rooms.participant_key(client.id or 0),
            status=MemberStatus.ADMITTED,
        )
    session.commit()
    return booking, client


def test_a_revocation_in_the_waiting_area_takes_the_seat_out(session: Session, advisor: Advisor) -> None:
    booking, client = _waiting(session, advisor)
    assert [v.key for _a, v in rooms.waiting_for_advisor(session=session, advisor_id=advisor.id or 0)] == [
        rooms.participant_key(client.id or 0)
    ]
    done = revocation.revoke_and_leave(session=session, participant=client, now=START)
    session.commit()
    assert done.record.revoked_at == START
    assert done.departure == leaving.Departure(
        appointment_id=booking.appointment.id or 0, advisor_id=advisor.id or 0, client_token="tab-client"
    )
    assert rooms.waiting_for_advisor(session=session, advisor_id=advisor.id or 0) == []
    seat = rooms.seat(
        session=session, appointment_id=booking.appointment.id or 0, key=rooms.participant_key(client.id or 0)
    )
    assert seat is not None and seat.status == MemberStatus.LEFT


def test_a_revocation_in_the_call_shows_the_others_that_the_person_left(session: Session, advisor: Advisor) -> None:
    booking, client = _waiting(session, advisor, admitted=True)
    key = rooms.participant_key(client.id or 0)
    before = {v.key: v.status for v in rooms.members(session=session, appointment_id=booking.appointment.id or 0)}
    assert before[key] == MemberStatus.ADMITTED
    revocation.revoke_and_leave(session=session, participant=client, now=START)
    session.commit()
    views = rooms.members(session=session, appointment_id=booking.appointment.id or 0)
    after = {v.key: v for v in views}
    assert after[key].status == MemberStatus.LEFT and after[key].name == ""  # left, and nameless
    assert after[rooms.ADVISOR_KEY].status == MemberStatus.ADMITTED
    assert [v.key for v in views if v.status == MemberStatus.ADMITTED] == [rooms.ADVISOR_KEY]


def test_a_revocation_without_a_seat_leaves_no_departure(session: Session, advisor: Advisor) -> None:
    booking = booked(session, advisor, START)
    client = booking.invitations[0][0]
    session.add(ConsentRecord(participant_id=client.id or 0, text_version="2025-05", given_at=NOW))
    session.commit()
    assert revocation.revoke_and_leave(session=session, participant=client, now=START).departure is None
    assert leaving.take_out(session=session, participant_id=client.id or 0) is None


def test_the_revocation_closes_the_echo_peer_whichever_tab_opened_it() -> None:
    async def run() -> None:
        reg = EchoRegistry(max_peers=2)
        peer = await reg.open(link_key(42), owner="other-tab#3")
        caller, echoed = await _call(lambda sdp: peer.answer(offer_sdp=sdp))
        await asyncio.wait_for(echoed["video"].recv(), timeout=5)
        await reg.close(link_key(42))  # what RevocationState.revoke does
        assert peer.is_closed and len(reg) == 0
        await caller.close()

    asyncio.run(run())


def test_the_lateness_watch_has_a_bounded_lifetime() -> None:
    from videotermin_app.room import state_waiting

    assert state_waiting.LATENESS_WATCH_MAX_SECONDS == 2 * 3600.0
    assert state_waiting.LATENESS_WATCH_MAX_SECONDS > state_waiting.LATE_AFTER.total_seconds() + 5 * 60
