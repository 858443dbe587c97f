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
