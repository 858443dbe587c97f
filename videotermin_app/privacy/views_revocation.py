"""Revoking the consent from the same link, with a confirmation; and what the person sees after."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import _
from videotermin_app.privacy.revocation import REVOKED_TEXT, REVOKED_TITLE
from videotermin_app.privacy.state_revocation import RevocationState
from videotermin_app.ui.layout import support_line


def revoke_consent() -> rx.Component:
    component: rx.Component = rx.box(
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(
                rx.button(_("Einwilligung widerrufen"), variant="ghost", color_scheme="red", size="2"),
            ),
            rx.alert_dialog.content(
                rx.alert_dialog.title(_("Einwilligung wirklich widerrufen?")),
                rx.alert_dialog.description(
                    _(
                        "Ihre Namen, Ihre Kundennummer, Ihre E-Mail-Adresse, Ihre IP-Adresse und die Daten Ihrer "
                        "Geräteüberprüfung werden sofort gelöscht. Danach führt dieser Link nicht mehr in den "
                        "Videotermin."
                    )
                ),
                rx.flex(
                    rx.alert_dialog.cancel(rx.button(_("Abbrechen"), variant="soft", color_scheme="gray")),
                    rx.alert_dialog.action(
                        rx.button(_("Ja, Einwilligung widerrufen"), color_scheme="red", on_click=RevocationState.revoke)
                    ),
                    gap="0.75rem",
                    justify="end",
                    wrap="wrap",
                    margin_top="1rem",
                ),
                max_width="28rem",
            ),
            open=RevocationState.is_revoke_dialog_open,
            on_open_change=RevocationState.set_revoke_dialog,
        ),
        rx.text(
            _("Ihre Einwilligung können Sie jederzeit mit Wirkung für die Zukunft widerrufen."),
            size="1",
            color_scheme="gray",
        ),
        width="100%",
    )
    return component


def revoked_notice() -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(_(REVOKED_TITLE), size="6", as_="h1"),
            rx.text(_(REVOKED_TEXT)),
            support_line(),
            spacing="3",
        ),
        width="100%",
        id="consent-revoked",
    )
    return component
