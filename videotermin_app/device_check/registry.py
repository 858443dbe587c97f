"""The process's open echo peers (docs/architecture.md: only objects that cannot leave a process live in a
process-level registry). Keyed by an opaque key, the caller's client token; a peer is closed after
`max_seconds`, when its connection fails, closes or disconnects, on `close(key)`, when the same
key opens a new one, and at shutdown (`close_all()`)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence

from videotermin_app.device_check.echo_peer import EchoPeer


class EchoRegistry:
    """The process's open echo peers by opaque key (the caller's client token)."""

    def __init__(self, *, max_seconds: float = 60.0) -> None:
        self.max_seconds = max_seconds
        self._peers: dict[str, tuple[EchoPeer, asyncio.Task[None]]] = {}

    def __len__(self) -> int:
        return len(self._peers)

    def __contains__(self, key: object) -> bool:
        return key in self._peers

    def get(self, key: str) -> EchoPeer | None:
        entry = self._peers.get(key)
        return entry[0] if entry else None

    async def open(
        self,
        key: str,
        *,
        ice_servers: Sequence[Mapping[str, object]] = (),
        drop_ratio: float = 0.0,
        delay_ms: float = 0.0,
        max_seconds: float | None = None,
    ) -> EchoPeer:
        """A new peer under `key`; a previous one under the same key is closed first."""
        peer = EchoPeer(ice_servers=ice_servers, drop_ratio=drop_ratio, delay_ms=delay_ms)
        old = self._peers.pop(key, None)
        limit = self.max_seconds if max_seconds is None else max_seconds
        self._peers[key] = (peer, asyncio.create_task(self._watch(key, peer, limit)))
        if old is not None:
            await self._shut(*old)
        return peer

    async def _watch(self, key: str, peer: EchoPeer, limit: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(peer.finished.wait(), timeout=limit)
        entry = self._peers.get(key)
        if entry is not None and entry[0] is peer:
            del self._peers[key]
        await peer.close()

    async def _shut(self, peer: EchoPeer, watcher: asyncio.Task[None]) -> None:
        if watcher is not asyncio.current_task():
            watcher.cancel()
        await peer.close()
        await asyncio.gather(watcher, return_exceptions=True)

    async def close(self, key: str) -> None:
        entry = self._peers.pop(key, None)
        if entry is not None:
            await self._shut(*entry)

    async def close_all(self) -> None:
        entries = list(self._peers.values())
        self._peers.clear()
        await asyncio.gather(*(self._shut(*entry) for entry in entries), return_exceptions=True)


registry = EchoRegistry()


@contextlib.asynccontextmanager
async def closed_at_shutdown(peers: EchoRegistry | None = None) -> AsyncIterator[None]:
    """The app's lifespan hook: when the worker stops, every echo peer it still holds is closed
    (their UDP sockets and codec threads would otherwise outlive the event loop)."""
    try:
        yield
    finally:
        await (peers or registry).close_all()
