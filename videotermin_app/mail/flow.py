"""Send prepared mails and store per participant whether they went out (used by background events)."""

from __future__ import annotations

from videotermin_app.core.i18n import N_
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.core.settings import Settings
from videotermin_app.mail.notify import (
    PendingMail,
    SendOutcome,
    deliver,
    record_outcomes,
)

UNEXPECTED = N_("Das hat nicht geklappt. Bitte versuchen Sie es erneut; nichts wurde gespeichert.")


async def send_and_record(*, mails: list[PendingMail], settings: Settings) -> list[SendOutcome]:
    """SMTP is async (aiosmtplib); recording the outcomes is one transaction in a worker thread."""
    outcomes = await deliver(mails=mails, settings=settings)
    await in_db_thread(lambda session: record_outcomes(session=session, outcomes=outcomes))
    return outcomes


def failed_summary(outcomes: list[SendOutcome]) -> str:
    failed = [o.email for o in outcomes if not o.sent]
    return ", ".join(failed)
