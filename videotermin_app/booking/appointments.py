"""An advisor's appointments: listing, rescheduling and cancelling (booking itself is in booking.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from videotermin_app.booking.booking import MAX_DURATION, BookingError, check_slot
from videotermin_app.core.i18n import N_
from videotermin_app.core.models import (
    Advisor,
    Appointment,
    AppointmentStatus,
    MemberStatus,
    Participant,
    ParticipantRole,
    RoomMember,
    utcnow,
)

PAST_LIMIT = 50


@dataclass(frozen=True)
class AppointmentView:
    appointment: Appointment
    participants: list[Participant]

    @property
    def client(self) -> Participant | None:
        return next((p for p in self.participants if p.role == ParticipantRole.CLIENT), None)


def waiting_appointment_ids(*, session: Session, advisor_id: int) -> set[int]:
    """This advisor's open appointments for which somebody sits in the waiting area right now."""
    rows = session.exec(
        select(RoomMember.appointment_id)
        .join(Appointment, col(Appointment.id) == col(RoomMember.appointment_id))
        .where(
            Appointment.advisor_id == advisor_id,
            RoomMember.status == MemberStatus.WAITING.value,
            col(Appointment.status).in_([AppointmentStatus.BOOKED, AppointmentStatus.IN_CALL]),
        )
    ).all()
    return set(rows)


def end_of(appointment: Appointment) -> datetime:
    return appointment.start + timedelta(minutes=appointment.duration_minutes)


def status_key(appointment: Appointment, *, now: datetime, is_waiting: bool = False) -> str:
    """The status shown to the advisor (labels: `core.labels.STATUS_LABELS`).

    "waiting" is not stored on the appointment: the waiting area knows who waits and passes
    `is_waiting=True`.
    """
    status = AppointmentStatus(appointment.status)
    if status == AppointmentStatus.BOOKED:
        if is_waiting:
            return "waiting"
        return "done" if end_of(appointment) <= now else "booked"
    return str(status.value)


def list_appointments(
    *,
    session: Session,
    advisor: Advisor,
    now: datetime | None = None,
    past: bool = False,
) -> list[AppointmentView]:
    """Upcoming (not yet ended, soonest first) or past (newest first, at most PAST_LIMIT) appointments."""
    now = now or utcnow()
    query = select(Appointment).where(Appointment.advisor_id == advisor.id)
    if past:
        query = query.where(Appointment.start <= now).order_by(col(Appointment.start).desc())
    else:
        query = query.where(Appointment.start > now - timedelta(minutes=MAX_DURATION)).order_by(col(Appointment.start))
    rows = [
        a for a in session.exec(query).all() if (end_of(a) <= now and a.status != AppointmentStatus.IN_CALL) == past
    ][: PAST_LIMIT if past else None]
    ids = [a.id for a in rows]
    people: dict[int, list[Participant]] = {}
    if ids:
        for person in session.exec(
            select(Participant)
            .where(col(Participant.appointment_id).in_(ids), col(Participant.removed_at).is_(None))
            .order_by(col(Participant.id))
        ):
            people.setdefault(person.appointment_id, []).append(person)
    return [AppointmentView(appointment=a, participants=people.get(a.id or 0, [])) for a in rows]


def owned_appointment(*, session: Session, advisor: Advisor, appointment_id: int) -> Appointment:
    """The advisor's own appointment; anyone else's looks like a missing one."""
    appointment = session.get(Appointment, appointment_id)
    if appointment is None or appointment.advisor_id != advisor.id:
        raise BookingError(N_("Diesen Termin gibt es nicht (mehr)."))
    return appointment


def _changeable(appointment: Appointment, now: datetime) -> None:
    if appointment.status == AppointmentStatus.CANCELLED:
        raise BookingError(N_("Dieser Termin ist bereits abgesagt."))
    if appointment.status != AppointmentStatus.BOOKED or end_of(appointment) <= now:
        raise BookingError(N_("Dieser Termin hat schon stattgefunden oder läuft gerade."))


def reschedule_appointment(
    *,
    session: Session,
    advisor: Advisor,
    appointment_id: int,
    start: datetime,
    duration_minutes: int,
    now: datetime | None = None,
) -> Appointment:
    """Move an appointment; raises the sequence so calendars replace the old event (no commit)."""
    now = now or utcnow()
    if not advisor.active:
        raise BookingError(N_("Dieses Beratungskonto ist deaktiviert."))
    appointment = owned_appointment(session=session, advisor=advisor, appointment_id=appointment_id)
    _changeable(appointment, now)
    if start == appointment.start and duration_minutes == appointment.duration_minutes:
        raise BookingError(N_("Beginn und Dauer sind unverändert."), field="start")
    check_slot(
        session=session,
        advisor=advisor,
        start=start,
        duration_minutes=duration_minutes,
        now=now,
        ignore_appointment_id=appointment.id,
    )
    appointment.start = start
    appointment.duration_minutes = duration_minutes
    appointment.sequence += 1
    session.add(appointment)
    session.flush()
    return appointment


def cancel_appointment(
    *,
    session: Session,
    advisor: Advisor,
    appointment_id: int,
    now: datetime | None = None,
) -> Appointment:
    """Cancel: every personal link stops working at once (links.resolve refuses cancelled)."""
    now = now or utcnow()
    appointment = owned_appointment(session=session, advisor=advisor, appointment_id=appointment_id)
    _changeable(appointment, now)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.sequence += 1
    session.add(appointment)
    session.flush()
    return appointment
