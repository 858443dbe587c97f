"""`/vkid/{token}`: the personal link. Steps 1 to 5 live here."""

from __future__ import annotations

import reflex as rx

from videotermin_app.components.appointment_card import appointment_card
from videotermin_app.components.layout import neutral_link_notice, page_frame
from videotermin_app.components.survey_form import call_finished
from videotermin_app.i18n import _
from videotermin_app.state.journey import JourneyState


def vkid_page() -> rx.Component:
    return page_frame(
        rx.cond(
            JourneyState.is_loaded,
            rx.cond(
                JourneyState.is_valid,
                rx.cond(JourneyState.is_finished, call_finished(), appointment_card()),
                neutral_link_notice(),
            ),
            rx.center(rx.spinner(size="3"), rx.text(_("Ihr Termin wird geladen …")), width="100%", padding="2rem"),
        )
    )
