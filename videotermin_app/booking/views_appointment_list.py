"""The advisor's appointments: one card per appointment with status, people, mail state and actions."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx
from reflex.vars import ArrayVar

from videotermin_app.booking.rows import AppointmentRow, ParticipantRow
from videotermin_app.booking.state_appointments import AppointmentsState
from videotermin_app.booking.state_booking import BookingState
from videotermin_app.core.views_text import Text, _
from videotermin_app.core.views_typing import bind
from videotermin_app.ui.form_field import notice

STATUS_COLORS = {"booked": "blue", "waiting": "orange", "in_call": "green", "done": "gray", "cancelled": "red"}


def _status_badge(row: AppointmentRow) -> rx.Component:
    component: rx.Component = rx.badge(
        _(row.status_label),
        color_scheme=rx.match(row.status, *STATUS_COLORS.items(), "gray"),
        size="2",
        data_status=row.status,
    )
    return component


def _participant(person: ParticipantRow, row: AppointmentRow) -> rx.Component:
    component: rx.Component = rx.hstack(
        rx.text(rx.text.strong(person.name), " · ", _(person.role_label), " · ", person.email, size="2"),
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
        wrap="wrap",
        spacing="2",
        align="center",
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


def appointment_card(row: AppointmentRow) -> rx.Component:
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
                rx.vstack(rx.foreach(row.participants, lambda p: _participant(p, row)), spacing="1"),
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


def _section(title: Text, rows: ArrayVar[Sequence[AppointmentRow]], empty: Text) -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.heading(title, size="5", as_="h2"),
        rx.cond(rows.length() > 0, rx.foreach(rows, appointment_card), rx.text(empty, color_scheme="gray")),
        spacing="3",
        width="100%",
    )
    return component


def appointment_list() -> rx.Component:
    component: rx.Component = rx.vstack(
        notice(AppointmentsState.notice),
        notice(AppointmentsState.error, color="red", icon="triangle-alert"),
        _section(_("Heute"), AppointmentsState.today_rows, _("Heute haben Sie keine Termine.")),
        _section(_("Demnächst"), AppointmentsState.upcoming_rows, _("Keine weiteren Termine geplant.")),
        rx.button(
            rx.cond(AppointmentsState.show_past, _("Vergangene Termine ausblenden"), _("Vergangene Termine anzeigen")),
            variant="ghost",
            on_click=AppointmentsState.toggle_past,
        ),
        rx.cond(
            AppointmentsState.show_past,
            _section(_("Vergangene Termine"), AppointmentsState.past_rows, _("Keine vergangenen Termine.")),
        ),
        spacing="5",
        width="100%",
    )
    return component
