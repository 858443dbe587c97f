"""`/vkid/{token}`: the personal link. Steps 1 to 5 live here."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import _
from videotermin_app.device_check.views import device_check_step, media_panel
from videotermin_app.privacy.views_revocation import revoke_consent, revoked_notice
from videotermin_app.privacy.views_survey import call_finished, survey_after_leaving
from videotermin_app.room.state_call import CallState
from videotermin_app.room.views_enter import enter_step
from videotermin_app.room.views_room import room_view
from videotermin_app.ui.layout import neutral_link_notice, page_frame
from videotermin_app.ui.step_indicator import step_indicator
from videotermin_app.wizard.state_journey import JourneyState
from videotermin_app.wizard.views_appointment_card import appointment_card
from videotermin_app.wizard.views_browser_notice import browser_notice
from videotermin_app.wizard.views_consent import consent_step
from videotermin_app.wizard.views_permission import permission_step


def _steps() -> rx.Component:
    component: rx.Component = rx.vstack(
        step_indicator(JourneyState.step),
        appointment_card(),
        browser_notice(),
        rx.match(
            JourneyState.step,
            (2, consent_step()),
            (3, permission_step()),
            (4, device_check_step()),
            (5, enter_step()),
            rx.fragment(),
        ),
        rx.cond(JourneyState.step >= 3, rx.vstack(media_panel(), revoke_consent(), spacing="5", width="100%")),
        rx.cond((JourneyState.step == 2) & JourneyState.is_consent_outdated, revoke_consent()),
        spacing="5",
        width="100%",
    )
    return component


def _journey() -> rx.Component:
    """Steps 1 to 5; once the person entered the room, the waiting area and the call take the page
    (after **Auflegen** with the survey below **Wieder eintreten**). **Einwilligung widerrufen** stays
    reachable in the room (in the call: in its toolbar) and after the call."""
    component: rx.Component = rx.cond(
        CallState.is_in_room,
        rx.vstack(
            room_view(in_call=revoke_consent()),
            rx.cond((CallState.my_status == "left") & ~CallState.taken_over, survey_after_leaving()),
            rx.cond(~CallState.is_in_call, revoke_consent()),
            spacing="5",
            width="100%",
        ),
        rx.cond(
            JourneyState.is_finished, rx.vstack(call_finished(), revoke_consent(), spacing="5", width="100%"), _steps()
        ),
    )
    return component


def vkid_page() -> rx.Component:
    return page_frame(
        rx.cond(
            JourneyState.is_loaded,
            rx.cond(
                JourneyState.is_revoked,
                revoked_notice(),
                rx.cond(JourneyState.is_valid, _journey(), neutral_link_notice()),
            ),
            rx.center(rx.spinner(size="3"), rx.text(_("Ihr Termin wird geladen …")), width="100%", padding="2rem"),
        )
    )
