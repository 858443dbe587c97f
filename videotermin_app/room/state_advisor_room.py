"""The advisor's live waiting area: who waits for which appointment, admit, decline, end the call."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from videotermin_app.accounts.state_auth import (
    AuthState,
    NotSignedIn,
    advisor_state,
    as_advisor,
    is_signed_in,
    payload_id,
    payload_text,
)
from videotermin_app.booking.state_appointments import AppointmentsState
from videotermin_app.core import dates
from videotermin_app.core.i18n import N_, _
from videotermin_app.core.labels import LEVEL_HINTS, LEVEL_LABELS, role_label
from videotermin_app.core.models import Advisor, Appointment, AppointmentStatus, MemberStatus, RoomMember, utcnow
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_delivery import deliver
from videotermin_app.core.views_typing import bind
from videotermin_app.room import preconnect, rooms
from videotermin_app.room.rows import WaitingRow
from videotermin_app.room.state_call import CallState, broadcast_room, room_views
from videotermin_app.room.state_chat import ChatState
from videotermin_app.wizard.state_journey import JourneyState

# What the waiting list says about the path measured on the pre-connection (room/preconnect.py).
# Here, not in core/labels.py: only the advisor's workspace shows them (English only, i18n.ADVISOR_SOURCES).
PATH_LABELS = {
    "connecting": N_("Leitung zu Ihnen: wird gemessen …"),
    "green": N_("Leitung zu Ihnen: gut"),
    "yellow": N_("Leitung zu Ihnen: eingeschränkt"),
    "red": N_("Leitung zu Ihnen: schlecht"),
    "failed": N_("Leitung zu Ihnen: keine direkte Verbindung"),
}
MAX_MEMBER_KEY_LENGTH = 12  # "p" and a 32-bit participant id
MAX_ID_TEXT_LENGTH = 10  # an id typed as text in a hidden form field


def _member_key(value: object) -> str:
    """A waiting person's key sent by the browser ("p<participant id>"), else '' (refused)."""
    key = payload_text(value, MAX_MEMBER_KEY_LENGTH)
    if not key or not key.startswith("p") or not key[1:].isascii() or not key[1:].isdigit():
        return ""
    return key


def _form_id(value: object) -> int:
    """An id from a hidden form field: an int, or its decimal text (ASCII digits only)."""
    if isinstance(value, str) and 0 < len(value) <= MAX_ID_TEXT_LENGTH and value.isascii() and value.isdigit():
        value = int(value)
    return payload_id(value)


def _own_appointment(session: Session, advisor: Advisor, appointment_id: int) -> Appointment | None:
    """One of this advisor's own appointments (never another advisor's)."""
    appointment = session.get(Appointment, appointment_id)
    if appointment is None or appointment.advisor_id != advisor.id:
        return None
    return appointment


def _waiting_rows(session: Session, advisor: Advisor, tab: str) -> list[WaitingRow] | None:
    """Who waits for this advisor, or None when `tab` is not the advisor's workspace tab."""
    presence = rooms.advisor_tab(session=session, advisor_id=advisor.id or 0)
    if presence and presence != tab:
        return None
    tz = get_settings().timezone
    return [
        WaitingRow(
            appointment_id=appointment.id or 0,
            key=view.key,
            name=view.name,
            role=view.role,
            role_label=role_label(view.role),
            level=view.device_level,
            level_label=LEVEL_LABELS.get(view.device_level, ""),
            level_hint=LEVEL_HINTS.get(view.device_level, ""),
            status=view.status.value,
            since_label=dates.format_time(view.waiting_since, tz),
            time_label=dates.format_time(appointment.start, tz),
            epoch=view.epoch,
        )
        for appointment, view in rooms.waiting_for_advisor(session=session, advisor_id=advisor.id or 0)
    ]


