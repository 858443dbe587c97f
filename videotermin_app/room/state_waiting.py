"""Step 5 for a participant: entering the waiting area, being fetched, leaving and coming back.

Rules (who calls is re-established on every event, from the link and the database):
- `enter_room`, `resume`: the tab's link resolves (not revoked, cancelled or expired) with consent
  given, and a passed device check or a seat already held (`rooms.join` then applies the room's rules).
  `enter_room` is also how a taken-over or declined tab asks for the seat again, by design.
- `leave`, `watch_lateness`: this tab holds the seat right now (`rooms.held_seat`: epoch, client token,
  link), so a tab that was taken over, or whose link was revoked, cannot act.
- `watch_lateness` runs at most once per tab and at most `LATENESS_WATCH_MAX_SECONDS`.

`take_out` is what a revocation calls (privacy): everyone in the room sees the person leave, and the
advisor's waiting list is refreshed.
"""

from __future__ import annotations

import asyncio
import functools
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import reflex as rx
from sqlmodel import Session

from videotermin_app.core.i18n import N_
from videotermin_app.core.models import Appointment, AppointmentStatus, MemberStatus, RoomMember, utcnow
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.core.state_delivery import deliver
from videotermin_app.room import rooms
from videotermin_app.room.leaving import Departure
from videotermin_app.room.state_advisor_room import AdvisorRoomState
from videotermin_app.room.state_call import CallState, broadcast_room, room_views
from videotermin_app.wizard import links
from videotermin_app.wizard.state_journey import JourneyState

LATE_AFTER = timedelta(minutes=5)
TICK_SECONDS = 15.0
LATENESS_WATCH_MAX_SECONDS = 2 * 3600.0
"""Bounded lifetime of one tab's `watch_lateness` (the note comes 5 minutes after the start)."""
INVALID_LINK = N_("Dieser Link ist nicht (mehr) gültig")
CHECK_FIRST = N_("Bitte überprüfen Sie zuerst Ihre Geräte.")


@dataclass(frozen=True)
class _Joined:
    appointment_id: int
    member: RoomMember
    previous: str
    advisor_token: str


def _join(session: Session, *, token: str, client_token: str) -> _Joined | rooms.RoomError:
    """Who calls, then the seat; the refusal (a German sentence for the person) otherwise."""
    caller = links.identify(session=session, token=token)
    if caller is None:
        return rooms.RoomError(INVALID_LINK)
    target = caller.target
    appointment_id = target.appointment.id or 0
    key = rooms.participant_key(caller.participant_id)
    if (
        caller.has_consent
        and not caller.passed_check
        and rooms.seat(session=session, appointment_id=appointment_id, key=key) is None
    ):
        return rooms.RoomError(CHECK_FIRST)
    try:  # refuses without consent, before the room opens, after the appointment
        member, previous = rooms.join(
            session=session, participant=target.participant, appointment=target.appointment, client_token=client_token
        )
    except rooms.RoomError as exc:
        return exc
    return _Joined(
        appointment_id=appointment_id,
        member=RoomMember.model_validate(member.model_dump()),
        previous=previous,
        advisor_token=rooms.advisor_tab(session=session, advisor_id=target.advisor.id or 0),
    )


def _where_was(session: Session, *, token: str) -> str:
    """Where the link's person was: "inside" (waiting area or call), "left" (hung up, the
    appointment still runs), "declined" or '' (no seat, or the appointment is over)."""
    caller = links.identify(session=session, token=token)
    if caller is None or not caller.has_consent:
        return ""
    if caller.target.appointment.status in (AppointmentStatus.DONE, AppointmentStatus.CANCELLED):
        return ""
    found = rooms.seat(
        session=session,
        appointment_id=caller.target.appointment.id or 0,
        key=rooms.participant_key(caller.participant_id),
    )
    if found is None:
        return ""
    if found.status in rooms.IN_ROOM:
        return "inside"
    return MemberStatus(found.status).value  # "left" or "declined"


@dataclass(frozen=True)
class _Held:
    seat: rooms.Seat
    start_late_at: datetime  # when the advisor counts as late
    advisor_token: str


def _held(session: Session, *, call: tuple[int, str, int], client_token: str, token: str) -> _Held | None:
    appointment_id, key, epoch = call
    seat = rooms.held_seat(
        session=session,
        appointment_id=appointment_id,
        key=key,
        epoch=epoch,
        client_token=client_token,
        link_token=token,
    )
    if seat is None or key == rooms.ADVISOR_KEY:
        return None
    appointment = session.get(Appointment, appointment_id)
    if appointment is None:
        return None
    return _Held(
        seat=seat,
        start_late_at=appointment.start + LATE_AFTER,
        advisor_token=rooms.advisor_tab(session=session, advisor_id=seat.advisor_id),
    )


