"""Step 3: camera and microphone (a browser permission: asked on every visit, never stored)."""

from __future__ import annotations

import math
from dataclasses import dataclass
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
    async def request_media(self) -> None:
        if not (await self.get_state(JourneyState))._holds_link():
            return
        self.is_asking = True
        self.error_label = ""
        self.media_request += 1

    @rx.event
    async def set_can_call(self, can_call: Any) -> None:
        """Step 1: can this browser do the call at all? Reported by call_support.jsx, nothing stored."""
        if (await self.get_state(JourneyState))._holds_link():
            self.can_call = can_call is True

    @rx.event
    async def on_media(self, result: Any) -> None:
        """What `getUserMedia` gave (only this tab's view changes; steps 4 and 5 ask the server again)."""
        journey = await self.get_state(JourneyState)
        report = media_report(result)
        if report is None or not journey._holds_link():
            return
        self.is_asking = False
        self.is_media_ok, self.has_video, self.has_audio = report.ok, report.has_video, report.has_audio
        if not self.is_media_ok:
            self.error_label = browser_help.media_error_text(report.error_name)
            self.is_blocked = browser_help.is_blocked(report.error_name)
            help_text = browser_help.permission_help(self.router.headers.user_agent)
            self.help_title, self.help_steps = help_text.title, help_text.steps
            return
        self.error_label, self.is_blocked = "", False
        if self.has_video and journey.step == steps.STEP_PERMISSION:
            journey.step = steps.STEP_DEVICE_CHECK

    @rx.event
    async def continue_audio_only(self) -> None:
        """Without a camera: on to the test call, with the warning shown."""
        journey = await self.get_state(JourneyState)
        if journey._holds_link() and self.is_media_ok and journey.step == steps.STEP_PERMISSION:
            journey.step = steps.STEP_DEVICE_CHECK

    @rx.event
    async def recheck(self) -> None:
        """From step 5 back to the test call (or to the camera when it is not running)."""
        journey = await self.get_state(JourneyState)
        if journey._holds_link() and journey.step == steps.STEP_ENTER:
            journey.step = steps.STEP_DEVICE_CHECK if self.is_media_ok else steps.STEP_PERMISSION

    @rx.event
    async def on_level(self, level: Any) -> None:
        value = microphone_level(level)
        if value is not None and (await self.get_state(JourneyState))._holds_link():
            self.level = value


@dataclass(frozen=True)
class MediaReport:
    ok: bool
    has_video: bool
    has_audio: bool
    error_name: str


MEDIA_REPORT_KEYS = frozenset({"ok", "has_video", "has_audio", "error_name"})
MAX_ERROR_NAME = 60
"""A DOMException name ("NotAllowedError") is far shorter."""


def media_report(result: object) -> MediaReport | None:
    """The browser's `getUserMedia` report, or None when it is not one (wrong type, unknown keys)."""
    if not isinstance(result, dict) or not set(result) <= MEDIA_REPORT_KEYS:
        return None
    name = result.get("error_name", "")
    if not isinstance(name, str) or len(name) > MAX_ERROR_NAME:
        return None
    return MediaReport(
        ok=result.get("ok") is True,
        has_video=result.get("has_video") is True,
        has_audio=result.get("has_audio") is True,
        error_name=name,
    )


def microphone_level(level: object) -> float | None:
    """A level meter reading between 0 and 1, or None when the browser sent something else."""
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not math.isfinite(level):
        return None
    return min(max(float(level), 0.0), 1.0)
