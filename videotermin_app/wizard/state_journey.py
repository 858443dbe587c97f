"""The participant's journey behind the personal link: which appointment, which step.

Who calls, for every participant event of every feature: `JourneyState._link_token` is set only by
`load`, from the URL; `identify_token` resolves it through `wizard.links.identify` (the database, in
a thread) to the participant and the furthest step the database allows. `step` below is only what
the page shows: it never unlocks anything on the server by itself.
"""

from __future__ import annotations

import asyncio
import time

import reflex as rx

from videotermin_app.booking.participants import others_of, register_tab
from videotermin_app.booking.state_appointments import on_people_change, tell_advisor_readiness
from videotermin_app.core import dates, i18n, routes
from videotermin_app.core.db import session_scope
from videotermin_app.core.models import AppointmentStatus, utcnow
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_lang import on_language_change
from videotermin_app.wizard import admission, consent, links, steps
from videotermin_app.wizard.links import Caller, LinkTarget
from videotermin_app.wizard.user_agent import browser_is_supported, unsupported_browser_text

ROOM_WATCH_SECONDS = 20.0
"""`watch_room` looks again at least this often (the advisor may move the appointment)."""
ROOM_WATCH_MAX_SECONDS = 4 * 3600.0
"""Bounded lifetime of one tab's `watch_room` task; a reload starts a new one."""


def identify_token_now(token: str) -> Caller | None:
    """`links.identify` in its own transaction (blocking: run it through `identify_token`)."""
    if not token:
        return None
    with session_scope() as session:
        return links.identify(session=session, token=token)


async def identify_token(token: str) -> Caller | None:
    """Who calls with this link token (the database off the event loop); None: refuse silently."""
    if not token:
        return None
    return await asyncio.to_thread(identify_token_now, token)


def _load_facts(token: str, client_token: str) -> tuple[Caller, consent.ConsentStatus, bool, list[str]] | None:
    """Who calls, their consent decision, whether this was the first opening of the link, and who
    else will join ("Rolle: Name" each, never an e-mail address). Registers the tab, so a change of
    the appointment's people reaches it (`_people_changed`)."""
    with session_scope() as session:
        caller = links.identify(session=session, token=token)
        if caller is None:
            return None
        participant = caller.target.participant
        first = links.mark_opened(session=session, participant=participant, now=utcnow())
        register_tab(session=session, participant_id=participant.id or 0, client_token=client_token)
        others = [f"{i18n._(o.role_label)}: {o.name}" for o in others_of(session=session, participant=participant)]
        return caller, consent.status(session=session, participant=participant), first, others


def _others_now(token: str) -> list[str] | None:
    """Who else takes part now, or None when the link no longer resolves (removed, cancelled, revoked ...)."""
    with session_scope() as session:
        target = links.resolve(session=session, token=token, now=utcnow())
        if target is None:
            return None
        others = others_of(session=session, participant=target.participant)
        return [f"{i18n._(o.role_label)}: {o.name}" for o in others]


