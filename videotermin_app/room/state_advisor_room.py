"""The advisor's live waiting area: who waits for which appointment, admit, decline, end the call."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from videotermin_app.accounts.state_auth import AuthState
from videotermin_app.booking.state_appointments import AppointmentsState
from videotermin_app.core import dates
from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import _
from videotermin_app.core.labels import LEVEL_LABELS, role_label
from videotermin_app.core.models import Appointment, AppointmentStatus, MemberStatus, RoomMember, utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_delivery import deliver
from videotermin_app.room import rooms
from videotermin_app.room.rows import WaitingRow
from videotermin_app.room.state_call import CallState, broadcast_room, room_views
from videotermin_app.room.state_chat import ChatState
from videotermin_app.wizard.state_journey import JourneyState


class AdvisorRoomState(rx.State):
    waiting: rx.Field[list[WaitingRow]] = rx.field(default_factory=list)
    alert_seq: int = 0
    alert_text: str = ""
    error: str = ""
    call_appointment_id: int = 0
    call_title: str = ""
    _advisor: int = 0  # the signed-in advisor's id, refreshed on the server by every event

    @rx.var
    def is_in_call(self) -> bool:
        return self.call_appointment_id != 0

    async def _signed_in(self) -> bool:
        """Check the advisor's session on the server; remember who it is for deliveries."""
        auth = await self.get_state(AuthState)
        with session_scope() as session:
            advisor = auth._advisor_in(session)
            self._advisor = (advisor.id or 0) if advisor is not None else 0
        return bool(self._advisor)

    @rx.event
    async def load(self) -> None:
        """on_load of /advisor: announce this tab, show who waits, take the seat back after a reload."""
        if not await self._signed_in():
            return
        token = self.router.session.client_token
        with session_scope() as session:
            rooms.register_advisor_tab(session=session, advisor_id=self._advisor, client_token=token)
            running = rooms.running_call(session=session, advisor_id=self._advisor)
        if running is not None:
            await self._take_seat(running)
        await self._reload(alert=False)

    async def _reload(self, *, alert: bool) -> None:
        if not self._advisor:
            return
        tz = get_settings().timezone
        advisor_token = self.router.session.client_token
        with session_scope() as session:
            presence = rooms.advisor_tab(session=session, advisor_id=self._advisor)
            found = rooms.waiting_for_advisor(session=session, advisor_id=self._advisor)
        if presence and presence != advisor_token:
            return
        rows = [
            WaitingRow(
                appointment_id=appointment.id or 0,
                key=view.key,
                name=view.name,
                role=view.role,
                role_label=role_label(view.role),
                level=view.device_level,
                level_label=LEVEL_LABELS.get(view.device_level, ""),
                status=view.status.value,
                since_label=dates.format_time(view.waiting_since, tz),
                time_label=dates.format_time(appointment.start, tz),
            )
            for appointment, view in found
        ]
        newly = [
            r
            for r in rows
            if r.status == "waiting"
            and (r.key, r.appointment_id) not in {(w.key, w.appointment_id) for w in self.waiting}
        ]
        self.waiting = rows
        appointments = await self.get_state(AppointmentsState)
        appointments._refresh(await appointments._cookie())
        if alert and newly:
            self.alert_seq += 1
            self.alert_text = _("{name} wartet im Wartebereich.").format(name=newly[0].name)

    def _appointment(self, session: Session, appointment_id: int) -> Appointment | None:
        """One of this advisor's own appointments (never another advisor's)."""
        appointment = session.get(Appointment, appointment_id)
        if appointment is None or appointment.advisor_id != self._advisor:
            return None
        return appointment

    async def _take_seat(self, appointment_id: int) -> None:
        token = self.router.session.client_token
        with session_scope() as session:
            appointment = self._appointment(session, appointment_id)
            if appointment is None:
                return
            member = rooms.advisor_join(session=session, appointment=appointment, client_token=token)
            snapshot = RoomMember.model_validate(member.model_dump())
            self.call_title = dates.format_long(appointment.start, get_settings().timezone)
        call = await self.get_state(CallState)
        call._bind(appointment_id=appointment_id, member=snapshot)
        call._apply_room(room_views(appointment_id))
        self.call_appointment_id = appointment_id
        await broadcast_room(appointment_id, exclude_token=token)

    @rx.event
    async def admit(self, appointment_id: int, key: str) -> None:
        if not await self._signed_in():
            return
        if self.call_appointment_id not in (0, appointment_id):
            self.error = _("Bitte beenden Sie zuerst Ihr laufendes Gespräch.")
            return
        with session_scope() as session:
            appointment = self._appointment(session, appointment_id)
            if appointment is None:
                return
            try:
                rooms.set_status(session=session, appointment=appointment, key=key, status=MemberStatus.ADMITTED)
            except rooms.RoomError as exc:
                self.error = exc.translated()
                return
        self.error = ""
        await self._take_seat(appointment_id)
        await self._reload(alert=False)

    @rx.event
    async def decline(self, form: dict[str, Any]) -> None:
        if not await self._signed_in():
            return
        key, message = str(form.get("key", "")), str(form.get("message", ""))
        try:
            appointment_id = int(form.get("appointment_id", 0))
        except (TypeError, ValueError):
            return
        with session_scope() as session:
            appointment = self._appointment(session, appointment_id)
            if appointment is None:
                return
            notice = message.strip() or _("Ihre Beraterin oder Ihr Berater kann Sie gerade nicht hereinholen.")
            try:
                rooms.set_status(
                    session=session, appointment=appointment, key=key, status=MemberStatus.DECLINED, notice=notice
                )
            except rooms.RoomError as exc:
                self.error = exc.translated()
                return
        await broadcast_room(appointment_id, exclude_token=self.router.session.client_token)
        await self._reload(alert=False)

    @rx.event
    async def end_call(self) -> None:
        """Auflegen for the advisor: ends the appointment for everyone (after the confirmation)."""
        if not await self._signed_in() or not self.call_appointment_id:
            return
        with session_scope() as session:
            appointment = self._appointment(session, self.call_appointment_id)
            if appointment is None or appointment.status != AppointmentStatus.IN_CALL:
                return
            tokens = rooms.end_call(session=session, appointment=appointment, now=utcnow())
        own = self.router.session.client_token
        for token in tokens:
            if token != own:
                deliver(token, CallState, lambda s: s._ended())
                deliver(token, ChatState, lambda s: s._clear())
                deliver(token, JourneyState, lambda s: s._finish())
        (await self.get_state(CallState))._ended()
        (await self.get_state(ChatState))._clear()
        self.call_appointment_id, self.call_title = 0, ""
        await self._reload(alert=False)
