"""The reminder mails while the app runs: one lifespan task per worker, every minute.

Safe in every worker at once and across restarts: each reminder is claimed in the database before it
is sent (`reminder.claim`), so it goes out once; a failed send is released and retried next round.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from videotermin_app.core.models import utcnow
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.core.settings import Settings, get_settings
from videotermin_app.mail import reminder
from videotermin_app.mail.notify import send_one

REMINDER_INTERVAL_SECONDS = 60
logger = logging.getLogger("videotermin_app.reminder")


async def send_due_reminders(*, settings: Settings, now: datetime | None = None) -> int:
    """Send every reminder that is due and not claimed by someone else; how many went out."""
    at = now or utcnow()
    ids = await in_db_thread(lambda s: reminder.due(session=s, now=at, hours=settings.reminder_hours))
    sent = 0
    for participant_id in ids:
        sent += await _send_one_reminder(participant_id, settings=settings, now=at)
    return sent


async def _send_one_reminder(participant_id: int, *, settings: Settings, now: datetime) -> int:
    """Claim, build and send one reminder: 1 when it went out from here, else 0."""
    mail = await in_db_thread(
        lambda s: reminder.prepare(session=s, participant_id=participant_id, settings=settings, now=now)
    )
    if mail is None:
        return 0
    error = await send_one(data=mail.data, settings=settings)
    if error:
        logger.warning("reminder to participant %s failed, retrying next round: %s", participant_id, error)
        await in_db_thread(lambda s: reminder.release(session=s, participant_id=participant_id))
        return 0
    return 1


async def reminder_loop() -> None:
    """The lifespan task: look for due reminders every REMINDER_INTERVAL_SECONDS."""
    settings = get_settings()
    if settings.reminder_hours <= 0:
        logger.info("reminder mails are off (VT_REMINDER_HOURS=0)")
        return
    while True:
        try:
            count = await send_due_reminders(settings=settings)
            if count:
                logger.info("sent %s reminder mail(s)", count)
        except Exception:  # the app keeps running; the next round retries
            logger.exception("reminder round failed; retrying in %s s", REMINDER_INTERVAL_SECONDS)
        await asyncio.sleep(REMINDER_INTERVAL_SECONDS)
