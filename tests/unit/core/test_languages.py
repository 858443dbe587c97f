"""The server side of the languages: the current language, translations, dates, the tab's language."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from videotermin_app.core import dates, i18n

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2021, 12, 6, 12, 0, tzinfo=UTC)


def test_the_current_language_is_german_unless_set() -> None:
    assert i18n.current_language() == "de"
    assert i18n._("Hilfe") == "Hilfe"
    with i18n.language("en"):
        assert i18n._("Hilfe") == "Help"
        with i18n.language("xx"):  # unknown: German
            assert i18n._("Hilfe") == "Hilfe"
        assert i18n.current_language() == "en"
    assert i18n.current_language() == "de"


def test_a_user_error_is_translated_when_shown() -> None:
    error = i18n.UserError(i18n.N_("Die Dauer muss zwischen {min} und {max} Minuten liegen."), min=5, max=240)
    assert str(error) == "Die Dauer muss zwischen 5 und 240 Minuten liegen."
    with i18n.language("en"):
        assert error.translated() == "The duration must be between 5 and 240 minutes."


def test_the_language_of_one_task_does_not_leak_into_another() -> None:
    async def event(code: str) -> str:
        i18n.set_language(code)
        await asyncio.sleep(0)
        return i18n._("Hilfe")

    async def both() -> list[str]:
        return list(await asyncio.gather(event("ar"), event("tr")))

    assert asyncio.run(both()) == ["مساعدة", "Yardım"]
    assert i18n.current_language() == "de"


def test_dates_follow_the_language() -> None:
    assert dates.format_long(MONDAY, BERLIN) == "Montag, 6. Dezember 2021 13:00 Uhr"
    with i18n.language("en"):
        assert dates.format_long(MONDAY, BERLIN) == "Monday, 6 December 2021, 13:00"
        assert dates.format_time(MONDAY, BERLIN) == "13:00"
    with i18n.language("tr"):
        assert "Aralık" in dates.format_long(MONDAY, BERLIN)
    with i18n.language("ar"):
        assert "ديسمبر" in dates.format_long(MONDAY, BERLIN) and "Uhr" not in dates.format_long(MONDAY, BERLIN)


def test_which_languages_a_text_needs() -> None:
    assert i18n.languages_needed(["videotermin_app/wizard/views_consent.py"]) == ("en", "uk", "ar", "tr")
    assert i18n.languages_needed(["videotermin_app/booking/views_booking_form.py"]) == ("en",)
    assert i18n.languages_needed(["videotermin_app/booking/rows.py", "videotermin_app/room/views_call.py"]) == (
        "en",
        "uk",
        "ar",
        "tr",
    )
    assert i18n.languages_needed(["videotermin_app/accessibility/views_easy_language.py"]) == ()


def test_client_catalogues_are_written_once(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    i18n.write_client_catalogues(folder)
    written = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert sorted(written) == ["ar.json", "en.json", "tr.json", "uk.json"]
    i18n.write_client_catalogues(folder)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == written
