"""Adding and removing people after booking; the capacity shared with the call; who else joins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.unit.conftest import NOW
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.booking.appointments import cancel_appointment, list_appointments
from videotermin_app.booking.booking import BookingError, PersonInput, book_appointment
from videotermin_app.booking.participants import add_participant, others_of, remove_participant
from videotermin_app.core.capacity import MAX_FURTHER_PEOPLE, MAX_INVITED, MAX_PEOPLE_IN_CALL
from videotermin_app.core.models import Advisor, Appointment, AppointmentStatus, Participant, ParticipantRole
from videotermin_app.core.settings import load_settings
from videotermin_app.core.tokens import hash_token
from videotermin_app.mail import reminder
from videotermin_app.mail.notify import mails_for_appointment
from videotermin_app.wizard import links

CLIENT = PersonInput(first_name="Max", last_name="Mustermann", email="max@example.org", customer_number="123D456789")
OLGA = PersonInput("Olga", "Petrova", "olga@example.org", role=ParticipantRole.INTERPRETER)
BEA = PersonInput("Bea", "Beistand", "bea@example.org", role=ParticipantRole.COMPANION)
RITA = PersonInput("Rita", "Recht", "rita@example.org", role=ParticipantRole.REPRESENTATIVE)


def _appointment(session: Session, advisor: Advisor, others: list[PersonInput] | None = None) -> Appointment:
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=NOW + timedelta(days=1),
        duration_minutes=30,
        client=CLIENT,
        others=others,
        now=NOW,
    )
    session.commit()
    return booking.appointment


def _count(session: Session) -> int:
    return len(session.exec(select(Participant)).all())


def test_one_number_for_booking_and_call() -> None:
    assert MAX_PEOPLE_IN_CALL == 4 and MAX_INVITED == 3 and MAX_FURTHER_PEOPLE == 2


def test_booking_refuses_more_people_than_the_call_holds(session: Session, advisor: Advisor) -> None:
    with pytest.raises(BookingError) as refused:
        _appointment(session, advisor, [OLGA, BEA, RITA])
    assert "höchstens 3 Personen" in str(refused.value)
    session.rollback()
    assert _count(session) == 0


def test_added_person_gets_a_link_and_the_companion_role(session: Session, advisor: Advisor) -> None:
    appointment = _appointment(session, advisor)
    booking = add_participant(session=session, advisor=advisor, appointment_id=appointment.id or 0, person=BEA, now=NOW)
    session.commit()
    ((added, token),) = booking.invitations
    assert added.role == ParticipantRole.COMPANION and added.token_hash == hash_token(token)
    target = links.resolve(session=session, token=token, now=NOW)
    assert target is not None and target.participant.id == added.id


@pytest.mark.parametrize(
    ("person", "message"),
    [
        (PersonInput("Olga", "P", "kaputt", role=ParticipantRole.INTERPRETER), "ungültig"),
        (PersonInput("", "P", "o@example.org", role=ParticipantRole.INTERPRETER), "Vornamen"),
        (PersonInput("Max", "Zwei", "x@example.org", role=ParticipantRole.CLIENT), "Rolle"),
        (PersonInput("Olga", "Zwei", "OLGA@example.org", role=ParticipantRole.COMPANION), "bereits eingeladen"),
    ],
)
def test_bad_additions_are_refused_and_write_nothing(
    session: Session, advisor: Advisor, person: PersonInput, message: str
) -> None:
    appointment = _appointment(session, advisor, [OLGA])
    before = _count(session)
    with pytest.raises(BookingError) as refused:
        add_participant(session=session, advisor=advisor, appointment_id=appointment.id or 0, person=person, now=NOW)
    session.rollback()
    assert message in str(refused.value) and _count(session) == before


def test_adding_beyond_the_capacity_is_refused(session: Session, advisor: Advisor) -> None:
    appointment = _appointment(session, advisor, [OLGA, BEA])
    with pytest.raises(BookingError, match="höchstens 3 Personen"):
        add_participant(session=session, advisor=advisor, appointment_id=appointment.id or 0, person=RITA, now=NOW)


def test_foreign_or_cancelled_appointments_are_refused(session: Session, advisor: Advisor) -> None:
    appointment = _appointment(session, advisor, [OLGA])
    other = create_advisor(session=session, email="other@example.org", name="Otto Anders", password="x" * 12)
    session.commit()
    for call in (
        lambda: add_participant(
            session=session, advisor=other, appointment_id=appointment.id or 0, person=BEA, now=NOW
        ),
        lambda: remove_participant(
            session=session, advisor=other, appointment_id=appointment.id or 0, participant_id=2, now=NOW
        ),
    ):
        with pytest.raises(BookingError, match="gibt es nicht"):
            call()
    cancel_appointment(session=session, advisor=advisor, appointment_id=appointment.id or 0, now=NOW)
    with pytest.raises(BookingError, match="abgesagt"):
        add_participant(session=session, advisor=advisor, appointment_id=appointment.id or 0, person=BEA, now=NOW)


def test_removed_person_loses_the_link_and_disappears(session: Session, advisor: Advisor) -> None:
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=NOW + timedelta(days=1),
        duration_minutes=30,
        client=CLIENT,
        others=[OLGA],
        now=NOW,
    )
    session.commit()
    (client, _client_token), (olga, olga_token) = booking.invitations
    appointment_id = booking.appointment.id or 0
    remove_participant(
        session=session, advisor=advisor, appointment_id=appointment_id, participant_id=olga.id or 0, now=NOW
    )
    session.commit()
    assert links.resolve(session=session, token=olga_token, now=NOW) is None
    (view,) = list_appointments(session=session, advisor=advisor, now=NOW)
    assert [p.id for p in view.participants] == [client.id]
    assert others_of(session=session, participant=client) == []
    assert reminder.due(session=session, now=NOW + timedelta(hours=1), hours=24) == [client.id]  # no reminder
    changed = mails_for_appointment(
        session=session, appointment=booking.appointment, kind="change", settings=load_settings({})
    )
    assert [m.participant_id for m in changed] == [client.id]  # no mail to the removed person
    with pytest.raises(BookingError, match="nicht \\(mehr\\)"):
        remove_participant(
            session=session, advisor=advisor, appointment_id=appointment_id, participant_id=olga.id or 0, now=NOW
        )
    with pytest.raises(BookingError, match="Kundin oder der Kunde"):
        remove_participant(
            session=session, advisor=advisor, appointment_id=appointment_id, participant_id=client.id or 0, now=NOW
        )


def test_others_are_named_with_role_never_with_email(session: Session, advisor: Advisor) -> None:
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=NOW + timedelta(days=1),
        duration_minutes=30,
        client=CLIENT,
        others=[OLGA, BEA],
        now=NOW,
    )
    session.commit()
    client, olga, _bea = (p for p, _token in booking.invitations)
    assert [(o.role_label, o.name) for o in others_of(session=session, participant=client)] == [
        ("Dolmetscherin/Dolmetscher", "Olga Petrova"),
        ("Beistand / Vertrauensperson", "Bea Beistand"),
    ]
    named = others_of(session=session, participant=olga)
    assert [o.name for o in named] == ["Max Mustermann", "Bea Beistand"]
    assert all("@" not in o.name + o.role_label for o in named)


def test_done_appointment_is_refused(session: Session, advisor: Advisor) -> None:
    appointment = _appointment(session, advisor)
    appointment.status = AppointmentStatus.DONE
    session.add(appointment)
    session.commit()
    with pytest.raises(BookingError, match="stattgefunden"):
        add_participant(session=session, advisor=advisor, appointment_id=appointment.id or 0, person=BEA, now=NOW)


def test_open_tabs_of_the_links_are_known_newest_few_per_person(session: Session, advisor: Advisor) -> None:
    from videotermin_app.booking.participants import (
        MAX_TABS_PER_PERSON,
        forget_tabs,
        register_tab,
        tabs_of_appointment,
    )

    appointment = _appointment(session, advisor, [OLGA])
    client, interpreter = session.exec(
        select(Participant).where(Participant.appointment_id == appointment.id).order_by(Participant.id)  # type: ignore[arg-type]
    ).all()
    colleague = create_advisor(session=session, email="k@example.org", name="Kai Kollege", password="sehr-geheim-789")
    other = _appointment(session, colleague)
    stranger = session.exec(select(Participant).where(Participant.appointment_id == other.id)).one()
    for i in range(MAX_TABS_PER_PERSON + 2):
        register_tab(
            session=session, participant_id=client.id or 0, client_token=f"c{i}", now=NOW + timedelta(seconds=i)
        )
    register_tab(session=session, participant_id=interpreter.id or 0, client_token="i0", now=NOW)
    register_tab(session=session, participant_id=stranger.id or 0, client_token="s0", now=NOW)
    for bogus in ("", "x" * 65):
        register_tab(session=session, participant_id=client.id or 0, client_token=bogus, now=NOW)
    session.commit()
    newest = {f"c{i}" for i in range(2, MAX_TABS_PER_PERSON + 2)}
    assert set(tabs_of_appointment(session=session, appointment_id=appointment.id or 0)) == newest | {"i0"}
    remove_participant(
        session=session,
        advisor=advisor,
        appointment_id=appointment.id or 0,
        participant_id=interpreter.id or 0,
        now=NOW,
    )
    # a removed person's tabs still count (they must be told), until they are forgotten
    assert "i0" in tabs_of_appointment(session=session, appointment_id=appointment.id or 0)
    forget_tabs(session=session, participant_id=interpreter.id or 0)
    session.commit()
    assert set(tabs_of_appointment(session=session, appointment_id=appointment.id or 0)) == newest
    assert tabs_of_appointment(session=session, appointment_id=other.id or 0) == ["s0"]
