"""The participant's journey behind the personal link: which appointment, which step."""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import Session

from videotermin_app.core import dates, routes
from videotermin_app.core.db import session_scope
from videotermin_app.core.models import AppointmentStatus, utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.wizard import admission, consent, links, steps
from videotermin_app.wizard.links import LinkTarget
from videotermin_app.wizard.user_agent import browser_is_supported, unsupported_browser_text

ROOM_WATCH_SECONDS = 20.0
ROOM_WATCH_ROUNDS = 24 * 180


class JourneyState(rx.State):
    is_loaded: bool = False
    is_valid: bool = False
    appointment_label: str = ""
    time_label: str = ""
    advisor_name: str = ""
    participant_name: str = ""
    duration_minutes: int = 0
    step: rx.Field[int] = rx.field(1)
    is_declined: bool = False
    is_revoked: bool = False
    is_browser_supported: bool = True
    unsupported_label: str = ""
    room_opens_label: str = ""
    is_room_open: bool = False
    is_finished: bool = False  # the appointment is DONE: the survey or the closing words follow
    survey_done: bool = False
    _link_token: str = ""
    _is_watching: bool = False

    def _resolve(self, session: Session) -> LinkTarget | None:
        return links.resolve(session=session, token=self._link_token)

    def _refresh_room(self, target: LinkTarget) -> None:
        tz = get_settings().timezone
        self.room_opens_label = dates.format_time(admission.room_opens_at(target.appointment), tz)
        self.is_room_open = admission.can_enter(target.appointment, utcnow())

    @rx.event
    def load(self) -> None:
        """on_load of `/vkid/[token]`: resolve the link and resume at the first step not yet done."""
        self._link_token = routes.token_from_path(self.router.url.path)
        settings = get_settings()
        self.is_revoked = False
        with session_scope() as session:
            target = self._resolve(session)
            if target is None:
                self.is_valid = False
            else:
                self.is_valid = True
                self.appointment_label = dates.format_long(target.appointment.start, settings.timezone)
                self.time_label = dates.format_time(target.appointment.start, settings.timezone)
                self.advisor_name = target.advisor.name
                self.participant_name = (
                    f"{target.participant.first_name or ''} {target.participant.last_name or ''}".strip()
                )
                self.duration_minutes = target.appointment.duration_minutes
                self.step = steps.current_step(session=session, participant=target.participant)
                self.is_declined = consent.status(session=session, participant=target.participant).declined
                self._refresh_room(target)
                self.is_finished = target.appointment.status == AppointmentStatus.DONE
                self.survey_done = target.participant.survey_done
        user_agent = self.router.headers.user_agent
        self.is_browser_supported = browser_is_supported(user_agent)
        self.unsupported_label = "" if self.is_browser_supported else unsupported_browser_text(user_agent)
        self.is_loaded = True

    @rx.event
    def tick(self) -> None:
        """Re-evaluate whether the room is open (step 5 asks every half minute)."""
        self._tick()

    def _tick(self) -> None:
        with session_scope() as session:
            target = self._resolve(session)
            if target is not None:
                self._refresh_room(target)

    @rx.var
    def is_survey_open(self) -> bool:
        return self.is_finished and not self.survey_done

    def _finish(self) -> None:
        """The advisor ended the appointment: the survey follows (delivered from the advisor's side)."""
        self.is_finished = True

    @rx.event(background=True)
    async def watch_room(self) -> None:
        """While step 5 waits for the room to open, wake up when it opens (the server checks again)."""
        async with self:
            if self._is_watching:
                return
            self._is_watching = True
        try:
            for _round in range(ROOM_WATCH_ROUNDS):
                async with self:
                    if self.step != steps.STEP_ENTER or self.is_room_open or not self.is_valid:
                        return
                    with session_scope() as session:
                        target = self._resolve(session)
                    if target is None:
                        return
                    wait = (admission.room_opens_at(target.appointment) - utcnow()).total_seconds()
                await asyncio.sleep(min(max(wait, 0) + 0.3, ROOM_WATCH_SECONDS))
                async with self:
                    self._tick()
        finally:
            async with self:
                self._is_watching = False
