"""Revoking the consent (personal link, the mail's link, the advisor's record), with a confirmation;
and what the person sees after."""

from __future__ import annotations

from typing import Any

import reflex as rx

from videotermin_app.core.views_text import Text, _
from videotermin_app.privacy.revocation import REVOKED_TEXT, REVOKED_TITLE
from videotermin_app.privacy.state_revocation import RevocationState
from videotermin_app.privacy.state_revoke_link import RevokeLinkState
from videotermin_app.ui.layout import neutral_link_notice, support_line

WHAT_IS_DELETED = _(
    "Ihre Namen, Ihre Kundennummer, Ihre E-Mail-Adresse, Ihre IP-Adresse und die Daten Ihrer "
    "Geräteüberprüfung werden sofort gelöscht. Danach führt Ihr persönlicher Link nicht mehr in den "
    "Videotermin."
)


def confirm_dialog(
    *, trigger: rx.Component, title: Text, description: Any, is_open: Any, on_open_change: Any, on_confirm: Any
) -> rx.Component:
    """An alert dialog whose action is **Widerruf bestätigen**."""
    component: rx.Component = rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(_("Abbrechen"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(_("Widerruf bestätigen"), color_scheme="red", on_click=on_confirm)),
                gap="0.75rem",
                justify="end",
                wrap="wrap",
                margin_top="1rem",
            ),
            max_width="28rem",
        ),
        **({} if is_open is None else {"open": is_open}),
        **({} if on_open_change is None else {"on_open_change": on_open_change}),
    )
    return component


def revoke_consent() -> rx.Component:
    """**Einwilligung widerrufen** behind the personal link (every step after consent, room, after)."""
    component: rx.Component = rx.box(
        confirm_dialog(
            trigger=rx.button(_("Einwilligung widerrufen"), variant="ghost", color_scheme="red", size="2"),
            title=_("Einwilligung wirklich widerrufen?"),
            description=WHAT_IS_DELETED,
            is_open=RevocationState.is_revoke_dialog_open,
            on_open_change=RevocationState.set_revoke_dialog,
            on_confirm=RevocationState.revoke,
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


def _revoke_by_link() -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(_("Einwilligung widerrufen"), size="6", as_="h1"),
            rx.text(
                _(
                    "Sie können Ihre Einwilligung zu „Mein Videotermin“ ohne Angabe von Gründen jederzeit mit "
                    "Wirkung für die Zukunft widerrufen. Es entstehen Ihnen dadurch keine Nachteile; der "
                    "Videotermin kann dann aber nicht per Video stattfinden. Bitte wenden Sie sich an Ihr "
                    "Jobcenter, um den Termin vor Ort oder telefonisch zu führen."
                )
            ),
            rx.text(WHAT_IS_DELETED),
            confirm_dialog(
                trigger=rx.button(_("Einwilligung widerrufen"), color_scheme="red", size="3"),
                title=_("Einwilligung wirklich widerrufen?"),
                description=WHAT_IS_DELETED,
                is_open=RevokeLinkState.is_dialog_open,
                on_open_change=RevokeLinkState.set_dialog,
                on_confirm=RevokeLinkState.confirm,
            ),
            support_line(),
            spacing="4",
        ),
        width="100%",
    )
    return component


def revoke_link_view() -> rx.Component:
    """`/widerruf/{token}`: the neutral page for an unknown token, else the revocation or its result."""
    component: rx.Component = rx.cond(
        RevokeLinkState.is_loaded,
        rx.cond(
            RevokeLinkState.is_valid,
            rx.cond(RevokeLinkState.is_revoked, revoked_notice(), _revoke_by_link()),
            neutral_link_notice(),
        ),
        rx.center(rx.spinner(size="3"), width="100%", padding="2rem"),
    )
    return component
