"""Step 3: ask the browser for camera and microphone; help when it is blocked or missing."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import _
from videotermin_app.ui.layout import support_line
from videotermin_app.wizard.state_media import MediaState


def media_problem() -> rx.Component:
    """What went wrong, and for a block: how to allow it again in this browser."""
    component: rx.Component = rx.cond(
        MediaState.error_label != "",
        rx.callout.root(
            rx.callout.text(MediaState.error_label, weight="bold"),
            rx.cond(
                MediaState.is_blocked,
                rx.box(
                    rx.text(MediaState.help_title, weight="bold", margin_top="0.5rem"),
                    rx.ordered_list(rx.foreach(MediaState.help_steps, rx.list_item), padding_inline_start="1.25rem"),
                ),
            ),
            rx.callout.text(support_line()),
            color_scheme="red",
            role="alert",
            width="100%",
            id="media-help",
        ),
    )
    return component


def audio_only_notice() -> rx.Component:
    component: rx.Component = rx.cond(
        MediaState.is_audio_only,
        rx.callout.root(
            rx.callout.text(
                _(
                    "Es wurde keine Kamera gefunden. Ihre Ansprechpartnerin oder Ihr Ansprechpartner "
                    "kann Sie dann nicht sehen, nur hören. Wenn Sie eine Kamera haben, schließen Sie sie "
                    "an und laden Sie die Seite neu."
                )
            ),
            rx.button(
                _("Ohne Kamera fortfahren"),
                variant="outline",
                on_click=MediaState.continue_audio_only,
                margin_top="0.5rem",
            ),
            color_scheme="amber",
            role="status",
            width="100%",
        ),
    )
    return component


def permission_step() -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(_("Schritt 3: Erteilen Sie den Gerätezugriff"), size="5", as_="h2"),
            rx.text(
                _(
                    "Klicken Sie auf „Kamera und Mikrofon freigeben“. Klicken Sie dann im erscheinenden "
                    "Fenster Ihres Browsers auf „Zulassen“. Danach sehen Sie hier Ihr eigenes Bild."
                )
            ),
            rx.button(
                _("Kamera und Mikrofon freigeben"),
                size="3",
                on_click=MediaState.request_media,
                loading=MediaState.is_asking,
            ),
            media_problem(),
            audio_only_notice(),
            rx.text(
                _(
                    "Sollten Sie versehentlich auf „Blockieren“ geklickt haben, kann der Videotermin nicht "
                    "starten. Die Hilfe zeigt, wie Sie den Zugriff wieder erlauben."
                ),
                size="2",
                color_scheme="gray",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
    return component
