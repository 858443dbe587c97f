"""The call, on both sides: who else is there, signals in and out, the toolbar's wishes.

Identity (`_appointment_id`, `_member_key`) is set only on the server, by the waiting area
(participants) or the advisor's admission; a browser cannot choose it.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import _
from videotermin_app.core.labels import LEVEL_LABELS, role_label
from videotermin_app.core.models import MemberStatus, RoomMember
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_delivery import deliver
from videotermin_app.device_check import grading as device_check
from videotermin_app.device_check.metrics import CheckMetrics
from videotermin_app.room import rooms

INBOX_LIMIT = 200
MAX_SDP = 30_000
RECONNECTING = _("Verbindung wird wiederhergestellt …")


class CallState(rx.State):
    self_key: str = ""
    self_epoch: int = 0
    my_status: str = ""  # "", waiting, admitted, declined, left, ended
    notice: str = ""
    taken_over: bool = False
    peers: list[dict[str, Any]] = []
    signals: list[dict[str, Any]] = []
    ice_servers: list[dict[str, Any]] = []
    muted: bool = False
    camera_off: bool = False
    sharing: bool = False
    fullscreen: bool = False
    can_share: bool = False
    has_camera: bool = True
    media_error: str = ""
    _appointment_id: int = 0
    _signal_id: int = 0
    _others: list[dict[str, Any]] = []
    _links: dict[str, str] = {}
    _quality: dict[str, str] = {}

    @rx.var
    def is_in_call(self) -> bool:
        return self.my_status == "admitted" and not self.taken_over

    @rx.var
    def is_in_room(self) -> bool:
        """In the waiting area or the call (or just stepped out of it): the room view takes the page."""
        return self.taken_over or self.my_status in ("waiting", "admitted", "declined", "left")

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
        self._appointment_id, self.self_key, self.self_epoch = appointment_id, member.member_key, member.epoch
        self.my_status, self.taken_over, self.notice = MemberStatus(member.status).value, False, member.notice or ""
        self.ice_servers = list(get_settings().ice_servers)
        self.muted, self.camera_off = member.audio_muted, member.video_off

    def _apply_room(self, views: list[rooms.MemberView]) -> None:
        mine = next((v for v in views if v.key == self.self_key), None)
        if mine is None or mine.epoch != self.self_epoch:
            self.taken_over = mine is not None and mine.epoch > self.self_epoch  # another tab holds the seat
            return
        self.my_status, self.notice = mine.status.value, mine.notice
        self._others = [
            {
                "key": v.key,
                "epoch": v.epoch,
                "role": v.role,
                "name": v.name,
                "audio_muted": v.audio_muted,
                "video_off": v.video_off,
            }
            for v in views
            if v.key != self.self_key and v.status == MemberStatus.ADMITTED
        ]
        self._render_peers()

    def _render_peers(self) -> None:
        peers = []
        for other in self._others:
            link = self._links.get(f"{other['key']}:{other['epoch']}", "new")
            status = (
                [RECONNECTING]
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
                    "role_label": role_label(other["role"]),
                    "in_call": True,
                    "status_label": " · ".join(status),
                    "connection_level": level,
                    "connection_label": LEVEL_LABELS[level] if level else "",
                }
            )
        self.peers = peers

    def _ended(self) -> None:
        self.my_status, self.peers, self._others, self.signals, self.sharing = "ended", [], [], [], False

    # -- events from the peer component --------------------------------------------------------
    @rx.event
    async def send_signal(self, signal: dict[str, Any]) -> None:
        kind, to, data = signal.get("kind"), str(signal.get("to", "")), signal.get("data")
        to_epoch = signal.get("to_epoch")
        if not self.is_in_call or kind not in ("description", "candidate", "restart") or not isinstance(data, dict):
            return
        if len(str(data)) > MAX_SDP:
            return
        with session_scope() as session:
            target = next(
                (
                    v
                    for v in rooms.members(session=session, appointment_id=self._appointment_id)
                    if v.key == to and v.status == MemberStatus.ADMITTED
                ),
                None,
            )
        if target is None or target.epoch != to_epoch:
            return  # gone, or meant for an earlier tab of that person
        payload = {
            "from": self.self_key,
            "from_epoch": self.self_epoch,
            "to_epoch": target.epoch,
            "kind": kind,
            "data": data,
        }
        deliver(target.client_token, CallState, lambda s: s._receive(payload))

    def _receive(self, payload: dict[str, Any]) -> None:
        self._signal_id += 1
        self.signals = [*self.signals[-(INBOX_LIMIT - 1) :], {**payload, "id": self._signal_id}]

    @rx.event
    def local_media(self, info: dict[str, Any]) -> None:
        self.has_camera = bool(info.get("has_video"))
        self.can_share = bool(info.get("can_share"))
        self.media_error = "" if info.get("ok") else str(info.get("error", ""))[:40]

    @rx.event
    def peer_state(self, info: dict[str, Any]) -> None:
        key = str(info.get("key", ""))
        epoch = next((o["epoch"] for o in self._others if o["key"] == key), 0)
        self._links[f"{key}:{epoch}"] = str(info.get("state", ""))[:20]
        self._render_peers()

    @rx.event
    def stats(self, reports: list[dict[str, Any]]) -> None:
        for report in reports[:4]:
            metrics = CheckMetrics.from_dict({**report, "frames_received": 1, "audio_received": True})
            self._quality[str(report.get("key", ""))] = device_check.classify(metrics)
        self._render_peers()

    @rx.event
    async def toggle_mute(self) -> None:
        self.muted = not self.muted
        await self._store_media()

    @rx.event
    async def toggle_camera(self) -> None:
        self.camera_off = not self.camera_off
        await self._store_media()

    async def _store_media(self) -> None:
        with session_scope() as session:
            rooms.set_media(
                session=session,
                appointment_id=self._appointment_id,
                key=self.self_key,
                audio_muted=self.muted,
                video_off=self.camera_off,
            )
        self._apply_room(room_views(self._appointment_id))
        await broadcast_room(self._appointment_id, exclude_token=self.router.session.client_token)

    @rx.event
    def toggle_share(self) -> None:
        self.sharing = not self.sharing and self.can_share

    @rx.event
    def share_ended(self, _value: Any = None) -> None:
        self.sharing = False

    @rx.event
    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen

    @rx.event
    def fullscreen_changed(self, value: bool) -> None:
        self.fullscreen = bool(value)


def room_views(appointment_id: int) -> list[rooms.MemberView]:
    with session_scope() as session:
        return rooms.members(session=session, appointment_id=appointment_id)


async def broadcast_room(appointment_id: int, *, exclude_token: str, tokens: list[str] | None = None) -> None:
    """Push the room's current members to every browser in it (and `tokens`), except `exclude_token`."""
    views = room_views(appointment_id)
    for token in {*(v.client_token for v in views), *(tokens or [])}:
        if token != exclude_token:
            deliver(token, CallState, lambda s: s._apply_room(views))
