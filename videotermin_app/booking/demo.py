"""Demo data for `make run`: one advisor and one appointment starting soon, created once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.booking.booking import Booking, PersonInput, book_appointment
from videotermin_app.core.models import Advisor, Appointment, AppointmentStatus, utcnow

DEMO_EMAIL = "beraterin@example.org"
DEMO_NAME = "Petra Beispiel"
DEMO_PASSWORD = "Videotermin-Demo-2026"


@dataclass(frozen=True)
class DemoResult:
    advisor: Advisor
    booking: Booking | None  # None when an upcoming demo appointment already existed


def ensure_demo_data(*, session: Session, now: datetime | None = None) -> DemoResult:
    """Create the demo advisor once, and a demo appointment when none is upcoming."""
    now = now or utcnow()
    advisor = session.exec(select(Advisor).where(Advisor.email == DEMO_EMAIL)).first()
    if advisor is None:
        advisor = create_advisor(session=session, email=DEMO_EMAIL, name=DEMO_NAME, password=DEMO_PASSWORD)
    upcoming = session.exec(
        select(Appointment).where(
            Appointment.advisor_id == advisor.id,
            Appointment.status != AppointmentStatus.CANCELLED,
            Appointment.start > now - timedelta(minutes=30),
        )
    ).first()
    if upcoming is not None:
        return DemoResult(advisor=advisor, booking=None)
    start = (now + timedelta(minutes=15)).replace(second=0, microsecond=0)
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=start,
        duration_minutes=30,
        now=now,
        client=PersonInput(
            first_name="Max", last_name="Mustermann", email="max.mustermann@example.org", customer_number="123D456789"
        ),
    )
    return DemoResult(advisor=advisor, booking=booking)
