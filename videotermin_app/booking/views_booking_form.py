"""Termin anlegen / Termin ändern: the form with the client, further people, start and duration."""

from __future__ import annotations

from typing import cast

import reflex as rx
from reflex.vars import NumberVar, ObjectVar

from videotermin_app.booking.state_booking import BookingState
from videotermin_app.core import i18n
from videotermin_app.core.labels import BOOKING_ROLE_LABELS
from videotermin_app.core.views_text import _
from videotermin_app.core.views_typing import bind
from videotermin_app.ui.form_field import field_error, form_field

# mypy reads the class attribute as the plain dict (and Reflex's typed `rx.Field` picks its
# sequence overload for a dict), so the Var it is on the class is named here.
E = cast(ObjectVar[dict[str, str]], BookingState.errors)


def _further_person(slot: NumberVar[int], index: NumberVar[int]) -> rx.Component:
    prefix = "person" + slot.to_string()
    legend = _("Weitere Person") + " " + (index + 1).to_string()
    role_id = "field-" + prefix + "_role"
    component: rx.Component = rx.el.fieldset(
        rx.el.legend(legend, style={"fontWeight": "600", "padding": "0 0.25rem"}),
        rx.vstack(
            rx.el.label(_("Rolle"), html_for=role_id, style={"fontWeight": "500"}),
            rx.el.select(
                rx.el.option(_("Bitte wählen"), value=""),
                rx.el.option(_(BOOKING_ROLE_LABELS["interpreter"]), value="interpreter"),
                rx.el.option(_(BOOKING_ROLE_LABELS["representative"]), value="representative"),
                rx.el.option(_(BOOKING_ROLE_LABELS["companion"]), value="companion"),
                id=role_id,
                name=prefix + "_role",
                style={"padding": "0.5rem", "fontSize": "1rem", "borderRadius": "6px", "width": "100%"},
            ),
            field_error(E.get(prefix + "_role", ""), role_id + "-error"),
            form_field(
                _("Name"),
                prefix + "_name",
                field_id="field-" + prefix + "_name",
                error=E.get(prefix + "_name", ""),
                placeholder=_("Vor- und Nachname"),
            ),
            form_field(
                _("Mail-Adresse"),
                prefix + "_email",
                field_id="field-" + prefix + "_email",
                error=E.get(prefix + "_email", ""),
                type="email",
            ),
            rx.button(
                _("Person entfernen"),
                type="button",
                variant="ghost",
                color_scheme="red",
                on_click=bind(BookingState.remove_person, slot),
            ),
            spacing="2",
            width="100%",
        ),
        style={"border": "1px solid var(--gray-6)", "borderRadius": "8px", "padding": "0.75rem", "width": "100%"},
    )
    return component


def _client_fields() -> rx.Component:
    component: rx.Component = rx.fragment(
        rx.grid(
            form_field(_("Vorname"), "first_name", error=E.get("first_name", ""), auto_complete="off"),
            form_field(_("Nachname"), "last_name", error=E.get("last_name", ""), auto_complete="off"),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        rx.grid(
            form_field(_("Kundennummer"), "customer_number", error=E.get("customer_number", ""), auto_complete="off"),
            form_field(_("E-Mail"), "email", error=E.get("email", ""), type="email", auto_complete="off"),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        rx.vstack(
            rx.el.label(
                _("Sprache der E-Mails an die Kundin oder den Kunden"),
                html_for="field-client_language",
                style={"fontWeight": "500"},
            ),
            rx.el.select(
                # each language under its own name, as on the client's pages
                *[rx.el.option(i18n.LANGUAGE_NAMES[code], value=code, lang=code) for code in i18n.LANGUAGES],
                id="field-client_language",
                name="client_language",
                default_value=i18n.DEFAULT_LANGUAGE,
                style={"padding": "0.5rem", "fontSize": "1rem", "borderRadius": "6px", "width": "100%"},
            ),
            spacing="1",
            width="100%",
        ),
    )
    return component


def _further_people() -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.text(
            _("Weitere Teilnehmende (nur nach vorheriger Vereinbarung mit der Kundin oder dem Kunden)"),
            size="2",
            color_scheme="gray",
        ),
        rx.foreach(BookingState.extra_slots, _further_person),
        rx.cond(
            BookingState.can_add_person,
            rx.button(
                rx.icon("user-plus", size=16),
                _("Weitere Person hinzufügen"),
                type="button",
                variant="soft",
                on_click=BookingState.add_person,
            ),
        ),
        spacing="2",
        width="100%",
    )
    return component


def booking_form() -> rx.Component:
    component: rx.Component = rx.card(
        rx.form(
            rx.vstack(
                rx.heading(
                    rx.cond(BookingState.is_editing, _("Termin ändern"), _("Termin anlegen")), size="5", as_="h2"
                ),
                rx.cond(BookingState.is_editing, rx.fragment(), _client_fields()),
                rx.grid(
                    form_field(
                        _("Beginn"),
                        "start",
                        error=E.get("start", ""),
                        type="datetime-local",
                        default_value=BookingState.start_default,
                    ),
                    form_field(
                        _("Dauer (Minuten)"),
                        "duration",
                        error=E.get("duration", ""),
                        type="text",
                        input_mode="numeric",
                        default_value=BookingState.duration_default,
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.cond(BookingState.is_editing, rx.fragment(), _further_people()),
                field_error(BookingState.form_error, "booking-error"),
                rx.hstack(
                    rx.button(
                        rx.cond(BookingState.is_editing, _("Änderung senden"), _("Einladung senden")),
                        type="submit",
                        size="3",
                        loading=BookingState.is_sending,
                    ),
                    rx.button(
                        _("Abbrechen"),
                        type="button",
                        size="3",
                        variant="soft",
                        color_scheme="gray",
                        on_click=BookingState.close,
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=BookingState.submit,
            reset_on_submit=False,
            no_validate=True,
            key=BookingState.editing_id.to_string(),
        ),
        width="100%",
    )
    return component
