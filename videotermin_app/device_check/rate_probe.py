"""What the person's line carries: a short timed burst each way over two data channels to the echo peer.

The echo peer's video is capped by what its encoder sends (about 500 kbit/s), so rates taken from the
call's media describe the echo, not the line. Instead the browser opens two data channels with its offer
(`media_check.jsx`):

- `vt-rate-up`: the browser sends bytes; the **server counts what arrives** (upload). Only the first
  `UP_MAX_BYTES` within `BURST_MAX_S` of the first byte count; then the channel is closed.
- `vt-rate-down`: the server sends `DOWN_MAX_BYTES` at most, for `BURST_MAX_S` at most, then the text
  `end`; the browser answers with how many bytes it has received so far (a decimal number, every
  ~100 ms and at `end`). The server takes such a figure only as far as it has really handed bytes to
  the transport and times it by its own clock (download = acknowledged bytes / time from the first
  byte sent to the acknowledgement).

The browser never reports a rate; whatever it claims is clamped to what the server sent or counted.
Rates above `MAX_RATE_KBPS` or over windows shorter than `MIN_WINDOW_S` are "not measured" (None).
Both bursts start as soon as the channels open, paced (`PACE_BYTES` per `PACE_S`) so the echo's media
keeps its share of the event loop. They crowd the line on purpose, so media loss is judged after them:
the browser sends `done` on the down channel when both are over, and from then on the echo peer counts
packets received and lost (`EchoPeer`); the browser does the same with its own counters.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiortc import RTCDataChannel

log = logging.getLogger(__name__)

UP_LABEL = "vt-rate-up"
DOWN_LABEL = "vt-rate-down"
UP_MAX_BYTES = 1_000_000
DOWN_MAX_BYTES = 1_000_000
"""1 MB each way: at the pace limit about 0.2 s, at 3 Mbit/s about 2.7 s (slower lines hit `BURST_MAX_S`)."""
BURST_MAX_S = 3.0
CHUNK_BYTES = 16_384
"""One message of the download burst (every browser takes 16 KiB messages)."""
BUFFER_HIGH = 262_144
"""The server queues at most this many bytes of the burst before it waits for the transport."""
BUFFER_LOW = 65_536
PACE_BYTES = 49_152
PACE_S = 0.01
"""At most `PACE_BYTES` per `PACE_S` (about 39 Mbit/s): the burst leaves the event loop to the echo's media
between slices instead of hogging it; a faster line reads as about this much, which is plenty for video."""
MAX_RATE_KBPS = 1_000_000.0
"""1 Gbit/s: a figure above it is an artefact (or a lie), not a measurement."""
MIN_WINDOW_S = 0.01
MIN_BYTES = 32_768
"""Fewer bytes than this tell nothing about a rate."""
MAX_ACK_CHARS = 12
END_MARK = "end"
DONE_MARK = "done"
"""The browser's word that both bursts are over: media loss counts from here on (`RateProbe.on_done`)."""


def rate_kbps(size: int, seconds: float) -> float | None:
    """kbit/s of `size` bytes over `seconds`, or None when too little to tell or implausibly fast."""
    if size < MIN_BYTES or seconds < MIN_WINDOW_S:
        return None
    kbps = size * 8 / seconds / 1000
    return kbps if kbps <= MAX_RATE_KBPS else None


def parse_ack(message: object) -> int | None:
    """The browser's "bytes received so far": a short string of decimal digits, else None."""
    if not isinstance(message, str) or not 0 < len(message) <= MAX_ACK_CHARS or not message.isascii():
        return None
    return int(message) if message.isdigit() else None


@dataclass
class UploadCounter:
    """Bytes the browser's burst delivered, counted by the server within its own bounds."""

    clock: Callable[[], float] = time.monotonic
    first_at: float | None = None
    last_at: float | None = None
    counted: int = 0
    """Bytes after the first message (the first one only starts the clock)."""
    total: int = 0

    def received(self, size: int) -> bool:
        """Count one message; False once the bounds are reached (the caller closes the channel)."""
        now = self.clock()
        if self.first_at is None:
            self.first_at = self.last_at = now
            self.total = min(size, UP_MAX_BYTES)
            return self.total < UP_MAX_BYTES
        if now - self.first_at > BURST_MAX_S or self.total >= UP_MAX_BYTES:
            return False
        size = min(size, UP_MAX_BYTES - self.total)
        self.total += size
        self.counted += size
        self.last_at = now
        return self.total < UP_MAX_BYTES

    def kbps(self) -> float | None:
        if self.first_at is None or self.last_at is None:
            return None
        return rate_kbps(self.counted, self.last_at - self.first_at)


