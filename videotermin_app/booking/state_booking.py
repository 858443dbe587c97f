"""The booking form: new appointment (with further participants) or a changed date; sends the mails."""

from __future__ import annotations

import logging
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from videotermin_app.accounts.state_auth import (
    AuthState,
    NotSignedIn,
    advisor_state,
    as_advisor,
    as_advisor_with,
    is_signed_in,
    payload_id,
    session_cookie_of,
)
from videotermin_app.booking.appointments import (
    owned_appointment,
    reschedule_appointment,
)
from videotermin_app.booking.booking import BookingError, PersonInput, book_appointment
from videotermin_app.booking.form_input import (
    parse_duration,
    parse_role,
    parse_start,
    split_name,
    to_input_value,
)
from videotermin_app.booking.state_appointments import AppointmentsState
from videotermin_app.core.capacity import MAX_FURTHER_PEOPLE
from videotermin_app.core.i18n import _, normalized
from videotermin_app.core.models import Advisor
from videotermin_app.core.settings import get_settings
from videotermin_app.core.views_typing import bind
from videotermin_app.mail.flow import UNEXPECTED, failed_summary, send_and_record
from videotermin_app.mail.notify import (
    PendingMail,
    mails_for_appointment,
    mails_for_booking,
)

MAX_FORM_FIELD_LENGTH = 300  # longer than any field of the form (names 100, e-mail 254)
FORM_FIELDS = ("first_name", "last_name", "email", "customer_number", "client_language", "start", "duration")
PERSON_FIELDS = ("name", "role", "email")
log = logging.getLogger(__name__)


def _people(form: dict[str, str], slots: list[int]) -> tuple[PersonInput, list[PersonInput]]:
    client = PersonInput(
        first_name=form.get("first_name", ""),
        last_name=form.get("last_name", ""),
        email=form.get("email", ""),
        customer_number=form.get("customer_number", ""),
        language=normalized(form.get("client_language", "")),
    )
    others = []
    for slot in slots:
        first, last = split_name(form.get(f"person{slot}_name", ""), f"person{slot}_name")
        role = parse_role(form.get(f"person{slot}_role", ""), f"person{slot}_role")
        others.append(
            PersonInput(first_name=first, last_name=last, email=form.get(f"person{slot}_email", ""), role=role)
        )
    return client, others


def _form_fields(form_data: object, slots: list[int]) -> dict[str, str] | None:
    """The booking form's known fields as strings, or None when the payload is not our form.

    Unknown keys are ignored; a known field that is not a string or is longer than
    MAX_FORM_FIELD_LENGTH refuses the whole payload.
    """
    if not isinstance(form_data, dict):
        return None
    known = set(FORM_FIELDS) | {f"person{slot}_{part}" for slot in slots for part in PERSON_FIELDS}
    form: dict[str, str] = {}
    for key in known:
        value = form_data.get(key, "")
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return None
        text = str(value)
        if len(text) > MAX_FORM_FIELD_LENGTH:
            return None
        form[key] = text
    return form


