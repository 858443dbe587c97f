"""The backend worker processes: a crashed worker is replaced, and each worker names itself in the log.

Reflex starts Granian in production (`reflex run --env prod`) without `respawn_failed_workers`, and
Granian then stops the *whole* server when a single worker dies (killed by the OOM killer, a crash
in native code): every socket and every running call would be gone until someone restarted the app.
`respawn_failed_workers()` (called from `rxconfig.py`, before Reflex builds the server) turns the
respawn on, so only the sockets of the lost worker drop; the browsers reconnect to the others.

`announce_worker` (a lifespan task) writes one line per worker to stderr: its pid and the identity
Reflex gives its sockets (`SocketRecord.instance_id` in Redis). That lets an operator, and the
fault journeys, tell which process holds which tab's socket. It names no person and no token.
"""

from __future__ import annotations

import asyncio
import functools
import os
import sys
from collections.abc import Callable
from typing import Any

RELAY_CHECK_SECONDS = 5.0  # how soon a cross-worker relay stopped by a Redis outage is started again
WORKER_LINE = "videotermin worker"  # the start of the line; `pid=<n> instance=<id>` follows


def respawn_failed_workers() -> None:
    """Make every Granian server of this process respawn a worker that exits unexpectedly."""
    from granian.server.common import AbstractServer

    original: Callable[..., None] = AbstractServer.__init__
    if getattr(original, "_vt_respawn", False):
        return

    @functools.wraps(original)
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("respawn_failed_workers", True)
        original(self, *args, **kwargs)

    init._vt_respawn = True  # type: ignore[attr-defined]
    AbstractServer.__init__ = init  # type: ignore[method-assign]


def worker_line(*, pid: int, instance: str) -> str:
    return f"{WORKER_LINE} pid={pid} instance={instance}"


async def announce_worker(app: Any) -> None:
    """Lifespan task: one line naming this worker's pid and its socket identity."""
    manager = getattr(getattr(app, "event_namespace", None), "_token_manager", None)
    instance = str(getattr(manager, "instance_id", "-"))
    print(worker_line(pid=os.getpid(), instance=instance), file=sys.stderr, flush=True)


def restart_stopped_relays(app: Any) -> bool:
    """Start Reflex's Redis subscribers again if they stopped; True when there are any (Redis mode).

    Reflex 0.10.1 runs two subscribers per worker: one relays deltas that other workers produced for
    this worker's sockets ("lost and found"), one follows where each socket lives. They give up for
    good after 5 errors in 60 s, so a Redis outage of a few seconds would leave a worker deaf to every
    change made elsewhere (an advisor's **Hereinholen** would never reach a client on another worker).
    Reflex starts them only when a socket connects; this starts them again when they are done."""
    namespace = getattr(app, "event_namespace", None)
    manager = getattr(namespace, "_token_manager", None)
    relay = getattr(manager, "ensure_lost_and_found_task", None)
    records = getattr(manager, "_ensure_socket_record_task", None)
    if namespace is None or relay is None or records is None:
        return False
    relay(namespace.emit_update)
    records()
    return True


async def keep_relays_running(app: Any) -> None:
    """Lifespan task: check Reflex's Redis subscribers every `RELAY_CHECK_SECONDS` (only with Redis)."""
    while restart_stopped_relays(app):  # a subscriber started while Redis is still away stops again: next round
        await asyncio.sleep(RELAY_CHECK_SECONDS)
