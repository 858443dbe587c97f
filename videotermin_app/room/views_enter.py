"""Step 5: "Beratungsraum betreten", disabled with its reason until 5 minutes before the start."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import _
from videotermin_app.room.state_waiting import WaitingState
from videotermin_app.wizard.state_journey import JourneyState
from videotermin_app.wizard.state_media import MediaState


def enter_step() -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(_("Schritt 5: Betreten Sie den Beratungsraum"), size="5", as_="h2"),
            rx.unordered_list(
                rx.list_item(_("Sie gelangen durch einen Klick in den virtuellen Wartebereich.")),
                rx.list_item(_("Ihre Ansprechpartnerin oder Ihr Ansprechpartner holt Sie dort ab.")),
                padding_inline_start="1.25rem",
            ),
            rx.vstack(
                rx.button(
                    _("Beratungsraum betreten"),
                    size="3",
                    disabled=~JourneyState.is_room_open,
                    on_click=WaitingState.enter_room,
                    custom_attrs={"aria-describedby": "room-opens"},
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
