"""Talk to the server the way a hostile or hurried browser can: fire any event from the page's own
socket (whatever the buttons show), and read the state deltas the server sends back.

The built app puts Reflex's runtime on `window.__reflex` (for dynamic components); its event loop
sends an event over the page's websocket with the page's token and router data, exactly as a click
on a button bound to that handler would."""

from __future__ import annotations

import json
import time
from typing import Any

import reflex as rx
from playwright.sync_api import Page, WebSocket

FIRE = """([name, payload]) => {
    const r = window.__reflex;
    r['$/utils/context-registry'].eventLoop.addEvents([r['$/utils/state'].ReflexEvent(name, payload)]);
}"""
RUNTIME_READY = "() => !!window.__reflex?.['$/utils/context-registry']?.eventLoop"


def fire(page: Page, state: type[rx.State], handler: str, payload: dict[str, Any] | None = None) -> None:
    """Send `state.handler(**payload)` from the page, bypassing the page's buttons."""
    assert handler in state.event_handlers, f"{state.__name__} has no event {handler}"
    page.wait_for_function(RUNTIME_READY)
    page.evaluate(FIRE, [f"{state.get_full_name()}.{handler}", payload or {}])


class Deltas:
    """Every state delta the server sent to one page (attach before the page loads)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.frames: list[str] = []
        page.on("websocket", self._watch)

    def _watch(self, ws: WebSocket) -> None:
        ws.on("framereceived", lambda payload: self.frames.append(payload if isinstance(payload, str) else ""))

    def values(self, state: type[rx.State], var: str) -> list[Any]:
        """Every value the server sent for `state.var`, oldest first."""
        found = []
        for frame in self.frames:
            start = frame.find("[")
            if start < 0:
                continue
            try:
                message = json.loads(frame[start:])
            except ValueError:
                continue
            if not (isinstance(message, list) and len(message) == 2 and isinstance(message[1], dict)):
                continue
            delta = message[1].get("delta") or {}
            substate = delta.get(state.get_full_name()) or {}
            for key, value in substate.items():
                if key.removesuffix("_rx_state_") == var:
                    found.append(value)
        return found

    def wait_for(self, state: type[rx.State], var: str, value: Any, timeout: float = 15.0) -> None:
        """Until the server has sent `state.var == value` to this page."""
        deadline = time.monotonic() + timeout
        while value not in self.values(state, var):
            assert time.monotonic() < deadline, f"the server never sent {var}={value!r}: {self.values(state, var)}"
            self.page.wait_for_timeout(50)  # lets Playwright deliver the frames that arrive meanwhile