def _leave(session: Session, *, call: tuple[int, str, int], client_token: str, token: str) -> str | None:
    """Set this tab's seat to left; the advisor's tab to refresh, or None when the tab holds no seat."""
    held = _held(session, call=call, client_token=client_token, token=token)
    if held is None or held.seat.status not in rooms.IN_ROOM:
        return None
    appointment = session.get(Appointment, held.seat.appointment_id)
    if appointment is None:
        return None
    rooms.leave(session=session, appointment=appointment, key=held.seat.key)
    return held.advisor_token


def _advisor_tab(session: Session, *, advisor_id: int) -> str:
    return rooms.advisor_tab(session=session, advisor_id=advisor_id)


async def take_out(departure: Departure) -> None:
    """After `room.leaving.take_out`: every tab in the room (the person's own included) sees them
    leave, and the advisor's waiting list is refreshed."""
    await broadcast_room(departure.appointment_id, exclude_token="", tokens=[departure.client_token])
    advisor_token = await in_db_thread(lambda s: _advisor_tab(s, advisor_id=departure.advisor_id))
    deliver(advisor_token, AdvisorRoomState, lambda s: s._reload(alert=False))


class WaitingState(rx.State):
    entry_error: str = ""
    is_advisor_late: bool = False
    _is_watching_lateness: bool = False

    async def _link(self) -> str:
        return (await self.get_state(JourneyState))._link_token

    async def _call_seat(self) -> tuple[int, str, int]:
        call = await self.get_state(CallState)
        return call._appointment_id, call.self_key, call.self_epoch

    @rx.event
    async def enter_room(self) -> Any:
        token, client_token = await self._link(), self.router.session.client_token
        if not token:
            return None
        joined = await in_db_thread(lambda s: _join(s, token=token, client_token=client_token))
        if isinstance(joined, rooms.RoomError):
            self.entry_error = joined.translated()
            return None
        self.entry_error = ""
        snapshot = joined.member
        call = await self.get_state(CallState)
        call._bind(appointment_id=joined.appointment_id, member=snapshot)
        call._apply_room(await asyncio.to_thread(room_views, joined.appointment_id))
        # everyone else in the room, and the tab that held this seat before (it steps back)
        await broadcast_room(
            joined.appointment_id, exclude_token=client_token, tokens=[joined.previous] if joined.previous else None
        )
        alert = snapshot.status == MemberStatus.WAITING
        deliver(joined.advisor_token, AdvisorRoomState, lambda s: s._reload(alert=alert))
        return WaitingState.watch_lateness

    @rx.event
    async def resume(self) -> Any:
        """On (re)load: back into the waiting area or the call if the person was there; after
        **Auflegen** the survey and **Wieder eintreten** again while the appointment runs."""
        token = await self._link()
        if not token:
            return None
        where = await in_db_thread(lambda s: _where_was(s, token=token))
        call = await self.get_state(CallState)
        if where == "left":
            call._left()
        elif not where:
            call._forget()
        return WaitingState.enter_room if where == "inside" else None

    @rx.event(background=True)
    async def watch_lateness(self) -> None:
        """While waiting: a calm note with the support number once the advisor is late."""
        async with self:
            if self._is_watching_lateness:
                return
            self._is_watching_lateness = True
        try:
            deadline = time.monotonic() + LATENESS_WATCH_MAX_SECONDS
            while time.monotonic() < deadline:
                async with self:
                    token, seat = await self._link(), await self._call_seat()
                    client_token = self.router.session.client_token
                held = await in_db_thread(functools.partial(_held, call=seat, client_token=client_token, token=token))
                if held is None or held.seat.status != MemberStatus.WAITING:
                    return
                late = utcnow() >= held.start_late_at
                async with self:
                    self.is_advisor_late = late
                if late:
                    return
                await asyncio.sleep(min((held.start_late_at - utcnow()).total_seconds() + 0.2, TICK_SECONDS))
        finally:
            async with self:
                self._is_watching_lateness = False

    @rx.event
    async def leave(self) -> None:
        """The participant hangs up; they may come back through the link while the appointment runs."""
        token, seat, client_token = await self._link(), await self._call_seat(), self.router.session.client_token
        if not seat[0] or not token:
            return
        advisor_token = await in_db_thread(lambda s: _leave(s, call=seat, client_token=client_token, token=token))
        if advisor_token is None:
            return
        call = await self.get_state(CallState)
        call._apply_room(await asyncio.to_thread(room_views, seat[0]))
        await broadcast_room(seat[0], exclude_token=client_token)
        deliver(advisor_token, AdvisorRoomState, lambda s: s._reload(alert=False))
