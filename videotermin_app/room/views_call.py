"""The call on screen: videos and the brochure's toolbar (the chat is `views_chat`)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.state_blur import BlurState
from videotermin_app.core.views_text import _
from videotermin_app.room.state_call import CallState
from videotermin_app.room.views_call_peer import call_peer
from videotermin_app.ui.blur_switch import blur_budget_ms, blur_problem, blur_switch
from videotermin_app.ui.devices import camera_switch, device_chooser, device_note


def media_stage(*, active: rx.Var[bool] | bool) -> rx.Component:
    return call_peer(
        self_key=CallState.self_key,
        self_epoch=CallState.self_epoch,
        peers=CallState.peers,
        signals=CallState.signals,
        ice_servers=CallState.ice_servers,
        ice_renew_ms=CallState.ice_renew_ms,
        on_ice_renew=CallState.renew_ice,
        heartbeat_ms=CallState.heartbeat_ms,
        on_heartbeat=CallState.heartbeat,
        active=active,
        muted=CallState.muted,
        camera_off=CallState.camera_off,
        sharing=CallState.sharing,
        fullscreen=CallState.fullscreen,
        local_label=_("Ihr eigenes Bild"),
        blur=BlurState.is_on,
        blur_budget_ms=blur_budget_ms(),
        on_blur_problem=BlurState.stopped,
        send_limits=CallState.send_limits,
        on_signal=CallState.send_signal,
        on_ack=CallState.ack_signals,
        on_local=CallState.local_media,
        on_peer_state=CallState.peer_state,
        on_stats=CallState.stats,
        on_share_ended=CallState.share_ended,
        on_fullscreen=CallState.fullscreen_changed,
    )


def call_announcer() -> rx.Component:
    """A polite live region, always on the page: being fetched, someone joining or leaving."""
    component: rx.Component = rx.el.div(
        CallState.announcement,
        role="status",
        aria_live="polite",
        aria_atomic="true",
        class_name="vt-sr-only",
        id="call-announcer",
    )
    return component


def _tool(
    label: rx.Var[str] | str,
    icon: str,
    on_click: object = None,
    pressed: rx.Var[bool] | bool | None = None,
    **props: object,
) -> rx.Component:
    if on_click is not None:
        props["on_click"] = on_click
    component: rx.Component = rx.button(
        rx.icon(icon, aria_hidden="true"),
        rx.text(label, class_name="vt-tool-label"),
        aria_label=label,
        aria_pressed=pressed if pressed is not None else rx.Var.create(None),
        size="3",
        variant="soft",
        title=label,
        **props,
    )
    return component


def _device_buttons() -> list[rx.Component]:
    """**Kamera wechseln** (where there is more than one camera) and **Geräte wählen** (a popover with the
    comboboxes Kamera, Mikrofon, Lautsprecher); the choice is swapped into the running call."""
    label = _("Geräte wählen")
    return [
        camera_switch(_tool(_("Kamera wechseln"), "switch-camera", color_scheme="gray")),
        rx.popover.root(
            rx.popover.trigger(_tool(label, "settings-2", color_scheme="gray")),
            rx.popover.content(
                device_chooser("vt-call-device"),
                aria_label=label,
                class_name="vt-devices-panel",
                side="top",
            ),
        ),
    ]


def _media_buttons() -> list[rx.Component]:
    return [
        _tool(
            CallState.mute_label,
            "mic-off",
            CallState.toggle_mute,
            CallState.muted,
            color_scheme=rx.cond(CallState.muted, "red", "gray"),
        ),
        _tool(
            CallState.camera_label,
            "video-off",
            CallState.toggle_camera,
            CallState.camera_off,
            color_scheme=rx.cond(CallState.camera_off, "red", "gray"),
        ),
        *_device_buttons(),
    ]


def media_controls() -> rx.Component:
    """Microphone, camera, background blur and device choice: in the waiting area."""
    component: rx.Component = rx.vstack(
        device_note(),
        rx.flex(*_media_buttons(), blur_switch(), gap="2", wrap="wrap", justify="center", align="center", width="100%"),
        blur_problem(),
        spacing="2",
        width="100%",
    )
    return component


def toolbar(hang_up: rx.Component) -> rx.Component:
    component: rx.Component = rx.fragment(device_note(), _toolbar(hang_up))
    return component


def _toolbar(hang_up: rx.Component) -> rx.Component:
    component: rx.Component = rx.flex(
        _tool(
            CallState.fullscreen_label,
            "maximize",
            CallState.toggle_fullscreen,
            CallState.fullscreen,
            color_scheme="gray",
        ),
        *_media_buttons(),
        rx.cond(
            CallState.can_share,
            _tool(CallState.share_label, "monitor-up", CallState.toggle_share, CallState.sharing, color_scheme="gray"),
        ),
        blur_switch(compact=True),
        hang_up,
        role="toolbar",
        aria_label=_("Funktionen im Videotermin"),
        gap="2",
        wrap="wrap",
        justify="center",
        align="center",
        width="100%",
    )
    tools: rx.Component = rx.fragment(component, blur_problem())
    return tools
