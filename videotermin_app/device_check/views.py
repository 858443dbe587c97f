"""Step 4: the test call ("Testanruf"), and the own picture, microphone level and result
shown from step 3 on (one panel, so the camera keeps running between the steps)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.state_blur import BlurState
from videotermin_app.core.views_text import _
from videotermin_app.core.views_typing import bind
from videotermin_app.device_check.state import MEASURE_MS, DeviceCheckState
from videotermin_app.device_check.views_media_check import media_check
from videotermin_app.ui.blur_switch import blur_budget_ms, blur_problem, blur_switch
from videotermin_app.ui.devices import camera_switch, device_chooser, device_note
from videotermin_app.wizard.state_media import MediaState

_LEVEL_COLORS = {"green": "grass", "yellow": "amber", "red": "red"}
_LEVEL_TITLES = {
    "green": _("Grün: alles bereit"),
    "yellow": _("Gelb: eingeschränkt möglich"),
    "red": _("Rot: so nicht möglich"),
}


def device_check_step() -> rx.Component:
    component: rx.Component = rx.card(
        rx.vstack(
            rx.heading(_("Schritt 4: Überprüfen Sie Ihre Geräte"), size="5", as_="h2"),
            rx.text(
                _(
                    "Hier können Sie einen Testanruf durchführen. Sie sehen und hören sich dabei selbst, so wie "
                    "man Sie im Videotermin sehen und hören wird. Sprechen Sie während des Tests ein paar Worte."
                )
            ),
            rx.button(
                _("Geräte überprüfen"), size="3", on_click=DeviceCheckState.start, loading=DeviceCheckState.is_running
            ),
            rx.cond(
                DeviceCheckState.is_running,
                rx.text(_("Der Testanruf läuft, bitte warten Sie einige Sekunden …"), role="status"),
            ),
            rx.cond(
                DeviceCheckState.busy_label != "",
                rx.callout(DeviceCheckState.busy_label, color_scheme="blue", role="status", width="100%"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
    return component


def level_meter() -> rx.Component:
    component: rx.Component = rx.cond(
        MediaState.has_audio,
        rx.vstack(
            rx.text(_("Ihr Mikrofon: Sprechen Sie, dann bewegt sich der Balken."), size="2"),
            rx.progress(
                value=MediaState.level_percent,
                max=100,
                width="100%",
                max_width="22rem",
                aria_label=_("Lautstärke Ihres Mikrofons"),
            ),
            spacing="1",
            width="100%",
        ),
    )
    return component


def speaker_check() -> rx.Component:
    component: rx.Component = rx.cond(
        DeviceCheckState.check_run > 0,
        rx.vstack(
            rx.text(_("Haben Sie sich während des Testanrufs gehört?"), size="2"),
            rx.flex(
                rx.button(
                    _("Ich höre mich"), variant="soft", size="2", on_click=bind(DeviceCheckState.set_heard_self, "yes")
                ),
                rx.button(
                    _("Ich höre mich nicht"),
                    variant="soft",
                    color_scheme="gray",
                    size="2",
                    on_click=bind(DeviceCheckState.set_heard_self, "no"),
                ),
                gap="0.5rem",
                wrap="wrap",
            ),
            rx.match(
                DeviceCheckState.heard_self,
                ("yes", rx.text(_("Gut: Mikrofon und Lautsprecher funktionieren."), size="2", role="status")),
                (
                    "no",
                    rx.text(
                        _(
                            "Bitte prüfen Sie die Lautstärke Ihres Geräts und ob Lautsprecher oder Kopfhörer "
                            "angeschlossen sind. Starten Sie den Test dann noch einmal."
                        ),
                        size="2",
                        role="status",
                    ),
                ),
                rx.fragment(),
            ),
            spacing="2",
            width="100%",
        ),
    )
    return component


def check_result() -> rx.Component:
    component: rx.Component = rx.cond(
        DeviceCheckState.level != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("circle")),
            rx.callout.text(
                rx.match(DeviceCheckState.level, *[(k, v) for k, v in _LEVEL_TITLES.items()], ""), weight="bold"
            ),
            rx.callout.text(DeviceCheckState.advice_label),
            rx.cond(
                DeviceCheckState.rates_label != "",
                rx.callout.text(DeviceCheckState.rates_label, id="device-check-rates"),
            ),
            rx.callout.text(DeviceCheckState.details_label, size="1", color_scheme="gray"),
            rx.cond(
                DeviceCheckState.relay_label != "",
                rx.callout.text(
                    DeviceCheckState.relay_label,
                    size="1",
                    id="device-check-relay",
                    custom_attrs={"data-relay": DeviceCheckState.relay_state},
                ),
            ),
            color_scheme=rx.match(DeviceCheckState.level, *[(k, v) for k, v in _LEVEL_COLORS.items()], "gray"),
            id="device-check-result",
            custom_attrs={"data-level": DeviceCheckState.level},
            width="100%",
        ),
    )
    return component


def result_announcer() -> rx.Component:
    """A polite live region present from step 3 on, so the result is read out when it arrives
    (a region inserted together with its text is often not announced)."""
    component: rx.Component = rx.el.div(
        rx.cond(
            DeviceCheckState.level != "",
            rx.fragment(
                rx.match(DeviceCheckState.level, *[(k, v) for k, v in _LEVEL_TITLES.items()], ""),
                ". ",
                DeviceCheckState.advice_label,
            ),
        ),
        role="status",
        aria_live="polite",
        aria_atomic="true",
        class_name="vt-sr-only",
        id="device-check-announcer",
    )
    return component


def media_panel() -> rx.Component:
    """Own picture (`video#local-video`), the echo during the test call, meter and result."""
    component: rx.Component = rx.vstack(
        result_announcer(),
        media_check(
            media_request=MediaState.media_request,
            check_run=DeviceCheckState.check_run,
            answer_sdp=DeviceCheckState.answer_sdp,
            ice_servers=DeviceCheckState.ice_servers,
            measure_ms=MEASURE_MS,
            local_label=_("Ihr eigenes Bild"),
            echo_label=_("Ihr Bild und Ton nach dem Weg über den Server"),
            blur=BlurState.is_on,
            blur_budget_ms=blur_budget_ms(),
            on_blur_problem=BlurState.stopped,
            progress_label=_("Fortschritt des Testanrufs"),
            on_media=MediaState.on_media,
            on_offer=DeviceCheckState.on_offer,
            on_stats=DeviceCheckState.on_stats,
            on_level=MediaState.on_level,
            on_unmount=DeviceCheckState.stop,
            display="flex",
            flex_wrap="wrap",
            gap="0.75rem",
            width="100%",
        ),
        rx.cond(MediaState.has_video, blur_switch()),
        blur_problem(),
        device_note(),
        rx.flex(
            device_chooser(),
            camera_switch(
                rx.button(rx.icon("switch-camera", aria_hidden="true"), _("Kamera wechseln"), variant="soft", size="2")
            ),
            gap="0.75rem",
            wrap="wrap",
            align="end",
            width="100%",
        ),
        level_meter(),
        check_result(),
        speaker_check(),
        spacing="3",
        width="100%",
    )
    return component
