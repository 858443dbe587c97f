"""Consent of step 2: give and decline (revoking it is the privacy feature's `revocation.revoke`).

A consent counts only for the wording it was given to: when `CONSENT_VERSION` changes, an earlier
consent is `outdated`, the person is back at step 2 and agrees (or declines) again before the room.

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
    """Given to the current wording (`CONSENT_VERSION`) and not revoked."""
    declined: bool
    revoked: bool
    version: str | None
    outdated: bool = False
    """Given to an earlier wording: step 2 asks again before the next room entry."""


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
    agreed = record.given_at is not None and not revoked
    given = agreed and record.text_version == CONSENT_VERSION
    return ConsentStatus(
        given=given,
        declined=record.declined_at is not None and not agreed,
        revoked=revoked,
        version=record.text_version,
        outdated=agreed and not given,
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
    if current.given:  # an outdated consent may be declined: the new wording was not agreed to
        raise ConsentError("consent is given; revoke it instead")
    record = ConsentRecord(participant_id=participant.id or 0, text_version=version, declined_at=now)
    session.add(record)
    session.flush()
    return record
