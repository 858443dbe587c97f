"""The advisor's appointment list: today, upcoming, past on request; cancel and resend."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from videotermin_app.accounts.presence import advisor_tab_of
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
    cancel_appointment,
    list_appointments,
    owned_appointment,
    waiting_appointment_ids,
)
from videotermin_app.booking.booking import BookingError
from videotermin_app.booking.participants import tabs_of_appointment
from videotermin_app.booking.readiness import readiness
from videotermin_app.booking.rows import AppointmentRow, to_row
from videotermin_app.core.i18n import N_, _
from videotermin_app.core.models import Advisor, utcnow
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_delivery import deliver
from videotermin_app.core.views_typing import bind
from videotermin_app.mail.flow import UNEXPECTED, failed_summary, send_and_record
from videotermin_app.mail.notify import MailKind, PendingMail, mails_for_appointment

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class _Lists:
    today: list[AppointmentRow]
    upcoming: list[AppointmentRow]
    past: list[AppointmentRow]


def _lists(session: Session, advisor: Advisor, *, show_past: bool) -> _Lists:
    """The advisor's rows for the page (inside the caller's transaction, in a worker thread)."""
    settings, now = get_settings(), utcnow()
    tz = settings.timezone
    today = now.astimezone(tz).date()
    views = list_appointments(session=session, advisor=advisor, now=now)
    is_today = {v.appointment.id: v.appointment.start.astimezone(tz).date() <= today for v in views}
    waiting = waiting_appointment_ids(session=session, advisor_id=advisor.id or 0)
    ready = readiness(session=session, people=[p for v in views for p in v.participants])
    rows = [to_row(v, now=now, tz=tz, waiting=v.appointment.id in waiting, ready=ready) for v in views]
    past = (
        [to_row(v, now=now, tz=tz) for v in list_appointments(session=session, advisor=advisor, now=now, past=True)]
        if show_past
        else []
    )
    return _Lists(
        today=[r for r in rows if is_today[r.id]], upcoming=[r for r in rows if not is_today[r.id]], past=past
    )


@advisor_state
class AppointmentsState(rx.State):
    today_rows: rx.Field[list[AppointmentRow]] = rx.field(default_factory=list)
    upcoming_rows: rx.Field[list[AppointmentRow]] = rx.field(default_factory=list)
    past_rows: rx.Field[list[AppointmentRow]] = rx.field(default_factory=list)
    show_past: bool = False
    notice: str = ""
    error: str = ""
    is_working: bool = False

    async def _refresh(self, *, touch: bool = True) -> bool:
        """Reload the lists for the signed-in advisor; False (and nothing shown) without a valid session.

        `touch=False` when the advisor did not ask (someone arrived in the waiting area).
        """
        show_past = self.show_past
        try:
            lists = await as_advisor(
                self, lambda session, advisor: _lists(session, advisor, show_past=show_past), touch=touch
            )
        except NotSignedIn:
            return False
        self.today_rows, self.upcoming_rows, self.past_rows = lists.today, lists.upcoming, lists.past
        return True

    @rx.event
    async def load(self) -> EventSpec | None:
        return await self._load()

    async def _load(self) -> EventSpec | None:
        if not await self._refresh():
            return bind(AuthState.expired)
        return None

    @rx.event
    async def toggle_past(self) -> EventSpec | None:
        if not await is_signed_in(self):
            return bind(AuthState.expired)
        self.show_past = not self.show_past
        return await self._load()

    @rx.event(background=True)
    async def cancel(self, appointment_id: int = 0) -> EventSpec | None:
        appointment_id = payload_id(appointment_id)
        if not appointment_id:
            return None
        return await self._change_and_mail(appointment_id, "cancellation", None)

    @rx.event(background=True)
    async def resend(self, appointment_id: int = 0, participant_id: int = 0) -> EventSpec | None:
        appointment_id = payload_id(appointment_id)
        if not appointment_id or (participant_id != 0 and not payload_id(participant_id)):
            return None
        return await self._change_and_mail(appointment_id, "invitation", [participant_id] if participant_id else None)

    async def _change_and_mail(
        self, appointment_id: int, kind: MailKind, participant_ids: list[int] | None
    ) -> EventSpec | None:
        async with self:
            if self.is_working:
                return None
            self.is_working, self.notice, self.error = True, "", ""
        settings = get_settings()

        def work(session: Session, advisor: Advisor) -> list[PendingMail]:
            if kind == "cancellation":
                appointment = cancel_appointment(session=session, advisor=advisor, appointment_id=appointment_id)
            else:
                appointment = owned_appointment(session=session, advisor=advisor, appointment_id=appointment_id)
                if appointment.status != "booked":
                    raise BookingError(N_("Für diesen Termin kann keine Einladung mehr gesendet werden."))
            mails = mails_for_appointment(
                session=session,
                appointment=appointment,
                kind=kind,
                settings=settings,
                participant_ids=participant_ids,
            )
            if participant_ids and not mails:
                raise BookingError(N_("An diese Person kann keine Einladung gesendet werden."))
            return mails

        try:
            async with self:
                cookie = await session_cookie_of(self)
            mails = await as_advisor_with(cookie, work)
        except NotSignedIn:
            async with self:
                self.is_working = False
            return bind(AuthState.expired)
        except BookingError as exc:
            async with self:
                self.error, self.is_working = exc.translated(), False
            return None
        except Exception:
            log.exception("appointment change failed")
            async with self:
                self.error, self.is_working = _(UNEXPECTED), False
            return None
        outcomes = await send_and_record(mails=mails, settings=settings)
        failed = failed_summary(outcomes)
        async with self:
            done = _("Der Termin ist abgesagt.") if kind == "cancellation" else _("Die Einladung ist erneut versendet.")
            self.notice = (
                done
                if not failed
                else done + " " + _("Die E-Mail an {who} konnte nicht versendet werden.").format(who=failed)
            )
            self.is_working = False
            await self._refresh()
        return None


async def tell_advisor_readiness(appointment_id: int) -> None:
    """A person of this appointment opened their link, decided on consent or checked their devices:
    the owning advisor's workspace tab (if one is open) reloads its list, which re-checks the session."""
    if appointment_id <= 0:
        return
    token = await in_db_thread(lambda session: advisor_tab_of(session=session, appointment_id=appointment_id))
    deliver(token, AppointmentsState, lambda state: state._refresh(touch=False))


# Who is told when the people of an appointment change: (state class, change) pairs registered by the
# feature that shows "who else takes part" (the personal link's page), which booking may not import.
_PEOPLE_LISTENERS: list[tuple[type[rx.State], Callable[[Any], Any]]] = []


def on_people_change(state_cls: type[rx.State], apply: Callable[[Any], Any]) -> None:
    """Register `apply(state)` to run on `state_cls` of every open tab of the appointment's links."""
    if (state_cls, apply) not in _PEOPLE_LISTENERS:
        _PEOPLE_LISTENERS.append((state_cls, apply))


async def tell_people(appointment_id: int, tokens: list[str] | None = None) -> None:
    """Someone was added to or removed from this appointment: every open tab of its personal links
    (`tokens`, read from the database when not given) re-reads who takes part; a removed person's tab
    finds its link gone. Delivered like the readiness board (`deliver`, `ParticipantTab` like `AdvisorPresence`)."""
    if tokens is None:
        if appointment_id <= 0:
            return
        tokens = await in_db_thread(lambda session: tabs_of_appointment(session=session, appointment_id=appointment_id))
    for token in tokens:
        for state_cls, apply in _PEOPLE_LISTENERS:
            deliver(token, state_cls, apply)
