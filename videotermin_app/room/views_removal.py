"""**Ausladen** beside each further person of an open appointment (not the client), after a confirmation."""

from __future__ import annotations

import reflex as rx

from videotermin_app.booking.rows import AppointmentRow, ParticipantRow
from videotermin_app.core.views_text import _
from videotermin_app.core.views_typing import bind
from videotermin_app.room.state_removal import RemovalState


def remove_person(person: ParticipantRow, row: AppointmentRow) -> rx.Component:
    component: rx.Component = rx.cond(
        row.can_manage & (person.role != "client"),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(
                rx.button(
                    _("Ausladen"),
                    size="1",
                    variant="outline",
                    color_scheme="gray",
                    aria_label=_("Ausladen:") + " " + person.name,
                )
            ),
            rx.alert_dialog.content(
                rx.alert_dialog.title(_("Person vom Termin ausladen?")),
                rx.alert_dialog.description(
                    person.name
                    + " ("
                    + person.role_label
                    + "): "
                    + _(
                        "Der persönliche Link wird sofort ungültig. Ist die Person im Wartebereich oder im "
                        "Gespräch, verlässt sie es. Sie erhält eine kurze E-Mail."
                    )
                ),
                rx.hstack(
                    rx.alert_dialog.cancel(rx.button(_("Zurück"), variant="soft", color_scheme="gray")),
                    rx.alert_dialog.action(
                        rx.button(
                            _("Person ausladen"),
                            color_scheme="red",
                            on_click=bind(RemovalState.remove, row.id, person.id),
                        )
                    ),
                    spacing="3",
                    justify="end",
                    margin_top="1rem",
                ),
            ),
        ),
    )
    return component
