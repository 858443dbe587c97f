"""The one translation catalogue. Source texts are German (the product's language);
`pybabel extract -F babel.cfg -o videotermin_app/locale/messages.pot .` collects them,
further languages live in `videotermin_app/locale/<lang>/LC_MESSAGES/messages.po`."""

from __future__ import annotations

import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
_catalogue = gettext.translation("messages", localedir=LOCALE_DIR, languages=["de"], fallback=True)


def _(message: str) -> str:
    return _catalogue.gettext(message)


def N_(message: str) -> str:
    """Mark a German source text for the catalogue where it is written, translate it later.

    For texts that are kept (error messages, label tables, module constants) and translated when
    they are shown, with `_` or `UserError.translated`. `pybabel extract` finds `N_` by default.
    """
    return message


class UserError(Exception):
    """An error whose message is meant for the person at the screen.

    `message` is the German source text, marked for the catalogue where the error is raised
    (`SomeError(N_("Es gibt bereits ein Konto für {address}."), address=address)`); format
    parameters stay apart in `params`, so the catalogue holds one entry per message.
    `str(error)` is the filled-in German source text (logs, command line, tests);
    `translated()` is what a screen shows.
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
SUPPORT_HOURS = _("Montag bis Freitag, 8 bis 18 Uhr, gebührenfrei")
INVALID_LINK_TITLE = _("Dieser Link ist nicht (mehr) gültig")
INVALID_LINK_TEXT = _(
    "Bitte prüfen Sie, ob Sie den vollständigen Link aus Ihrer Einladungs-E-Mail geöffnet haben. "
    "Wenn Ihr Termin verschoben wurde, haben Sie eine neue E-Mail mit einem neuen Link erhalten. "
    "Bei Fragen wenden Sie sich bitte an Ihre Ansprechpartnerin oder Ihren Ansprechpartner im Jobcenter "
    "oder an den technischen Support."
)
UNAVAILABLE_TITLE = _("Mein Videotermin ist gerade nicht erreichbar")
UNAVAILABLE_TEXT = _(
    "Wir können Ihren Termin im Moment nicht laden. Ihre Angaben und Ihr Termin bleiben erhalten. "
    "Bitte versuchen Sie es in einigen Minuten erneut."
)
