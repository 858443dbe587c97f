"""Date formatting through Babel, always in the office's time zone, in the language of the current event
(`core/i18n.current_language`: the tab's language on a screen, the participant's language in a mail)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime

from videotermin_app.core.i18n import current_language

LOCALE = "de_DE"
# Babel locale per language code; German keeps its own patterns (with "Uhr"), the others use their locale's.
LOCALES = {"de": "de_DE", "en": "en_GB", "uk": "uk_UA", "ar": "ar", "tr": "tr_TR"}


def _locale() -> str:
    return LOCALES.get(current_language(), LOCALE)


def format_long(moment: datetime, tz: ZoneInfo) -> str:
    """'Montag, 6. Dezember 2021 13:00 Uhr' in the given time zone ('Monday, 6 December 2021, 13:00' in English)."""
    local = moment.astimezone(tz)
    if _locale() == LOCALE:
        return format_datetime(local, "EEEE, d. MMMM y HH:mm 'Uhr'", locale=LOCALE)
    separator = "، " if current_language() == "ar" else ", "
    return f"{_full_date(local)}{separator}{_short_time(local)}"


def _full_date(local: datetime) -> str:
    return babel_format_date(local, "full", locale=_locale())


def _short_time(local: datetime) -> str:
    return format_datetime(local, "HH:mm", locale=_locale())


def format_date(moment: datetime, tz: ZoneInfo) -> str:
    """'Montag, 6. Dezember 2021'."""
    if _locale() == LOCALE:
        return format_datetime(moment.astimezone(tz), "EEEE, d. MMMM y", locale=LOCALE)
    return _full_date(moment.astimezone(tz))


def format_time(moment: datetime, tz: ZoneInfo) -> str:
    """'13:00 Uhr' ('13:00' in the other languages)."""
    if _locale() == LOCALE:
        return format_datetime(moment.astimezone(tz), "HH:mm 'Uhr'", locale=LOCALE)
    return _short_time(moment.astimezone(tz))
