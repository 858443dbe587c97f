"""Booking helpers for the privacy tests: appointments at fixed times, moved only by `now`."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from videotermin_app.booking.booking import Booking, PersonInput, book_appointment
from videotermin_app.core.models import (
    Advisor,
    AppointmentStatus,
    DeviceCheck,
    ParticipantRole,
)

INTERPRETER = PersonInput("Ida", "Dolmetsch", "ida@example.org", role=ParticipantRole.INTERPRETER)


def booked(
    session: Session,
    advisor: Advisor,
    start: datetime,
    *,
    duration: int = 30,
    done: bool = False,
    call_minutes: float | None = None,
    interpreter: bool = False,
    checks: tuple[str, ...] = (),
) -> Booking:
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=start,
        duration_minutes=duration,
        now=start - timedelta(days=1),
        client=PersonInput("Max", "Mustermann", "max@example.org", customer_number="123D456789"),
        others=[INTERPRETER] if interpreter else None,
    )
    appointment = booking.appointment
    if call_minutes is not None:
        appointment.call_started_at = start
        appointment.call_ended_at = start + timedelta(minutes=call_minutes)
    if done:
        appointment.status = AppointmentStatus.DONE
    client = booking.invitations[0][0]
    for level in checks:
        session.add(
            DeviceCheck(
                participant_id=client.id or 0,
                checked_at=start - timedelta(minutes=10),
                level=level,
                operating_system="Android 14",
                device="Smartphone",
                browser="Chrome 131",
                upload_kbps=900.0,
                download_kbps=2400.0,
                rtt_ms=40.0,
                loss_percent=0.5,
                jitter_ms=8.0,
                quality="good",
                ip_address="203.0.113.7",
                relay_ok=True,
            )
        )
    session.add(appointment)
    session.commit()
    return booking
