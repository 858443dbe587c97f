"""What media_check.jsx does with its two rate channels, in Python (for tests against the echo peer)."""

from __future__ import annotations

import asyncio
import time

from aiortc import RTCDataChannel, RTCPeerConnection

from videotermin_app.device_check.rate_probe import DONE_MARK, DOWN_LABEL, PACE_BYTES, PACE_S, UP_LABEL, UP_MAX_BYTES


def rate_client(
    caller: RTCPeerConnection, *, max_bytes: int = UP_MAX_BYTES, max_s: float = 3.0, chunk: int = 16_384
) -> dict[str, int]:
    """Open both channels on `caller` (before its offer): send a burst on the up channel and
    acknowledge the down channel's bytes. Returns live counters (`sent`, `received`)."""
    counts = {"sent": 0, "received": 0}
    up: RTCDataChannel = caller.createDataChannel(UP_LABEL)
    down: RTCDataChannel = caller.createDataChannel(DOWN_LABEL)
    last_ack = [0.0]
    over = {"up": False, "down": False}

    def finished(which: str) -> None:  # both bursts over: media loss counts from here on
        over[which] = True
        if all(over.values()) and down.readyState == "open":
            down.send(DONE_MARK)

    @down.on("message")
    def _on_down(message: bytes | str) -> None:
        if isinstance(message, bytes):
            counts["received"] += len(message)
        if isinstance(message, str) or time.monotonic() - last_ack[0] >= 0.1:
            down.send(str(counts["received"]))
            last_ack[0] = time.monotonic()
        if isinstance(message, str):
            finished("down")

    async def burst() -> None:
        payload, until = bytes(chunk), time.monotonic() + max_s
        slice_end, in_slice = time.monotonic() + PACE_S, 0
        while up.readyState == "open" and counts["sent"] < max_bytes and time.monotonic() < until:
            if up.bufferedAmount > 262_144:
                await asyncio.sleep(0.005)
                continue
            if in_slice >= PACE_BYTES:  # paced like the browser (media_check.jsx)
                await asyncio.sleep(max(slice_end - time.monotonic(), 0))
                slice_end, in_slice = max(slice_end + PACE_S, time.monotonic()), 0
            up.send(payload)
            counts["sent"] += chunk
            in_slice += chunk
            await asyncio.sleep(0)
        finished("up")

    up.on("open", lambda: asyncio.ensure_future(burst()))
    return counts