@dataclass
class DownloadCounter:
    """The server's burst and what the browser acknowledged of it (never more than left the server)."""

    clock: Callable[[], float] = time.monotonic
    started_at: float | None = None
    sent: int = 0
    acked: int = 0
    acked_at: float | None = None

    def may_send(self) -> bool:
        now = self.clock()
        if self.started_at is None:
            self.started_at = now
        return self.sent < DOWN_MAX_BYTES and now - self.started_at < BURST_MAX_S

    def chunk(self) -> int:
        """Size of the next message, and counts it as sent."""
        size = min(CHUNK_BYTES, DOWN_MAX_BYTES - self.sent)
        self.sent += size
        return size

    def ack(self, message: object, *, buffered: int = 0) -> None:
        """Take the browser's figure, clamped to the bytes handed to the transport (`sent - buffered`)."""
        claimed = parse_ack(message)
        if claimed is None or self.started_at is None:
            return
        value = min(claimed, max(self.sent - max(buffered, 0), 0))
        if value > self.acked:
            self.acked, self.acked_at = value, self.clock()

    def kbps(self) -> float | None:
        if self.started_at is None or self.acked_at is None:
            return None
        return rate_kbps(self.acked, self.acked_at - self.started_at)


@dataclass
class RateProbe:
    """Serves both bursts of one echo peer (`attach` is its `datachannel` handler)."""

    up: UploadCounter = field(default_factory=UploadCounter)
    down: DownloadCounter = field(default_factory=DownloadCounter)
    on_done: Callable[[], None] | None = None
    """Called once when the browser says the bursts are over (the echo peer then starts counting loss)."""
    _labels: set[str] = field(default_factory=set)
    _task: asyncio.Task[None] | None = None

    def attach(self, channel: RTCDataChannel) -> None:
        """One channel of each label; anything else is closed at once. These handlers run inside aiortc's
        receive loop, where an exception would close the whole connection: they log instead."""
        try:
            self._attach(channel)
        except Exception:
            log.warning("rate probe: channel refused", exc_info=True)

    def _attach(self, channel: RTCDataChannel) -> None:
        label = channel.label
        if label not in (UP_LABEL, DOWN_LABEL) or label in self._labels:
            channel.close()
            return
        self._labels.add(label)
        if label == UP_LABEL:
            channel.on("message", lambda message: self._on_upload(channel, message))
        else:
            channel.on("message", lambda message: self._on_download(channel, message))
            self._task = asyncio.ensure_future(self._send_burst(channel))

    def _on_upload(self, channel: RTCDataChannel, message: object) -> None:
        size = len(message) if isinstance(message, (bytes, str)) else 0
        try:
            if not self.up.received(size) and channel.readyState == "open":
                channel.close()
        except Exception:
            log.warning("rate probe: upload message failed", exc_info=True)

    def _on_download(self, channel: RTCDataChannel, message: object) -> None:
        try:
            self._download_message(channel, message)
        except Exception:
            log.warning("rate probe: download message failed", exc_info=True)

    def _download_message(self, channel: RTCDataChannel, message: object) -> None:
        if message == DONE_MARK:
            callback, self.on_done = self.on_done, None
            if callback is not None:
                callback()
            return
        self.down.ack(message, buffered=channel.bufferedAmount)

    async def _send_burst(self, channel: RTCDataChannel) -> None:
        payload = bytes(CHUNK_BYTES)
        low = asyncio.Event()
        channel.bufferedAmountLowThreshold = BUFFER_LOW
        channel.on("bufferedamountlow", low.set)
        loop = asyncio.get_running_loop()
        slice_end, in_slice = loop.time() + PACE_S, 0
        while channel.readyState == "open" and self.down.may_send():
            if channel.bufferedAmount > BUFFER_HIGH:
                low.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(low.wait(), timeout=0.2)
                continue
            if in_slice >= PACE_BYTES:
                await asyncio.sleep(max(slice_end - loop.time(), 0))
                slice_end, in_slice = max(slice_end + PACE_S, loop.time()), 0
            size = self.down.chunk()
            channel.send(payload[:size])
            in_slice += size
            await asyncio.sleep(0)  # let the media and the transport run between messages
        if channel.readyState == "open":
            channel.send(END_MARK)

    def rates(self) -> tuple[float | None, float | None]:
        """(upload, download) in kbit/s, each None when not measured."""
        return self.up.kbps(), self.down.kbps()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
