"""Feature detection for the call as a component (call_support.jsx, served as a shared asset):
renders nothing, reports once whether this browser can do the video call."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventHandler, passthrough_event_spec


class CallSupport(rx.NoSSRComponent):
    library = rx.asset("call_support.jsx", shared=True).importable_path
    tag = "CallSupport"

    # Reflex's event-trigger idiom, read at runtime (see views_media_check.py for the ignore).
    on_result: EventHandler[passthrough_event_spec(bool)]  # type: ignore[type-arg, valid-type]


call_support = CallSupport.create
