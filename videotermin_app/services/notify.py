"""Sending the invitation (or change, or cancellation) to every participant of a booking."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session

from videotermin_app.models import Advisor, Appointment, Participant
from videotermin_app.services.booking import Booking
from videotermin_app.services.invitation import InvitationData, build_message
from videotermin_app.services.links import personal_link
from videotermin_app.services.mailer import MailError, default_sender, send_message
from videotermin_app.settings import Settings

MailKind = Literal["invitation", "change", "cancellation"]


@dataclass(frozen=True)
class SendOutcome:
    participant_id: int
    email: str
    link: str
    sent: bool
    error: str = ""


def appointment_uid(appointment: Appointment, settings: Settings) -> str:
    host = settings.base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"appointment-{appointment.id}@{host}"


def invitation_data(
    *, kind: MailKind, participant: Participant, appointment: Appointment, advisor: Advisor,
    link: str, settings: Settings, sequence: int = 0,
) -> InvitationData:
    return InvitationData(
        kind=kind,
        recipient_email=participant.email or "",
        recipient_name=f"{participant.first_name or ''} {participant.last_name or ''}".strip(),
        role=participant.role.value if participant.role else "client",
        start=appointment.start,
        duration_minutes=appointment.duration_minutes,
        link=link,
        advisor_name=advisor.name,
        advisor_email=advisor.email,
        appointment_uid=appointment_uid(appointment, settings),
        sequence=sequence,
    )


async def send_one(*, data: InvitationData, settings: Settings) -> str:
    """Build and send one mail; '' on success, else the German error message."""
    message = build_message(data=data, tz=settings.timezone, sender=default_sender(settings))
    try:
        await send_message(message=message, settings=settings)
    except MailError as exc:
        return str(exc)
    return ""


def send_invitations(
    *, session: Session, booking: Booking, settings: Settings, kind: MailKind = "invitation", sequence: int = 0,
) -> list[SendOutcome]:
    """Send every participant of a fresh booking their own link (synchronous, for the CLI)."""
    advisor = session.get(Advisor, booking.appointment.advisor_id)
    assert advisor is not None
    outcomes = []
    for participant, token in booking.invitations:
        link = personal_link(settings.base_url, token)
        data = invitation_data(kind=kind, participant=participant, appointment=booking.appointment,
                               advisor=advisor, link=link, settings=settings, sequence=sequence)
        error = asyncio.run(send_one(data=data, settings=settings))
        outcomes.append(SendOutcome(participant_id=participant.id or 0, email=participant.email or "",
                                    link=link, sent=not error, error=error))
    return outcomes
