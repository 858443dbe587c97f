"""Turning the booking form's raw strings into typed values, with German messages per field."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from videotermin_app.booking.booking import BookingError
from videotermin_app.core.i18n import N_
from videotermin_app.core.models import ParticipantRole

_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y, %H:%M")
ROLE_CHOICES = {
    "interpreter": ParticipantRole.INTERPRETER,
    "representative": ParticipantRole.REPRESENTATIVE,
    "companion": ParticipantRole.COMPANION,
}


def parse_start(raw: str, tz: ZoneInfo) -> datetime:
    """A date and time as typed in the form (in the office's time zone) -> aware datetime."""
    text = (raw or "").strip()
    if not text:
        raise BookingError(N_("Bitte geben Sie Datum und Uhrzeit des Beginns an."), field="start")
    for pattern in _FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=tz)
        except ValueError:
            continue
    raise BookingError(
        N_("Bitte geben Sie den Beginn als Datum und Uhrzeit an, z. B. 07.12.2026 13:00."), field="start"
    )


def parse_duration(raw: str) -> int:
    text = (raw or "").strip()
    if not text.isdigit():
        raise BookingError(N_("Bitte geben Sie die Dauer als ganze Zahl von Minuten an, z. B. 30."), field="duration")
    return int(text)


def split_name(raw: str, field: str) -> tuple[str, str]:
    """'Olga Petrova' -> ('Olga', 'Petrova'); one word is refused."""
    parts = (raw or "").strip().rsplit(" ", 1)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise BookingError(N_("Bitte geben Sie Vor- und Nachnamen an."), field=field)
    return parts[0].strip(), parts[1].strip()


def parse_role(raw: str, field: str) -> ParticipantRole:
    role = ROLE_CHOICES.get((raw or "").strip())
    if role is None:
        raise BookingError(N_("Bitte wählen Sie die Rolle der Person."), field=field)
    return role


def to_input_value(moment: datetime, tz: ZoneInfo) -> str:
    """The value a `datetime-local` input expects: '2026-12-07T13:00'."""
    return moment.astimezone(tz).strftime("%Y-%m-%dT%H:%M")
