"""The process's open echo peers (docs/architecture.md: only objects that cannot leave a process live in a
process-level registry), and the bounds on them.

Keyed by the personal link (`link_key(participant_id)`), never by the Reflex client token: one peer per
link, a second tab of the same link replaces the first tab's peer. Each peer records its owner (the
tab and run that opened it), so a tab can only fetch and close its own peer. A peer is closed after
`max_seconds`, when its connection fails, closes or disconnects, on `close(key)`, when the same key
opens a new one, and at shutdown (`close_all()`).

Bounds (per worker process; see `peer_cap` for the number):
- at most `max_peers` peers at once (`PEERS_PER_CORE` per CPU core); `open` raises `RegistryBusy` above it,
  so one more caller is refused and the running test calls keep their CPU;
- at most `CHECKS_PER_MINUTE` test calls started per link within `CHECK_WINDOW_S` (`admit`).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import os
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass

from videotermin_app.device_check.echo_peer import EchoPeer

PEERS_PER_CORE = 2
"""Echo peers per CPU core. aiortc decodes and re-encodes every frame in Python threads: measured on this
project's 2-core machine, one echo peer of a 640x480 synthetic test picture costs about a quarter of a
core (the synthetic picture is cheap to encode; a real camera costs more). Two per core keeps the
test calls at roughly half of the CPU, leaving the rest for the sockets, the database and the advisor."""
MIN_PEERS = 2
"""Even a 1-core machine runs two test calls at once (a client and an interpreter)."""
CHECKS_PER_MINUTE = 3
"""Test calls one link may start within `CHECK_WINDOW_S` (each costs a peer's setup and a stored row)."""
CHECK_WINDOW_S = 60.0


def peer_cap(cpu_count: int | None = None) -> int:
    """The most echo peers one worker process runs at once: `PEERS_PER_CORE` per core, at least `MIN_PEERS`."""
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    return max(MIN_PEERS, PEERS_PER_CORE * max(cores, 1))


def link_key(participant_id: int) -> str:
    """The registry key of a personal link (its participant): one echo peer per link."""
    return f"p{participant_id}"


class RegistryBusy(RuntimeError):
    """Every echo peer slot of this process is taken; the caller tries again in a minute."""


class Admission(enum.Enum):
    OK = "ok"
    BUSY = "busy"  # the process runs `max_peers` peers already
    THROTTLED = "throttled"  # this link started `checks_per_minute` test calls in the last window


@dataclass
class _Entry:
    peer: EchoPeer
    watcher: asyncio.Task[None]
    owner: str


class EchoRegistry:
    """The process's open echo peers by link key, with a global cap and a per-link rate."""

    def __init__(
        self,
        *,
        max_seconds: float = 60.0,
        max_peers: int | None = None,
        checks_per_minute: int = CHECKS_PER_MINUTE,
        window_s: float = CHECK_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_seconds = max_seconds
        self.max_peers = peer_cap() if max_peers is None else max_peers
        self.checks_per_minute = checks_per_minute
        self.window_s = window_s
        self._clock = clock
        self._peers: dict[str, _Entry] = {}
        self._starts: dict[str, deque[float]] = {}

    def __len__(self) -> int:
        return len(self._peers)

    def __contains__(self, key: object) -> bool:
        return key in self._peers

    def has_room(self, key: str) -> bool:
        """Whether `key` may open a peer now (it replaces its own, or a slot is free)."""
        return key in self._peers or len(self._peers) < self.max_peers

    def admit(self, key: str) -> Admission:
        """May this link start a test call now? Counts the start when it may."""
        if not self.has_room(key):
            return Admission.BUSY
        now = self._clock()
        for other in [k for k, times in self._starts.items() if not times or times[-1] <= now - self.window_s]:
            del self._starts[other]  # forget links with no start in the window (bounded by active links)
        starts = self._starts.setdefault(key, deque())
        while starts and starts[0] <= now - self.window_s:
            starts.popleft()
        if len(starts) >= self.checks_per_minute:
            return Admission.THROTTLED
        starts.append(now)
        return Admission.OK

    def owner(self, key: str) -> str | None:
        """Who opened the peer under `key` (None: no peer)."""
        entry = self._peers.get(key)
        return entry.owner if entry else None

    def get(self, key: str, *, owner: str | None = None) -> EchoPeer | None:
        """The peer under `key` (only if `owner` opened it, when given)."""
        entry = self._peers.get(key)
        if entry is None or (owner is not None and entry.owner != owner):
            return None
        return entry.peer

    async def open(
        self,
        key: str,
        *,
        owner: str = "",
        ice_servers: Sequence[Mapping[str, object]] = (),
        drop_ratio: float = 0.0,
        delay_ms: float = 0.0,
        max_seconds: float | None = None,
    ) -> EchoPeer:
        """A new peer under `key`; a previous one under the same key is closed first.
        Raises RegistryBusy when `max_peers` other keys hold a peer."""
        if not self.has_room(key):
            raise RegistryBusy(f"{len(self._peers)} echo peers are open")
        peer = EchoPeer(ice_servers=ice_servers, drop_ratio=drop_ratio, delay_ms=delay_ms)
        old = self._peers.pop(key, None)
        limit = self.max_seconds if max_seconds is None else max_seconds
        self._peers[key] = _Entry(peer, asyncio.create_task(self._watch(key, peer, limit)), owner)
        if old is not None:
            await self._shut(old)
        return peer

    async def _watch(self, key: str, peer: EchoPeer, limit: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(peer.finished.wait(), timeout=limit)
        entry = self._peers.get(key)
        if entry is not None and entry.peer is peer:
            del self._peers[key]
        await peer.close()

    async def _shut(self, entry: _Entry) -> None:
        if entry.watcher is not asyncio.current_task():
            entry.watcher.cancel()
        await entry.peer.close()
        await asyncio.gather(entry.watcher, return_exceptions=True)

    async def close(self, key: str, *, owner: str | None = None) -> None:
        """Close the peer under `key` (only if `owner` opened it, when given)."""
        entry = self._peers.get(key)
        if entry is None or (owner is not None and entry.owner != owner):
            return
        del self._peers[key]
        await self._shut(entry)

    async def close_all(self) -> None:
        entries = list(self._peers.values())
        self._peers.clear()
        await asyncio.gather(*(self._shut(entry) for entry in entries), return_exceptions=True)


registry = EchoRegistry()


@contextlib.asynccontextmanager
async def closed_at_shutdown(peers: EchoRegistry | None = None) -> AsyncIterator[None]:
    """The app's lifespan hook: when the worker stops, every echo peer it still holds is closed
    (their UDP sockets and codec threads would otherwise outlive the event loop)."""
    try:
        yield
    finally:
        await (peers or registry).close_all()
