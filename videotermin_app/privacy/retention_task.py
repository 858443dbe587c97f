"""The retention purge while the app runs: one lifespan task per worker, every hour.

Each run is `retention.purge_all`: the 90-day purge plus outbox files, sign-in throttles, ended
sessions and stale workspace-tab rows, so throttles and sessions never stay longer than a day.

With several workers every worker runs it; that is safe because `purge_expired` is idempotent
and only touches un-purged rows (PostgreSQL: `FOR UPDATE SKIP LOCKED`). A database error is
logged and retried at the next interval; it never stops the app.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from videotermin_app.core.models import utcnow
from videotermin_app.privacy.retention import PurgeReport, purge_all
from videotermin_app.privacy.survey import reshuffle_answers

PURGE_INTERVAL_SECONDS = 3600
logger = logging.getLogger("videotermin_app.retention")


def purge_once(*, now: datetime | None = None) -> PurgeReport | None:
    """One iteration: purge what is past retention, commit, log. None when the database failed."""
    from videotermin_app.core.db import session_scope
    from videotermin_app.core.settings import get_settings

    settings = get_settings()
    try:
        with session_scope() as session:
            report = purge_all(
                session=session,
                now=now or utcnow(),
                retention_days=settings.retention_days,
                outbox_dir=settings.outbox_dir,
            )
            if session.get_bind().dialect.name != "sqlite":  # SQLite stores answers WITHOUT ROWID already
                reshuffle_answers(session=session)
    except Exception:  # the app must keep running; the next run retries
        logger.exception("retention purge failed; retrying in %s s", PURGE_INTERVAL_SECONDS)
        return None
    if report.anything:
        logger.warning("retention: %s", report.summary())
    return report


async def retention_loop() -> None:
    """The lifespan task: purge now and then every PURGE_INTERVAL_SECONDS, in a thread."""
    logger.info("retention purge runs every %s s", PURGE_INTERVAL_SECONDS)
    while True:
        await asyncio.to_thread(purge_once)
        await asyncio.sleep(PURGE_INTERVAL_SECONDS)
