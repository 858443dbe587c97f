"""The advisor's live waiting area and the call panel."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.event import EventSpec
from reflex.vars import ObjectVar

from videotermin_app.core.views_text import _
from videotermin_app.core.views_typing import bind
from videotermin_app.room.rows import WaitingRow
from videotermin_app.room.state_advisor_room import AdvisorRoomState
from videotermin_app.room.state_call import CallState
from videotermin_app.room.views_call import call_announcer, media_stage, toolbar
from videotermin_app.room.views_chat import chat_panel
from videotermin_app.room.views_preconnect import advisor_preconnect
from videotermin_app.room.views_waiting_alert import waiting_alert

AfterEnd = Callable[[object], EventSpec]  # given the call's appointment id (a Var)


def _level_badge(row: ObjectVar[WaitingRow]) -> rx.Component:
    component: rx.Component = rx.badge(
        _(row.level_label),
        color_scheme=rx.match(row.level, ("green", "green"), ("yellow", "amber"), ("red", "red"), "gray"),
        data_level=row.level,
        size="2",
    )
    return component


def _path_badge(row: ObjectVar[WaitingRow]) -> rx.Component:
    """Beside the device-check light: the path to this person as measured right now on the
    pre-connection (room/preconnect.py), in words and with the round-trip time."""
    component: rx.Component = rx.badge(
        rx.cond(
            row.path_rtt != "",
            _(row.path_label) + " · " + _("Antwortzeit {ms} ms").format(ms=row.path_rtt),
            _(row.path_label),
        ),
        color_scheme=rx.match(row.path_level, ("green", "green"), ("yellow", "amber"), ("red", "red"), "gray"),
        variant="outline",
        data_path_level=row.path_level,
        size="2",
    )
    return component


def _decline_dialog(row: ObjectVar[WaitingRow]) -> rx.Component:
    component: rx.Component = rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(_("Ablehnen"), variant="outline", color_scheme="red", size="2")),
        rx.alert_dialog.content(
            rx.alert_dialog.title(_("Person nicht hereinholen")),
            rx.form(
                rx.vstack(
                    rx.text_area(
                        name="message",
                        aria_label=_("Nachricht an die Person"),
                        max_length=300,
                        placeholder=_("z. B.: Ich melde mich in 10 Minuten, bitte warten Sie."),
                    ),
                    rx.hstack(
                        rx.alert_dialog.cancel(
                            rx.button(_("Abbrechen"), variant="soft", color_scheme="gray", type="button")
                        ),
                        rx.alert_dialog.action(
                            rx.button(_("Nachricht senden und ablehnen"), type="submit", color_scheme="red")
                        ),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                rx.el.input(type="hidden", name="appointment_id", value=row.appointment_id.to(str)),
                rx.el.input(type="hidden", name="key", value=row.key.to(str)),
                on_submit=AdvisorRoomState.decline,
            ),
        ),
    )
    return component


def _waiting_row(row: ObjectVar[WaitingRow]) -> rx.Component:
    component: rx.Component = rx.card(
        rx.flex(
            rx.vstack(
                rx.text(rx.text.strong(row.name), " · ", _(row.role_label)),
                rx.text(
                    _("Termin "),
                    row.time_label,
                    " · ",
                    rx.cond(row.status == "waiting", _("wartet seit "), _("im Gespräch seit ")),
                    row.since_label,
                    size="2",
                    color_scheme="gray",
                ),
                rx.flex(
                    _level_badge(row),
                    rx.cond(row.path_level != "", _path_badge(row)),
                    gap="2",
                    wrap="wrap",
                ),
                rx.cond(row.level_hint != "", rx.text(_(row.level_hint), size="2", data_level_hint=row.level)),
                spacing="1",
            ),
            rx.spacer(),
            rx.cond(
                row.status == "waiting",
                rx.hstack(
                    rx.button(
                        _("Hereinholen"), size="2", on_click=bind(AdvisorRoomState.admit, row.appointment_id, row.key)
                    ),
                    _decline_dialog(row),
                    spacing="2",
                ),
                rx.badge(_("Im Gespräch"), color_scheme="blue", size="2"),
            ),
            gap="3",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
        data_waiting_key=row.key,
    )
    return component


def waiting_list() -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.heading(_("Wartebereich"), size="5", as_="h2"),
        waiting_alert(seq=AdvisorRoomState.alert_seq, text=AdvisorRoomState.alert_text, title=_("Mein Videotermin")),
        rx.box(
            AdvisorRoomState.alert_text,
            role="status",
            aria_live="polite",
            class_name="rt-sr-only",
            position="absolute",
            width="1px",
            height="1px",
            overflow="hidden",
        ),
        call_announcer(),
        advisor_preconnect(),
        rx.cond(AdvisorRoomState.error != "", rx.callout(AdvisorRoomState.error, color_scheme="red", role="alert")),
        rx.cond(
            AdvisorRoomState.waiting.length() > 0,
            rx.vstack(rx.foreach(AdvisorRoomState.waiting, _waiting_row), spacing="2", width="100%"),
            rx.text(_("Zurzeit wartet niemand."), color_scheme="gray"),
        ),
        spacing="3",
        width="100%",
        class_name="vt-waiting",
        # beside a running call the list may scroll in its own box: reachable by keyboard then
        role="region",
        aria_label=_("Wartebereich"),
        tab_index=rx.cond(AdvisorRoomState.is_in_call, 0, -1),
    )
    return component


def _end_button(after_end: AfterEnd | None) -> rx.Component:
    on_end: list[EventSpec] = [bind(AdvisorRoomState.end_call)]
    if after_end is not None:
        on_end.append(after_end(AdvisorRoomState.call_appointment_id))
    component: rx.Component = rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                rx.icon("phone-off", aria_hidden="true"),
                rx.text(_("Auflegen"), class_name="vt-tool-label"),
                aria_label=_("Auflegen"),
                color_scheme="red",
                size="3",
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(_("Termin für alle beenden?")),
            rx.alert_dialog.description(_("Das Gespräch wird für alle Teilnehmenden beendet.")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(_("Weiter sprechen"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(_("Termin beenden"), color_scheme="red", on_click=on_end)),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
    )
    return component


def advisor_call_panel(after_end: AfterEnd | None = None) -> rx.Component:
    """The call: heading, pictures, toolbar and chat as direct parts of the advisor page's call screen
    (`pages/advisor.py` turns the page into `.vt-call-screen` while the call runs). `after_end` is the
    event that follows **Termin beenden**, given the ended appointment's id (the advisor's survey, which
    lives in privacy/: room may not import it)."""
    component: rx.Component = rx.cond(
        AdvisorRoomState.is_in_call,
        rx.box(
            rx.heading(
                _("Videotermin am "), AdvisorRoomState.call_title, size="5", as_="h2", class_name="vt-call-head"
            ),
            rx.box(media_stage(active=CallState.is_in_call), class_name="vt-call-stage", width="100%"),
            rx.box(toolbar(_end_button(after_end)), class_name="vt-call-tools", width="100%"),
            rx.box(chat_panel(), class_name="vt-call-chat"),
            class_name="vt-call-panel",
            width="100%",
        ),
    )
    return component
