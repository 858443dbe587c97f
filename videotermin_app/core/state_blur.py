"""**Hintergrund unscharf**: the wish to blur the background of one's own picture.

A wish of the device, not of the person: remembered in the browser's localStorage (`vt_blur`), never
stored on the server. The blur itself is computed in the browser (`ui/background_blur.js`); when it stops
by itself (the device is too slow, or loading failed) the browser reports why and the wish is switched off.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

BLUR_PROBLEMS = frozenset({"slow", "failed"})


class BlurState(rx.State):
    wish: str = rx.LocalStorage("", name="vt_blur", sync=True)
    """"1" while the blur is wished on this device, else empty."""
    problem: str = ""
    """Why the blur stopped by itself: "slow", "failed" or empty."""

    @rx.var
    def is_on(self) -> bool:
        return self.wish == "1"

    @rx.event
    def switch(self, on: Any = None) -> None:
        """The switch was flipped (only this tab's view changes; anything but a boolean is dropped)."""
        if isinstance(on, bool):
            self.wish = "1" if on else ""
            self.problem = ""

    @rx.event
    def stopped(self, reason: Any = None) -> None:
        """The browser stopped the blur by itself: switch the wish off and say why."""
        if isinstance(reason, str) and reason in BLUR_PROBLEMS:
            self.wish = ""
            self.problem = reason
