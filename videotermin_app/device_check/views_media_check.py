"""The browser side of steps 3 and 4 as a Reflex component (the React code is media_check.jsx,
served as a shared asset). Props in, events out; no texts or rules live in the JavaScript."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import EventHandler, passthrough_event_spec

from videotermin_app.ui import devices
from videotermin_app.ui.blur_switch import BLUR_PACKAGE

# media_check.jsx imports "../../ui/devices/devices.jsx" (published there by ui/devices.py)
DEVICES_LIBRARY = devices.LIBRARY


class MediaCheck(rx.NoSSRComponent):
    """Renders `video#local-video` (own picture) and `video#echo-video` (the test call's echo)."""

    library = rx.asset("media_check.jsx", shared=True).importable_path
    tag = "MediaCheck"
    lib_dependencies: list[str] = [BLUR_PACKAGE]

    media_request: rx.Var[int]
    """Increase to ask the browser for camera and microphone (again)."""
    check_run: rx.Var[int]
    """Increase to start a new test call (sends an offer through `on_offer`)."""
    answer_sdp: rx.Var[str]
    """The echo peer's answer for the current test call."""
    ice_servers: rx.Var[list[dict[str, Any]]]
    measure_ms: rx.Var[int]
    """The longest a test call measures (from the connection); it stops earlier once the figures are stable."""
    local_label: rx.Var[str]
    echo_label: rx.Var[str]
    blur: rx.Var[bool]
    """Hintergrund unscharf: the own picture (and in the call what the others see) with the background blurred."""
    blur_budget_ms: rx.Var[int]
    """How long a blurred frame may take on average before the blur gives up as too slow (0: no limit)."""
    progress_label: rx.Var[str]
    """Accessible name of the progress bar (`role="progressbar"`) shown while the test call runs."""

    # Reflex's event-trigger idiom (`EventHandler[passthrough_event_spec(...)]`) is read at runtime;
    # mypy cannot express a call inside a type, hence the targeted ignores below.
    on_media: EventHandler[passthrough_event_spec(dict[str, Any])]  # type: ignore[type-arg, valid-type]
    on_offer: EventHandler[passthrough_event_spec(str)]  # type: ignore[type-arg, valid-type]
    on_stats: EventHandler[passthrough_event_spec(dict[str, Any])]  # type: ignore[type-arg, valid-type]
    on_level: EventHandler[passthrough_event_spec(float)]  # type: ignore[type-arg, valid-type]
    on_blur_problem: EventHandler[passthrough_event_spec(str)]  # type: ignore[type-arg, valid-type]


media_check = MediaCheck.create
