"""Adding a person to a booked appointment from its card in the advisor's list (a small form).

Rules: every event checks the advisor's session in the database (`as_advisor`); `add` takes the
appointment whose form this tab opened (server state, never the payload) and only the form's three
fields as strings of bounded length; `participants.add_participant` checks ownership, the open
appointment, the role, the person and the capacity before anything is written, in one transaction.
The new person gets an invitation mail with their own link. Removing is `room.state_removal`
(it has to take the person out of the waiting area or the call).
"""

from __future__ import annotations

import logging

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from videotermin_app.accounts.state_auth import (
    AuthState,
    NotSignedIn,
    advisor_state,
    as_advisor_with,
    is_signed_in,
    payload_id,
    session_cookie_of,
)
from videotermin_app.booking.booking import BookingError, PersonInput
from videotermin_app.booking.form_input import parse_role, split_name
from videotermin_app.booking.participants import add_participant
from videotermin_app.booking.state_appointments import AppointmentsState, tell_people
from videotermin_app.core.i18n import _
from videotermin_app.core.models import Advisor, utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.core.views_typing import bind
from videotermin_app.mail.flow import UNEXPECTED, failed_summary, send_and_record
from videotermin_app.mail.notify import PendingMail, mails_for_booking

ADD_FIELDS = ("name", "role", "email")
MAX_ADD_FIELD_LENGTH = 300  # longer than any of the fields (names 100, e-mail 254)
log = logging.getLogger(__name__)


def add_form_fields(form_data: object) -> dict[str, str] | None:
    """The add form's three fields as strings, or None when the payload is not our form."""
    if not isinstance(form_data, dict):
        return None
    form: dict[str, str] = {}
    for key in ADD_FIELDS:
        value = form_data.get(key, "")
        if not isinstance(value, str) or len(value) > MAX_ADD_FIELD_LENGTH:
            return None
        form[key] = value
    return form


@advisor_state
class ParticipantsState(rx.State):
    adding_id: int = 0  # the appointment whose "Person hinzufügen" form is open in this tab
    errors: dict[str, str] = {}
    form_error: str = ""
    is_adding: bool = False

    @rx.event
    async def open_add(self, appointment_id: object = 0) -> EventSpec | None:
        appointment = payload_id(appointment_id)
        if not appointment:
            return None
        if not await is_signed_in(self):
            return bind(AuthState.expired)
        self.adding_id, self.errors, self.form_error = appointment, {}, ""
        return None

    @rx.event
    async def close_add(self) -> None:
        self.adding_id, self.errors, self.form_error = 0, {}, ""

    @rx.event(background=True)
    async def add(self, form_data: object = None) -> EventSpec | None:
        async with self:
            form = add_form_fields(form_data)
            appointment_id = self.adding_id
            if form is None or not appointment_id or self.is_adding:
                return None
            self.is_adding, self.errors, self.form_error = True, {}, ""
            cookie = await session_cookie_of(self)
        settings = get_settings()

        def work(session: Session, advisor: Advisor) -> list[PendingMail]:
            first, last = split_name(form["name"], "name")
            person = PersonInput(
                first_name=first, last_name=last, email=form["email"], role=parse_role(form["role"], "role")
            )
            booking = add_participant(
                session=session, advisor=advisor, appointment_id=appointment_id, person=person, now=utcnow()
            )
            return mails_for_booking(session=session, booking=booking, settings=settings)

        try:
            mails = await as_advisor_with(cookie, work)
        except NotSignedIn:
            async with self:
                self.is_adding = False
            return bind(AuthState.expired)
        except BookingError as exc:
            async with self:
                field = "name" if exc.field in ("first_name", "last_name") else exc.field
                if field in ADD_FIELDS:
                    self.errors = {field: exc.translated()}
                else:
                    self.form_error = exc.translated()
                self.is_adding = False
            return None
        except Exception:
            log.exception("adding a participant failed")
            async with self:
                self.form_error, self.is_adding = _(UNEXPECTED), False
            return None
        await tell_people(appointment_id)  # the others' open pages name the new person at once
        outcomes = await send_and_record(mails=mails, settings=settings)
        failed = failed_summary(outcomes)
        async with self:
            self.adding_id, self.is_adding = 0, False
            listing = await self.get_state(AppointmentsState)
            listing.error = ""
            listing.notice = (
                _("Die Person ist eingeladen; die E-Mail mit ihrem persönlichen Link ist versendet.")
                if not failed
                else _("Die Person ist eingeladen, aber die E-Mail an {who} konnte nicht versendet werden.").format(
                    who=failed
                )
            )
            await listing._refresh()
        return None
