"""Retention: personal and device data live `retention_days` (90) after the appointment ended.

`purge_expired` blanks, for every participant whose appointment ended more than `retention_days`
ago, exactly the data the consent text lists (customer number, first and last name, role, IP
address, operating system, device, browser, upload and download rate, transmission quality) plus
the e-mail address and the token hash (the personal link dies). It keeps what the anonymous
statistics need: the appointment's start, duration, status, call times and `has_interpreter`, and
the traffic-light `level` of each device check. Rows are blanked, not deleted, so the statistics
keep their counts; `purged_at` marks them.

Consent records are kept: after blanking they hold no personal data (a text version and the times
of consent, refusal or revocation of a participant that is now anonymous), and they document that
the data were processed with consent and when a consent was revoked.

Idempotent and safe to run in several workers at once: it only touches rows with `purged_at IS
NULL`, blanking twice gives the same result, and on PostgreSQL the candidate rows are locked with
`FOR UPDATE SKIP LOCKED`, so two workers never wait on each other (SQLite ignores it and
serialises writers itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from videotermin_app.core.models import (
    Appointment,
    DeviceCheck,
    Participant,
    ParticipantRole,
)

# What the brochure lists as stored, blanked by the purge and by a revoked consent alike.
PARTICIPANT_PERSONAL_COLUMNS = ("first_name", "last_name", "customer_number", "email", "role", "token_hash")
DEVICE_PERSONAL_COLUMNS = (
    "ip_address",
    "operating_system",
    "device",
    "browser",
    "upload_kbps",
    "download_kbps",
    "rtt_ms",
    "loss_percent",
    "jitter_ms",
    "quality",
    "relay_ok",  # says something about the person's network, like the rates: blanked with them
)


@dataclass(frozen=True)
class PurgeReport:
    participants: int = 0
    device_checks: int = 0
    appointments: int = 0

    def summary(self) -> str:
        return (
            f"purged {self.participants} participant(s), {self.device_checks} device check(s), "
            f"{self.appointments} appointment(s)"
        )


def appointment_end(appointment: Appointment) -> datetime:
    """The later of the planned end and the real end of the call."""
    planned = appointment.start + timedelta(minutes=appointment.duration_minutes)
    if appointment.call_ended_at is not None and appointment.call_ended_at > planned:
        return appointment.call_ended_at
    return planned


def blank_personal_data(*, session: Session, participant: Participant, now: datetime) -> int:
    """Delete one participant's personal and device data at once (no commit).

    Used by the retention purge and by a revoked consent. Returns how many device checks were
    blanked. Calling it again for a purged participant changes nothing and returns 0.
    """
    if participant.purged_at is not None:
        return 0
    if participant.role == ParticipantRole.INTERPRETER:
        appointment = session.get(Appointment, participant.appointment_id)
        if appointment is not None and not appointment.has_interpreter:
            appointment.has_interpreter = True
            session.add(appointment)
    for name in PARTICIPANT_PERSONAL_COLUMNS:
        setattr(participant, name, None)
    participant.purged_at = now
    session.add(participant)
    checks = session.exec(select(DeviceCheck).where(DeviceCheck.participant_id == participant.id)).all()
    for check in checks:
        for name in DEVICE_PERSONAL_COLUMNS:
            setattr(check, name, None)
        session.add(check)
    session.flush()
    return len(checks)


def purge_expired(*, session: Session, now: datetime, retention_days: int) -> PurgeReport:
    """Blank everything whose appointment ended more than `retention_days` before `now` (no commit).

    An appointment that ended exactly `retention_days` ago is kept until the next run.
    """
    cutoff = now - timedelta(days=retention_days)
    rows = session.exec(
        select(Participant, Appointment)
        .join(Appointment, Appointment.id == Participant.appointment_id)  # type: ignore[arg-type]
        .where(Participant.purged_at.is_(None), Appointment.start < cutoff)  # type: ignore[union-attr]
        .with_for_update(skip_locked=True, of=Participant)
    ).all()
    participants = device_checks = 0
    for participant, appointment in rows:
        if appointment_end(appointment) < cutoff:
            device_checks += blank_personal_data(session=session, participant=participant, now=now)
            participants += 1
    appointments = 0
    candidates = session.exec(
        select(Appointment).where(Appointment.purged_at.is_(None), Appointment.start < cutoff)  # type: ignore[union-attr]
    ).all()
    for appointment in candidates:
        if appointment_end(appointment) >= cutoff:
            continue
        open_left = session.exec(
            select(Participant.id).where(
                Participant.appointment_id == appointment.id,
                Participant.purged_at.is_(None),  # type: ignore[union-attr]
            )
        ).first()
        if open_left is None:
            appointment.purged_at = now
            session.add(appointment)
            appointments += 1
    session.flush()
    return PurgeReport(participants=participants, device_checks=device_checks, appointments=appointments)
