"""Retention: personal and device data live `retention_days` (90) after the appointment ended.

`purge_expired` blanks, for every participant whose appointment ended more than `retention_days`
ago, exactly the data the consent text lists (customer number, first and last name, role, IP
address, operating system, device, browser, upload and download rate, transmission quality) plus
the e-mail address and the token hashes (the personal links die). It keeps what the anonymous
statistics need: the appointment's start, duration, status, call times and `has_interpreter`, and
the traffic-light `level` of each device check. Rows are blanked, not deleted, so the statistics
keep their counts; `purged_at` marks them.

Consent records are kept: after blanking they hold no personal data (a text version and the times
of consent, refusal or revocation of a participant that is now anonymous), and they document that
the data were processed with consent and when a consent was revoked.

`purge_all` adds what else holds names, addresses or links (docs/operations.md, "Retention"):
the room rows of purged appointments (`RoomMember`: a decline notice, a tab's client token), outbox
`.eml` files (`mail.mailer.purge_outbox`: deleted `retention_days` after they were written), sign-in
throttle rows past their hour and ended or expired advisor sessions
(`accounts.auth.purge_sign_in_traces`), and workspace-tab rows older than the longest session
(`room.rooms.purge_stale_presence`). The revocation links of the mails (`RevocationLink`) go with
their purged appointment: they work for exactly the retention period. It runs hourly, so throttles and sessions go within a day.

Idempotent and safe to run in several workers at once: it only touches rows with `purged_at IS
NULL`, blanking twice gives the same result, and on PostgreSQL the candidate rows are locked with
`FOR UPDATE SKIP LOCKED`, so two workers never wait on each other (SQLite ignores it and
serialises writers itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, col, delete, select

from videotermin_app.accounts.auth import SESSION_MAX_HOURS, purge_sign_in_traces
from videotermin_app.core.models import (
    Appointment,
    DeviceCheck,
    Participant,
    ParticipantRole,
    ParticipantTab,
    RevocationLink,
    RoomMember,
)
from videotermin_app.mail.mailer import purge_outbox
from videotermin_app.room.rooms import purge_stale_presence

# What the brochure lists as stored, blanked by the purge and by a revoked consent alike.
PARTICIPANT_PERSONAL_COLUMNS = (
    "first_name",
    "last_name",
    "customer_number",
    "email",
    "role",
    "token_hash",
    "link_opened_at",
    "reminder_token_hash",  # the reminder's personal link dies with the invitation's
)
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
    room_members: int = 0
    outbox_files: int = 0
    throttles: int = 0
    sessions: int = 0
    presences: int = 0

    def summary(self) -> str:
        return (
            f"purged {self.participants} participant(s), {self.device_checks} device check(s), "
            f"{self.appointments} appointment(s), {self.room_members} room row(s), "
            f"{self.outbox_files} outbox file(s), {self.throttles} sign-in throttle(s), "
            f"{self.sessions} advisor session(s), {self.presences} workspace tab(s)"
        )

    @property
    def anything(self) -> bool:
        return any(
            (
                self.participants,
                self.device_checks,
                self.appointments,
                self.room_members,
                self.outbox_files,
                self.throttles,
                self.sessions,
                self.presences,
            )
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
    # the room is emptied when a call ends; rows left by a call nobody ended go with the appointment
    purged_appointments = select(Appointment.id).where(col(Appointment.purged_at).is_not(None))
    room_members = session.exec(
        delete(RoomMember).where(col(RoomMember.appointment_id).in_(purged_appointments))
    ).rowcount
    # the mails' revocation links work for the retention period, then go with the appointment
    session.exec(
        delete(RevocationLink).where(
            col(RevocationLink.participant_id).in_(
                select(Participant.id).where(col(Participant.appointment_id).in_(purged_appointments))
            )
        )
    )
    # the open tabs of a purged person's link: nothing is delivered to them any more
    session.exec(
        delete(ParticipantTab).where(
            col(ParticipantTab.participant_id).in_(
                select(Participant.id).where(col(Participant.purged_at).is_not(None))
            )
        )
    )
    session.flush()
    return PurgeReport(
        participants=participants,
        device_checks=device_checks,
        appointments=appointments,
        room_members=int(room_members or 0),
    )


def purge_all(*, session: Session, now: datetime, retention_days: int, outbox_dir: Path) -> PurgeReport:
    """`purge_expired` plus every other trace of people (no commit; deletes outbox files at once).

    Blocking (database and files): call it in a thread.
    """
    report = purge_expired(session=session, now=now, retention_days=retention_days)
    throttles, sessions = purge_sign_in_traces(session=session, now=now)
    presences = purge_stale_presence(session=session, now=now, max_age=timedelta(hours=SESSION_MAX_HOURS))
    outbox_files = purge_outbox(outbox_dir=outbox_dir, now=now, retention_days=retention_days)
    session.flush()
    return PurgeReport(
        participants=report.participants,
        device_checks=report.device_checks,
        appointments=report.appointments,
        room_members=report.room_members,
        outbox_files=outbox_files,
        throttles=throttles,
        sessions=sessions,
        presences=presences,
    )
