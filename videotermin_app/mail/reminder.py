"""The reminder mail `VT_REMINDER_HOURS` before the start, once per participant.

Every worker runs the loop (`reminder_task.py`), so sending once rests on the database: `claim` is
one conditional UPDATE (`reminder_sent_at IS NULL` → now) and only the transaction whose UPDATE
changed the row sends. On PostgreSQL a second worker's UPDATE waits for the first commit and then
finds the row claimed; SQLite serialises writers. A failed send gives the claim back (`release`),
so the next round tries again while the appointment is still ahead.

Who gets one: a participant of a booked appointment (not cancelled, not running, not over) whose
data are not blanked (a revoked consent blanks them) and who was invited before the reminder time
(an invitation sent inside the window already is the reminder). The mail carries a personal link of
its own (`reminder_token_hash`, a second valid link beside the invitation's) and a revocation link.
Plain Python; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select, update

from videotermin_app.core.models import Advisor, Appointment, AppointmentStatus, Participant
from videotermin_app.core.routes import personal_link
from videotermin_app.core.settings import Settings
from videotermin_app.core.tokens import new_token
from videotermin_app.mail.notify import PendingMail, invitation_data, new_revoke_link


def due(*, session: Session, now: datetime, hours: int) -> list[int]:
    """The participants whose reminder is due now (not yet claimed)."""
    if hours <= 0:
        return []
    window = timedelta(hours=hours)
    rows = session.exec(
        select(Participant.id, Participant.invited_at, Appointment.start)
        .join(Appointment, col(Appointment.id) == Participant.appointment_id)
        .where(
            Appointment.status == AppointmentStatus.BOOKED,
            col(Appointment.start) > now,
            col(Appointment.start) <= now + window,
            col(Participant.reminder_sent_at).is_(None),
            col(Participant.purged_at).is_(None),
            col(Participant.removed_at).is_(None),
            col(Participant.email).is_not(None),
        )
        .order_by(col(Appointment.start), col(Participant.id))
    ).all()
    return [pid for pid, invited_at, start in rows if pid and (invited_at is None or invited_at <= start - window)]


def claim(*, session: Session, participant_id: int, now: datetime) -> bool:
    """Take this participant's reminder for this transaction; False when someone else has it."""
    result = session.exec(
        update(Participant)
        .where(
            col(Participant.id) == participant_id,
            col(Participant.reminder_sent_at).is_(None),
            col(Participant.purged_at).is_(None),
            col(Participant.removed_at).is_(None),
        )
        .values(reminder_sent_at=now)
    )
    return int(result.rowcount or 0) == 1


def prepare(*, session: Session, participant_id: int, settings: Settings, now: datetime) -> PendingMail | None:
    """Claim the reminder and build it with a new personal link; None when it is not ours to send."""
    if not claim(session=session, participant_id=participant_id, now=now):
        return None
    participant = session.get(Participant, participant_id, populate_existing=True)
    appointment = session.get(Appointment, participant.appointment_id) if participant else None
    if participant is None or appointment is None or not participant.email:
        return None
    advisor = session.get(Advisor, appointment.advisor_id)
    assert advisor is not None
    token, participant.reminder_token_hash = new_token()
    session.add(participant)
    data = invitation_data(
        kind="reminder",
        participant=participant,
        appointment=appointment,
        advisor=advisor,
        link=personal_link(settings.base_url, token),
        settings=settings,
        sequence=appointment.sequence,
        revoke_link=new_revoke_link(session=session, participant=participant, settings=settings, now=now),
    )
    session.flush()
    return PendingMail(participant_id=participant_id, data=data)


def release(*, session: Session, participant_id: int) -> None:
    """The reminder did not go out: give the claim back, and its link dies."""
    session.exec(
        update(Participant)
        .where(col(Participant.id) == participant_id)
        .values(reminder_sent_at=None, reminder_token_hash=None)
    )
