"""The switch **Hintergrund unscharf** and what it says when the blur stops by itself (step 4, the
waiting area, the call). The browser side is `background_blur.js` (published here as a shared asset and
imported by `device_check/media_check.jsx` and `room/call_peer.jsx`); the model comes from the npm
package below and is served by the app itself (`background_blur_files.js`)."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_blur import BlurState
from videotermin_app.core.views_text import _

BLUR_PACKAGE = "@mediapipe/selfie_segmentation@0.1.1675465747"
"""Apache-2.0; ships the segmentation model (.tflite) and its WebAssembly runtime. Pinned."""

# published as /external/videotermin_app/ui/blur_switch/*.js (the folder is this module's name): the two
# .jsx files import "../../ui/blur_switch/background_blur.js"
BLUR_ASSETS = (
    rx.asset("background_blur.js", shared=True),
    rx.asset("background_blur_files.js", shared=True),
)


def blur_budget_ms() -> int:
    """`VT_BLUR_MIN_FPS` as the time one frame may take on average (0: never too slow)."""
    fps = get_settings().blur_min_fps
    return round(1000 / fps) if fps else 0


def blur_switch(*, compact: bool = False) -> rx.Component:
    """A switch (`role="switch"`) named **Hintergrund unscharf** with a face icon; `compact`: its visible
    label is hidden with the call toolbar's labels on small windows (the icon, name and title stay)."""
    label = _("Hintergrund unscharf")
    component: rx.Component = rx.el.label(
        rx.switch(
            checked=BlurState.is_on,
            on_change=BlurState.switch,
            aria_label=label,
            size="2",
        ),
        rx.icon("scan-face", aria_hidden="true", size=20),
        rx.text(label, size="2", class_name="vt-tool-label" if compact else ""),
        title=label,
        class_name="vt-blur-switch",
        display="inline-flex",
        align_items="center",
        gap="0.5rem",
        cursor="pointer",
    )
    return component


def blur_problem() -> rx.Component:
    """Why the blur went off by itself (a polite status, empty otherwise)."""
    component: rx.Component = rx.el.div(
        rx.match(
            BlurState.problem,
            (
                "slow",
                rx.callout(
                    _(
                        "Ihr Gerät ist zu langsam für den unscharfen Hintergrund. Wir haben ihn ausgeschaltet; "
                        "Ihr Bild wird wieder normal übertragen."
                    ),
                    color_scheme="amber",
                    size="1",
                ),
            ),
            (
                "failed",
                rx.callout(
                    _(
                        "Der unscharfe Hintergrund konnte nicht geladen werden. Ihr Bild wird normal übertragen. "
                        "Sie können es später noch einmal versuchen."
                    ),
                    color_scheme="amber",
                    size="1",
                ),
            ),
            rx.fragment(),
        ),
        role="status",
        aria_live="polite",
        id="blur-problem",
        width="100%",
    )
    return component
