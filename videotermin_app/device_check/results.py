"""Storing a device check's result (brochure, consent point 2: operating system, device, browser,
upload and download rate, transmission quality, IP address). Only with an active consent."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from videotermin_app.core.models import DeviceCheck, Participant
from videotermin_app.device_check.grading import Level
from videotermin_app.device_check.metrics import CheckMetrics
from videotermin_app.wizard import consent
from videotermin_app.wizard.user_agent import describe

MAX_IP_LENGTH = 45


def record_check(
    *,
    session: Session,
    participant: Participant,
    now: datetime,
    level: Level,
    metrics: CheckMetrics,
    user_agent: str,
    ip_address: str,
    relay_ok: bool | None = None,
) -> DeviceCheck | None:
    """A DeviceCheck row, or None (nothing stored) when the participant has no active consent."""
    if not consent.has_consent(session=session, participant=participant):
        return None
    info = describe(user_agent)
    check = DeviceCheck(
        participant_id=participant.id or 0,
        checked_at=now,
        level=level,
        operating_system=info.operating_system,
        device=info.device,
        browser=info.browser,
        upload_kbps=metrics.upload_kbps,
        download_kbps=metrics.download_kbps,
        rtt_ms=metrics.rtt_ms,
        loss_percent=metrics.loss_percent,
        jitter_ms=metrics.jitter_ms,
        quality=level,
        ip_address=(ip_address or "")[:MAX_IP_LENGTH] or None,
        relay_ok=relay_ok,
    )
    session.add(check)
    session.flush()
    return check
