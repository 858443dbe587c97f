from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from videotermin_app.core.dates import format_date, format_long, format_time

BERLIN = ZoneInfo("Europe/Berlin")


def test_brochure_format() -> None:
    assert format_long(datetime(2021, 12, 6, 12, 0, tzinfo=UTC), BERLIN) == "Montag, 6. Dezember 2021 13:00 Uhr"


def test_summer_time_and_parts() -> None:
    moment = datetime(2026, 7, 1, 7, 5, tzinfo=UTC)
    assert format_long(moment, BERLIN) == "Mittwoch, 1. Juli 2026 09:05 Uhr"
    assert format_date(moment, BERLIN) == "Mittwoch, 1. Juli 2026" and format_time(moment, BERLIN) == "09:05 Uhr"
