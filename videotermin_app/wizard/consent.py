"""Consent of step 2: give and decline (revoking it is the privacy feature's `revocation.revoke`).

Every decision is a new ConsentRecord row (the latest row counts) with the text version and the
time; none of them stores an IP address or anything about the device. A revocation stamps
`revoked_at` on the record, after which `links.resolve` refuses the link for good.
The caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from videotermin_app.core.models import ConsentRecord, Participant
from videotermin_app.wizard.consent_text import CONSENT_VERSION


class ConsentError(ValueError):
    """The participant cannot do this now (e.g. revoke without having consented)."""


@dataclass(frozen=True)
class ConsentStatus:
    given: bool
    declined: bool
    revoked: bool
    version: str | None


def latest(*, session: Session, participant: Participant) -> ConsentRecord | None:
    return session.exec(
        select(ConsentRecord)
        .where(ConsentRecord.participant_id == participant.id)
        .order_by(col(ConsentRecord.id).desc())
    ).first()


def status(*, session: Session, participant: Participant) -> ConsentStatus:
    """What the latest decision says; a revocation anywhere in the history wins."""
    record = latest(session=session, participant=participant)
    revoked = (
        session.exec(
            select(ConsentRecord.id).where(
                ConsentRecord.participant_id == participant.id, col(ConsentRecord.revoked_at).is_not(None)
            )
        ).first()
        is not None
    )
    if record is None:
        return ConsentStatus(given=False, declined=False, revoked=revoked, version=None)
    given = record.given_at is not None and not revoked
    return ConsentStatus(
        given=given, declined=record.declined_at is not None and not given, revoked=revoked, version=record.text_version
    )


def has_consent(*, session: Session, participant: Participant) -> bool:
    return status(session=session, participant=participant).given


def give(*, session: Session, participant: Participant, now: datetime, version: str = CONSENT_VERSION) -> ConsentRecord:
    """Record "Ich stimme zu" (idempotent: an active consent of the same version is returned)."""
    current = status(session=session, participant=participant)
    if current.revoked:
        raise ConsentError("consent was revoked; the link is no longer valid")
    record = latest(session=session, participant=participant)
    if current.given and record is not None and record.text_version == version:
        return record
    record = ConsentRecord(participant_id=participant.id or 0, text_version=version, given_at=now)
    session.add(record)
    session.flush()
    return record


def decline(
    *, session: Session, participant: Participant, now: datetime, version: str = CONSENT_VERSION
) -> ConsentRecord:
    """Record "Ich stimme nicht zu" (only the time and the text version, no IP)."""
    current = status(session=session, participant=participant)
    if current.revoked:
        raise ConsentError("consent was revoked; the link is no longer valid")
    if current.given:
        raise ConsentError("consent is given; revoke it instead")
    record = ConsentRecord(participant_id=participant.id or 0, text_version=version, declined_at=now)
    session.add(record)
    session.flush()
    return record
