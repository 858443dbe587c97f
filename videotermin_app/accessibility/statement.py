"""The facts of the accessibility statement (BITV 2.0 § 7): its date, the feedback contact as a link,
and the enforcement body. Plain Python; the wording is in `views_statement`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from videotermin_app.core.i18n import N_

STATEMENT_DATE = date(2026, 11, 25)
"""When the statement was made (self-assessment: axe-core scans of every state, keyboard journeys).
Review it at least once a year and after every larger change (BITV 2.0 § 7 para. 2)."""


def statement_date_text(locale: str = "de") -> str:
    """The statement's date in long form ("25. November 2026")."""
    return format_date(STATEMENT_DATE, format="long", locale=locale)


MAX_CONTACT_LENGTH = 254  # same bound as core.settings.MAX_A11Y_CONTACT_LENGTH


@dataclass(frozen=True)
class Contact:
    text: str
    href: str


def contact_link(contact: str) -> Contact:
    """`VT_A11Y_CONTACT` (already validated by core.settings) as the text and href of a link."""
    contact = contact.strip()[:MAX_CONTACT_LENGTH]
    if "@" in contact:
        return Contact(text=contact, href=f"mailto:{contact}")
    digits = re.sub(r"[^0-9+]", "", contact)
    if digits.startswith("0") and not digits.startswith("00"):
        digits = "+49" + digits[1:]  # a German number without country code
    return Contact(text=contact, href=f"tel:{digits}")


@dataclass(frozen=True)
class EnforcementBody:
    """Only what is certain and stable: the body's name and its website (which has the current postal
    address, telephone and contact form). Nothing here is written from memory."""

    name: str
    website: str


SCHLICHTUNGSSTELLE = EnforcementBody(
    name=N_(
        "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz bei dem Beauftragten der Bundesregierung "
        "für die Belange von Menschen mit Behinderungen"
    ),
    website="https://www.schlichtungsstelle-bgg.de",
)
