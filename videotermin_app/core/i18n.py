"""The translation catalogues. Source texts are German (the product's language and the reference);
`make catalogues` collects them into `videotermin_app/locale/messages.pot` and updates
`videotermin_app/locale/<lang>/LC_MESSAGES/messages.po` for every further language.

Server side, `_` translates into the language of the current event: `core/state_lang.py` sets it for every
Reflex event (the language the visitor chose in that tab), mails and HTTP pages set it with `language(...)`.
Screens translate in the browser (`core/views_text.py`), from per-language JSON files written from the
same `.po` files (`write_client_catalogues`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DEFAULT_LANGUAGE = "de"
# Every client-facing language, in the order of the **Sprache** combobox; the advisor's side offers ADVISOR_LANGUAGES.
LANGUAGES: tuple[str, ...] = ("de", "en", "uk", "ar", "tr")
ADVISOR_LANGUAGES: tuple[str, ...] = ("de", "en")
RTL_LANGUAGES = frozenset({"ar"})
# Each language's own name, as the combobox shows it (no translation: a reader finds their language by its name).
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "uk": "Українська", "ar": "العربية", "tr": "Türkçe"}

_current: ContextVar[str] = ContextVar("vt_language", default=DEFAULT_LANGUAGE)


def normalized(language: object) -> str:
    """A known language code, else German (payloads, query strings and stored values are untrusted)."""
    return language if isinstance(language, str) and language in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return _current.get()


def set_language(language: object) -> None:
    """The language of the rest of this task (a Reflex event, see `core/state_lang.py`)."""
    _current.set(normalized(language))


@contextmanager
def language(code: object) -> Iterator[str]:
    """`with language(participant.language): ...` — texts produced inside are in that language."""
    token = _current.set(normalized(code))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@cache
def catalogue(code: str) -> dict[str, str]:
    """German source text -> translation, only the translated, current entries of `<code>/.../messages.po`."""
    path = LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"
    if code == DEFAULT_LANGUAGE or not path.exists():
        return {}
    with path.open("rb") as handle:
        entries = read_po(handle, locale=code)
    return {
        str(m.id): str(m.string)
        for m in entries
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and "fuzzy" not in m.flags
    }


def translate(message: str, code: str) -> str:
    return catalogue(normalized(code)).get(message, message)


def _(message: str) -> str:
    return translate(message, _current.get())


def N_(message: str) -> str:
    """Mark a German source text for the catalogue where it is written, translate it later.

    For texts that are kept (error messages, label tables, module constants) and translated when
    they are shown, with `_` or `UserError.translated`. `pybabel extract` finds `N_` by default.
    """
    return message


def client_catalogue_json(code: str) -> str:
    return json.dumps(catalogue(code), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_client_catalogues(folder: Path) -> None:
    """`<folder>/<lang>.json` for every language but German, rewritten only when the content changed."""
    folder.mkdir(parents=True, exist_ok=True)
    for code in LANGUAGES:
        if code == DEFAULT_LANGUAGE:
            continue
        target = folder / f"{code}.json"
        content = client_catalogue_json(code)
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")


class UserError(Exception):
    """An error whose message is meant for the person at the screen.

    `message` is the German source text, marked for the catalogue where the error is raised
    (`SomeError(N_("Es gibt bereits ein Konto für {address}."), address=address)`); format
    parameters stay apart in `params`, so the catalogue holds one entry per message.
    `str(error)` is the filled-in German source text (logs, command line, tests);
    `translated()` is what a screen shows, in the language of the current event.
    """

    def __init__(self, message: str, /, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message.format(**params) if params else message)

    def translated(self) -> str:
        text = _(self.message)
        return text.format(**self.params) if self.params else text


SUPPORT_PHONE = "0800 4 555501"
SUPPORT_PHONE_HREF = "tel:+498004555501"
# Marked here, translated where they are shown (`_` on a screen or an HTTP page).
SUPPORT_HOURS = N_("Montag bis Freitag, 8 bis 18 Uhr, gebührenfrei")
INVALID_LINK_TITLE = N_("Dieser Link ist nicht (mehr) gültig")
INVALID_LINK_TEXT = N_(
    "Bitte prüfen Sie, ob Sie den vollständigen Link aus Ihrer Einladungs-E-Mail geöffnet haben. "
    "Wenn Ihr Termin verschoben wurde, haben Sie eine neue E-Mail mit einem neuen Link erhalten. "
    "Bei Fragen wenden Sie sich bitte an Ihre Ansprechpartnerin oder Ihren Ansprechpartner im Jobcenter "
    "oder an den technischen Support."
)
UNAVAILABLE_TITLE = N_("Mein Videotermin ist gerade nicht erreichbar")
UNAVAILABLE_TEXT = N_(
    "Wir können Ihren Termin im Moment nicht laden. Ihre Angaben und Ihr Termin bleiben erhalten. "
    "Bitte versuchen Sie es in einigen Minuten erneut."
)


# Which languages a source text needs, by where it is written (`make catalogues` / tests/unit/core/test_catalogues.py):
# texts only the advisor's workspace shows need English only; Leichte Sprache and the accessibility statement
# are German texts by nature (a translation would be neither easy German nor the legal statement).
GERMAN_ONLY_SOURCES: tuple[str, ...] = (
    "videotermin_app/accessibility/views_easy_language.py",
    "videotermin_app/accessibility/views_statement.py",
    "videotermin_app/accessibility/statement.py",
)
ADVISOR_SOURCES: tuple[str, ...] = (
    "videotermin_app/accounts/",
    "videotermin_app/booking/",
    "videotermin_app/pages/advisor.py",
    "videotermin_app/pages/stats.py",
    "videotermin_app/privacy/advisor_survey.py",
    "videotermin_app/privacy/state_advisor_survey.py",
    "videotermin_app/privacy/views_advisor_survey.py",
    "videotermin_app/privacy/stats.py",
    "videotermin_app/privacy/state_stats.py",
    "videotermin_app/privacy/views_stats.py",
    "videotermin_app/room/state_advisor_room.py",
    "videotermin_app/room/views_advisor_room.py",
)


def languages_needed(locations: list[str]) -> tuple[str, ...]:
    """The languages (besides German) a text needs, given the source files it is written in."""
    if locations and all(loc.startswith(GERMAN_ONLY_SOURCES) for loc in locations):
        return ()
    if locations and all(loc.startswith(GERMAN_ONLY_SOURCES + ADVISOR_SOURCES) for loc in locations):
        return tuple(code for code in ADVISOR_LANGUAGES if code != DEFAULT_LANGUAGE)
    return tuple(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)
