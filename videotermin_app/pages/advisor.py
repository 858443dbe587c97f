"""`/advisor`: the advisor's workspace (appointments, booking, accounts for administrators)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.accounts.state_admin import AdminState
from videotermin_app.accounts.state_auth import AuthState
from videotermin_app.accounts.views_admin import account_admin
from videotermin_app.booking.rows import AppointmentRow, ParticipantRow
from videotermin_app.booking.state_booking import BookingState
from videotermin_app.booking.views_appointment_list import appointment_list
from videotermin_app.booking.views_booking_form import booking_form
from videotermin_app.core import i18n, routes
from videotermin_app.core.views_text import _
from videotermin_app.core.views_typing import bind
from videotermin_app.privacy.state_advisor_survey import AdvisorSurveyState
from videotermin_app.privacy.views_advisor_revocation import record_revocation
from videotermin_app.privacy.views_advisor_survey import advisor_survey
from videotermin_app.room.state_advisor_room import AdvisorRoomState
from videotermin_app.room.views_advisor_room import advisor_call_panel, waiting_list
from videotermin_app.room.views_removal import remove_person
from videotermin_app.ui.form_field import notice
from videotermin_app.ui.layout import page_frame


def _top_bar() -> rx.Component:
    component: rx.Component = rx.hstack(
        rx.vstack(
            rx.heading(_("Meine Termine"), size="7", as_="h1"),
            rx.text(_("Angemeldet als "), rx.text.strong(AuthState.advisor_name), size="2", color_scheme="gray"),
            spacing="1",
        ),
        rx.spacer(),
        rx.hstack(
            rx.cond(
                AuthState.is_admin,
                rx.button(_("Konten verwalten"), variant="soft", color_scheme="gray", on_click=AdminState.toggle),
            ),
            rx.button(_("Abmelden"), variant="outline", on_click=AuthState.logout),
            spacing="2",
        ),
        width="100%",
        align="center",
        wrap="wrap",
        spacing="3",
    )
    return component


def _person_actions(person: ParticipantRow, row: AppointmentRow) -> rx.Component:
    """Beside each person on an appointment card: record a revocation, take them off the appointment."""
    component: rx.Component = rx.fragment(record_revocation(person, row), remove_person(person, row))
    return component


def advisor_page() -> rx.Component:
    return page_frame(
        rx.cond(
            AuthState.advisor_name != "",
            rx.vstack(
                _top_bar(),
                rx.cond(AuthState.is_admin & AdminState.is_open, account_admin()),
                advisor_call_panel(after_end=lambda appointment_id: bind(AdvisorSurveyState.offer, appointment_id)),
                advisor_survey(),
                waiting_list(),
                notice(BookingState.notice),
                rx.cond(
                    BookingState.is_open,
                    booking_form(),
                    rx.button(
                        rx.icon("calendar-plus", size=18), _("Termin anlegen"), size="3", on_click=BookingState.open_new
                    ),
                ),
                appointment_list(person_action=_person_actions),
                spacing="5",
                width="100%",
                # while a call runs the page is the call screen: call and waiting area, nothing else
                class_name=rx.cond(AdvisorRoomState.is_in_call, "vt-call-screen vt-advisor-call", ""),
            ),
            rx.cond(
                AuthState.login_notice != "",
                # the session ended while the page was open (deactivated, password reset): say so, offer the login
                rx.vstack(
                    notice(AuthState.login_notice, color="blue"),
                    rx.link(_("Zur Anmeldung"), href=routes.LOGIN, size="3"),
                    spacing="3",
                    width="100%",
                ),
                rx.center(rx.spinner(size="3"), width="100%", padding="2rem"),
            ),
        ),
        languages=i18n.ADVISOR_LANGUAGES,
    )
