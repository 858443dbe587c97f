"""Blocking work off the event loop: one database transaction in a worker thread.

An event handler that runs a synchronous database call, argon2 or file I/O on the event loop stalls
every socket of the worker for that time. `in_db_thread(work)` runs `work(session)` inside
`session_scope()` (commit on success, rollback on error) in a thread and returns its result; the
caller then assigns state vars on the loop. `work` gets everything it needs as arguments and returns
plain data (or detached rows, loaded before the commit: sessions keep attributes after commit).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session

from videotermin_app.core.db import session_scope

T = TypeVar("T")


async def in_db_thread(work: Callable[[Session], T]) -> T:
    """`work(session)` in a worker thread, in one transaction."""

    def run() -> T:
        with session_scope() as session:
            return work(session)

    return await asyncio.to_thread(run)
