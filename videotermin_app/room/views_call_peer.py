"""The wrapped browser component of the call (call_peer.jsx beside this module, which imports call_tile.jsx,
preconnect.jsx and call_limits.jsx): props in, events out."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import passthrough_event_spec

from videotermin_app.ui import devices
from videotermin_app.ui.blur_switch import BLUR_PACKAGE

# call_peer.jsx and call_tile.jsx import "../ui/devices.jsx" (published by ui/devices.py)
DEVICES_LIBRARY = devices.LIBRARY

# call_peer.jsx imports "./call_tile.jsx": publish it beside it.
CALL_TILE_ASSET = rx.asset("call_tile.jsx", shared=True)
CALL_LIMITS_ASSET = rx.asset("call_limits.jsx", shared=True)
PRECONNECT_ASSET = rx.asset("preconnect.jsx", shared=True)


class CallPeer(rx.NoSSRComponent):
    library = rx.asset("call_peer.jsx", shared=True).importable_path
    tag = "CallPeer"
    is_default = False
    lib_dependencies: list[str] = [BLUR_PACKAGE]

    self_key: rx.Var[str]
    self_epoch: rx.Var[int]
    peers: rx.Var[list[dict[str, Any]]]
    signals: rx.Var[list[dict[str, Any]]]
    ice_servers: rx.Var[list[dict[str, Any]]]
    ice_renew_ms: rx.Var[int]
    heartbeat_ms: rx.Var[int]
    active: rx.Var[bool]
    muted: rx.Var[bool]
    camera_off: rx.Var[bool]
    sharing: rx.Var[bool]
    fullscreen: rx.Var[bool]
    local_label: rx.Var[str]
    blur: rx.Var[bool]
    """Hintergrund unscharf: the own picture (and in the call what the others see) with the background blurred."""
    blur_budget_ms: rx.Var[int]
    """How long a blurred frame may take on average before the blur gives up as too slow (0: no limit)."""
    send_limits: rx.Var[dict[str, Any]]

    # Reflex's event-trigger idiom (`EventHandler[passthrough_event_spec(...)]`) is read at runtime;
    # mypy cannot express a call inside a type, hence the targeted ignores below.
    on_signal: rx.EventHandler[passthrough_event_spec(dict)]  # type: ignore[type-arg, valid-type]
    on_ack: rx.EventHandler[passthrough_event_spec(int)]  # type: ignore[type-arg, valid-type]
    on_local: rx.EventHandler[passthrough_event_spec(dict)]  # type: ignore[type-arg, valid-type]
    on_peer_state: rx.EventHandler[passthrough_event_spec(dict)]  # type: ignore[type-arg, valid-type]
    on_stats: rx.EventHandler[passthrough_event_spec(list)]  # type: ignore[type-arg, valid-type]
    on_share_ended: rx.EventHandler[passthrough_event_spec(bool)]  # type: ignore[type-arg, valid-type]
    on_fullscreen: rx.EventHandler[passthrough_event_spec(bool)]  # type: ignore[type-arg, valid-type]
    on_ice_renew: rx.EventHandler[passthrough_event_spec(bool)]  # type: ignore[type-arg, valid-type]
    on_heartbeat: rx.EventHandler[passthrough_event_spec(bool)]  # type: ignore[type-arg, valid-type]
    on_remote_playing: rx.EventHandler[passthrough_event_spec(str)]  # type: ignore[type-arg, valid-type]
    on_blur_problem: rx.EventHandler[passthrough_event_spec(str)]  # type: ignore[type-arg, valid-type]


call_peer = CallPeer.create
