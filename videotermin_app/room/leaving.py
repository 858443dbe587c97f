"""A participant leaves the room for good (their consent was revoked): plain Python, the caller owns
the transaction. The seat is set to "left" at once, so everyone in the room sees them leave and the
advisor's waiting list drops them; the state layer then tells those tabs (`state_waiting.take_out`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from videotermin_app.core.models import Appointment, MemberStatus, RoomMember
from videotermin_app.room.rooms import participant_key


@dataclass(frozen=True)
class Departure:
    """Whom to tell that a participant left: their appointment's room, its advisor, their own tab."""

    appointment_id: int
    advisor_id: int
    client_token: str


def take_out(*, session: Session, participant_id: int) -> Departure | None:
    """Set the participant's seat to left (whatever it was); None when they hold no seat."""
    row = session.exec(
        select(RoomMember, Appointment)
        .join(Appointment, col(Appointment.id) == RoomMember.appointment_id)
        .where(RoomMember.member_key == participant_key(participant_id))
    ).first()
    if row is None:
        return None
    member, appointment = row
    if member.status != MemberStatus.LEFT:
        member.status, member.notice = MemberStatus.LEFT, None
        session.add(member)
        session.flush()
    return Departure(
        appointment_id=appointment.id or 0, advisor_id=appointment.advisor_id, client_token=member.client_token
    )
