"""Sending the invitation (or change, or cancellation) to every participant of a booking."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from sqlmodel import Session, col, select

from videotermin_app.core import revocation_tokens
from videotermin_app.core.models import Advisor, Appointment, MailStatus, Participant, utcnow
from videotermin_app.core.routes import imprint_link, personal_link, revocation_link
from videotermin_app.core.settings import Settings
from videotermin_app.core.tokens import new_token
from videotermin_app.mail.invitation import InvitationData, build_message
from videotermin_app.mail.mailer import MailError, default_sender, send_message

MailKind = Literal["invitation", "change", "cancellation", "reminder", "removal"]


class FreshBooking(Protocol):
    """What a fresh booking hands the mail (the booking feature's `Booking` fits): the appointment and,
    per participant, the plain token of their personal link, known only right after booking."""

    @property
    def appointment(self) -> Appointment: ...

    @property
    def invitations(self) -> Sequence[tuple[Participant, str]]: ...


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
    *,
    kind: MailKind,
    participant: Participant,
    appointment: Appointment,
    advisor: Advisor,
    link: str,
    settings: Settings,
    sequence: int = 0,
    revoke_link: str = "",
) -> InvitationData:
    return InvitationData(
        kind=kind,
        recipient_email=participant.email or "",
        recipient_name=f"{participant.first_name or ''} {participant.last_name or ''}".strip(),
        role=str(getattr(participant.role, "value", participant.role or "client")),
        start=appointment.start,
        duration_minutes=appointment.duration_minutes,
        link=link,
        advisor_name=advisor.name,
        advisor_email=advisor.email,
        appointment_uid=appointment_uid(appointment, settings),
        sequence=sequence,
        revoke_link=revoke_link,
        imprint_link=imprint_link(settings.base_url),
        language=participant.language or "de",
    )


def new_revoke_link(*, session: Session, participant: Participant, settings: Settings, now: datetime) -> str:
    """A fresh "Einwilligung widerrufen" link for one mail (its token is stored only as a hash)."""
    token = revocation_tokens.issue(session=session, participant_id=participant.id or 0, now=now)
    return revocation_link(settings.base_url, token)


async def send_one(*, data: InvitationData, settings: Settings) -> str:
    """Build and send one mail; '' on success, else the German error message."""
    message = build_message(data=data, tz=settings.timezone, sender=default_sender(settings))
    try:
        await send_message(message=message, settings=settings)
    except MailError as exc:
        return str(exc)
    return ""


@dataclass(frozen=True)
class PendingMail:
    participant_id: int
    data: InvitationData


def _pending(participant: Participant, data: InvitationData) -> PendingMail:
    participant.mail_status = MailStatus.PENDING.value
    participant.mail_error = None
    return PendingMail(participant_id=participant.id or 0, data=data)


def mails_for_booking(*, session: Session, booking: FreshBooking, settings: Settings) -> list[PendingMail]:
    """The invitations of a fresh booking (its tokens are still known). Marks each as pending."""
    advisor = session.get(Advisor, booking.appointment.advisor_id)
    assert advisor is not None
    mails = []
    for participant, token in booking.invitations:
        data = invitation_data(
            kind="invitation",
            participant=participant,
            appointment=booking.appointment,
            advisor=advisor,
            link=personal_link(settings.base_url, token),
            settings=settings,
            sequence=booking.appointment.sequence,
            revoke_link=new_revoke_link(session=session, participant=participant, settings=settings, now=utcnow()),
        )
        mails.append(_pending(participant, data))
    session.flush()
    return mails


def mails_for_appointment(
    *,
    session: Session,
    appointment: Appointment,
    kind: MailKind,
    settings: Settings,
    participant_ids: list[int] | None = None,
    now: datetime | None = None,
) -> list[PendingMail]:
    """Mails about an existing appointment, to all its participants or to `participant_ids`.

    Only token hashes are stored, so a mail that carries a link (invitation resent, change) carries
    a fresh link and the person's previous link stops working; a cancellation carries no link.
    """
    advisor = session.get(Advisor, appointment.advisor_id)
    assert advisor is not None
    people = session.exec(
        select(Participant).where(Participant.appointment_id == appointment.id).order_by(col(Participant.id))
    ).all()
    mails = []
    for participant in people:
        if participant_ids is not None and participant.id not in participant_ids:
            continue
        if participant.purged_at is not None or participant.removed_at is not None or not participant.email:
            continue
        link = settings.base_url
        if kind != "cancellation":
            token, participant.token_hash = new_token()
            participant.invited_at = now or utcnow()
            participant.reminder_token_hash = None  # the reminder's link dies with the previous link
            link = personal_link(settings.base_url, token)
        if kind == "change":
            participant.reminder_sent_at = None  # a new time gets its own reminder
        data = invitation_data(
            kind=kind,
            participant=participant,
            appointment=appointment,
            advisor=advisor,
            link=link,
            settings=settings,
            sequence=appointment.sequence,
            revoke_link=new_revoke_link(
                session=session, participant=participant, settings=settings, now=now or utcnow()
            ),
        )
        mails.append(_pending(participant, data))
        session.add(participant)
    session.flush()
    return mails


async def deliver(*, mails: list[PendingMail], settings: Settings) -> list[SendOutcome]:
    """Send each mail on its own: one failure does not stop the others."""
    outcomes = []
    for mail in mails:
        error = await send_one(data=mail.data, settings=settings)
        outcomes.append(
            SendOutcome(
                participant_id=mail.participant_id,
                email=mail.data.recipient_email,
                link=mail.data.link,
                sent=not error,
                error=error,
            )
        )
    return outcomes


def record_outcomes(*, session: Session, outcomes: list[SendOutcome]) -> None:
    """Store per participant whether the last mail went out (the advisor sees it and can retry)."""
    for outcome in outcomes:
        participant = session.get(Participant, outcome.participant_id)
        if participant is None:
            continue
        participant.mail_status = (MailStatus.SENT if outcome.sent else MailStatus.FAILED).value
        participant.mail_error = None if outcome.sent else outcome.error[:300]
        session.add(participant)


def send_invitations(*, session: Session, booking: FreshBooking, settings: Settings) -> list[SendOutcome]:
    """Send every participant of a fresh booking their own link (synchronous, for the CLI)."""
    mails = mails_for_booking(session=session, booking=booking, settings=settings)
    outcomes = asyncio.run(deliver(mails=mails, settings=settings))
    record_outcomes(session=session, outcomes=outcomes)
    return outcomes


def removal_mail(
    *, session: Session, participant: Participant, appointment: Appointment, settings: Settings, now: datetime
) -> PendingMail:
    """The short mail to a person the advisor took off the appointment: no link, a calendar CANCEL."""
    advisor = session.get(Advisor, appointment.advisor_id)
    assert advisor is not None
    data = invitation_data(
        kind="removal",
        participant=participant,
        appointment=appointment,
        advisor=advisor,
        link=settings.base_url,
        settings=settings,
        sequence=appointment.sequence + 1,  # calendars replace the person's event with the cancellation
        revoke_link=new_revoke_link(session=session, participant=participant, settings=settings, now=now),
    )
    mail = _pending(participant, data)
    session.add(participant)
    session.flush()
    return mail
