"""Step 5 for a participant: entering the waiting area, being fetched, leaving and coming back."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import reflex as rx

from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import _
from videotermin_app.core.models import Appointment, MemberStatus, RoomMember, utcnow
from videotermin_app.core.state_delivery import deliver
from videotermin_app.room import rooms
from videotermin_app.room.state_advisor_room import AdvisorRoomState
from videotermin_app.room.state_call import CallState, broadcast_room, room_views
from videotermin_app.wizard import links

LATE_AFTER = timedelta(minutes=5)
TICK_SECONDS = 15.0


class WaitingState(rx.State):
    entry_error: str = ""
    is_advisor_late: bool = False

    async def _target(self) -> links.LinkTarget | None:
        from videotermin_app.wizard.state_journey import JourneyState

        journey = await self.get_state(JourneyState)
        with session_scope() as session:
            return links.resolve(session=session, token=journey._link_token)

    @rx.event
    async def enter_room(self) -> Any:
        target = await self._target()
        if target is None:
            self.entry_error = _("Dieser Link ist nicht (mehr) gültig")
            return None
        token = self.router.session.client_token
        with session_scope() as session:
            try:
                member, previous = rooms.join(
                    session=session, participant=target.participant, appointment=target.appointment, client_token=token
                )
            except rooms.RoomError as exc:
                self.entry_error = exc.translated()
                return None
            snapshot = RoomMember.model_validate(member.model_dump())
            advisor_token = rooms.advisor_tab(session=session, advisor_id=target.advisor.id or 0)
        self.entry_error = ""
        appointment_id = target.appointment.id or 0
        call = await self.get_state(CallState)
        call._bind(appointment_id=appointment_id, member=snapshot)
        call._apply_room(room_views(appointment_id))
        # everyone else in the room, and the tab that held this seat before (it steps back)
        await broadcast_room(appointment_id, exclude_token=token, tokens=[previous] if previous else None)
        deliver(advisor_token, AdvisorRoomState, lambda s: s._reload(alert=snapshot.status == MemberStatus.WAITING))
        return WaitingState.watch_lateness

    @rx.event
    async def resume(self) -> Any:
        """On (re)load: back into the waiting area or the call if the person was there."""
        target = await self._target()
        if target is None:
            return None
        with session_scope() as session:
            seat = rooms.seat(
                session=session,
                appointment_id=target.appointment.id or 0,
                key=rooms.participant_key(target.participant.id or 0),
            )
            was_inside = seat is not None and seat.status in (MemberStatus.WAITING, MemberStatus.ADMITTED)
        return WaitingState.enter_room if was_inside else None

    @rx.event(background=True)
    async def watch_lateness(self) -> None:
        """While waiting: a calm note with the support number once the advisor is late."""
        while True:
            async with self:
                target = await self._target()
                call = await self.get_state(CallState)
                waiting = call.my_status == "waiting"
            if target is None or not waiting:
                return
            late_at = target.appointment.start + LATE_AFTER
            async with self:
                self.is_advisor_late = utcnow() >= late_at
            if self.is_advisor_late:
                return
            await asyncio.sleep(min((late_at - utcnow()).total_seconds() + 0.2, TICK_SECONDS))

    @rx.event
    async def leave(self) -> None:
        """The participant hangs up; they may come back through the link while the appointment runs."""
        call = await self.get_state(CallState)
        if not call._appointment_id:
            return
        with session_scope() as session:
            appointment = session.get(Appointment, call._appointment_id)
            if appointment is not None:
                rooms.set_status(session=session, appointment=appointment, key=call.self_key, status=MemberStatus.LEFT)
        call._apply_room(room_views(call._appointment_id))
        await broadcast_room(call._appointment_id, exclude_token=self.router.session.client_token)
