"""The numbers of a test call: what the browser and the echo peer report, sanitised.

Browsers send their `getStats()` figures as a dict; anything missing, negative, NaN or of the wrong
type becomes None. `combine` merges both ends of the call (see `device_check/grading.py`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields


def _number(value: object, *, upper: float | None = None) -> float | None:
    """A finite, non-negative float (optionally <= upper), else None. Short numeric strings count."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if len(value) > 32:
            return None
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    if not isinstance(value, (int, float)):
        return None
    number = float(value)
    if not math.isfinite(number) or number < 0 or (upper is not None and number > upper):
        return None
    return number


# Sane ranges of what a browser may report; a number above its bound is "not measured" (None).
MAX_KBPS = 10_000_000.0  # 10 Gbit/s
MAX_MS = 60_000.0  # RTT and jitter: a minute
MAX_FPS = 240.0
MAX_FRAMES = 1_000_000  # frames of one test call (30 s at 240 fps is 7,200)
MAX_REPORT_KEYS = 16
"""A browser report with more keys than this is refused whole (the browser sends at most 9)."""


def _count(value: object) -> int | None:
    number = _number(value, upper=MAX_FRAMES)
    return None if number is None else int(number)


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    number = _number(value)
    return None if number is None else number > 0


@dataclass
class CheckMetrics:
    """One test call's numbers; None means "not measured"."""

    upload_kbps: float | None = None
    download_kbps: float | None = None
    rtt_ms: float | None = None
    loss_percent: float | None = None
    jitter_ms: float | None = None
    frames_received: int | None = None
    """Video frames that reached the echo peer."""
    audio_received: bool | None = None
    """Whether audio frames reached the echo peer."""
    video_fps: float | None = None
    """Frame rate of the echoed video as the browser saw it (inbound-rtp `framesPerSecond`)."""

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> CheckMetrics:
        """Sanitised metrics from untrusted input (the browser's JSON): unknown keys are ignored,
        non-numbers, negatives, NaN and infinities become None; camelCase keys are accepted."""
        if not isinstance(data, Mapping) or len(data) > MAX_REPORT_KEYS:
            return cls()
        names = {f.name for f in fields(cls)}
        raw: dict[str, object] = {}
        for key, value in data.items():
            if not isinstance(key, str) or len(key) > 40:
                continue
            name = _snake(key)
            if name in names:
                raw[name] = value
        return cls(
            upload_kbps=_number(raw.get("upload_kbps"), upper=MAX_KBPS),
            download_kbps=_number(raw.get("download_kbps"), upper=MAX_KBPS),
            rtt_ms=_number(raw.get("rtt_ms"), upper=MAX_MS),
            loss_percent=_number(raw.get("loss_percent"), upper=100.0),
            jitter_ms=_number(raw.get("jitter_ms"), upper=MAX_MS),
            frames_received=_count(raw.get("frames_received")),
            audio_received=_flag(raw.get("audio_received")),
            video_fps=_number(raw.get("video_fps"), upper=MAX_FPS),
        )

    def as_dict(self) -> dict[str, float | int | bool | None]:
        return asdict(self)

    @property
    def is_empty(self) -> bool:
        return all(value is None for value in asdict(self).values())


def _worst(a: float | None, b: float | None) -> float | None:
    return a if b is None else b if a is None else max(a, b)


def combine(*, browser: CheckMetrics, echo: CheckMetrics) -> CheckMetrics:
    """One picture of the call: upload and download rates as the echo peer measured them (the data-channel
    bursts, `rate_probe`; a rate the browser claims is ignored), the frame rate as the browser saw it,
    picture and sound as the echo peer received them, and for RTT, loss and jitter the worse of both ends."""
    return CheckMetrics(
        upload_kbps=echo.upload_kbps,
        download_kbps=echo.download_kbps,
        rtt_ms=_worst(browser.rtt_ms, echo.rtt_ms),
        loss_percent=_worst(browser.loss_percent, echo.loss_percent),
        jitter_ms=_worst(browser.jitter_ms, echo.jitter_ms),
        frames_received=echo.frames_received if echo.frames_received is not None else browser.frames_received,
        audio_received=echo.audio_received if echo.audio_received is not None else browser.audio_received,
        video_fps=browser.video_fps,
    )


def _snake(key: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in key).lstrip("_")
