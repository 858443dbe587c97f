"""The advisors' sign-in form (E-Mail, Passwort, Anmelden)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.accounts.state_auth import AuthState
from videotermin_app.core.views_text import _
from videotermin_app.ui.form_field import field_error, form_field, notice


def login_form() -> rx.Component:
    component: rx.Component = rx.card(
        rx.form(
            rx.vstack(
                rx.heading(_("Anmeldung für Beratende"), size="6", as_="h1"),
                notice(AuthState.login_notice, color="blue"),
                form_field(_("E-Mail"), "email", type="email", auto_complete="username"),
                form_field(_("Passwort"), "password", type="password", auto_complete="current-password"),
                field_error(AuthState.login_error, "login-error"),
                rx.button(_("Anmelden"), type="submit", size="3", width="100%"),
                spacing="4",
                width="100%",
            ),
            on_submit=AuthState.login,
            reset_on_submit=False,
            no_validate=True,
        ),
        width="100%",
        max_width="28rem",
        margin_x="auto",
    )
    return component
