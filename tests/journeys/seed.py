"""Put data into the running app's database the way the services do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import select

from tests.journeys.server import AppServer
from tests.support import session_for
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.models import Advisor, Appointment, AppointmentStatus, ParticipantRole, utcnow

ADVISOR_EMAIL = "journey.berater@example.org"
ADVISOR_PASSWORD = "journey-passwort-123"


@dataclass(frozen=True)
class Seeded:
    appointment_id: int
    start: datetime
    tokens: dict[str, str]  # role -> personal-link token
    advisor_email: str = ADVISOR_EMAIL


def book(
    server: AppServer,
    *,
    starts_in: timedelta = timedelta(hours=1),
    first_name: str = "Max",
    last_name: str = "Mustermann",
    others: list[PersonInput] | None = None,
    advisor_email: str = ADVISOR_EMAIL,
    advisor_name: str = "Bernd Berater",
) -> Seeded:
    """Book an appointment; give each call journey its own advisor so their times never collide."""
    with session_for(server.database_url) as session:
        advisor = session.exec(select(Advisor).where(Advisor.email == advisor_email)).first()
        if advisor is None:
            advisor = create_advisor(session=session, email=advisor_email, name=advisor_name, password=ADVISOR_PASSWORD)
        latest = session.exec(
            select(Appointment).where(Appointment.advisor_id == advisor.id).order_by(Appointment.start.desc())
        ).first()  # type: ignore[attr-defined]
        start = (utcnow() + starts_in).replace(microsecond=0)
        if latest is not None and latest.start + timedelta(minutes=latest.duration_minutes) > start:
            start = latest.start + timedelta(minutes=latest.duration_minutes)  # keep the advisor free of overlaps
        booking = book_appointment(
            session=session,
            advisor=advisor,
            start=start,
            now=min(utcnow(), start),  # a start in the past: booked "earlier", for journeys of late advisors
            duration_minutes=30,
            client=PersonInput(first_name, last_name, "kunde@example.org", customer_number="123D456789"),
            others=others,
        )
        session.commit()
        return Seeded(
            appointment_id=booking.appointment.id or 0,
            start=booking.appointment.start,
            tokens={(p.role.value if p.role else "client"): token for p, token in booking.invitations},
            advisor_email=advisor_email,
        )


def cancel(server: AppServer, appointment_id: int) -> None:
    with session_for(server.database_url) as session:
        appointment = session.get(Appointment, appointment_id)
        assert appointment is not None
        appointment.status = AppointmentStatus.CANCELLED
        session.commit()


def ready_for_room(
    server: AppServer,
    seeded: Seeded,
    *roles: str,
    consent: bool = True,
    device_check: bool = True,
    level: str = "green",
) -> None:
    """Consent given and a device check done, as if steps 2 to 4 were walked (their own journeys test them);
    `consent=False` or `device_check=False` leaves that step undone; `level` is the check's light."""
    from videotermin_app.core.models import ConsentRecord, DeviceCheck, Participant
    from videotermin_app.core.tokens import hash_token
    from videotermin_app.wizard.consent_text import CONSENT_VERSION

    with session_for(server.database_url) as session:
        for role in roles or ("client",):
            participant = session.exec(
                select(Participant).where(Participant.token_hash == hash_token(seeded.tokens[role]))
            ).one()
            if consent:
                session.add(
                    ConsentRecord(participant_id=participant.id or 0, text_version=CONSENT_VERSION, given_at=utcnow())
                )
            if device_check:
                session.add(DeviceCheck(participant_id=participant.id or 0, level=level))
        session.commit()


def book_with_interpreter(
    server: AppServer, *, first_name: str, last_name: str, starts_in: timedelta = timedelta(minutes=2)
) -> Seeded:
    """A client and the interpreter Olga Dolmetsch, both consented and checked, with their own advisor."""
    seeded = book(
        server,
        advisor_email=unique_advisor(),
        starts_in=starts_in,
        first_name=first_name,
        last_name=last_name,
        others=[PersonInput("Olga", "Dolmetsch", "olga@example.org", role=ParticipantRole.INTERPRETER)],
    )
    ready_for_room(server, seeded, "client", "interpreter")
    return seeded


def move(server: AppServer, appointment_id: int, *, starts_in: timedelta) -> None:
    """Move the appointment's start (as a changed booking would), counted from now."""
    with session_for(server.database_url) as session:
        appointment = session.get(Appointment, appointment_id)
        assert appointment is not None
        appointment.start = (utcnow() + starts_in).replace(microsecond=0)
        session.commit()


def room_rows(server: AppServer, appointment_id: int) -> int:
    """How many people the database holds in the waiting area or call of this appointment."""
    from videotermin_app.core.models import RoomMember

    with session_for(server.database_url) as session:
        return len(session.exec(select(RoomMember).where(RoomMember.appointment_id == appointment_id)).all())


def room_statuses(server: AppServer, appointment_id: int) -> list[str]:
    """The room status of each person the database holds for this appointment's waiting area or call."""
    from videotermin_app.core.models import MemberStatus, RoomMember

    with session_for(server.database_url) as session:
        rows = session.exec(select(RoomMember).where(RoomMember.appointment_id == appointment_id)).all()
        return sorted(MemberStatus(row.status).value for row in rows)


def decline_long_ago(server: AppServer, appointment_id: int, *, ago: timedelta) -> None:
    """Move the last decline of everyone in this appointment's room back in time (as waiting would)."""
    from videotermin_app.core.models import RoomMember

    with session_for(server.database_url) as session:
        for row in session.exec(select(RoomMember).where(RoomMember.appointment_id == appointment_id)).all():
            if row.declined_at is not None:
                row.declined_at = utcnow() - ago
                session.add(row)
        session.commit()


def unique_advisor() -> str:
    import uuid

    return f"berater-{uuid.uuid4().hex[:8]}@example.org"
