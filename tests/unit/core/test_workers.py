"""A dead backend worker is replaced (not the whole server stopped), and each worker names itself."""

from __future__ import annotations

import asyncio
import os
from types import SimpleNamespace

import pytest
from granian.server import Server

from videotermin_app.core.workers import WORKER_LINE, announce_worker, respawn_failed_workers, worker_line


def test_granian_servers_respawn_failed_workers_once_enabled() -> None:
    respawn_failed_workers()
    respawn_failed_workers()  # twice is harmless (rxconfig.py may be imported more than once)
    server = Server(target="videotermin_app.videotermin_app:app", factory=True, workers=2)
    assert server.respawn_failed_workers is True
    assert Server(target="x:y", respawn_failed_workers=False).respawn_failed_workers is False  # explicit wins


def test_the_worker_line_names_pid_and_socket_identity(capsys: pytest.CaptureFixture[str]) -> None:
    app = SimpleNamespace(event_namespace=SimpleNamespace(_token_manager=SimpleNamespace(instance_id="abc123")))
    asyncio.run(announce_worker(app))
    assert capsys.readouterr().err == f"{WORKER_LINE} pid={os.getpid()} instance=abc123\n"
    assert worker_line(pid=7, instance="x") == "videotermin worker pid=7 instance=x"


def test_stopped_redis_relays_are_started_again() -> None:
    """Reflex's subscribers give up after 5 errors in 60 s; the lifespan task starts them again."""
    from types import SimpleNamespace

    from videotermin_app.core.workers import restart_stopped_relays

    calls: list[object] = []

    def emit_update() -> None:
        return None

    manager = SimpleNamespace(
        ensure_lost_and_found_task=lambda emit: calls.append(emit),
        _ensure_socket_record_task=lambda: calls.append("records"),
    )
    app = SimpleNamespace(event_namespace=SimpleNamespace(_token_manager=manager, emit_update=emit_update))
    assert restart_stopped_relays(app) is True
    assert calls == [emit_update, "records"]
    memory_mode = SimpleNamespace(event_namespace=SimpleNamespace(_token_manager=SimpleNamespace()))
    assert restart_stopped_relays(memory_mode) is False
    assert restart_stopped_relays(SimpleNamespace()) is False
