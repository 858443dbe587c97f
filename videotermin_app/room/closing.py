"""Closing an appointment that nobody ended: plain Python, the caller owns the transaction.

When the advisor presses **Termin beenden** the appointment ends at once (`rooms.end_call`). When
nobody does (the advisor closed the window, everyone just left), the appointment would stay
"running" for ever: the advisor's list would call it "im Gespräch" and the survey would never be
offered at the link. So a running appointment (`IN_CALL`) is closed once no tab of anyone in its
room has given a sign (joining, leaving, the heartbeat of the waiting area and the call every
`rooms.HEARTBEAT_SECONDS`) for the grace period (`VT_CALL_GRACE_MINUTES`, default 10): long enough
for a restarted browser or a crashed laptop to come back, short enough that the appointment is
done the same hour.

Every backend worker runs the check (`closing_task`); the closing itself is one conditional
UPDATE (`status = IN_CALL` → `DONE`), so two workers never close the same appointment twice, and
since the facts live in the database a restart loses nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from videotermin_app.core.models import Appointment, AppointmentStatus, RoomMember


def last_sign(*, appointment: Appointment, members: list[RoomMember]) -> datetime | None:
    """The newest sign of anyone in the room (or the call's start when no seat says more)."""
    moments = [m.seen_at or m.waiting_since for m in members]
    if appointment.call_started_at is not None:
        moments.append(appointment.call_started_at)
    return max(moments) if moments else None


def close_abandoned(*, session: Session, now: datetime, grace: timedelta) -> list[int]:
    """Close every running appointment whose room has been silent for `grace`; returns their ids.

    `call_ended_at` is the last sign (when the last person left), not the moment of the check."""
    closed = []
    running = session.exec(select(Appointment).where(Appointment.status == AppointmentStatus.IN_CALL)).all()
    for appointment in running:
        members = list(session.exec(select(RoomMember).where(RoomMember.appointment_id == appointment.id)).all())
        last = last_sign(appointment=appointment, members=members)
        if last is not None and now - last < grace:
            continue
        result = session.execute(
            update(Appointment)
            .where(col(Appointment.id) == appointment.id, col(Appointment.status) == AppointmentStatus.IN_CALL)
            .values(status=AppointmentStatus.DONE, call_ended_at=last or now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            continue  # another worker closed it meanwhile
        session.exec(delete(RoomMember).where(col(RoomMember.appointment_id) == appointment.id))
        closed.append(appointment.id or 0)
    return closed
