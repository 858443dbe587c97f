"""Step 3: camera and microphone (a browser permission: asked on every visit, never stored)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from videotermin_app.wizard import browser_help, steps
from videotermin_app.wizard.state_journey import JourneyState


class MediaState(rx.State):
    media_request: int = 0
    is_asking: bool = False
    is_media_ok: bool = False
    has_video: bool = False
    has_audio: bool = False
    error_label: str = ""
    is_blocked: bool = False
    help_title: str = ""
    help_steps: list[str] = []
    level: float = 0.0
    can_call: bool = True
    """False when the browser lacks RTCPeerConnection or mediaDevices or the page is not secure."""

    @rx.var
    def level_percent(self) -> int:
        return round(self.level * 100)

    @rx.var
    def is_audio_only(self) -> bool:
        return self.is_media_ok and not self.has_video

    @rx.event
    def request_media(self) -> None:
        self.is_asking = True
        self.error_label = ""
        self.media_request += 1

    @rx.event
    def set_can_call(self, can_call: Any) -> None:
        """Step 1: can this browser do the call at all? Reported by call_support.jsx, nothing stored."""
        self.can_call = can_call is True

    @rx.event
    async def on_media(self, result: dict[str, Any]) -> None:
        self.is_asking = False
        self.is_media_ok = bool(result.get("ok"))
        self.has_video = bool(result.get("has_video"))
        self.has_audio = bool(result.get("has_audio"))
        if not self.is_media_ok:
            name = str(result.get("error_name") or "")[:60]
            self.error_label = browser_help.media_error_text(name)
            self.is_blocked = browser_help.is_blocked(name)
            help_text = browser_help.permission_help(self.router.headers.user_agent)
            self.help_title, self.help_steps = help_text.title, help_text.steps
            return
        self.error_label, self.is_blocked = "", False
        journey = await self.get_state(JourneyState)
        if self.has_video and journey.step == steps.STEP_PERMISSION:
            journey.step = steps.STEP_DEVICE_CHECK

    @rx.event
    async def continue_audio_only(self) -> None:
        """Without a camera: on to the test call, with the warning shown."""
        journey = await self.get_state(JourneyState)
        if self.is_media_ok and journey.step == steps.STEP_PERMISSION:
            journey.step = steps.STEP_DEVICE_CHECK

    @rx.event
    async def recheck(self) -> None:
        """From step 5 back to the test call (or to the camera when it is not running)."""
        journey = await self.get_state(JourneyState)
        journey.step = steps.STEP_DEVICE_CHECK if self.is_media_ok else steps.STEP_PERMISSION

    @rx.event
    def on_level(self, level: float) -> None:
        try:
            self.level = min(max(float(level), 0.0), 1.0)
        except (TypeError, ValueError):
            self.level = 0.0
