"""The check that closes abandoned appointments (`room.closing`): one lifespan task per worker.

Every `CLOSE_CHECK_SECONDS` each worker runs `close_once` in a thread. Safe with several workers (the
closing is a conditional UPDATE) and across restarts (everything it needs is in the database). A
database error is logged and retried at the next round; it never stops the app.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from videotermin_app.core.models import utcnow
from videotermin_app.room.closing import close_abandoned

CLOSE_CHECK_SECONDS = 30
logger = logging.getLogger("videotermin_app.closing")


def close_once(*, now: datetime | None = None) -> list[int] | None:
    """One round: close what is abandoned, commit, log. None when the database failed."""
    from videotermin_app.core.db import session_scope
    from videotermin_app.core.settings import get_settings

    grace = get_settings().call_grace
    try:
        with session_scope() as session:
            closed = close_abandoned(session=session, now=now or utcnow(), grace=grace)
    except Exception:  # the app must keep running; the next round retries
        logger.exception("closing abandoned appointments failed; retrying in %s s", CLOSE_CHECK_SECONDS)
        return None
    if closed:
        logger.warning("closed %d appointment(s) nobody ended", len(closed))
    return closed


def check_interval() -> float:
    """Seconds between two rounds: CLOSE_CHECK_SECONDS, or the test switch `VT_TEST_CLOSE_CHECK_SECONDS`."""
    from videotermin_app.core.settings import get_settings

    return float(get_settings().test_close_check_seconds or CLOSE_CHECK_SECONDS)


async def closing_loop() -> None:
    """The lifespan task: check now and then every CLOSE_CHECK_SECONDS (`check_interval`), in a thread."""
    interval = check_interval()
    while True:
        await asyncio.to_thread(close_once)
        await asyncio.sleep(interval)
