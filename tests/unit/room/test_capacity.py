"""The room holds what the booking allows: the advisor and `core.capacity.MAX_INVITED` people with a link.

An appointment booked before the limit (four people with a link, written here without the booking's
check) gets its fourth person refused at the door with a German message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from tests.unit.conftest import NOW
from videotermin_app.core.capacity import MAX_INVITED
from videotermin_app.core.labels import role_label
from videotermin_app.core.models import (
    Advisor,
    Appointment,
    ConsentRecord,
    DeviceCheck,
    MemberStatus,
    Participant,
    ParticipantRole,
)
from videotermin_app.room import rooms

START = NOW + timedelta(hours=1)


def test_a_legacy_appointment_of_four_people_lets_in_three(session: Session, advisor: Advisor) -> None:
    appointment = Appointment(advisor_id=advisor.id or 0, start=START, duration_minutes=30)
    session.add(appointment)
    session.flush()
    people = []
    for index in range(MAX_INVITED + 1):
        person = Participant(
            appointment_id=appointment.id or 0,
            role=ParticipantRole.CLIENT if index == 0 else ParticipantRole.COMPANION,
            first_name=f"P{index}",
            last_name="Person",
            email=f"p{index}@example.org",
        )
        session.add(person)
        session.flush()
        session.add(ConsentRecord(participant_id=person.id or 0, text_version="2025-05", given_at=NOW))
        session.add(DeviceCheck(participant_id=person.id or 0, level="green"))
        people.append(person)
    session.commit()

    def join(person: Participant, tab: str):  # type: ignore[no-untyped-def]
        return rooms.join(session=session, participant=person, appointment=appointment, client_token=tab, now=START)

    for index, person in enumerate(people[:MAX_INVITED]):
        join(person, f"tab-{index}")
    with pytest.raises(rooms.RoomError, match="Beratungsraum ist voll"):
        join(people[-1], "tab-last")
    member, _previous = join(people[0], "tab-0-again")  # a reload of someone inside still works
    assert member.status == MemberStatus.WAITING
    left = rooms.seat(session=session, appointment_id=appointment.id or 0, key=rooms.participant_key(people[1].id or 0))
    assert left is not None
    left.status = MemberStatus.LEFT
    session.commit()
    join(people[-1], "tab-last")  # a seat came free
    # the companion's tile: data-participant-role "companion", labelled from core.labels
    roles = {m.role for m in rooms.members(session=session, appointment_id=appointment.id or 0)}
    assert roles == {"client", "companion"} and role_label("companion") == "Beistand / Vertrauensperson"