@advisor_state
class AdvisorRoomState(rx.State):
    waiting: rx.Field[list[WaitingRow]] = rx.field(default_factory=list)
    alert_seq: int = 0
    alert_text: str = ""
    error: str = ""
    call_appointment_id: int = 0
    call_title: str = ""
    _advisor: int = 0  # the signed-in advisor's id, refreshed on the server by every event
    _paths: dict[str, preconnect.Path] = {}  # "key:epoch" -> measured pre-connection, waiting people only

    @rx.var
    def is_in_call(self) -> bool:
        return self.call_appointment_id != 0

    @rx.var
    def pre_targets(self) -> list[dict[str, Any]]:
        """The waiting people this tab's browser pre-connects to (room/preconnect.py)."""
        return [{"key": r.key, "epoch": r.epoch} for r in self.waiting if r.status == "waiting"][
            : preconnect.MAX_TARGETS
        ]

    def _pre_known(self) -> set[tuple[str, int]]:
        return {(str(t["key"]), int(t["epoch"])) for t in self.pre_targets}

    def _with_path(self, row: WaitingRow) -> WaitingRow:
        path = self._paths.get(f"{row.key}:{row.epoch}") if row.status == "waiting" else None
        level = preconnect.path_level(path) if path is not None else ""
        return dataclasses.replace(
            row,
            path_level=level,
            path_label=PATH_LABELS.get(level, ""),
            path_rtt=preconnect.rtt_text(path) if path is not None else "",
        )

    def _set_paths(self, found: dict[str, preconnect.Path]) -> None:
        """What the browser measured on its pre-connections (already validated against `pre_targets`)."""
        epochs = dict(self._pre_known())
        known = {f"{key}:{epoch}" for key, epoch in epochs.items()}
        paths = {k: v for k, v in self._paths.items() if k in known}
        paths.update({f"{key}:{epochs[key]}": path for key, path in found.items()})
        if paths != self._paths:
            self._paths = paths
            self.waiting = [self._with_path(r) for r in self.waiting]

    async def _session_over(self) -> None:
        auth = await self.get_state(AuthState)
        await auth._clear_tab(_("Bitte melden Sie sich an. Ihre Sitzung ist abgelaufen oder beendet."))

    async def _signed_out(self) -> None:
        """Called when the tab's session ends: leave the presence and the call view of this tab."""
        token = self.router.session.client_token
        if token:
            await in_db_thread(lambda session: rooms.forget_advisor_tab(session=session, client_token=token))
        if self.call_appointment_id:
            (await self.get_state(CallState))._ended()
            (await self.get_state(ChatState))._clear()
        self._advisor = 0

    @rx.event
    async def load(self) -> EventSpec | None:
        """on_load of /advisor: announce this tab, show who waits, take the seat back after a reload."""
        token = self.router.session.client_token

        def work(session: Session, advisor: Advisor) -> tuple[int, int | None]:
            rooms.register_advisor_tab(session=session, advisor_id=advisor.id or 0, client_token=token)
            return advisor.id or 0, rooms.running_call(session=session, advisor_id=advisor.id or 0)

        try:
            self._advisor, running = await as_advisor(self, work)
        except NotSignedIn:
            return bind(AuthState.expired)
        if running is not None:
            await self._take_seat(running)
        await self._show_waiting(alert=False, touch=True)
        return None

    async def _reload(self, *, alert: bool) -> None:
        """Delivered when someone arrives or leaves: re-check the session first, without renewing it."""
        await self._show_waiting(alert=alert, touch=False)

    async def _show_waiting(self, *, alert: bool, touch: bool) -> None:
        token = self.router.session.client_token
        try:
            rows = await as_advisor(self, lambda session, advisor: _waiting_rows(session, advisor, token), touch=touch)
        except NotSignedIn:
            await self._session_over()
            return
        if rows is None:
            return  # another tab of this advisor is the workspace
        newly = [
            r
            for r in rows
            if r.status == "waiting"
            and (r.key, r.appointment_id) not in {(w.key, w.appointment_id) for w in self.waiting}
        ]
        self.waiting = rows
        known = {f"{key}:{epoch}" for key, epoch in self._pre_known()}
        self._paths = {k: v for k, v in self._paths.items() if k in known}
        self.waiting = [self._with_path(r) for r in rows]
        appointments = await self.get_state(AppointmentsState)
        await appointments._refresh(touch=touch)
        if alert and newly:
            self.alert_seq += 1
            self.alert_text = _("{name} wartet im Wartebereich.").format(name=newly[0].name)

    async def _take_seat(self, appointment_id: int) -> None:
        token = self.router.session.client_token
        tz = get_settings().timezone

        def work(session: Session, advisor: Advisor) -> tuple[RoomMember, str] | None:
            appointment = _own_appointment(session, advisor, appointment_id)
            if appointment is None:
                return None
            member = rooms.advisor_join(session=session, appointment=appointment, client_token=token)
            return RoomMember.model_validate(member.model_dump()), dates.format_long(appointment.start, tz)

        try:
            seated = await as_advisor(self, work)
        except NotSignedIn:
            await self._session_over()
            return
        if seated is None:
            return
        snapshot, self.call_title = seated
        views = await asyncio.to_thread(room_views, appointment_id)
        call = await self.get_state(CallState)
        call._bind(appointment_id=appointment_id, member=snapshot)
        call._apply_room(views)
        self.call_appointment_id = appointment_id
        await broadcast_room(appointment_id, exclude_token=token)

    @rx.event
    async def admit(self, appointment_id: int = 0, key: str = "") -> EventSpec | None:
        appointment_id, key = payload_id(appointment_id), _member_key(key)
        if not appointment_id or not key:
            return None
        if self.call_appointment_id not in (0, appointment_id):
            if not await is_signed_in(self):
                return bind(AuthState.expired)
            self.error = _("Bitte beenden Sie zuerst Ihr laufendes Gespräch.")
            return None

        def work(session: Session, advisor: Advisor) -> str | None:
            appointment = _own_appointment(session, advisor, appointment_id)
            if appointment is None:
                return None
            try:
                rooms.set_status(session=session, appointment=appointment, key=key, status=MemberStatus.ADMITTED)
            except rooms.RoomError as exc:
                return exc.translated()
            return ""

        try:
            outcome = await as_advisor(self, work)
        except NotSignedIn:
            return bind(AuthState.expired)
        if outcome is None:
            return None
        self.error = outcome
        if not outcome:
            await self._take_seat(appointment_id)
        await self._show_waiting(alert=False, touch=True)
        return None

    @rx.event
    async def decline(self, form: dict[str, Any] | None = None) -> EventSpec | None:
        fields = form if isinstance(form, dict) else {}
        key = _member_key(fields.get("key", ""))
        message = payload_text(fields.get("message", ""), rooms.DECLINE_MESSAGE_MAX)
        appointment_id = _form_id(fields.get("appointment_id", ""))
        if not key or message is None or not appointment_id:
            return None  # not sent by our form
        notice = message.strip() or rooms.DECLINED_NOTICE

        def work(session: Session, advisor: Advisor) -> str | None:
            appointment = _own_appointment(session, advisor, appointment_id)
            if appointment is None:
                return None
            try:
                rooms.set_status(
                    session=session, appointment=appointment, key=key, status=MemberStatus.DECLINED, notice=notice
                )
            except rooms.RoomError as exc:
                return exc.translated()
            return ""

        try:
            outcome = await as_advisor(self, work)
        except NotSignedIn:
            return bind(AuthState.expired)
        if outcome is None:
            return None
        self.error = outcome
        if not outcome:
            await broadcast_room(appointment_id, exclude_token=self.router.session.client_token)
        await self._show_waiting(alert=False, touch=True)
        return None

    @rx.event
    async def end_call(self) -> EventSpec | None:
        """Auflegen for the advisor: ends the appointment for everyone (after the confirmation)."""
        appointment_id = self.call_appointment_id
        if not appointment_id:
            return None

        def work(session: Session, advisor: Advisor) -> list[str] | None:
            appointment = _own_appointment(session, advisor, appointment_id)
            if appointment is None or appointment.status != AppointmentStatus.IN_CALL:
                return None
            return rooms.end_call(session=session, appointment=appointment, now=utcnow())

        try:
            tokens = await as_advisor(self, work)
        except NotSignedIn:
            return bind(AuthState.expired)
        if tokens is None:
            return None
        own = self.router.session.client_token
        for token in tokens:
            if token != own:
                deliver(token, CallState, lambda s: s._ended())
                deliver(token, ChatState, lambda s: s._clear())
                deliver(token, JourneyState, lambda s: s._finish())
        (await self.get_state(CallState))._ended()
        (await self.get_state(ChatState))._clear()
        self.call_appointment_id, self.call_title = 0, ""
        await self._show_waiting(alert=False, touch=True)
        return None
