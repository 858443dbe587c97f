"""The advisor takes a person (not the client) off an appointment, from its card, after a confirmation.

Rules: `remove` takes two database ids (anything else is refused silently), checks the advisor's
session in the database (`as_advisor`), and `booking.participants.remove_participant` checks that
the appointment is theirs, still open, and that the person belongs to it; removing, taking the seat
out of the room and preparing the mail are one transaction. Afterwards the person's links are dead:
their test call is closed, everyone in the room sees them leave, every open tab of their link shows
the neutral page (at any step: `tell_people` reaches the tabs in `ParticipantTab`), the others' pages
drop them from "who else takes part", and they get a short mail.
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
    payload_id,
    session_cookie_of,
)
from videotermin_app.booking.booking import BookingError
from videotermin_app.booking.participants import forget_tabs, remove_participant, tabs_of_appointment
from videotermin_app.booking.state_appointments import AppointmentsState, tell_people
from videotermin_app.core.i18n import _
from videotermin_app.core.models import Advisor, Appointment, utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_delivery import deliver
from videotermin_app.core.views_typing import bind
from videotermin_app.device_check.registry import link_key, registry
from videotermin_app.mail.flow import UNEXPECTED, send_and_record
from videotermin_app.mail.notify import PendingMail, removal_mail
from videotermin_app.room.leaving import Departure, take_out
from videotermin_app.room.state_waiting import take_out as tell_departure
from videotermin_app.wizard.state_journey import JourneyState

log = logging.getLogger(__name__)


def _link_gone(journey: JourneyState) -> None:
    journey.is_valid = False  # the removed person's tab shows the neutral page at once


@advisor_state
class RemovalState(rx.State):
    is_removing: bool = False

    @rx.event(background=True)
    async def remove(self, appointment_id: object = 0, participant_id: object = 0) -> EventSpec | None:
        appointment, person = payload_id(appointment_id), payload_id(participant_id)
        if not appointment or not person:
            return None
        async with self:
            if self.is_removing:
                return None
            self.is_removing = True
            cookie = await session_cookie_of(self)
        settings, now = get_settings(), utcnow()

        def work(session: Session, advisor: Advisor) -> tuple[PendingMail, Departure | None, list[str]]:
            removed = remove_participant(
                session=session, advisor=advisor, appointment_id=appointment, participant_id=person, now=now
            )
            booked = session.get(Appointment, appointment)
            assert booked is not None
            departure = take_out(session=session, participant_id=person)
            mail = removal_mail(session=session, participant=removed, appointment=booked, settings=settings, now=now)
            tabs = tabs_of_appointment(session=session, appointment_id=appointment)  # the removed person's too
            forget_tabs(session=session, participant_id=person)
            log.info("advisor %s removed participant %s from appointment %s", advisor.id, person, appointment)
            return mail, departure, tabs

        error = ""
        try:
            mail, departure, tabs = await as_advisor_with(cookie, work)
        except NotSignedIn:
            async with self:
                self.is_removing = False
            return bind(AuthState.expired)
        except BookingError as exc:
            error = exc.translated()
        except Exception:
            log.exception("removing a participant failed")
            error = _(UNEXPECTED)
        if error:
            async with self:
                self.is_removing = False
                listing = await self.get_state(AppointmentsState)
                listing.notice, listing.error = "", error
            return None
        await registry.close(link_key(person))
        if departure is not None:
            await tell_departure(departure)
            deliver(departure.client_token, JourneyState, _link_gone)
        # every open page of the appointment's links: the others' lists drop the person, and the removed
        # person's pages (any step, not only the room) find their link gone
        await tell_people(appointment, tabs)
        outcomes = await send_and_record(mails=[mail], settings=settings)
        async with self:
            self.is_removing = False
            listing = await self.get_state(AppointmentsState)
            listing.error = ""
            listing.notice = (
                _("Die Person ist ausgeladen; ihr Link gilt nicht mehr.")
                if all(o.sent for o in outcomes)
                else _("Die Person ist ausgeladen; die E-Mail an sie konnte nicht versendet werden.")
            )
            await listing._refresh()
        return None
