"""Chat: a log of messages (markup shown as text) and a field to write."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from videotermin_app.core.views_text import _
from videotermin_app.room.rows import ChatMessage
from videotermin_app.room.state_chat import MAX_LENGTH, ChatState


def _message(message: ObjectVar[ChatMessage]) -> rx.Component:
    component: rx.Component = rx.box(
        rx.text(message.author, " · ", _(message.role_label), " · ", message.time_label, size="1", color_scheme="gray"),
        rx.text(message.text, white_space="pre-wrap", overflow_wrap="anywhere"),
        padding="0.5rem 0.75rem",
        border_radius="10px",
        max_width="90%",
        align_self=rx.cond(message.own, "flex-end", "flex-start"),
        background_color=rx.cond(message.own, rx.color("accent", 3), rx.color("gray", 3)),
    )
    return component


def chat_panel() -> rx.Component:
    """The chat, collapsible (a `details` element open at first: its summary **Chat** folds it away)."""
    component: rx.Component = rx.card(
        rx.el.details(
            rx.el.summary(rx.heading(_("Chat"), size="3", as_="h2", display="inline")),
            rx.flex(
                rx.foreach(ChatState.messages, _message),
                role="log",
                aria_label=_("Chatnachrichten"),
                aria_live="polite",
                direction="column",
                gap="2",
                max_height="16rem",
                overflow_y="auto",
                width="100%",
                min_height="3rem",
                class_name="vt-chat-log",
                margin_top="0.5rem",
            ),
            rx.cond(ChatState.error != "", rx.callout(ChatState.error, color_scheme="amber", role="alert", size="1")),
            rx.form(
                rx.hstack(
                    rx.input(
                        id="chat-message",
                        name="message",
                        placeholder=_("Nachricht schreiben …"),
                        aria_label=_("Chatnachricht"),
                        max_length=MAX_LENGTH,
                        size="3",
                        width="100%",
                        auto_complete="off",
                    ),
                    rx.button(
                        rx.icon("send", aria_hidden="true"),
                        aria_label=_("Chatnachricht senden"),
                        title=_("Chatnachricht senden"),
                        type="submit",
                        size="3",
                    ),
                    width="100%",
                ),
                on_submit=ChatState.send,
                reset_on_submit=False,
                width="100%",
                margin_top="0.5rem",
            ),
            open=True,
            class_name="vt-chat",
        ),
        width="100%",
    )
    return component
