"""The call, on both sides: who else is there, signals in and out, the toolbar's wishes.

Identity (`_appointment_id`, `self_key`, `self_epoch`) is set only on the server, by the waiting area
(participants) or the advisor's admission; a browser cannot choose it. Every event re-derives from the
database that this tab still holds that seat (`rooms.held_seat`) before it changes anything, and
validates what the browser reports (`room.signals`, `room.call_input`). Refusals are silent.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import reflex as rx

from videotermin_app.accounts.state_auth import AuthState
from videotermin_app.core import turn
from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import N_, _
from videotermin_app.core.labels import LEVEL_LABELS, role_label
from videotermin_app.core.models import AppointmentStatus, MemberStatus, RoomMember, utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_delivery import deliver
from videotermin_app.device_check import grading as device_check
from videotermin_app.device_check.metrics import CheckMetrics
from videotermin_app.room import announcements, call_input, limits, preconnect, rooms, send_limits, signals
from videotermin_app.wizard.state_journey import JourneyState

RECONNECTING = N_("Verbindung wird wiederhergestellt …")
ACTIVITY_EVERY_SECONDS = 60.0  # an advisor's running call counts as activity of their session this often


class CallState(rx.State):
    self_key: str = ""
    self_epoch: int = 0
    my_status: str = ""  # "", waiting, admitted, declined, left, ended
    notice: str = ""
    taken_over: bool = False
    peers: list[dict[str, Any]] = []
    signals: list[dict[str, Any]] = []
    ice_servers: list[dict[str, Any]] = []
    ice_renew_ms: int = 0  # the browser asks `renew_ice` this often (0: no TURN, nothing to renew)
    heartbeat_ms: int = rooms.HEARTBEAT_SECONDS * 1000  # the browser calls `heartbeat` this often
    muted: bool = False
    camera_off: bool = False
    sharing: bool = False
    fullscreen: bool = False
    can_share: bool = False
    has_camera: bool = True
    media_error: str = ""
    announcement: str = ""  # read by screen readers (a polite live region): fetched, joined, left
    _appointment_id: int = 0
    _signal_id: int = 0  # the newest signal id given to this tab's inbox
    _signal_tokens: float = float(limits.SIGNAL_BURST)
    _signal_at: float = 0.0
    _ice_expires_at: int = 0  # unix seconds when this tab's TURN credential ends (0: none)
    _active_at: float = 0.0  # when the advisor's session was last touched by the running call
    _others: list[dict[str, Any]] = []
    _links: dict[str, str] = {}  # "key:epoch" -> connection state, only members in `_others`
    _quality: dict[str, str] = {}  # key -> green/yellow/red, only members in `_others`

    @rx.var
    def is_in_call(self) -> bool:
        return self.my_status == "admitted" and not self.taken_over

    @rx.var
    def is_in_room(self) -> bool:
        """In the waiting area or the call (or just stepped out of it): the room view takes the page."""
        return self.taken_over or self.my_status in ("waiting", "admitted", "declined", "left")

    @rx.var
    def send_limits(self) -> dict[str, Any]:
        """Encoding limits for this tab's senders, shared by everyone else in the call (room/send_limits.py)."""
        return send_limits.send_limits(len(self.peers))

    @rx.var
    def mute_label(self) -> str:
        return _("Stummschaltung aufheben") if self.muted else _("Mikrofon stumm schalten")

    @rx.var
    def camera_label(self) -> str:
        return _("Video freigeben") if self.camera_off else _("Videofreigabe beenden")

    @rx.var
    def share_label(self) -> str:
        return _("Bildschirm präsentieren beenden") if self.sharing else _("Bildschirm präsentieren")

    @rx.var
    def fullscreen_label(self) -> str:
        return _("Vollbild beenden") if self.fullscreen else _("Vollbild")

    # -- binding (server side only) ------------------------------------------------------------
    def _bind(self, *, appointment_id: int, member: RoomMember) -> None:
        if (appointment_id, member.member_key, member.epoch) != (self._appointment_id, self.self_key, self.self_epoch):
            self.signals = []  # a new session of this tab: nothing meant for an earlier one
        self._appointment_id, self.self_key, self.self_epoch = appointment_id, member.member_key, member.epoch
        self.my_status, self.taken_over, self.notice = MemberStatus(member.status).value, False, member.notice or ""
        self._issue_ice()
        self.heartbeat_ms = rooms.heartbeat_seconds(get_settings().call_grace) * 1000
        self.muted, self.camera_off = member.audio_muted, member.video_off

    def _issue_ice(self) -> None:
        """STUN plus a fresh TURN credential (core/turn.py) for this tab: called only for a held seat."""
        settings = get_settings()
        self.ice_servers, self._ice_expires_at = turn.ice_servers(settings=settings, now=utcnow())
        self.ice_renew_ms = turn.renew_after_ms(settings)

    def _apply_room(self, views: list[rooms.MemberView]) -> None:
        mine = next((v for v in views if v.key == self.self_key), None)
        if mine is None or mine.epoch != self.self_epoch:
            self.taken_over = mine is not None and mine.epoch > self.self_epoch  # another tab holds the seat
            return
        status_before, others_before = self.my_status, {str(o["key"]): str(o["name"]) for o in self._others}
        self.my_status, self.notice = mine.status.value, mine.notice
        self._others = [
            {
                "key": v.key,
                "epoch": v.epoch,
                "role": v.role,
                "name": v.name,
                "audio_muted": v.audio_muted,
                "video_off": v.video_off,
                "pre": self._pre_session(v),
            }
            for v in views
            if v.key != self.self_key and v.status == MemberStatus.ADMITTED
        ][: call_input.MAX_OTHERS]
        self._links = call_input.bounded(self._links, self._link_keys())
        self._quality = call_input.bounded(self._quality, self._other_keys())
        if mine.status != MemberStatus.ADMITTED:
            self.signals = []
        said = announcements.announcement(
            status_before=status_before,
            status_after=self.my_status,
            others_before=others_before,
            others_after={str(o["key"]): str(o["name"]) for o in self._others},
        )
        if said:
            self.announcement = said
        self._render_peers()

    def _pre_session(self, other: rooms.MemberView) -> int:
        """How this tab's browser finds the pre-connection to `other` (room/preconnect.py): the
        advisor's tab number for a participant, the participant's epoch for the advisor, else 0."""
        if other.key == rooms.ADVISOR_KEY and self.self_key != rooms.ADVISOR_KEY:
            return preconnect.tab_number(other.client_token)
        return other.epoch if self.self_key == rooms.ADVISOR_KEY else 0

    def _other_keys(self) -> set[str]:
        return {str(o["key"]) for o in self._others}

    def _link_keys(self) -> set[str]:
        return {f"{o['key']}:{o['epoch']}" for o in self._others}

    def _render_peers(self) -> None:
        peers = []
        for other in self._others:
            link = self._links.get(f"{other['key']}:{other['epoch']}", "new")
            status = (
                [_(RECONNECTING)]
                if link in ("disconnected", "failed", "error") or (link in ("new", "connecting") and other["epoch"] > 1)
                else []
            )
            if other["audio_muted"]:
                status.append(_("Mikrofon stumm"))
            if other["video_off"]:
                status.append(_("Kamera aus"))
            level = self._quality.get(other["key"], "")
            peers.append(
                {
                    **other,
                    "role_label": _(role_label(other["role"])),
                    "in_call": True,
                    "status_label": " · ".join(status),
                    "connection_level": level,
                    "connection_label": _(LEVEL_LABELS[level]) if level else "",
                }
            )
        self.peers = peers

    def _forget(self) -> None:
        """A (re)load finds no seat of this link any more (say, the appointment ended while this tab
        was taken over): nothing of an earlier call stays on the page (Reflex keeps a tab's state
        across reloads)."""
        if self.my_status or self.taken_over or self._appointment_id:
            self._ended()
            self.my_status, self.taken_over, self.announcement, self.notice = "", False, "", ""
            self._appointment_id, self.self_key, self.self_epoch = 0, "", 0

    def _left(self) -> None:
        """A (re)load after **Auflegen**: the page shows the survey and **Wieder eintreten**, which asks
        the server again (`WaitingState.enter_room`)."""
        self._forget()
        self.my_status = "left"

    def _ended(self) -> None:
        if self.my_status == "admitted":
            self.announcement = _("Das Gespräch ist beendet.")
        self.my_status, self.peers, self._others, self.signals, self.sharing = "ended", [], [], [], False
        self._links, self._quality, self.fullscreen = {}, {}, False

    # -- who calls -----------------------------------------------------------------------------
    async def _seat(
        self, allowed: frozenset[MemberStatus], *, touch: bool = False, seen: bool = False
    ) -> rooms.Seat | None:
        """The seat this tab holds right now (database, off the event loop), if its status is `allowed`."""
        if not self._appointment_id or not self.self_key:
            return None
        link, cookie = "", ""
        if self.self_key == rooms.ADVISOR_KEY:
            cookie = (await self.get_state(AuthState)).session_cookie
        else:
            link = (await self.get_state(JourneyState))._link_token
        found = await asyncio.to_thread(
            check_seat,
            appointment_id=self._appointment_id,
            key=self.self_key,
            epoch=self.self_epoch,
            client_token=self.router.session.client_token,
            link_token=link,
            advisor_session=cookie,
            touch=touch,
            seen=seen,
        )
        return found if found is not None and found.status in allowed else None

    # -- events from the peer component --------------------------------------------------------
    @rx.event
    async def send_signal(self, signal: Any = None) -> None:
        """Rule: rate limit of this tab, a well-formed signal, an admitted seat; the target is admitted
        in the same appointment with the epoch the browser named."""
        if not self._appointment_id or not self._take_signal_token():
            return
        outgoing = signals.clean_outgoing(signal)
        if outgoing is None or outgoing.to == self.self_key or await self._seat(rooms.IN_CALL) is None:
            return
        target = await asyncio.to_thread(
            signal_target, appointment_id=self._appointment_id, key=outgoing.to, epoch=outgoing.to_epoch
        )
        if not target:
            return  # gone, or meant for an earlier tab of that person
        payload = {
            "from": self.self_key,
            "from_epoch": self.self_epoch,
            "to_epoch": outgoing.to_epoch,
            "kind": outgoing.kind,
            "data": outgoing.data,
        }
        deliver(target, CallState, lambda s: s._receive(payload))

    def _take_signal_token(self) -> bool:
        allowed, bucket = limits.take(
            limits.Bucket(tokens=self._signal_tokens, at=self._signal_at),
            now=time.time(),
            rate=limits.SIGNALS_PER_SECOND,
            burst=limits.SIGNAL_BURST,
        )
        self._signal_tokens, self._signal_at = bucket.tokens, bucket.at
        return allowed

    async def _receive(self, payload: dict[str, Any]) -> None:
        """A signal for this tab (run by `deliver`): kept only for this session and a sender it knows."""
        if payload["to_epoch"] != self.self_epoch or not self.is_in_call:
            return
        standing = signals.standing(payload["from"], payload["from_epoch"], self._others)
        if standing == "unknown":  # the sender is newer than this tab's list of people: read it again
            self._apply_room(await asyncio.to_thread(room_views, self._appointment_id))
            standing = signals.standing(payload["from"], payload["from_epoch"], self._others)
        if standing != "known":
            return
        self._signal_id += 1
        self.signals = signals.push(self.signals, payload, signal_id=self._signal_id)

    @rx.event
    async def renew_ice(self, _value: Any = None) -> None:
        """The browser's timer (`ice_renew_ms`): new TURN credentials before the old ones end.

        Rule: a seat in the call (`rooms.held_seat` through `_seat`), TURN configured, and the current
        credential older than `turn.RENEW_NOT_BEFORE` of its lifetime; else nothing happens."""
        settings = get_settings()
        if not self._ice_expires_at or not turn.renew_due(
            expires_at=self._ice_expires_at, ttl=settings.turn_ttl, now=utcnow()
        ):
            return
        if await self._seat(rooms.IN_CALL) is None:
            return
        self._issue_ice()

    @rx.event
    async def heartbeat(self, _value: Any = None) -> None:
        """The browser's timer (`heartbeat_ms`) while the waiting area or the call is open: still there.

        Rule: a seat in the waiting area or the call (`rooms.held_seat` through `_seat`), which is then
        marked seen (`room.closing` closes an appointment only when nobody gave a sign for a while).
        A participant's tab whose appointment ended meanwhile (say, the laptop slept through the
        end) moves on to the end of the call, as the link's database facts say."""
        if not self._appointment_id or self.my_status not in ("waiting", "admitted"):
            return
        if await self._seat(rooms.IN_ROOM, seen=True) is not None or self.self_key == rooms.ADVISOR_KEY:
            return
        journey = await self.get_state(JourneyState)
        caller = await journey._caller()
        target = caller.target.appointment if caller is not None else None
        if target is not None and target.id == self._appointment_id and target.status == AppointmentStatus.DONE:
            self._ended()
            journey._finish()

    @rx.event
    def ack_signals(self, last_id: Any = None) -> None:
        """The browser has handled the signals up to `last_id`: they leave the inbox (and the next delta).
        Rule: tab-local, only trims this tab's own inbox; a whole number up to the newest id given out."""
        trimmed = signals.acknowledge(self.signals, last_id, newest_id=self._signal_id)
        if trimmed is not None:
            self.signals = trimmed

    @rx.event
    async def local_media(self, info: Any = None) -> None:
        """Rule: a seat in the waiting area or the call; booleans and a short error name."""
        media = call_input.local_media(info)
        if media is None or await self._seat(rooms.IN_ROOM) is None:
            return
        self.has_camera, self.can_share = media.has_video, media.can_share
        self.media_error = "" if media.ok else media.error

    @rx.event
    async def peer_state(self, info: Any = None) -> None:
        """Rule: an admitted seat; a member of the call this tab sees and a known connection state."""
        link = call_input.peer_link(info, self._other_keys())
        if link is None or await self._seat(rooms.IN_CALL) is None:
            return
        key, state = link
        epoch = next(o["epoch"] for o in self._others if o["key"] == key)
        self._links[f"{key}:{epoch}"] = state
        self._links = call_input.bounded(self._links, self._link_keys())
        self._render_peers()

    @rx.event
    async def stats(self, reports: Any = None) -> None:
        """Rule: an admitted seat; at most MAX_REPORTS reports of members in the call, numbers only.
        The advisor's running call counts as their activity (at most once a minute)."""
        found = call_input.stats_reports(reports, self._other_keys())
        now = time.time()
        touch = not 0 <= now - self._active_at < ACTIVITY_EVERY_SECONDS
        if not found or await self._seat(rooms.IN_CALL, touch=touch) is None:
            return
        if touch:
            self._active_at = now
        for key, numbers in found.items():
            metrics = CheckMetrics.from_dict({**numbers, "frames_received": 1, "audio_received": True})
            self._quality[key] = device_check.classify(metrics)
        self._quality = call_input.bounded(self._quality, self._other_keys())
        self._render_peers()

    @rx.event
    async def toggle_mute(self) -> None:
        """Rule: a seat in the waiting area or the call (the waiting area has the same buttons)."""
        if await self._seat(rooms.IN_ROOM, touch=True) is None:
            return
        self.muted = not self.muted
        await self._store_media()

    @rx.event
    async def toggle_camera(self) -> None:
        """Rule: a seat in the waiting area or the call."""
        if await self._seat(rooms.IN_ROOM, touch=True) is None:
            return
        self.camera_off = not self.camera_off
        await self._store_media()

    async def _store_media(self) -> None:
        await asyncio.to_thread(
            store_media,
            appointment_id=self._appointment_id,
            key=self.self_key,
            audio_muted=self.muted,
            video_off=self.camera_off,
        )
        self._apply_room(await asyncio.to_thread(room_views, self._appointment_id))
        await broadcast_room(self._appointment_id, exclude_token=self.router.session.client_token)

    @rx.event
    async def toggle_share(self) -> None:
        """Rule: an admitted seat."""
        if await self._seat(rooms.IN_CALL, touch=True) is None:
            return
        self.sharing = not self.sharing and self.can_share

    @rx.event
    async def share_ended(self, _value: Any = None) -> None:
        """The browser's screen share stopped. Rule: a seat in the waiting area or the call."""
        if self.sharing and await self._seat(rooms.IN_ROOM) is not None:
            self.sharing = False

    @rx.event
    async def toggle_fullscreen(self) -> None:
        """Rule: an admitted seat."""
        if await self._seat(rooms.IN_CALL, touch=True) is None:
            return
        self.fullscreen = not self.fullscreen

    @rx.event
    async def fullscreen_changed(self, value: Any = None) -> None:
        """The browser entered or left fullscreen. Rule: a boolean; a seat in the waiting area or the call."""
        wanted = call_input.flag(value)
        if wanted is None or wanted == self.fullscreen or await self._seat(rooms.IN_ROOM) is None:
            return
        self.fullscreen = wanted


