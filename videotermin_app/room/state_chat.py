"""The chat of a call: plain text, limited, kept only in the browsers' state for the call, never stored."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import reflex as rx

from videotermin_app.core.dates import format_time
from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import _
from videotermin_app.core.labels import role_label
from videotermin_app.core.models import MemberStatus, utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_delivery import deliver
from videotermin_app.room import rooms
from videotermin_app.room.rows import ChatMessage
from videotermin_app.room.state_call import CallState

MAX_LENGTH = 500
KEEP = 200
BURST = 5  # messages per BURST_SECONDS
BURST_SECONDS = 10.0


class ChatState(rx.State):
    messages: rx.Field[list[ChatMessage]] = rx.field(default_factory=list)
    error: str = ""
    _sent_at: list[float] = []
    _next_id: int = 0

    @rx.event
    async def send(self, form: dict[str, Any]) -> Any:
        text = str(form.get("message", "")).strip()
        if not text:
            return None
        if len(text) > MAX_LENGTH:
            self.error = _("Die Nachricht ist zu lang (höchstens 500 Zeichen).")
            return None
        now = time.monotonic()
        self._sent_at = [t for t in self._sent_at if now - t < BURST_SECONDS]
        if len(self._sent_at) >= BURST:
            self.error = _("Bitte warten Sie einen Moment, bevor Sie weitere Nachrichten senden.")
            return None
        call = await self.get_state(CallState)
        if not call.is_in_call:
            self.error = _("Nachrichten können nur während des Gesprächs gesendet werden.")
            return None
        with session_scope() as session:
            views = rooms.members(session=session, appointment_id=call._appointment_id)
        me = next((v for v in views if v.key == call.self_key), None)
        if me is None:
            return None
        self._sent_at.append(now)
        self.error = ""
        message = ChatMessage(
            author=me.name,
            role_label=role_label(me.role),
            text=text,
            time_label=format_time(utcnow(), get_settings().timezone),
        )
        self._add(message, own=True)
        for view in views:
            if view.key != me.key and view.status == MemberStatus.ADMITTED:
                deliver(view.client_token, ChatState, lambda s: s._add(message, own=False))
        return rx.set_value("chat-message", "")

    def _add(self, message: ChatMessage, *, own: bool) -> None:
        self._next_id += 1
        self.messages = [*self.messages[-(KEEP - 1) :], dataclasses.replace(message, id=self._next_id, own=own)]

    def _clear(self) -> None:
        self.messages, self.error, self._sent_at = [], "", []
