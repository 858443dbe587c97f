"""Camera, microphone and speaker choice (the React side is devices.jsx beside this module).

The choice lives in the browser (localStorage `vt_devices`) and never reaches the server; the device
check (`media_check.jsx`) and the call (`call_peer.jsx`) take their media through devices.jsx, so the
next getUserMedia uses the chosen devices and a choice made while they run swaps the track in place.
Texts are German sources here; the JavaScript only shows or hides them.
"""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.views_text import _

# media_check.jsx, call_peer.jsx and call_tile.jsx import it as "../../ui/devices/devices.jsx" (assets/external/<module path>/): publish it.
LIBRARY = rx.asset("devices.jsx", shared=True).importable_path


class DeviceChooser(rx.NoSSRComponent):
    """The comboboxes **Kamera**, **Mikrofon** and, where the browser can, **Lautsprecher**."""

    library = LIBRARY
    tag = "DeviceChooser"
    is_default = False

    id_prefix: rx.Var[str]
    camera_label: rx.Var[str]
    microphone_label: rx.Var[str]
    speaker_label: rx.Var[str]


class CameraSwitch(rx.NoSSRComponent):
    """Shows its child (a button) only where there is a front and back camera or more than one camera;
    a click on it switches to the other camera."""

    library = LIBRARY
    tag = "CameraSwitch"
    is_default = False


class DeviceNote(rx.NoSSRComponent):
    """Shows its child while a remembered device was missing and the default one is used."""

    library = LIBRARY
    tag = "DeviceNote"
    is_default = False


def device_chooser(id_prefix: str = "vt-device") -> rx.Component:
    component: rx.Component = DeviceChooser.create(
        id_prefix=id_prefix,
        camera_label=_("Kamera"),
        microphone_label=_("Mikrofon"),
        speaker_label=_("Lautsprecher"),
    )
    return component


def camera_switch(button: rx.Component) -> rx.Component:
    """`button` is the **Kamera wechseln** button, drawn by the caller to fit its surroundings."""
    component: rx.Component = CameraSwitch.create(button)
    return component


def device_note() -> rx.Component:
    component: rx.Component = DeviceNote.create(
        rx.callout(
            _("Das gewählte Gerät wurde nicht gefunden. Es wird das Standardgerät verwendet."),
            color_scheme="amber",
            role="status",
            size="1",
            width="100%",
            id="device-note",
        )
    )
    return component
