"""Step 5 and after for a participant: the waiting area, then the call, on one stage."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import Text, _
from videotermin_app.room.state_call import CallState
from videotermin_app.room.state_waiting import WaitingState
from videotermin_app.room.views_call import call_announcer, media_controls, media_stage, toolbar
from videotermin_app.room.views_chat import chat_panel
from videotermin_app.room.views_preconnect import participant_preconnect
from videotermin_app.ui.layout import support_line
from videotermin_app.ui.people_list import people_list
from videotermin_app.wizard.state_journey import JourneyState

REMINDER = _(
    "Bitte stellen Sie sicher, dass keine anderen Personen als Sie selbst das Videogespräch mitverfolgen "
    "können. Das Mithören und Mitsehen durch andere Personen bedarf der vorherigen Einwilligung Ihrer "
    "Ansprechpartnerin oder Ihres Ansprechpartners."
)


def _banner(title: rx.Var[str] | str, *children: rx.Component, color: str = "blue") -> rx.Component:
    component: rx.Component = rx.callout.root(
        rx.callout.text(rx.text.strong(title)),
        *[rx.callout.text(child) for child in children],
        color_scheme=color,
        role="status",
        size="2",
        width="100%",
    )
    return component


def waiting_banner() -> rx.Component:
    component: rx.Component = rx.vstack(
        rx.heading(_("Sie sind im virtuellen Wartebereich"), size="6", as_="h1"),
        _banner(
            _("Bitte warten Sie einen Moment."),
            rx.text(
                _(
                    "Ihre Ansprechpartnerin oder Ihr Ansprechpartner holt Sie hier ab. "
                    "Sie müssen nichts weiter tun – lassen Sie dieses Fenster einfach geöffnet."
                )
            ),
        ),
        rx.cond(
            WaitingState.is_advisor_late,
            _banner(
                _("Ihr Termin beginnt etwas später."),
                rx.text(_("Bitte bleiben Sie im Wartebereich. Wenn Sie Fragen haben, rufen Sie uns gerne an.")),
                support_line(),
                color="amber",
            ),
        ),
        people_list(JourneyState.other_people),
        rx.text(REMINDER, size="2", color_scheme="gray"),
        spacing="3",
        width="100%",
    )
    return component


def _again(title: rx.Var[str] | str, text: rx.Var[str] | str, button: Text) -> rx.Component:
    component: rx.Component = rx.vstack(
        _banner(title, rx.text(text), color="amber"),
        rx.button(button, on_click=WaitingState.enter_room, size="3"),
        spacing="3",
        width="100%",
    )
    return component


def left_view() -> rx.Component:
    """After **Auflegen**: the person may come back while the appointment runs (the survey follows below)."""
    component: rx.Component = rx.vstack(
        rx.heading(_("Sie haben das Gespräch verlassen."), size="6", as_="h1"),
        rx.text(
            _(
                "Solange der Termin läuft, können Sie wieder eintreten. Ihre Ansprechpartnerin oder Ihr "
                "Ansprechpartner holt Sie dann erneut aus dem Wartebereich herein."
            )
        ),
        rx.button(_("Wieder eintreten"), on_click=WaitingState.enter_room, size="3"),
        spacing="3",
        width="100%",
    )
    return component


def hang_up_button() -> rx.Component:
    component: rx.Component = rx.button(
        rx.icon("phone-off", aria_hidden="true"),
        rx.text(_("Auflegen"), class_name="vt-tool-label"),
        aria_label=_("Auflegen"),
        on_click=WaitingState.leave,
        color_scheme="red",
        size="3",
    )
    return component


def room_view(in_call: rx.Component | None = None) -> rx.Component:
    """The waiting area and the call; `in_call` goes under the call's toolbar (the call covers the page)."""
    component: rx.Component = rx.vstack(
        call_announcer(),
        participant_preconnect(),
        rx.cond(
            CallState.taken_over,
            _again(
                _("Ihr Termin ist in einem anderen Fenster geöffnet."),
                _("Sie können hier weitermachen; das andere Fenster wird dann beendet."),
                _("Hier fortsetzen"),
            ),
        ),
        rx.match(
            CallState.my_status,
            ("waiting", waiting_banner()),
            ("declined", _again(_("Sie wurden noch nicht hereingeholt."), _(CallState.notice), _("Erneut anfragen"))),
            ("left", left_view()),
            rx.fragment(),
        ),
        rx.cond(WaitingState.entry_error != "", rx.callout(WaitingState.entry_error, color_scheme="red", role="alert")),
        rx.cond(
            (CallState.my_status == "waiting") | (CallState.my_status == "admitted"),
            # one tree from the waiting area into the call (the camera keeps running); in the call the
            # box becomes the full-window call screen (assets/videotermin.css, `.vt-call-screen`)
            rx.flex(
                rx.cond(
                    CallState.is_in_call,
                    rx.heading(_("Ihr Videotermin"), size="6", as_="h1", class_name="vt-call-head"),
                ),
                rx.box(media_stage(active=CallState.is_in_call), class_name="vt-call-stage", width="100%"),
                rx.box(
                    rx.cond(CallState.is_in_call, toolbar(hang_up_button()), media_controls()),
                    rx.cond(CallState.is_in_call, in_call if in_call is not None else rx.fragment()),
                    class_name="vt-call-tools",
                    width="100%",
                ),
                rx.cond(CallState.is_in_call, rx.box(chat_panel(), class_name="vt-call-chat")),
                class_name=rx.cond(CallState.is_in_call, "vt-call-screen", "vt-room-stage"),
                direction="column",
                gap="3",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )
    return component
