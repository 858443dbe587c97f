"""Step 1's warning when this browser cannot do the video call."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import _
from videotermin_app.ui.layout import support_line
from videotermin_app.wizard.state_journey import JourneyState
from videotermin_app.wizard.state_media import MediaState
from videotermin_app.wizard.views_call_support import call_support

NO_CALL_TEXT = _(
    "Mit diesem Browser ist leider kein Videotermin möglich. Bitte öffnen Sie Ihren persönlichen Link in einem "
    "aktuellen Browser wie Chrome, Edge, Firefox oder Safari, zum Beispiel auf Ihrem Smartphone. Die Seite muss "
    "über eine sichere Verbindung (https) geöffnet sein."
)


def browser_notice() -> rx.Component:
    component: rx.Component = rx.fragment(call_support(on_result=MediaState.set_can_call), _warning())
    return component


def _warning() -> rx.Component:
    component: rx.Component = rx.cond(
        ~JourneyState.is_browser_supported | ~MediaState.can_call,
        rx.callout.root(
            rx.callout.text(rx.text.strong(_("Ihr Browser ist nicht geeignet"))),
            rx.callout.text(
                rx.cond(JourneyState.unsupported_label != "", JourneyState.unsupported_label, NO_CALL_TEXT)
            ),
            rx.callout.text(support_line()),
            color_scheme="red",
            role="alert",
            width="100%",
            id="browser-unsupported",
        ),
    )
    return component
