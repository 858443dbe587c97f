"""The backend end of the device check: an aiortc peer that echoes picture and sound back.

The browser sends an offer, `EchoPeer.answer` returns the answer (aiortc gathers all candidates
before it returns, so there is no trickle ICE). Every incoming track goes through a `MediaRelay`:
one subscriber counts the frames that arrived (what `stats()` reports), the other is sent back.
The browser's data channels go to a `RateProbe`, which measures the line's upload and download rates.
aiortc decodes and re-encodes every frame, so this is for the short test call only, never a relay
between people.

Peers cannot leave the process, so they live in `device_check.registry.registry`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.contrib.media import MediaRelay
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from videotermin_app.device_check.echo_stats import EchoStats, inbound_packets
from videotermin_app.device_check.rate_probe import RateProbe

if TYPE_CHECKING:
    from av.frame import Frame
    from av.packet import Packet

    Media = Frame | Packet[Any]  # what aiortc's MediaStreamTrack.recv() returns

log = logging.getLogger(__name__)

ENDED_STATES = frozenset({"failed", "closed", "disconnected"})
_MAX_QUEUED_VIDEO = 30


def ice_servers_from_json(servers: Sequence[Mapping[str, object]]) -> list[RTCIceServer]:
    """The browser's `iceServers` format (`{"urls": ..., "username": ..., "credential": ...}`)."""
    result = []
    for server in servers:
        urls = server.get("urls")
        if isinstance(urls, str):
            urls = [urls]
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
            raise ValueError(f"ice server without urls: {server!r}")
        username, credential = server.get("username"), server.get("credential")
        result.append(
            RTCIceServer(
                urls=[str(u) for u in urls],
                username=username if isinstance(username, str) else None,
                credential=credential if isinstance(credential, str) else None,
            )
        )
    return result


class _EchoTrack(MediaStreamTrack):
    """Sends back what `source` delivers; may drop or delay frames (tests and benchmarks only)."""

    def __init__(self, *, source: MediaStreamTrack, drop_ratio: float, delay_s: float, rng: random.Random) -> None:
        super().__init__()
        self.kind = source.kind
        self.echoed = 0
        self._source, self._drop, self._delay, self._rng = source, drop_ratio, delay_s, rng
        self._queue: asyncio.Queue[tuple[float, Media] | None] = asyncio.Queue()
        self._pump = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                frame = await self._source.recv()
                if self._drop and self._rng.random() < self._drop:
                    continue
                if self.kind == "video" and self._queue.qsize() >= _MAX_QUEUED_VIDEO:
                    self._queue.get_nowait()
                self._queue.put_nowait((loop.time() + self._delay, frame))
        except MediaStreamError:
            self._queue.put_nowait(None)

    async def recv(self) -> Media:
        item = await self._queue.get()
        if item is None or self.readyState != "live":
            self.stop()
            raise MediaStreamError
        due, frame = item
        wait = due - asyncio.get_running_loop().time()
        if wait > 0:
            await asyncio.sleep(wait)
        self.echoed += 1
        return frame

    def stop(self) -> None:
        super().stop()
        self._pump.cancel()
        self._source.stop()


class EchoPeer:
    """One test call. `drop_ratio` (0..1) and `delay_ms` impair the echo: for tests and
    benchmarks only, never set them in production."""

    def __init__(
        self,
        *,
        ice_servers: Sequence[Mapping[str, object]] = (),
        drop_ratio: float = 0.0,
        delay_ms: float = 0.0,
        seed: int | None = None,
    ) -> None:
        if not 0.0 <= drop_ratio <= 1.0:
            raise ValueError("drop_ratio must be between 0 and 1")
        if not 0.0 <= delay_ms <= 10_000:
            raise ValueError("delay_ms must be between 0 and 10000")
        config = RTCConfiguration(iceServers=ice_servers_from_json(ice_servers))
        self.pc = RTCPeerConnection(configuration=config)
        self.finished = asyncio.Event()
        self._drop, self._delay_s, self._rng = drop_ratio, delay_ms / 1000.0, random.Random(seed)
        self._relay = MediaRelay()
        self._counts = {"video": 0, "audio": 0}
        self._tasks: list[asyncio.Task[None]] = []
        self._echoes: list[_EchoTrack] = []
        self._closed = False
        self.rates = RateProbe(on_done=self._after_bursts)
        self._since: tuple[int, int] | None = None  # packets (received, lost) when the bursts ended
        self._since_task: asyncio.Task[None] | None = None
        self.pc.on("datachannel", self.rates.attach)
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_state)

    @property
    def is_closed(self) -> bool:
        return self._closed

    def _on_track(self, track: MediaStreamTrack) -> None:
        echo = _EchoTrack(
            source=self._relay.subscribe(track), drop_ratio=self._drop, delay_s=self._delay_s, rng=self._rng
        )
        self._echoes.append(echo)
        self.pc.addTrack(echo)
        self._tasks.append(asyncio.create_task(self._count(self._relay.subscribe(track))))

    async def _count(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                await track.recv()
                self._counts[track.kind] = self._counts.get(track.kind, 0) + 1

    def _on_state(self) -> None:
        log.debug("echo peer %s: %s", id(self), self.pc.connectionState)
        if self.pc.connectionState in ENDED_STATES:
            self.finished.set()

    def _after_bursts(self) -> None:
        self._since_task = asyncio.ensure_future(self._mark_packets())

    async def _mark_packets(self) -> None:
        if not self._closed:
            received, lost, _jitters, _rtts = inbound_packets(await self.pc.getStats())
            self._since = (received, lost)

    async def answer(self, *, offer_sdp: str, offer_type: str = "offer") -> str:
        """Apply the browser's offer and return the complete answer SDP (all candidates in it)."""
        if offer_type != "offer":
            raise ValueError(f"expected an offer, got {offer_type!r}")
        if self._closed:
            raise RuntimeError("echo peer is closed")
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=offer_sdp, type="offer"))
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        return str(self.pc.localDescription.sdp)

    async def stats(self) -> EchoStats:
        """Frames that arrived so far, plus aiortc's RTP numbers for the incoming streams."""
        result = EchoStats(
            video_frames=self._counts["video"],
            audio_frames=self._counts["audio"],
            video_frames_echoed=sum(e.echoed for e in self._echoes if e.kind == "video"),
        )
        result.upload_kbps, result.download_kbps = self.rates.rates()
        if self._closed:
            return result
        received, lost, jitters, rtts = inbound_packets(await self.pc.getStats())
        if self._since is not None:  # loss while the rate bursts crowded the line does not count
            received, lost = max(received - self._since[0], 0), max(lost - self._since[1], 0)
        if received or lost:
            result.packets_received, result.packets_lost = received, lost
        result.jitter_ms = max(jitters) if jitters else None
        result.rtt_ms = max(rtts) if rtts else None
        return result

    async def close(self) -> None:
        """Stop counting and echoing and close the connection; safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        for echo in self._echoes:
            echo.stop()
        for task in self._tasks:
            task.cancel()
        if self._since_task is not None:
            self._tasks.append(self._since_task)
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.rates.close()
        await self.pc.close()
        self.finished.set()
