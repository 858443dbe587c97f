"""Delivering a change to another browser's state (docs/architecture.md: signalling through Reflex state).

Each delivery runs in its own task, never while the caller holds its own state's lock, so two
clients delivering to each other cannot deadlock. With Redis, Reflex relays the delta to the
worker that holds the recipient's socket.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import reflex as rx
from reflex_base.registry import RegistrationContext

from videotermin_app.core import i18n
from videotermin_app.core.metrics import DELIVERIES, DELIVERY_SECONDS
from videotermin_app.core.state_lang import LangState

log = logging.getLogger(__name__)
S = TypeVar("S", bound=rx.State)
_tasks: set[asyncio.Task[None]] = set()
# The newest delivery per recipient in this process: the next one waits for it, so signals from
# one sender reach the other browser in the order they were sent (an offer before its candidates).
_last: dict[str, asyncio.Task[None]] = {}
# Deliveries not yet finished per recipient; above the bound new ones are dropped (and logged), so
# a recipient that stalls cannot make this process hold an ever longer chain of waiting tasks.
MAX_PENDING_PER_TAB = 256
_pending: dict[str, int] = {}


def _reserve(client_token: str) -> bool:
    count = _pending.get(client_token, 0)
    if count >= MAX_PENDING_PER_TAB:
        return False
    _pending[client_token] = count + 1
    return True


def _release(client_token: str) -> None:
    count = _pending.get(client_token, 0) - 1
    if count > 0:
        _pending[client_token] = count
    else:
        _pending.pop(client_token, None)


def deliver(
    client_token: str, state_cls: type[S], apply: Callable[[S], Awaitable[Any] | Any]
) -> asyncio.Task[None] | None:
    """Run `apply` on `state_cls` of the browser tab `client_token`, if it is connected."""
    if not client_token:
        return None
    app = RegistrationContext.get().app
    if not _reserve(client_token):
        DELIVERIES.labels(outcome="dropped").inc()
        log.warning("delivery dropped: %d deliveries still pending for one tab", MAX_PENDING_PER_TAB)
        return None

    previous = _last.get(client_token)
    started = time.perf_counter()

    async def run() -> None:
        if previous is not None and not previous.done():
            await asyncio.wait([previous])
        namespace = app.event_namespace
        if namespace is None or not await namespace._token_manager.is_token_connected(client_token):
            DELIVERIES.labels(outcome="not_connected").inc()
            return
        async with app.modify_state(rx.BaseStateToken(ident=client_token, cls=state_cls)) as root:
            target = await root.get_state(state_cls)
            # texts produced here are for that tab: in its language, not the sender's
            tab_language = (await root.get_state(LangState)).tab_language()
            with i18n.language(tab_language):
                result = apply(target)
                if inspect.isawaitable(result):
                    await result
        DELIVERIES.labels(outcome="delivered").inc()
        DELIVERY_SECONDS.observe(time.perf_counter() - started)

    task = asyncio.create_task(run())
    _tasks.add(task)
    _last[client_token] = task
    task.add_done_callback(lambda t: _finished(client_token, t))
    return task


def _finished(client_token: str, task: asyncio.Task[None]) -> None:
    _tasks.discard(task)
    _release(client_token)
    if _last.get(client_token) is task:
        del _last[client_token]
    if not task.cancelled() and task.exception() is not None:
        DELIVERIES.labels(outcome="failed").inc()
        # the type only: an exception's message may quote state or payload
        log.warning("delivery failed: %s", type(task.exception()).__name__)
