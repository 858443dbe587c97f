"""Administrators: the list of advisor accounts and the form to create one."""

from __future__ import annotations

import reflex as rx

from videotermin_app.accounts.state_admin import AccountRow, AdminState
from videotermin_app.core.views_text import _
from videotermin_app.core.views_typing import bind
from videotermin_app.ui.form_field import field_error, form_field, notice


def _account(row: AccountRow) -> rx.Component:
    component: rx.Component = rx.hstack(
        rx.vstack(
            rx.text(rx.text.strong(row.name), " · ", _(row.role_label)),
            rx.text(row.email, size="2", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.badge(
            rx.cond(row.is_active, _("aktiv"), _("deaktiviert")), color_scheme=rx.cond(row.is_active, "green", "gray")
        ),
        rx.cond(
            row.is_self,
            rx.fragment(),
            rx.hstack(
                rx.cond(
                    row.is_active,
                    rx.button(
                        _("Deaktivieren"),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        aria_label=_("Deaktivieren:") + " " + row.email,
                        on_click=bind(AdminState.change_active, row.id, False),
                    ),
                    rx.button(
                        _("Aktivieren"),
                        size="1",
                        variant="soft",
                        aria_label=_("Aktivieren:") + " " + row.email,
                        on_click=bind(AdminState.change_active, row.id, True),
                    ),
                ),
                rx.button(
                    _("Passwort zurücksetzen"),
                    size="1",
                    variant="outline",
                    aria_label=_("Passwort zurücksetzen:") + " " + row.email,
                    on_click=bind(AdminState.reset_password, row.id),
                ),
                spacing="2",
            ),
        ),
        wrap="wrap",
        align="center",
        width="100%",
        padding_y="0.5rem",
        border_bottom="1px solid var(--gray-4)",
        role="listitem",
    )
    return component


def account_admin() -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(_("Konten verwalten"), size="5", as_="h2"),
            notice(AdminState.notice),
            rx.cond(
                AdminState.new_password != "",
                rx.callout(
                    rx.text(
                        _("Neues Passwort (wird nur jetzt angezeigt, bitte persönlich weitergeben): "),
                        rx.code(AdminState.new_password, id="new-password"),
                    ),
                    icon="key-round",
                    color_scheme="amber",
                    width="100%",
                ),
            ),
            field_error(AdminState.error, "admin-error"),
            rx.box(rx.foreach(AdminState.accounts, _account), role="list", width="100%"),
            rx.form(
                rx.vstack(
                    rx.heading(_("Neues Konto"), size="3", as_="h3"),
                    rx.grid(
                        form_field(_("Name des Kontos"), "name", field_id="account-name"),
                        form_field(_("Anmeldeadresse des Kontos"), "email", field_id="account-email", type="email"),
                        columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="3",
                        width="100%",
                    ),
                    rx.el.label(
                        rx.checkbox(name="admin", aria_label=_("Administrationsrechte")),
                        " ",
                        _("Administrationsrechte"),
                        style={"display": "flex", "gap": "0.5rem", "alignItems": "center"},
                    ),
                    rx.button(_("Konto anlegen"), type="submit"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=AdminState.create,
                reset_on_submit=True,
                no_validate=True,
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )
    return component
