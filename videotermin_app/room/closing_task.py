"""The check that closes abandoned appointments (`room.closing`): one lifespan task per worker.

Every `CLOSE_CHECK_SECONDS` each worker runs `close_once` in a thread. Safe with several workers (the
closing is a conditional UPDATE) and across restarts (everything it needs is in the database). A
database error is logged and retried at the next round; it never stops the app.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from videotermin_app.core.models import utcnow
from videotermin_app.room.closing import close_abandoned

CLOSE_CHECK_SECONDS = 30
logger = logging.getLogger("videotermin_app.closing")


def close_once(*, now: datetime | None = None) -> list[int] | None:
    """One round: close what is abandoned, commit, log. None when the database failed."""
    from videotermin_app.core.db import session_scope
    from videotermin_app.core.settings import get_settings

    grace = timedelta(minutes=get_settings().call_grace_minutes)
    try:
        with session_scope() as session:
            closed = close_abandoned(session=session, now=now or utcnow(), grace=grace)
    except Exception:  # the app must keep running; the next round retries
        logger.exception("closing abandoned appointments failed; retrying in %s s", CLOSE_CHECK_SECONDS)
        return None
    if closed:
        logger.warning("closed %d appointment(s) nobody ended", len(closed))
    return closed


async def closing_loop() -> None:
    """The lifespan task: check now and then every CLOSE_CHECK_SECONDS, in a thread."""
    while True:
        await asyncio.to_thread(close_once)
        await asyncio.sleep(CLOSE_CHECK_SECONDS)
