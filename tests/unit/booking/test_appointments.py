"""Rescheduling, cancelling and listing an advisor's appointments; the form's raw input."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from tests.unit.conftest import NOW
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.booking.appointments import (
    cancel_appointment,
    list_appointments,
    reschedule_appointment,
    status_key,
)
from videotermin_app.booking.booking import BookingError, PersonInput, book_appointment
from videotermin_app.booking.form_input import (
    parse_duration,
    parse_role,
    parse_start,
    split_name,
)
from videotermin_app.core.models import Advisor, AppointmentStatus

TZ = ZoneInfo("Europe/Berlin")
CLIENT = PersonInput("Max", "Mustermann", "max@example.org", customer_number="123D456789")


def _book(session: Session, advisor: Advisor, start=NOW + timedelta(days=1)):  # type: ignore[no-untyped-def]
    booking = book_appointment(
        session=session, advisor=advisor, start=start, duration_minutes=30, client=CLIENT, now=NOW
    )
    session.commit()
    return booking.appointment


def test_reschedule_moves_and_raises_the_sequence(session: Session, advisor: Advisor) -> None:
    appointment = _book(session, advisor)
    moved = reschedule_appointment(
        session=session,
        advisor=advisor,
        appointment_id=appointment.id or 0,
        start=NOW + timedelta(days=2),
        duration_minutes=45,
        now=NOW,
    )
    assert (moved.start, moved.duration_minutes, moved.sequence) == (NOW + timedelta(days=2), 45, 1)


def test_reschedule_may_overlap_its_own_old_slot_but_not_another(session: Session, advisor: Advisor) -> None:
    first = _book(session, advisor)
    _book(session, advisor, start=NOW + timedelta(days=1, hours=1))
    reschedule_appointment(
        session=session,
        advisor=advisor,
        appointment_id=first.id or 0,
        start=NOW + timedelta(days=1, minutes=15),
        duration_minutes=30,
        now=NOW,
    )
    with pytest.raises(BookingError, match="bereits einen Termin") as info:
        reschedule_appointment(
            session=session,
            advisor=advisor,
            appointment_id=first.id or 0,
            start=NOW + timedelta(days=1, minutes=50),
            duration_minutes=30,
            now=NOW,
        )
    assert info.value.field == "start"


@pytest.mark.parametrize(
    ("start", "duration", "field"),
    [
        (NOW - timedelta(minutes=5), 30, "start"),
        (NOW + timedelta(days=1), 30, "start"),
        (NOW + timedelta(days=3), 999, "duration"),
    ],
)
def test_bad_reschedules_are_refused(session: Session, advisor: Advisor, start, duration, field) -> None:  # type: ignore[no-untyped-def]
    appointment = _book(session, advisor)
    with pytest.raises(BookingError) as info:
        reschedule_appointment(
            session=session,
            advisor=advisor,
            appointment_id=appointment.id or 0,
            start=start,
            duration_minutes=duration,
            now=NOW,
        )
    assert info.value.field == field


def test_cancel_marks_cancelled_and_cannot_be_changed_afterwards(session: Session, advisor: Advisor) -> None:
    appointment = _book(session, advisor)
    cancelled = cancel_appointment(session=session, advisor=advisor, appointment_id=appointment.id or 0, now=NOW)
    assert cancelled.status == AppointmentStatus.CANCELLED and cancelled.sequence == 1
    with pytest.raises(BookingError, match="bereits abgesagt"):
        cancel_appointment(session=session, advisor=advisor, appointment_id=appointment.id or 0, now=NOW)
    with pytest.raises(BookingError, match="bereits abgesagt"):
        reschedule_appointment(
            session=session,
            advisor=advisor,
            appointment_id=appointment.id or 0,
            start=NOW + timedelta(days=4),
            duration_minutes=30,
            now=NOW,
        )


def test_past_appointments_cannot_be_changed(session: Session, advisor: Advisor) -> None:
    appointment = _book(session, advisor)
    later = NOW + timedelta(days=2)
    with pytest.raises(BookingError, match="stattgefunden"):
        cancel_appointment(session=session, advisor=advisor, appointment_id=appointment.id or 0, now=later)


def test_another_advisors_appointment_looks_missing(session: Session, advisor: Advisor) -> None:
    appointment = _book(session, advisor)
    other = create_advisor(session=session, email="b@example.org", name="B", password="lang-genug-123")
    for action in (
        lambda: cancel_appointment(session=session, advisor=other, appointment_id=appointment.id or 0, now=NOW),
        lambda: reschedule_appointment(
            session=session,
            advisor=other,
            appointment_id=appointment.id or 0,
            start=NOW + timedelta(days=3),
            duration_minutes=30,
            now=NOW,
        ),
    ):
        with pytest.raises(BookingError, match="gibt es nicht"):
            action()
    assert appointment.status == AppointmentStatus.BOOKED


def test_list_splits_upcoming_and_past_and_shows_status(session: Session, advisor: Advisor) -> None:
    soon = _book(session, advisor, start=NOW + timedelta(hours=1))
    later = _book(session, advisor, start=NOW + timedelta(days=1))
    upcoming = list_appointments(session=session, advisor=advisor, now=NOW)
    assert [v.appointment.id for v in upcoming] == [soon.id, later.id]
    assert upcoming[0].client is not None and upcoming[0].client.first_name == "Max"
    after = NOW + timedelta(hours=2)
    assert [v.appointment.id for v in list_appointments(session=session, advisor=advisor, now=after, past=True)] == [
        soon.id
    ]
    assert status_key(soon, now=after) == "done"
    assert status_key(later, now=NOW) == "booked" and status_key(later, now=NOW, is_waiting=True) == "waiting"


@pytest.mark.parametrize("raw", ["2026-12-07T13:00", "07.12.2026 13:00", " 2026-12-07 13:00 "])
def test_start_accepts_the_input_formats_in_the_office_time_zone(raw: str) -> None:
    moment = parse_start(raw, TZ)
    assert (moment.hour, moment.utcoffset()) == (13, timedelta(hours=1))


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: parse_start("", TZ), "start"),
        (lambda: parse_start("morgen früh", TZ), "start"),
        (lambda: parse_start("2026-13-40T25:00", TZ), "start"),
        (lambda: parse_duration(""), "duration"),
        (lambda: parse_duration("dreißig"), "duration"),
        (lambda: parse_duration("-5"), "duration"),
        (lambda: split_name("Olga", "person0_name"), "person0_name"),
        (lambda: split_name("  ", "person0_name"), "person0_name"),
        (lambda: parse_role("", "person0_role"), "person0_role"),
        (lambda: parse_role("client", "person0_role"), "person0_role"),
    ],
)
def test_bad_form_input_names_its_field_in_german(call, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BookingError) as info:
        call()
    assert info.value.field == field and str(info.value).startswith("Bitte")
