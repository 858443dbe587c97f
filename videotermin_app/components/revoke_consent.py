"""Revoking the consent from the same link, with a confirmation; and what the person sees after."""

from __future__ import annotations

import reflex as rx

from videotermin_app.components.layout import support_line
from videotermin_app.i18n import _
from videotermin_app.services.consent_text import REVOKED_TEXT, REVOKED_TITLE
from videotermin_app.state.consent import ConsentState


def revoke_consent() -> rx.Component:
    return rx.box(
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(
                rx.button(_("Einwilligung widerrufen"), variant="ghost", color_scheme="red", size="2"),
            ),
            rx.alert_dialog.content(
                rx.alert_dialog.title(_("Einwilligung wirklich widerrufen?")),
                rx.alert_dialog.description(
                    _("Ihre Namen, Ihre Kundennummer, Ihre E-Mail-Adresse, Ihre IP-Adresse und die Daten Ihrer "
                      "Geräteüberprüfung werden sofort gelöscht. Danach führt dieser Link nicht mehr in den "
                      "Videotermin.")
                ),
                rx.flex(
                    rx.alert_dialog.cancel(rx.button(_("Abbrechen"), variant="soft", color_scheme="gray")),
                    rx.alert_dialog.action(
                        rx.button(_("Ja, Einwilligung widerrufen"), color_scheme="red", on_click=ConsentState.revoke)
                    ),
                    gap="0.75rem", justify="end", wrap="wrap", margin_top="1rem",
                ),
                max_width="28rem",
            ),
            open=ConsentState.is_revoke_dialog_open,
            on_open_change=ConsentState.set_revoke_dialog,
        ),
        rx.text(_("Ihre Einwilligung können Sie jederzeit mit Wirkung für die Zukunft widerrufen."),
                size="1", color_scheme="gray"),
        width="100%",
    )


def revoked_notice() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(REVOKED_TITLE, size="6", as_="h1"),
            rx.text(REVOKED_TEXT),
            support_line(),
            spacing="3",
        ),
        width="100%",
        id="consent-revoked",
    )
