"""**Person hinzufügen** on an appointment's card: a small form (role, name, e-mail) that invites one more person."""

from __future__ import annotations

from typing import cast

import reflex as rx
from reflex.vars import ObjectVar

from videotermin_app.booking.rows import AppointmentRow
from videotermin_app.booking.state_participants import ParticipantsState
from videotermin_app.core.labels import BOOKING_ROLE_LABELS
from videotermin_app.core.views_text import _
from videotermin_app.core.views_typing import bind
from videotermin_app.ui.form_field import field_error, form_field

E = cast(ObjectVar[dict[str, str]], ParticipantsState.errors)
FURTHER_ROLES = ("interpreter", "representative", "companion")


def _form() -> rx.Component:
    component: rx.Component = rx.form(
        rx.vstack(
            rx.heading(_("Person hinzufügen"), size="3", as_="h4"),
            rx.el.label(_("Rolle"), html_for="add-person-role", style={"fontWeight": "500"}),
            rx.el.select(
                rx.el.option(_("Bitte wählen"), value=""),
                *[rx.el.option(BOOKING_ROLE_LABELS[role], value=role) for role in FURTHER_ROLES],
                id="add-person-role",
                name="role",
                aria_describedby="add-person-role-error",
                style={"padding": "0.5rem", "fontSize": "1rem", "borderRadius": "6px", "width": "100%"},
            ),
            field_error(E.get("role", ""), "add-person-role-error"),
            form_field(
                _("Name"),
                "name",
                field_id="add-person-name",
                error=E.get("name", ""),
                placeholder=_("Vor- und Nachname"),
                auto_complete="off",
            ),
            form_field(
                _("Mail-Adresse"),
                "email",
                field_id="add-person-email",
                error=E.get("email", ""),
                type="email",
                auto_complete="off",
            ),
            field_error(ParticipantsState.form_error, "add-person-error"),
            rx.hstack(
                rx.button(_("Person einladen"), type="submit", loading=ParticipantsState.is_adding),
                rx.button(
                    _("Abbrechen"),
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    on_click=ParticipantsState.close_add,
                ),
                spacing="3",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=ParticipantsState.add,
        reset_on_submit=False,
        no_validate=True,  # the server's German messages, not the browser's
        aria_label=_("Person hinzufügen"),
        style={"border": "1px solid var(--gray-6)", "borderRadius": "8px", "padding": "0.75rem", "width": "100%"},
    )
    return component


def add_person(row: AppointmentRow) -> rx.Component:
    """The button, or this card's form once the advisor opened it."""
    component: rx.Component = rx.cond(
        ParticipantsState.adding_id == row.id,
        _form(),
        rx.button(
            rx.icon("user-plus", size=16),
            _("Person hinzufügen"),
            variant="soft",
            on_click=bind(ParticipantsState.open_add, row.id),
        ),
    )
    return component
