"""Which of the five steps a participant resumes at, derived from the database only.

1 is opening the link (always done when this runs), 2 consent, 3 camera and microphone (a browser
permission, never stored: on every visit the browser is asked again), 4 device check, 5 entering
the room. A stored device check after the current consent means steps 3 and 4 were done, whatever
its light: a yellow or red result warns before the room (people decide), it does not lock them out.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from videotermin_app.core.models import DeviceCheck, Participant
from videotermin_app.wizard import consent

STEP_CONSENT = 2
STEP_PERMISSION = 3
STEP_DEVICE_CHECK = 4
STEP_ENTER = 5
ALL_STEPS = (1, 2, 3, 4, 5)


def latest_check(*, session: Session, participant: Participant) -> DeviceCheck | None:
    """The newest device check made under the current consent (None without consent)."""
    record = consent.latest(session=session, participant=participant)
    if record is None or record.given_at is None or record.revoked_at is not None:
        return None
    return session.exec(
        select(DeviceCheck)
        .where(DeviceCheck.participant_id == participant.id, col(DeviceCheck.checked_at) >= record.given_at)
        .order_by(col(DeviceCheck.checked_at).desc(), col(DeviceCheck.id).desc())
    ).first()


def progress(*, session: Session, participant: Participant) -> tuple[int, str]:
    """The step (2 without consent, 5 after a device check under the current consent, else 3: the
    browser asks again) and the latest check's light ('' without one)."""
    if not consent.has_consent(session=session, participant=participant):
        return STEP_CONSENT, ""
    check = latest_check(session=session, participant=participant)
    if check is not None:
        return STEP_ENTER, check.level
    return STEP_PERMISSION, ""


def current_step(*, session: Session, participant: Participant) -> int:
    return progress(session=session, participant=participant)[0]
