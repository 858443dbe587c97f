"""The calm line every page shows when the server could not carry out the last action.

`api.backend_error` fills it with `notice_event()` when an event failed because a backing service
(Redis, the database) is briefly unreachable: the page keeps what it shows and the person learns
that the click did not take and that nothing is lost. An `<output>` is a polite live region, so
screen readers announce it; `outage_notice.jsx` clears it after 20 seconds.
"""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from videotermin_app.core import i18n

NOTICE_ID = "vt-outage"
NOTICE_TEXT = i18n.N_(
    "Kurze Störung: Ihre letzte Aktion wurde nicht ausgeführt. Ihre Angaben und Ihr Termin bleiben erhalten. "
    "Bitte versuchen Sie es in einem Moment noch einmal."
)


class OutageNotice(rx.Component):
    library = rx.asset("outage_notice.jsx", shared=True).importable_path
    tag = "OutageNotice"
    is_default = False


def outage_notice() -> rx.Component:
    return OutageNotice.create(id=NOTICE_ID, class_name="vt-outage")


def notice_event(text: str) -> EventSpec:
    """Fill the line with `text`: `NOTICE_TEXT` already translated on the server in the event's language
    (by the caller, `videotermin_app.failed_event`; view code only marks texts)."""
    return rx.set_value(NOTICE_ID, text)