class JourneyState(rx.State):
    is_loaded: bool = False
    is_valid: bool = False
    appointment_label: str = ""
    time_label: str = ""
    advisor_name: str = ""
    participant_name: str = ""
    duration_minutes: int = 0
    other_people: rx.Field[list[str]] = rx.field(default_factory=list)  # who else joins with a link: "Rolle: Name" each
    step: rx.Field[int] = rx.field(1)
    is_declined: bool = False
    is_consent_outdated: bool = False  # agreed to an earlier wording: step 2 asks again
    is_revoked: bool = False
    is_browser_supported: bool = True
    unsupported_label: str = ""
    room_opens_label: str = ""
    is_room_open: bool = False
    is_finished: bool = False  # the appointment is DONE: the survey or the closing words follow
    survey_done: bool = False
    check_level: str = ""  # the latest device check's light: step 5 warns on yellow and red
    _link_token: str = ""
    _is_watching: bool = False

    async def _caller(self) -> Caller | None:
        """Who calls from this tab, established afresh from the link and the database."""
        return await identify_token(self._link_token)

    def _holds_link(self) -> bool:
        """The tab's link was valid when last resolved (by `load`, `watch_room` or an action).

        Enough for events that only change what this tab shows; everything that touches the
        database, an echo peer or another tab asks `_caller()` instead."""
        return bool(self._link_token) and self.is_valid and not self.is_revoked

    def _refresh_room(self, target: LinkTarget) -> None:
        tz = get_settings().timezone
        self.room_opens_label = dates.format_time(admission.room_opens_at(target.appointment), tz)
        self.is_room_open = admission.can_enter(target.appointment, utcnow())

    @rx.event
    async def load(self) -> None:
        """on_load of `/vkid/[token]`: resolve the link and resume at the first step not yet done."""
        await self._load()

    async def _load(self) -> None:
        self._link_token = routes.token_from_path(self.router.url.path)
        settings = get_settings()
        self.is_revoked = False
        client_token = self.router.session.client_token
        facts = await asyncio.to_thread(_load_facts, self._link_token, client_token) if self._link_token else None
        if facts is None:
            self.is_valid = False
        else:
            caller, decision, first_opening, self.other_people = facts
            target = caller.target
            if first_opening:
                await tell_advisor_readiness(target.appointment.id or 0)
            self.is_valid = True
            self.appointment_label = dates.format_long(target.appointment.start, settings.timezone)
            self.time_label = dates.format_time(target.appointment.start, settings.timezone)
            self.advisor_name = target.advisor.name
            self.participant_name = (
                f"{target.participant.first_name or ''} {target.participant.last_name or ''}".strip()
            )
            self.duration_minutes = target.appointment.duration_minutes
            self.step = caller.step
            self.check_level = caller.check_level
            self.is_declined = decision.declined
            self.is_consent_outdated = decision.outdated
            self._refresh_room(target)
            self.is_finished = target.appointment.status == AppointmentStatus.DONE
            self.survey_done = target.participant.survey_done
        user_agent = self.router.headers.user_agent
        self.is_browser_supported = browser_is_supported(user_agent)
        self.unsupported_label = "" if self.is_browser_supported else unsupported_browser_text(user_agent)
        self.is_loaded = True

    @rx.event
    async def relabel(self) -> None:
        """The person chose another language: the texts of `load` anew, and their next mails in it."""
        if self._link_token:
            token, code = self._link_token, i18n.current_language()
            await in_db_thread(lambda session: links.remember_language(session=session, token=token, language=code))
            await self._load()

    @rx.var
    def is_survey_open(self) -> bool:
        return self.is_finished and not self.survey_done

    async def _people_changed(self) -> None:
        """Delivered when the advisor added or removed someone (`tell_people`): the list of who else
        takes part anew; a link that no longer resolves shows the invalid-link page at once."""
        token = self._link_token
        if not token or not self.is_valid or self.is_revoked:
            return
        others = await asyncio.to_thread(_others_now, token)
        if others is None:
            self.is_valid = False
        else:
            self.other_people = others

    def _finish(self) -> None:
        """The advisor ended the appointment: the survey follows (delivered from the advisor's side)."""
        self.is_finished = True

    @rx.event(background=True)
    async def watch_room(self) -> None:
        """While step 5 waits for the room to open, wake up when it opens (the server checks again).

        At most one per tab (`_is_watching`) and at most `ROOM_WATCH_MAX_SECONDS` long."""
        async with self:
            if self._is_watching or not self._holds_link():
                return
            self._is_watching = True
        try:
            deadline = time.monotonic() + ROOM_WATCH_MAX_SECONDS
            while time.monotonic() < deadline:
                async with self:
                    if self.step != steps.STEP_ENTER or self.is_room_open or not self._holds_link():
                        return
                    token = self._link_token
                caller = await identify_token(token)
                async with self:
                    if caller is None:
                        self.is_valid = False
                        return
                    self._refresh_room(caller.target)
                    if self.is_room_open:
                        return
                wait = (admission.room_opens_at(caller.target.appointment) - utcnow()).total_seconds()
                await asyncio.sleep(min(max(wait, 0) + 0.3, ROOM_WATCH_SECONDS))
        finally:
            async with self:
                self._is_watching = False


on_language_change(JourneyState.relabel)
on_people_change(JourneyState, JourneyState._people_changed)