@advisor_state
class BookingState(rx.State):
    is_open: bool = False
    editing_id: rx.Field[int] = rx.field(0)  # 0: a new appointment
    start_default: str = ""
    duration_default: str = "30"
    extra_slots: list[int] = []
    errors: dict[str, str] = {}
    form_error: str = ""
    notice: str = ""
    is_sending: bool = False

    @rx.var
    def is_editing(self) -> bool:
        return self.editing_id > 0

    @rx.var
    def can_add_person(self) -> bool:
        return len(self.extra_slots) < MAX_FURTHER_PEOPLE

    def _reset_form(self) -> None:
        self.errors, self.form_error, self.notice, self.extra_slots = {}, "", "", []

    @rx.event
    async def open_new(self) -> EventSpec | None:
        if not await is_signed_in(self):
            return bind(AuthState.expired)
        self._reset_form()
        self.editing_id, self.start_default, self.duration_default, self.is_open = 0, "", "30", True
        return None

    @rx.event
    async def open_edit(self, appointment_id: int = 0) -> EventSpec | None:
        appointment_id = payload_id(appointment_id)
        if not appointment_id:
            return None
        tz = get_settings().timezone

        def work(session: Session, advisor: Advisor) -> tuple[str, str] | BookingError:
            try:
                appointment = owned_appointment(session=session, advisor=advisor, appointment_id=appointment_id)
            except BookingError as exc:
                return exc
            return to_input_value(appointment.start, tz), str(appointment.duration_minutes)

        try:
            found = await as_advisor(self, work)
        except NotSignedIn:
            return bind(AuthState.expired)
        self._reset_form()
        if isinstance(found, BookingError):
            self.notice = found.translated()
            return None
        self.start_default, self.duration_default = found
        self.editing_id, self.is_open = appointment_id, True
        return None

    @rx.event
    async def close(self) -> EventSpec | None:
        if not await is_signed_in(self):
            return bind(AuthState.expired)
        self._reset_form()
        self.is_open, self.editing_id = False, 0
        return None

    @rx.event
    async def add_person(self) -> EventSpec | None:
        if not await is_signed_in(self):
            return bind(AuthState.expired)
        if len(self.extra_slots) < MAX_FURTHER_PEOPLE:
            self.extra_slots = [*self.extra_slots, (max(self.extra_slots) + 1) if self.extra_slots else 0]
        return None

    @rx.event
    async def remove_person(self, slot: int = -1) -> EventSpec | None:
        if isinstance(slot, bool) or not isinstance(slot, int) or slot not in self.extra_slots:
            return None
        if not await is_signed_in(self):
            return bind(AuthState.expired)
        self.extra_slots = [s for s in self.extra_slots if s != slot]
        return None

    def _field_of(self, field: str) -> str:
        """booking.py numbers further people other0_, other1_ ...; the form names them by slot."""
        if field.startswith("other"):
            index, _sep, rest = field[5:].partition("_")
            slot = self.extra_slots[int(index)] if index.isdigit() and int(index) < len(self.extra_slots) else 0
            return f"person{slot}_" + ("name" if rest in ("first_name", "last_name") else rest)
        return field

    @rx.event(background=True)
    async def submit(self, form_data: dict[str, Any] | None = None) -> EventSpec | None:
        async with self:
            if self.is_sending:
                return None
            editing_id, slots = self.editing_id, list(self.extra_slots)
            form = _form_fields(form_data, slots)
            if form is None:
                return None  # not sent by our form
            self.is_sending, self.errors, self.form_error = True, {}, ""
            cookie = await session_cookie_of(self)
        settings = get_settings()

        def work(session: Session, advisor: Advisor) -> list[PendingMail]:
            start = parse_start(form.get("start", ""), settings.timezone)
            duration = parse_duration(form.get("duration", ""))
            if editing_id:
                appointment = reschedule_appointment(
                    session=session,
                    advisor=advisor,
                    appointment_id=editing_id,
                    start=start,
                    duration_minutes=duration,
                )
                return mails_for_appointment(session=session, appointment=appointment, kind="change", settings=settings)
            client, others = _people(form, slots)
            booking = book_appointment(
                session=session,
                advisor=advisor,
                start=start,
                duration_minutes=duration,
                client=client,
                others=others,
            )
            return mails_for_booking(session=session, booking=booking, settings=settings)

        try:
            mails = await as_advisor_with(cookie, work)
        except NotSignedIn:
            async with self:
                self.is_sending = False
            return bind(AuthState.expired)
        except BookingError as exc:
            async with self:
                if exc.field:
                    self.errors = {self._field_of(exc.field): exc.translated()}
                else:
                    self.form_error = exc.translated()
                self.is_sending = False
            return None
        except Exception:
            log.exception("booking failed")
            async with self:
                self.form_error, self.is_sending = _(UNEXPECTED), False
            return None
        outcomes = await send_and_record(mails=mails, settings=settings)
        failed = failed_summary(outcomes)
        async with self:
            done = _("Der Termin ist geändert.") if editing_id else _("Der Termin ist angelegt.")
            sent = _("Die E-Mails sind versendet.")
            not_sent = _(
                "Die E-Mail an {who} konnte nicht versendet werden. Sie können sie in der Liste erneut senden."
            )
            self._reset_form()
            self.notice = f"{done} {not_sent.format(who=failed) if failed else sent}"
            self.is_open, self.editing_id, self.is_sending = False, 0, False
            appointments = await self.get_state(AppointmentsState)
            await appointments._refresh()
        return None
