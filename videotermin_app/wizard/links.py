"""Resolving a personal link to its participant, the same neutral way for every bad token.

`identify` is the one answer to "who calls?" for every participant event: the link's participant
(not cancelled, not revoked, not expired) and the furthest step the database allows them, never a
step the browser reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, or_, select

from videotermin_app.core.i18n import normalized
from videotermin_app.core.models import (
    Advisor,
    Appointment,
    AppointmentStatus,
    ConsentRecord,
    Participant,
    utcnow,
)
from videotermin_app.core.tokens import hash_token, looks_like_token
from videotermin_app.wizard import steps

# A link keeps working this long after the appointment's planned end (survey, late hang-ups).
GRACE_AFTER_END = timedelta(hours=12)


@dataclass(frozen=True)
class LinkTarget:
    participant: Participant
    appointment: Appointment
    advisor: Advisor


@dataclass(frozen=True)
class Caller:
    """Who calls, from server-side facts only: the link's target and the furthest step the database
    allows (`steps.progress`: 2 without consent, 3 with consent, 5 after a device check)."""

    target: LinkTarget
    step: int
    check_level: str = ""  # the latest device check's light under the current consent ('' without one)

    @property
    def participant_id(self) -> int:
        return self.target.participant.id or 0

    @property
    def has_consent(self) -> bool:
        """Consent given and not revoked: camera, device check and the room are open to this link."""
        return self.step >= steps.STEP_PERMISSION

    @property
    def passed_check(self) -> bool:
        """A device check was made under the current consent (a red or yellow one warns, people decide)."""
        return self.step >= steps.STEP_ENTER


def resolve(*, session: Session, token: str, now: datetime | None = None) -> LinkTarget | None:
    """The participant behind a token, or None when unknown, removed, cancelled, expired or revoked."""
    if not looks_like_token(token):
        return None
    now = now or utcnow()
    digest = hash_token(token)  # the invitation's link or the reminder's (a second link of the same person)
    row = session.exec(
        select(Participant, Appointment, Advisor)
        .join(Appointment, Appointment.id == Participant.appointment_id)  # type: ignore[arg-type]
        .join(Advisor, Advisor.id == Appointment.advisor_id)  # type: ignore[arg-type]
        .where(or_(col(Participant.token_hash) == digest, col(Participant.reminder_token_hash) == digest))
    ).first()
    if row is None:
        return None
    participant, appointment, advisor = row
    if (
        participant.purged_at is not None
        or participant.removed_at is not None
        or appointment.status == AppointmentStatus.CANCELLED
    ):
        return None
    end = appointment.start + timedelta(minutes=appointment.duration_minutes)
    if now > end + GRACE_AFTER_END:
        return None
    revoked = session.exec(
        select(ConsentRecord.id).where(
            ConsentRecord.participant_id == participant.id,
            ConsentRecord.revoked_at.is_not(None),  # type: ignore[union-attr]
        )
    ).first()
    if revoked is not None:
        return None
    return LinkTarget(participant=participant, appointment=appointment, advisor=advisor)


def identify(*, session: Session, token: str, now: datetime | None = None) -> Caller | None:
    """The caller behind a personal link and the step the database allows, or None (refuse silently)."""
    target = resolve(session=session, token=token, now=now)
    if target is None:
        return None
    step, level = steps.progress(session=session, participant=target.participant)
    return Caller(target=target, step=step, check_level=level)


def mark_opened(*, session: Session, participant: Participant, now: datetime) -> bool:
    """Note the first valid opening of a personal link (the advisor's readiness board shows it);
    True if this was the first."""
    if participant.link_opened_at is not None:
        return False
    participant.link_opened_at = now
    session.add(participant)
    return True


def remember_language(*, session: Session, token: str, language: str, now: datetime | None = None) -> bool:
    """The person chose `language` on their page: their next mails (a change, a cancellation) use it.

    Only for a link that still resolves; an unknown code is German. True when something changed."""
    target = resolve(session=session, token=token, now=now)
    code = normalized(language)
    if target is None or target.participant.language == code:
        return False
    target.participant.language = code
    session.add(target.participant)
    return True
