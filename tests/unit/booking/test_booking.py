from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.unit.conftest import NOW
from videotermin_app.booking.booking import BookingError, PersonInput, book_appointment
from videotermin_app.core.models import Advisor, Appointment, AppointmentStatus, Participant, ParticipantRole
from videotermin_app.core.tokens import hash_token

CLIENT = PersonInput(first_name="Max", last_name="Mustermann", email="max@example.org", customer_number="123D456789")


def _book(session: Session, advisor: Advisor, **kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {"start": NOW + timedelta(days=1), "duration_minutes": 30, "client": CLIENT, "now": NOW}
    args.update(kw)
    return book_appointment(session=session, advisor=advisor, **args)  # type: ignore[arg-type]


def test_booking_stores_people_and_only_token_hashes(session: Session, advisor: Advisor) -> None:
    booking = _book(
        session,
        advisor,
        others=[
            PersonInput(
                first_name="Olga", last_name="Dolmetsch", email="olga@example.org", role=ParticipantRole.INTERPRETER
            )
        ],
    )
    session.commit()
    people = session.exec(select(Participant)).all()
    assert {p.role for p in people} == {ParticipantRole.CLIENT, ParticipantRole.INTERPRETER}
    for participant, token in booking.invitations:
        assert participant.token_hash == hash_token(token)
        assert token not in repr(participant.model_dump())
    client = next(p for p in people if p.role == ParticipantRole.CLIENT)
    assert client.customer_number == "123D456789"
    interpreter = next(p for p in people if p.role == ParticipantRole.INTERPRETER)
    assert interpreter.customer_number is None
    stored = session.exec(select(Appointment)).one()
    assert stored.start == NOW + timedelta(days=1) and stored.status == AppointmentStatus.BOOKED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"client": PersonInput("", "M", "max@example.org", customer_number="123D456789")}, "first_name"),
        ({"client": PersonInput("Max", " ", "max@example.org", customer_number="123D456789")}, "last_name"),
        ({"client": PersonInput("Max", "M", "max@@example", customer_number="123D456789")}, "email"),
        ({"client": PersonInput("Max", "M", "max@example.org", customer_number="")}, "customer_number"),
        ({"client": PersonInput("Max", "M", "max@example.org", customer_number="<b>")}, "customer_number"),
        ({"start": NOW - timedelta(minutes=1)}, "start"),
        ({"duration_minutes": 0}, "duration"),
        ({"duration_minutes": 600}, "duration"),
        ({"others": [PersonInput("A", "B", "kaputt", role=ParticipantRole.INTERPRETER)]}, "other0_email"),
    ],
)
def test_bad_input_is_refused_with_a_field_and_writes_nothing(
    session: Session, advisor: Advisor, change: dict[str, object], field: str
) -> None:
    with pytest.raises(BookingError) as info:
        _book(session, advisor, **change)
    session.rollback()
    assert info.value.field == field
    assert str(info.value)  # a German sentence for the form
    assert session.exec(select(Appointment)).all() == []
    assert session.exec(select(Participant)).all() == []


def test_double_booking_is_refused_but_adjacent_slots_are_fine(session: Session, advisor: Advisor) -> None:
    start = NOW + timedelta(days=1)
    _book(session, advisor, start=start)
    session.commit()
    for overlapping in (start, start + timedelta(minutes=29), start - timedelta(minutes=29)):
        with pytest.raises(BookingError, match="bereits einen Termin"):
            _book(session, advisor, start=overlapping)
        session.rollback()
    _book(session, advisor, start=start + timedelta(minutes=30))
    _book(session, advisor, start=start - timedelta(minutes=30))
    session.commit()
    assert len(session.exec(select(Appointment)).all()) == 3


def test_cancelled_appointments_free_their_slot(session: Session, advisor: Advisor) -> None:
    first = _book(session, advisor)
    first.appointment.status = AppointmentStatus.CANCELLED
    session.commit()
    _book(session, advisor)
    session.commit()


def test_deactivated_advisor_cannot_book(session: Session, advisor: Advisor) -> None:
    advisor.active = False
    with pytest.raises(BookingError):
        _book(session, advisor)
