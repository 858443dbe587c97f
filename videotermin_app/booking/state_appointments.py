"""The advisor's appointment list: today, upcoming, past on request; cancel and resend."""

from __future__ import annotations

import logging

import reflex as rx
from reflex.event import EventSpec

from videotermin_app.accounts.auth import current_advisor
from videotermin_app.accounts.state_auth import AuthState
from videotermin_app.booking.appointments import (
    cancel_appointment,
    list_appointments,
    owned_appointment,
    waiting_appointment_ids,
)
from videotermin_app.booking.booking import BookingError
from videotermin_app.booking.rows import AppointmentRow, to_row
from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import N_, _
from videotermin_app.core.models import utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.core.views_typing import bind
from videotermin_app.mail.flow import UNEXPECTED, failed_summary, send_and_record
from videotermin_app.mail.notify import MailKind, mails_for_appointment

log = logging.getLogger(__name__)


class AppointmentsState(rx.State):
    today_rows: rx.Field[list[AppointmentRow]] = rx.field(default_factory=list)
    upcoming_rows: rx.Field[list[AppointmentRow]] = rx.field(default_factory=list)
    past_rows: rx.Field[list[AppointmentRow]] = rx.field(default_factory=list)
    show_past: bool = False
    notice: str = ""
    error: str = ""
    is_working: bool = False

    async def _cookie(self) -> str:
        return (await self.get_state(AuthState)).session_cookie

    def _refresh(self, cookie: str) -> bool:
        settings, now = get_settings(), utcnow()
        tz = settings.timezone
        with session_scope() as session:
            advisor = current_advisor(session=session, session_token=cookie)
            if advisor is None:
                return False
            today = now.astimezone(tz).date()
            views = list_appointments(session=session, advisor=advisor, now=now)
            is_today = {v.appointment.id: v.appointment.start.astimezone(tz).date() <= today for v in views}
            waiting = waiting_appointment_ids(session=session, advisor_id=advisor.id or 0)
            rows = [to_row(v, now=now, tz=tz, waiting=v.appointment.id in waiting) for v in views]
            self.today_rows = [r for r in rows if is_today[r.id]]
            self.upcoming_rows = [r for r in rows if not is_today[r.id]]
            self.past_rows = (
                [
                    to_row(v, now=now, tz=tz)
                    for v in list_appointments(session=session, advisor=advisor, now=now, past=True)
                ]
                if self.show_past
                else []
            )
        return True

    @rx.event
    async def load(self) -> EventSpec | None:
        return await self._load()

    async def _load(self) -> EventSpec | None:
        if not self._refresh(await self._cookie()):
            return bind(AuthState.expired)
        return None

    @rx.event
    async def toggle_past(self) -> EventSpec | None:
        self.show_past = not self.show_past
        return await self._load()

    @rx.event(background=True)
    async def cancel(self, appointment_id: int) -> EventSpec | None:
        return await self._change_and_mail(appointment_id, "cancellation", None)

    @rx.event(background=True)
    async def resend(self, appointment_id: int, participant_id: int = 0) -> EventSpec | None:
        return await self._change_and_mail(appointment_id, "invitation", [participant_id] if participant_id else None)

    async def _change_and_mail(
        self, appointment_id: int, kind: MailKind, participant_ids: list[int] | None
    ) -> EventSpec | None:
        async with self:
            if self.is_working:
                return None
            self.is_working, self.notice, self.error = True, "", ""
            cookie = await self._cookie()
        settings = get_settings()
        try:
            with session_scope() as session:
                advisor = current_advisor(session=session, session_token=cookie)
                if advisor is None:
                    async with self:
                        self.is_working = False
                    return bind(AuthState.expired)
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
            self._refresh(cookie)
        return None
