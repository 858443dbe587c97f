"""`/`: what this is and where to go."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core import routes
from videotermin_app.core.views_text import _
from videotermin_app.ui.layout import page_frame


def home_page() -> rx.Component:
    return page_frame(
        rx.heading(_("Mein Videotermin"), size="7", as_="h1"),
        rx.text(
            _(
                "Mit „Mein Videotermin“ führen Sie persönliche Termine mit Ihrem Jobcenter per Video durch. "
                "Vor jedem Videotermin erhalten Sie eine Einladung mit einem persönlichen Link per E-Mail. "
                "Bitte öffnen Sie diesen Link: Er führt Sie Schritt für Schritt in Ihren Termin."
            ),
            size="4",
        ),
        rx.hstack(
            rx.link(rx.button(_("Hilfe und Schritte ansehen"), size="3", variant="soft"), href=routes.HELP),
            rx.link(rx.button(_("Anmeldung für Beratende"), size="3", variant="outline"), href=routes.LOGIN),
            spacing="3",
            wrap="wrap",
        ),
    )
