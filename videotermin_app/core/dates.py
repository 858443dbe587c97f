"""German date formatting through Babel, always in the office's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

LOCALE = "de_DE"


def format_long(moment: datetime, tz: ZoneInfo) -> str:
    """'Montag, 6. Dezember 2021 13:00 Uhr' in the given time zone."""
    local = moment.astimezone(tz)
    return format_datetime(local, "EEEE, d. MMMM y HH:mm 'Uhr'", locale=LOCALE)


def format_date(moment: datetime, tz: ZoneInfo) -> str:
    """'Montag, 6. Dezember 2021'."""
    return format_datetime(moment.astimezone(tz), "EEEE, d. MMMM y", locale=LOCALE)


def format_time(moment: datetime, tz: ZoneInfo) -> str:
    """'13:00 Uhr'."""
    return format_datetime(moment.astimezone(tz), "HH:mm 'Uhr'", locale=LOCALE)
