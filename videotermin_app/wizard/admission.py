"""The 5-minute rule: the consultation room opens 5 minutes before the start."""

from __future__ import annotations

from datetime import datetime, timedelta

from videotermin_app.core.models import Appointment

OPENS_BEFORE = timedelta(minutes=5)


def room_opens_at(appointment: Appointment) -> datetime:
    return appointment.start - OPENS_BEFORE


def can_enter(appointment: Appointment, now: datetime) -> bool:
    end = appointment.start + timedelta(minutes=appointment.duration_minutes)
    return room_opens_at(appointment) <= now <= end
