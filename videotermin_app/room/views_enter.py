"""Step 5: "Beratungsraum betreten", disabled with its reason until 5 minutes before the start.

A yellow or red device check warns here in plain words (what it means, what helps, the phone as the
alternative); with red, entering asks once more. The person decides."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import _
from videotermin_app.room.state_waiting import WaitingState
from videotermin_app.ui.layout import support_line
from videotermin_app.wizard.state_journey import JourneyState
from videotermin_app.wizard.state_media import MediaState


def check_warning() -> rx.Component:
    """`#device-check-warning` (`data-level` yellow or red): shown before the room, from the database."""
    component: rx.Component = rx.cond(
        (JourneyState.check_level == "red") | (JourneyState.check_level == "yellow"),
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle_alert")),
            rx.callout.text(
                rx.cond(
                    JourneyState.check_level == "red",
                    _("Achtung: Ihre Geräteprüfung war rot."),
                    _("Hinweis: Ihre Geräteprüfung war gelb."),
                ),
                weight="bold",
            ),
            rx.callout.text(
                rx.cond(
                    JourneyState.check_level == "red",
                    _(
                        "Das bedeutet: Bild oder Ton werden im Videotermin wahrscheinlich stocken oder ganz "
                        "ausfallen. Sie können den Beratungsraum trotzdem betreten. Ihre Ansprechpartnerin oder "
                        "Ihr Ansprechpartner sieht dieses Ergebnis und kann Ihnen stattdessen ein Telefonat anbieten."
                    ),
                    _(
                        "Das bedeutet: Der Videotermin ist möglich, Bild oder Ton können aber zeitweise stocken. "
                        "Ihre Ansprechpartnerin oder Ihr Ansprechpartner sieht dieses Ergebnis und kann Ihnen "
                        "ein Telefonat anbieten, wenn es nicht klappt."
                    ),
                )
            ),
            rx.callout.text(
                _(
                    "Was hilft: ein WLAN statt Mobilfunk, ein Platz näher am Router, andere Programme und "
                    "Fenster schließen. Danach können Sie die Geräte erneut überprüfen. Bei Fragen rufen Sie uns an."
                )
            ),
            support_line(),
            color_scheme=rx.cond(JourneyState.check_level == "red", "red", "amber"),
            id="device-check-warning",
            custom_attrs={"data-level": JourneyState.check_level},
            width="100%",
        ),
    )
    return component


def _enter_button(**props: object) -> rx.Component:
    component: rx.Component = rx.button(
        _("Beratungsraum betreten"),
        size="3",
        disabled=~JourneyState.is_room_open,
        custom_attrs={"aria-describedby": "room-opens"},
        **props,
    )
    return component


def _enter_despite_red() -> rx.Component:
    """With a red check, entering asks once more (an `alertdialog`): the person decides."""
    component: rx.Component = rx.alert_dialog.root(
        rx.alert_dialog.trigger(_enter_button()),
        rx.alert_dialog.content(
            rx.alert_dialog.title(_("Trotzdem den Beratungsraum betreten?")),
            rx.alert_dialog.description(
                _(
                    "Ihre Geräteprüfung war rot: Bild und Ton werden wahrscheinlich nicht gut funktionieren. "
                    "Ihre Ansprechpartnerin oder Ihr Ansprechpartner sieht das und kann Ihnen ein Telefonat anbieten."
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(_("Abbrechen"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(_("Trotzdem eintreten"), on_click=WaitingState.enter_room)),
                justify="end",
                gap="3",
                wrap="wrap",
                margin_top="1rem",
            ),
        ),
    )
    return component


def enter_step() -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(_("Schritt 5: Betreten Sie den Beratungsraum"), size="5", as_="h2"),
            rx.unordered_list(
                rx.list_item(_("Sie gelangen durch einen Klick in den virtuellen Wartebereich.")),
                rx.list_item(_("Ihre Ansprechpartnerin oder Ihr Ansprechpartner holt Sie dort ab.")),
                padding_inline_start="1.25rem",
            ),
            check_warning(),
            rx.vstack(
                rx.cond(
                    JourneyState.check_level == "red",
                    _enter_despite_red(),
                    _enter_button(on_click=WaitingState.enter_room),
                ),
                rx.cond(
                    JourneyState.is_room_open,
                    rx.text(_("Der Beratungsraum ist geöffnet."), id="room-opens", size="2"),
                    rx.text(
                        _(
                            "Die Option „Beratungsraum betreten“ steht ab {time} zur Verfügung (5 Minuten vor Beginn)."
                        ).format(time=JourneyState.room_opens_label),
                        id="room-opens",
                        size="2",
                        color_scheme="gray",
                    ),
                ),
                rx.cond(
                    WaitingState.entry_error != "",
                    rx.callout(WaitingState.entry_error, color_scheme="red", role="alert", width="100%"),
                ),
                spacing="2",
            ),
            rx.button(_("Geräte erneut überprüfen"), variant="ghost", size="2", on_click=MediaState.recheck),
            spacing="3",
            width="100%",
            on_mount=JourneyState.watch_room,
        ),
        width="100%",
    )
    return component
