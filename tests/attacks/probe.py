"""Facts about the running app read from outside it: its processes, sockets, memory and database.

Nothing here hooks into the product; the app runs exactly as in production."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psutil
import sqlalchemy as sa

from tests.journeys.server import AppServer

Snapshot = dict[str, list[tuple[Any, ...]]]
RowFilter = Callable[[dict[str, Any]], bool]


def worker_processes(server: AppServer) -> list[psutil.Process]:
    """The processes that serve requests: the app's descendants that listen on its port."""
    assert server.process is not None
    try:
        root = psutil.Process(server.process.pid)
        family = [root, *root.children(recursive=True)]
    except psutil.Error:
        return []
    workers = []
    for proc in family:
        try:
            if any(c.status == psutil.CONN_LISTEN and c.laddr.port == server.port for c in proc.net_connections("tcp")):
                workers.append(proc)
        except psutil.Error:
            continue
    return workers or family


def udp_sockets(server: AppServer) -> set[tuple[int, str, int]]:
    """(pid, local address, port) of every UDP socket the workers hold: an aiortc echo peer opens them."""
    found = set()
    for proc in worker_processes(server):
        try:
            found |= {(proc.pid, c.laddr.ip, c.laddr.port) for c in proc.net_connections("udp")}
        except psutil.Error:
            continue
    return found


def rss_bytes(server: AppServer) -> int:
    return sum(p.memory_info().rss for p in worker_processes(server))


def log_bytes(server: AppServer) -> int:
    """Size of the app's log (stdout and stderr of `reflex run`): what a flood writes to disk."""
    return server.log_path.stat().st_size


@dataclass
class UdpWatch:
    """Samples the workers' UDP sockets in the background: an echo peer that lived a second is seen."""

    baseline: set[tuple[int, str, int]]
    seen: set[tuple[int, str, int]] = field(default_factory=set)
    samples: int = 0
    error: str = ""  # why sampling stopped, if it did

    @property
    def new_sockets(self) -> set[tuple[int, str, int]]:
        return self.seen - self.baseline


@contextmanager
def watch_udp(server: AppServer, interval: float = 0.05) -> Iterator[UdpWatch]:
    watch = UdpWatch(baseline=udp_sockets(server))
    stop = threading.Event()

    def sample() -> None:
        try:
            while not stop.is_set():
                watch.seen |= udp_sockets(server)
                watch.samples += 1
                stop.wait(interval)
        except Exception as exc:  # noqa: BLE001 - reported by the test through `error`
            watch.error = repr(exc)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield watch
    finally:
        stop.set()
        thread.join(timeout=5)
        watch.seen |= udp_sockets(server)


def health(server: AppServer) -> tuple[int, dict[str, Any]]:
    with urllib.request.urlopen(f"{server.base_url}/health", timeout=10) as response:
        return response.status, json.loads(response.read())


def db_snapshot(
    server: AppServer,
    *,
    ignore_columns: dict[str, set[str] | None] | None = None,
    ignore_rows: dict[str, RowFilter] | None = None,
) -> Snapshot:
    """Every row of every table, sorted. `ignore_columns[table]` leaves out columns (None: the whole
    table); `ignore_rows[table]` leaves out rows that a legitimate tab may change."""
    ignore_columns, ignore_rows = ignore_columns or {}, ignore_rows or {}
    engine = sa.create_engine(server.database_url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        snapshot: Snapshot = {}
        with engine.connect() as conn:
            for name, table in sorted(metadata.tables.items()):
                if name in ignore_columns and ignore_columns[name] is None:
                    continue
                skip_columns = ignore_columns.get(name) or set()
                skip_row = ignore_rows.get(name)
                rows = [dict(r._mapping) for r in conn.execute(sa.select(table))]
                snapshot[name] = sorted(
                    tuple(sorted((k, repr(v)) for k, v in row.items() if k not in skip_columns))
                    for row in rows
                    if not (skip_row and skip_row(row))
                )
        return snapshot
    finally:
        engine.dispose()


def db_changes(before: Snapshot, after: Snapshot) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Per table the rows that appeared and disappeared (a changed row is both)."""
    changes = {}
    for table in sorted(set(before) | set(after)):
        old, new = set(before.get(table, [])), set(after.get(table, []))
        if old != new:
            changes[table] = {"added": sorted(new - old), "removed": sorted(old - new)}
    return changes


def settle(seconds: float = 1.5) -> None:
    """Give deliveries to other tabs (their own tasks on the server) time to arrive."""
    time.sleep(seconds)
