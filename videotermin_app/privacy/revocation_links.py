"""Revocation through the link of a mail, and by the advisor for a revocation made by phone or letter.

The mail's link (`core.revocation_tokens`) works for the whole retention period, also when the
personal link was renewed, the appointment was cancelled or is long over. An unknown token, and a
token of a person whose data the retention purge already deleted (without a revocation), are the
same neutral "not valid" answer. Plain Python; the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from videotermin_app.core import revocation_tokens
from videotermin_app.core.i18n import N_, UserError
from videotermin_app.core.models import Advisor, Appointment, Participant
from videotermin_app.privacy.revocation import Revocation, is_revoked, withdraw
from videotermin_app.wizard.consent import ConsentError


class RevocationError(UserError):
    """The advisor cannot record this revocation (German message for the screen)."""


@dataclass(frozen=True)
class MailLink:
    participant_id: int
    revoked: bool  # the consent is revoked already (by this link, the personal link or the advisor)


def look_up(*, session: Session, token: str) -> MailLink | None:
    """What a revocation link leads to; None for anything that must get the neutral page."""
    participant = revocation_tokens.participant_of(session=session, token=token)
    if participant is None:
        return None
    revoked = is_revoked(session=session, participant=participant)
    if participant.purged_at is not None and not revoked:
        return None  # the retention purge deleted everything already: nothing left to revoke
    return MailLink(participant_id=participant.id or 0, revoked=revoked)


def withdraw_by_link(*, session: Session, token: str, now: datetime) -> tuple[MailLink, Revocation | None] | None:
    """Revoke for the person of the mail's link; (link, None) when it was revoked already; None: neutral."""
    link = look_up(session=session, token=token)
    if link is None:
        return None
    if link.revoked:
        return link, None
    participant = session.get(Participant, link.participant_id)
    assert participant is not None
    try:
        return link, withdraw(session=session, participant=participant, now=now)
    except ConsentError:  # revoked meanwhile from another tab
        return link, None


def record_for_advisor(
    *, session: Session, advisor: Advisor, appointment_id: int, participant_id: int, now: datetime
) -> Revocation:
    """The advisor records a revocation the person made by phone or letter, on their own appointment."""
    appointment = session.get(Appointment, appointment_id)
    participant = session.get(Participant, participant_id)
    if (
        appointment is None
        or participant is None
        or appointment.advisor_id != advisor.id
        or participant.appointment_id != appointment.id
    ):
        raise RevocationError(N_("Diese Person gehört nicht zu Ihren Terminen."))
    if participant.purged_at is not None:
        raise RevocationError(N_("Die Daten dieser Person sind bereits gelöscht."))
    try:
        return withdraw(session=session, participant=participant, now=now)
    except ConsentError:
        raise RevocationError(N_("Die Einwilligung dieser Person ist bereits widerrufen.")) from None
