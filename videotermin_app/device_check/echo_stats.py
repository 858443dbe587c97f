"""What the echo peer saw of the browser's media and line, from aiortc's `getStats()` (plain Python)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from videotermin_app.device_check.metrics import CheckMetrics

_CLOCK_RATE = {"video": 90000, "audio": 48000}


def inbound_packets(report: Mapping[str, Any]) -> tuple[int, int, list[float], list[float]]:
    """Packets received and lost on all incoming streams, their jitters and the RTTs (ms) of a getStats()."""
    received = lost = 0
    jitters: list[float] = []
    rtts: list[float] = []
    for item in report.values():
        kind = getattr(item, "kind", "")
        if item.type == "inbound-rtp":
            received += item.packetsReceived
            lost += max(item.packetsLost, 0)
            jitters.append(item.jitter * 1000.0 / _CLOCK_RATE.get(kind, 90000))
        elif item.type == "remote-inbound-rtp" and item.roundTripTime is not None:
            rtts.append(item.roundTripTime * 1000.0)
    return received, lost, jitters, rtts


@dataclass
class EchoStats:
    """What the echo peer saw of the browser's media (the browser's upload direction)."""

    video_frames: int = 0
    audio_frames: int = 0
    video_frames_echoed: int = 0
    packets_received: int | None = None
    packets_lost: int | None = None
    jitter_ms: float | None = None
    rtt_ms: float | None = None
    upload_kbps: float | None = None
    download_kbps: float | None = None
    """Rates of the data-channel bursts, measured by the server (`rate_probe`)."""

    @property
    def loss_percent(self) -> float | None:
        if self.packets_received is None or self.packets_lost is None:
            return None
        total = self.packets_received + max(self.packets_lost, 0)
        return 100.0 * max(self.packets_lost, 0) / total if total else None

    def as_metrics(self) -> CheckMetrics:
        return CheckMetrics(
            upload_kbps=self.upload_kbps,
            download_kbps=self.download_kbps,
            rtt_ms=self.rtt_ms,
            loss_percent=self.loss_percent,
            jitter_ms=self.jitter_ms,
            frames_received=self.video_frames,
            audio_received=self.audio_frames > 0,
        )