def check_seat(
    *,
    appointment_id: int,
    key: str,
    epoch: int,
    client_token: str,
    link_token: str,
    advisor_session: str,
    touch: bool = False,
    seen: bool = False,
) -> rooms.Seat | None:
    """`rooms.held_seat` in its own transaction (run in a thread); `seen`: mark the seat seen."""
    with session_scope() as session:
        found = rooms.held_seat(
            session=session,
            appointment_id=appointment_id,
            key=key,
            epoch=epoch,
            client_token=client_token,
            link_token=link_token,
            advisor_session=advisor_session,
            touch=touch,
        )
        if found is not None and seen:
            rooms.mark_seen(session=session, appointment_id=appointment_id, key=key, now=utcnow())
        return found


def signal_target(*, appointment_id: int, key: str, epoch: int) -> str:
    """The client token of an admitted member with exactly this epoch, else '' (run in a thread)."""
    with session_scope() as session:
        member = rooms.seat(session=session, appointment_id=appointment_id, key=key)
        if member is None or member.status != MemberStatus.ADMITTED or member.epoch != epoch:
            return ""
        return member.client_token


def store_media(*, appointment_id: int, key: str, audio_muted: bool, video_off: bool) -> None:
    with session_scope() as session:
        rooms.set_media(
            session=session, appointment_id=appointment_id, key=key, audio_muted=audio_muted, video_off=video_off
        )


def room_views(appointment_id: int) -> list[rooms.MemberView]:
    with session_scope() as session:
        return rooms.members(session=session, appointment_id=appointment_id)


async def broadcast_room(appointment_id: int, *, exclude_token: str, tokens: list[str] | None = None) -> None:
    """Push the room's current members to every browser in it (and `tokens`), except `exclude_token`."""
    views = await asyncio.to_thread(room_views, appointment_id)
    for token in {*(v.client_token for v in views), *(tokens or [])}:
        if token != exclude_token:
            deliver(token, CallState, lambda s: s._apply_room(views))
