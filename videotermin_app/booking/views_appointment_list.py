"""The advisor's appointments: one card per appointment with status, people, mail state and actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import reflex as rx
from reflex.vars import ArrayVar

from videotermin_app.booking.rows import AppointmentRow, ParticipantRow
from videotermin_app.booking.state_appointments import AppointmentsState
from videotermin_app.booking.state_booking import BookingState
from videotermin_app.booking.views_participants import add_person
from videotermin_app.core.views_text import Text, _
from videotermin_app.core.views_typing import bind
from videotermin_app.ui.form_field import notice

PersonAction = Callable[[ParticipantRow, AppointmentRow], rx.Component]
"""A control beside each person, given by the page (another feature's view, e.g. recording a revocation)."""

STATUS_COLORS = {"booked": "blue", "waiting": "orange", "in_call": "green", "done": "gray", "cancelled": "red"}


def _status_badge(row: AppointmentRow) -> rx.Component:
    component: rx.Component = rx.badge(
        _(row.status_label),
        color_scheme=rx.match(row.status, *STATUS_COLORS.items(), "gray"),
        size="2",
        data_status=row.status,
    )
    return component


CHECK_COLORS = {"green": "green", "yellow": "amber", "red": "red"}
CONSENT_COLORS = {"given": "green", "declined": "red", "revoked": "red"}


def _readiness(person: ParticipantRow) -> rx.Component:
    """Live: link opened, consent, device-check light with browser and device, in the waiting area since."""
    component: rx.Component = rx.hstack(
        rx.text(person.opened_label, size="2", color_scheme="gray"),
        rx.badge(
            person.consent_label, color_scheme=rx.match(person.consent, *CONSENT_COLORS.items(), "gray"), variant="soft"
        ),
        rx.badge(
            person.check_label, color_scheme=rx.match(person.check, *CHECK_COLORS.items(), "gray"), variant="soft"
        ),
        rx.cond(person.place_label != "", rx.badge(person.place_label, color_scheme="blue", variant="soft")),
        wrap="wrap",
        spacing="2",
        align="center",
        custom_attrs={
            "data-participant-readiness": person.id,
            "data-consent": person.consent,
            "data-check": person.check,
        },
    )
    return component


def _participant(person: ParticipantRow, row: AppointmentRow, action: PersonAction | None) -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.hstack(_person_line(person, row, action), wrap="wrap", spacing="2", align="center"),
        rx.cond((row.status == "booked") | (row.status == "waiting") | (row.status == "in_call"), _readiness(person)),
        spacing="1",
    )
    return component


def _person_line(person: ParticipantRow, row: AppointmentRow, action: PersonAction | None) -> rx.Component:
    component: rx.Component = rx.fragment(
        rx.cond(
            person.is_blanked,
            rx.badge(_("Daten gelöscht"), color_scheme="gray", variant="soft"),
            rx.text(rx.text.strong(person.name), " · ", _(person.role_label), " · ", person.email, size="2"),
        ),
        rx.cond(
            person.mail_label != "",
            rx.badge(_(person.mail_label), color_scheme=rx.cond(person.is_mail_failed, "red", "green"), variant="soft"),
        ),
        rx.cond(
            person.is_mail_failed & row.can_change,
            rx.button(
                _("Erneut senden"),
                size="1",
                variant="outline",
                aria_label=_("E-Mail erneut senden an") + " " + person.name,
                on_click=bind(AppointmentsState.resend, row.id, person.id),
            ),
        ),
        rx.cond(~person.is_blanked, action(person, row)) if action is not None else rx.fragment(),
    )
    return component


def _cancel_button(row: AppointmentRow) -> rx.Component:
    component: rx.Component = rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(_("Absagen"), variant="soft", color_scheme="red")),
        rx.alert_dialog.content(
            rx.alert_dialog.title(_("Termin absagen?")),
            rx.alert_dialog.description(
                row.date_label
                + ", "
                + row.time_label
                + ". "
                + _("Alle Teilnehmenden erhalten eine Absage per E-Mail, ihre Links werden ungültig.")
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(_("Zurück"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(_("Termin absagen"), color_scheme="red", on_click=bind(AppointmentsState.cancel, row.id))
                ),
                spacing="3",
                justify="end",
                margin_top="1rem",
            ),
        ),
    )
    return component


def appointment_card(row: AppointmentRow, action: PersonAction | None = None) -> rx.Component:
    component: rx.Component = rx.el.article(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(row.time_label, size="4", as_="h3"),
                    rx.text(row.date_label, color_scheme="gray"),
                    rx.text("· ", row.duration, " ", _("Minuten"), color_scheme="gray"),
                    rx.spacer(),
                    _status_badge(row),
                    wrap="wrap",
                    align="center",
                    width="100%",
                    spacing="2",
                ),
                rx.vstack(rx.foreach(row.participants, lambda p: _participant(p, row, action)), spacing="1"),
                rx.cond(row.can_manage, add_person(row)),
                rx.cond(
                    row.can_change,
                    rx.hstack(
                        rx.button(_("Ändern"), variant="soft", on_click=bind(BookingState.open_edit, row.id)),
                        _cancel_button(row),
                        rx.button(
                            _("Einladung erneut senden"),
                            variant="ghost",
                            on_click=bind(AppointmentsState.resend, row.id, 0),
                        ),
                        spacing="3",
                        wrap="wrap",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        aria_label=row.client_label + ", " + row.date_label + " " + row.time_label,
        style={"width": "100%"},
    )
    return component


def _section(
    title: Text, rows: ArrayVar[Sequence[AppointmentRow]], empty: Text, action: PersonAction | None
) -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.heading(title, size="5", as_="h2"),
        rx.cond(
            rows.length() > 0,
            rx.foreach(rows, lambda row: appointment_card(row, action)),
            rx.text(empty, color_scheme="gray"),
        ),
        spacing="3",
        width="100%",
    )
    return component


def appointment_list(person_action: PersonAction | None = None) -> rx.Component:
    component: rx.Component = rx.vstack(
        notice(AppointmentsState.notice),
        notice(AppointmentsState.error, color="red", icon="triangle-alert"),
        _section(_("Heute"), AppointmentsState.today_rows, _("Heute haben Sie keine Termine."), person_action),
        _section(_("Demnächst"), AppointmentsState.upcoming_rows, _("Keine weiteren Termine geplant."), person_action),
        rx.button(
            rx.cond(AppointmentsState.show_past, _("Vergangene Termine ausblenden"), _("Vergangene Termine anzeigen")),
            variant="ghost",
            on_click=AppointmentsState.toggle_past,
        ),
        rx.cond(
            AppointmentsState.show_past,
            _section(
                _("Vergangene Termine"), AppointmentsState.past_rows, _("Keine vergangenen Termine."), person_action
            ),
        ),
        spacing="5",
        width="100%",
    )
    return component
