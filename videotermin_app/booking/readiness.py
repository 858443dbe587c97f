"""How ready each booked person is, for the advisor's list: link opened, consent, device check, waiting.

Read in one pass for all people of the listed appointments (four queries, whatever their number).
Plain data; the German wording is made by `booking.rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from videotermin_app.core.models import ConsentRecord, DeviceCheck, MemberStatus, Participant, RoomMember

CONSENT_STATES = ("none", "given", "declined", "revoked")
CHECK_LEVELS = ("none", "green", "yellow", "red")


@dataclass(frozen=True)
class Readiness:
    opened_at: datetime | None = None
    consent: str = "none"  # one of CONSENT_STATES
    check: str = "none"  # one of CHECK_LEVELS: the latest device check
    browser: str = ""
    device: str = ""
    operating_system: str = ""
    waiting_since: datetime | None = None  # in the waiting area now, since then
    in_call: bool = False


def _consent(records: Sequence[ConsentRecord]) -> str:
    """The latest decision wins; a revocation anywhere in the history wins over everything."""
    if any(r.revoked_at is not None for r in records):
        return "revoked"
    if not records:
        return "none"
    latest = max(records, key=lambda r: r.id or 0)
    if latest.given_at is not None:
        return "given"
    return "declined" if latest.declined_at is not None else "none"


def readiness(*, session: Session, people: Sequence[Participant]) -> dict[int, Readiness]:
    """Participant id -> what the advisor's list shows of them."""
    ids = [p.id for p in people if p.id is not None]
    if not ids:
        return {}
    consents: dict[int, list[ConsentRecord]] = {}
    for record in session.exec(select(ConsentRecord).where(col(ConsentRecord.participant_id).in_(ids))):
        consents.setdefault(record.participant_id, []).append(record)
    checks: dict[int, DeviceCheck] = {}
    for row in session.exec(
        select(DeviceCheck).where(col(DeviceCheck.participant_id).in_(ids)).order_by(col(DeviceCheck.id))
    ):
        checks[row.participant_id] = row  # the latest one stays
    appointment_ids = {p.appointment_id for p in people}
    seats = {
        (m.appointment_id, m.member_key): m
        for m in session.exec(select(RoomMember).where(col(RoomMember.appointment_id).in_(appointment_ids)))
    }
    result = {}
    for person in people:
        pid = person.id or 0
        check = checks.get(pid)
        seat = seats.get((person.appointment_id, f"p{pid}"))  # room.rooms.participant_key
        level = check.level if check is not None and check.level in CHECK_LEVELS else "none"
        result[pid] = Readiness(
            opened_at=person.link_opened_at,
            consent=_consent(consents.get(pid, [])),
            check=level,
            browser=(check.browser or "") if check else "",
            device=(check.device or "") if check else "",
            operating_system=(check.operating_system or "") if check else "",
            waiting_since=seat.waiting_since if seat is not None and seat.status == MemberStatus.WAITING else None,
            in_call=seat is not None and seat.status == MemberStatus.ADMITTED,
        )
    return result
