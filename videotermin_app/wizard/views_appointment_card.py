"""Step 1: whose appointment, when, with whom, and what the person needs."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import _
from videotermin_app.ui.layout import support_line
from videotermin_app.ui.people_list import people_list
from videotermin_app.wizard.state_journey import JourneyState
from videotermin_app.wizard.views_needs_list import needs_list


def appointment_card() -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.text(_("Ihr persönlicher Termin"), size="2", color_scheme="gray"),
            rx.heading(JourneyState.appointment_label, size="6", as_="h1", id="appointment-date"),
            rx.text(
                # one sentence per text, so that every language can order its words
                _(
                    "Guten Tag {name}, Ihr Videotermin mit {advisor} vom Jobcenter dauert etwa {minutes} Minuten."
                ).format(
                    name=JourneyState.participant_name,
                    advisor=JourneyState.advisor_name,
                    minutes=JourneyState.duration_minutes,
                ),
            ),
            people_list(JourneyState.other_people),
            rx.cond(
                JourneyState.step <= 2,
                rx.vstack(
                    rx.text(
                        _(
                            "Sie können diesen Link bereits vor Ihrem Termin nutzen, um Ihre Geräte zu "
                            "überprüfen, und ihn beliebig oft öffnen."
                        )
                    ),
                    needs_list(),
                    spacing="3",
                    width="100%",
                ),
            ),
            support_line(),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
    return component
