"""Revoking a consent at any time, with effect for the future: stamp the record, blank the data at once.

From the personal link (`revoke_and_leave`, needs a given consent), and through `withdraw` from the
revocation link of a mail (`privacy/revocation_mail.py`) or by the advisor on the person's behalf
(`privacy/revocation_advisor.py`): `withdraw` works whatever the person decided before (no decision,
declined, an outdated consent) and records the revocation with the current text version.

A person in the waiting area or the call leaves it with the revocation (`revoke_and_leave`): their
seat is set to left in the same transaction, and the state layer tells the room and the advisor.

The blanking is the same function the 90-day purge uses (`retention.blank_personal_data`), so a
revocation and the retention delete exactly the same columns. The caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from videotermin_app.core.i18n import N_
from videotermin_app.core.models import ConsentRecord, Participant
from videotermin_app.privacy.retention import blank_personal_data
from videotermin_app.room.leaving import Departure, take_out
from videotermin_app.wizard.consent import ConsentError, latest, status
from videotermin_app.wizard.consent_text import CONSENT_VERSION

REVOKED_TITLE = N_("Ihre Einwilligung ist widerrufen")
REVOKED_TEXT = N_(
    "Ihre Namen, Ihre Kundennummer, Ihre E-Mail-Adresse, Ihre IP-Adresse und die Daten Ihrer Geräteüberprüfung "
    "wurden gelöscht. Dieser Link führt nicht mehr in den Videotermin. Bitte wenden Sie sich an Ihr Jobcenter, "
    "um den Termin vor Ort oder telefonisch zu führen."
)


def revoke(*, session: Session, participant: Participant, now: datetime) -> ConsentRecord:
    """Withdraw a given consent: stamp it and blank the person's personal and device data at once."""
    record = latest(session=session, participant=participant)
    if record is None or record.given_at is None or record.revoked_at is not None:
        raise ConsentError("there is no active consent to revoke")
    record.revoked_at = now
    session.add(record)
    blank_personal_data(session=session, participant=participant, now=now)
    session.flush()
    return record


@dataclass(frozen=True)
class Revocation:
    record: ConsentRecord
    departure: Departure | None
    """The room the person was taken out of (None: they held no seat)."""


def revoke_and_leave(*, session: Session, participant: Participant, now: datetime) -> Revocation:
    """`revoke`, and the person's seat in the waiting area or the call is set to left at once."""
    record = revoke(session=session, participant=participant, now=now)
    return Revocation(record=record, departure=take_out(session=session, participant_id=participant.id or 0))


def is_revoked(*, session: Session, participant: Participant) -> bool:
    return status(session=session, participant=participant).revoked


def withdraw(*, session: Session, participant: Participant, now: datetime) -> Revocation:
    """Revoke whatever was decided before, blank the data and take the person out of the room.

    Raises ConsentError when the consent is already revoked (nothing happens twice)."""
    if is_revoked(session=session, participant=participant):
        raise ConsentError("the consent is already revoked")
    record = latest(session=session, participant=participant)
    if record is not None and record.given_at is not None:
        return revoke_and_leave(session=session, participant=participant, now=now)
    record = ConsentRecord(participant_id=participant.id or 0, text_version=CONSENT_VERSION, revoked_at=now)
    session.add(record)
    blank_personal_data(session=session, participant=participant, now=now)
    session.flush()
    return Revocation(record=record, departure=take_out(session=session, participant_id=participant.id or 0))
