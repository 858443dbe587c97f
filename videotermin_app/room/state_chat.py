"""The chat of a call: plain text, limited, kept only in the browsers' state for the call, never stored.

Rule for `send`: a text of at most `MAX_LENGTH` characters, this tab's rate limit, and an admitted
seat that this tab still holds (`CallState._seat`, from the database). Refusals of strangers are silent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import Any

import reflex as rx

from videotermin_app.core.dates import format_time
from videotermin_app.core.i18n import _
from videotermin_app.core.labels import role_label
from videotermin_app.core.models import MemberStatus, utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_delivery import deliver
from videotermin_app.room import limits, rooms
from videotermin_app.room.rows import ChatMessage
from videotermin_app.room.state_call import CallState, room_views

MAX_LENGTH = 500  # characters of one message
KEEP = 200  # messages one tab keeps (sent and received); the oldest go first


class ChatState(rx.State):
    messages: rx.Field[list[ChatMessage]] = rx.field(default_factory=list)
    error: str = ""
    _tokens: float = float(limits.CHAT_BURST)
    _at: float = 0.0
    _next_id: int = 0

    @rx.event
    async def send(self, form: Any = None) -> Any:
        if not isinstance(form, dict):
            return None
        text = form.get("message", "")
        if not isinstance(text, str) or not (text := text.strip()):
            return None
        call = await self.get_state(CallState)
        if not call._appointment_id:
            return None  # never in a room: a stranger
        if len(text) > MAX_LENGTH:
            self.error = _("Die Nachricht ist zu lang (höchstens 500 Zeichen).")
            return None
        allowed, bucket = limits.take(
            limits.Bucket(tokens=self._tokens, at=self._at),
            now=time.time(),
            rate=limits.CHAT_PER_SECOND,
            burst=limits.CHAT_BURST,
        )
        self._tokens, self._at = bucket.tokens, bucket.at
        if not allowed:
            self.error = _("Bitte warten Sie einen Moment, bevor Sie weitere Nachrichten senden.")
            return None
        if await call._seat(rooms.IN_CALL, touch=True) is None:
            self.error = _("Nachrichten können nur während des Gesprächs gesendet werden.")
            return None
        views = await asyncio.to_thread(room_views, call._appointment_id)
        me = next((v for v in views if v.key == call.self_key), None)
        if me is None:
            return None
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
        self.messages = keep_last([*self.messages, dataclasses.replace(message, id=self._next_id, own=own)])

    def _clear(self) -> None:
        self.messages, self.error = [], ""
        self._tokens, self._at = float(limits.CHAT_BURST), 0.0


def keep_last(messages: list[ChatMessage]) -> list[ChatMessage]:
    """At most `KEEP` messages, the newest."""
    return messages[-KEEP:]
