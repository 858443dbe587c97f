"""The waiting area and the call of one appointment: who waits, who is in, how to reach them.

Plain functions over the `RoomMember` and `AdvisorPresence` tables, so every backend worker sees
the same room. The caller owns the transaction. Nothing here talks to a browser: the state layer
reads `client_token`s from the views and delivers to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from videotermin_app.accounts.auth import current_advisor
from videotermin_app.accounts.presence import advisor_tab as advisor_tab  # noqa: PLC0414 (re-exported)
from videotermin_app.core import dates
from videotermin_app.core.capacity import MAX_INVITED
from videotermin_app.core.i18n import N_, UserError
from videotermin_app.core.models import (
    Advisor,
    AdvisorPresence,
    Appointment,
    AppointmentStatus,
    ConsentRecord,
    DeviceCheck,
    MemberStatus,
    Participant,
    ParticipantRole,
    RoomMember,
    utcnow,
)
from videotermin_app.core.settings import get_settings
from videotermin_app.wizard import links
from videotermin_app.wizard.admission import room_opens_at

ADVISOR_KEY = "advisor"
DECLINE_MESSAGE_MAX = 300
# A declined person may ask to be fetched again, but not at once: each request alerts the advisor
# (sound, notification), so a quick series of clicks would ring their desk again and again.
ASK_AGAIN_AFTER = timedelta(seconds=60)
# Stored as the German source when the advisor declines without a message; the client sees it translated.
DECLINED_NOTICE = N_("Ihre Beraterin oder Ihr Berater kann Sie gerade nicht hereinholen.")
IN_ROOM = frozenset({MemberStatus.WAITING, MemberStatus.ADMITTED})  # in the waiting area or the call
IN_CALL = frozenset({MemberStatus.ADMITTED})
HEARTBEAT_SECONDS = 20
"""A tab showing the waiting area or the call says it is still there this often (`CallState.heartbeat`)."""
PRESENT_WITHIN = timedelta(seconds=3 * HEARTBEAT_SECONDS)


def heartbeat_seconds(grace: timedelta) -> int:
    """The heartbeat for a grace period: HEARTBEAT_SECONDS (every grace of a minute or more, i.e. always in
    production), faster only for the test switch `VT_TEST_CALL_GRACE_SECONDS`, so an open tab gives at
    least three signs within the grace and is never taken for gone."""
    return max(1, min(HEARTBEAT_SECONDS, int(grace.total_seconds()) // 3))


"""A seat whose tab gave a sign within this time counts as someone still there."""


class RoomError(UserError, ValueError):
    """Why someone cannot (yet) enter; a marked German sentence for the person (`translated()`)."""


@dataclass(frozen=True)
class MemberView:
    key: str
    role: str  # client / interpreter / representative / advisor
    name: str
    status: MemberStatus
    epoch: int
    client_token: str
    waiting_since: datetime
    audio_muted: bool
    video_off: bool
    device_level: str  # green / yellow / red / "" (no check)
    notice: str


def participant_key(participant_id: int) -> str:
    return f"p{participant_id}"


def appointment_end(appointment: Appointment) -> datetime:
    return appointment.start + timedelta(minutes=appointment.duration_minutes)


def entry_refusal(*, session: Session, participant: Participant, appointment: Appointment, now: datetime) -> str:
    """'' when the person may enter the waiting area now, else the German reason (marked, untranslated)."""
    if appointment.status in (AppointmentStatus.DONE, AppointmentStatus.CANCELLED):
        return N_("Dieser Termin ist bereits beendet.")
    if now < room_opens_at(appointment):
        return N_("Der Beratungsraum öffnet erst 5 Minuten vor Beginn des Termins.")
    if now > appointment_end(appointment) and not advisor_present(session=session, appointment=appointment, now=now):
        return N_("Die Zeit für diesen Termin ist vorbei. Bitte vereinbaren Sie einen neuen Termin.")
    consent = session.exec(
        select(ConsentRecord).where(
            ConsentRecord.participant_id == participant.id,
            col(ConsentRecord.given_at).is_not(None),
            col(ConsentRecord.revoked_at).is_(None),
        )
    ).first()
    if consent is None:
        return N_("Bitte stimmen Sie zuerst der Einwilligungserklärung zu.")
    if session.exec(select(DeviceCheck.id).where(DeviceCheck.participant_id == participant.id)).first() is None:
        return N_("Bitte überprüfen Sie zuerst Ihre Geräte.")
    return ""


def is_present(member: RoomMember, now: datetime) -> bool:
    """In the waiting area or the call, and its tab gave a sign within `PRESENT_WITHIN`."""
    return member.status in IN_ROOM and member.seen_at is not None and now - member.seen_at <= PRESENT_WITHIN


def advisor_present(*, session: Session, appointment: Appointment, now: datetime) -> bool:
    """The advisor is in the running call right now: then the call may run past its planned end
    (overtime), and participants may reload, rejoin or switch devices."""
    if appointment.status != AppointmentStatus.IN_CALL:
        return False
    member = seat(session=session, appointment_id=appointment.id or 0, key=ADVISOR_KEY)
    return member is not None and is_present(member, now)


def mark_seen(*, session: Session, appointment_id: int, key: str, now: datetime) -> None:
    """The tab holding this seat is still there (the caller checked that it holds it)."""
    member = seat(session=session, appointment_id=appointment_id, key=key)
    if member is not None:
        member.seen_at = now
        session.add(member)


def seat(*, session: Session, appointment_id: int, key: str) -> RoomMember | None:
    """The room row of one member, if they are (or were) in the waiting area or the call."""
    return session.exec(
        select(RoomMember).where(RoomMember.appointment_id == appointment_id, RoomMember.member_key == key)
    ).first()


def _others_present(*, session: Session, appointment_id: int, key: str) -> int:
    """How many other people with a link sit in the waiting area or the call (the call holds the
    advisor and at most `core.capacity.MAX_INVITED` of them; the booking allows no more)."""
    count = session.exec(
        select(func.count())
        .select_from(RoomMember)
        .where(
            RoomMember.appointment_id == appointment_id,
            RoomMember.member_key != key,
            RoomMember.member_key != ADVISOR_KEY,
            col(RoomMember.status).in_([MemberStatus.WAITING.value, MemberStatus.ADMITTED.value]),
        )
    ).one()
    return int(count)


def join(
    *,
    session: Session,
    participant: Participant,
    appointment: Appointment,
    client_token: str,
    now: datetime | None = None,
) -> tuple[RoomMember, str]:
    """Enter the waiting area, or come back into the call after a reload or in a second tab.

    Returns the member and the client token of the tab that held the seat before ('' if none),
    which the caller tells that it was taken over.
    """
    now = now or utcnow()
    reason = entry_refusal(session=session, participant=participant, appointment=appointment, now=now)
    if reason:
        raise RoomError(reason)
    key = participant_key(participant.id or 0)
    member = seat(session=session, appointment_id=appointment.id or 0, key=key)
    if _others_present(session=session, appointment_id=appointment.id or 0, key=key) >= MAX_INVITED:
        raise RoomError(N_("Der Beratungsraum ist voll. Bitte wenden Sie sich an Ihre Ansprechperson."))
    previous = ""
    if member is None:
        member = RoomMember(
            appointment_id=appointment.id or 0,
            member_key=key,
            client_token=client_token,
            waiting_since=now,
            seen_at=now,
        )
    else:
        if member.status == MemberStatus.DECLINED and member.declined_at and now < member.declined_at + ASK_AGAIN_AFTER:
            raise RoomError(
                N_("Ihre Ansprechperson hat Sie gerade nicht hereingeholt. Sie können ab {time} erneut anfragen."),
                time=dates.format_time(member.declined_at + ASK_AGAIN_AFTER, get_settings().timezone),
            )
        previous = member.client_token if member.client_token != client_token else ""
        member.client_token = client_token
        member.epoch += 1
        member.seen_at = now
        if member.status != MemberStatus.ADMITTED or appointment.status != AppointmentStatus.IN_CALL:
            member.status, member.waiting_since, member.notice = MemberStatus.WAITING, now, None
    session.add(member)
    session.flush()
    return member, previous


def advisor_join(
    *, session: Session, appointment: Appointment, client_token: str, now: datetime | None = None
) -> RoomMember:
    """The advisor takes the seat in the call (on the first admission, or after a reload)."""
    now = now or utcnow()
    member = seat(session=session, appointment_id=appointment.id or 0, key=ADVISOR_KEY)
    if member is None:
        member = RoomMember(
            appointment_id=appointment.id or 0,
            member_key=ADVISOR_KEY,
            client_token=client_token,
            status=MemberStatus.ADMITTED,
            waiting_since=now,
        )
    elif member.client_token != client_token:
        member.client_token, member.epoch = client_token, member.epoch + 1
    member.seen_at = now
    if appointment.status == AppointmentStatus.BOOKED:
        appointment.status = AppointmentStatus.IN_CALL
        appointment.call_started_at = appointment.call_started_at or now
        session.add(appointment)
    session.add(member)
    session.flush()
    return member


def set_status(
    *,
    session: Session,
    appointment: Appointment,
    key: str,
    status: MemberStatus,
    notice: str = "",
    now: datetime | None = None,
) -> RoomMember:
    member = seat(session=session, appointment_id=appointment.id or 0, key=key)
    if member is None:
        raise RoomError(N_("Diese Person ist nicht mehr im Wartebereich."))
    member.status = status
    member.notice = notice.strip()[:DECLINE_MESSAGE_MAX] or None
    if status == MemberStatus.DECLINED:
        member.declined_at = now or utcnow()
    session.add(member)
    session.flush()
    return member


def leave(*, session: Session, appointment: Appointment, key: str, now: datetime | None = None) -> RoomMember:
    """**Auflegen** of a participant: the seat is kept as left (for **Wieder eintreten** and the survey)."""
    member = set_status(session=session, appointment=appointment, key=key, status=MemberStatus.LEFT)
    member.seen_at = now or utcnow()
    session.add(member)
    return member


def set_media(*, session: Session, appointment_id: int, key: str, audio_muted: bool, video_off: bool) -> None:
    member = seat(session=session, appointment_id=appointment_id, key=key)
    if member is not None:
        member.audio_muted, member.video_off = audio_muted, video_off
        session.add(member)


def end_call(*, session: Session, appointment: Appointment, now: datetime | None = None) -> list[str]:
    """The advisor ends the appointment for everyone; returns the client tokens to tell."""
    tokens = [
        m.client_token for m in session.exec(select(RoomMember).where(RoomMember.appointment_id == appointment.id))
    ]
    appointment.status = AppointmentStatus.DONE
    appointment.call_ended_at = now or utcnow()
    session.add(appointment)
    session.exec(delete(RoomMember).where(col(RoomMember.appointment_id) == appointment.id))
    return tokens


def members(*, session: Session, appointment_id: int) -> list[MemberView]:
    rows = session.exec(select(RoomMember).where(RoomMember.appointment_id == appointment_id)).all()
    appointment = session.get(Appointment, appointment_id)
    advisor = session.get(Advisor, appointment.advisor_id) if appointment else None
    views = []
    for row in rows:
        if row.member_key == ADVISOR_KEY:
            role, name, level = "advisor", advisor.name if advisor else "", ""
        else:
            person = session.get(Participant, int(row.member_key[1:]))
            if person is None:
                continue
            role = ParticipantRole(person.role).value if person.role else "client"
            name = f"{person.first_name or ''} {person.last_name or ''}".strip()
            last = session.exec(
                select(DeviceCheck.level)
                .where(DeviceCheck.participant_id == person.id)
                .order_by(col(DeviceCheck.checked_at).desc())
            ).first()
            level = last or ""
        views.append(
            MemberView(
                key=row.member_key,
                role=role,
                name=name,
                status=MemberStatus(row.status),
                epoch=row.epoch,
                client_token=row.client_token,
                waiting_since=row.waiting_since,
                audio_muted=row.audio_muted,
                video_off=row.video_off,
                device_level=level,
                notice=row.notice or "",
            )
        )
    return sorted(views, key=lambda v: (v.waiting_since, v.key))


def waiting_for_advisor(*, session: Session, advisor_id: int) -> list[tuple[Appointment, MemberView]]:
    """Everyone waiting or in a call for this advisor's appointments, oldest first."""
    appointments = session.exec(
        select(Appointment).where(
            Appointment.advisor_id == advisor_id,
            col(Appointment.status).in_([AppointmentStatus.BOOKED, AppointmentStatus.IN_CALL]),
        )
    ).all()
    found = []
    for appointment in appointments:
        for view in members(session=session, appointment_id=appointment.id or 0):
            if view.key != ADVISOR_KEY and view.status in (MemberStatus.WAITING, MemberStatus.ADMITTED):
                found.append((appointment, view))
    return sorted(found, key=lambda pair: pair[1].waiting_since)


def running_call(*, session: Session, advisor_id: int) -> int | None:
    """The appointment whose call this advisor is in (to take the seat back after a reload)."""
    row = session.exec(
        select(Appointment.id)
        .join(RoomMember, col(RoomMember.appointment_id) == Appointment.id)
        .where(
            Appointment.advisor_id == advisor_id,
            Appointment.status == AppointmentStatus.IN_CALL,
            RoomMember.member_key == ADVISOR_KEY,
        )
    ).first()
    return row


@dataclass(frozen=True)
class Seat:
    """A seat that the calling tab really holds, as the database says right now."""

    appointment_id: int
    key: str
    epoch: int
    status: MemberStatus
    advisor_id: int  # the appointment's advisor


def held_seat(
    *,
    session: Session,
    appointment_id: int,
    key: str,
    epoch: int,
    client_token: str,
    link_token: str = "",
    advisor_session: str = "",
    now: datetime | None = None,
    touch: bool = False,
) -> Seat | None:
    """Who calls, for every event of the call and the chat: the seat this tab holds, or None.

    The arguments come from server-side state only (the tab's bound appointment, key and epoch, its
    Reflex client token, the personal link or the advisor's session cookie). The seat must exist with
    this epoch and this tab as its holder, the appointment must still run, and the holder must still
    be entitled: a participant's link resolves (not revoked, cancelled or expired) to this very seat;
    the advisor's session is valid and the appointment is theirs. `touch` counts as the advisor's
    activity. A tab that missed its "declined" or "taken over" message is refused here.
    """
    if not appointment_id or not key or not client_token:
        return None
    member = seat(session=session, appointment_id=appointment_id, key=key)
    if member is None or member.epoch != epoch or member.client_token != client_token:
        return None
    appointment = session.get(Appointment, appointment_id)
    if appointment is None or appointment.status in (AppointmentStatus.DONE, AppointmentStatus.CANCELLED):
        return None
    if key == ADVISOR_KEY:
        advisor = current_advisor(session=session, session_token=advisor_session, now=now, touch=touch)
        if advisor is None or advisor.id != appointment.advisor_id:
            return None
    else:
        target = links.resolve(session=session, token=link_token, now=now)
        if (
            target is None
            or target.appointment.id != appointment_id
            or participant_key(target.participant.id or 0) != key
        ):
            return None
    return Seat(
        appointment_id=appointment_id,
        key=key,
        epoch=member.epoch,
        status=MemberStatus(member.status),
        advisor_id=appointment.advisor_id,
    )


MAX_CLIENT_TOKEN_LENGTH = 64  # the column's size; Reflex's tokens are 36-character UUIDs


def register_advisor_tab(*, session: Session, advisor_id: int, client_token: str, now: datetime | None = None) -> None:
    """This tab is now the advisor's workspace: waiting people are announced to it (the caller checked the session)."""
    if not client_token or len(client_token) > MAX_CLIENT_TOKEN_LENGTH:
        return
    presence = session.get(AdvisorPresence, advisor_id) or AdvisorPresence(
        advisor_id=advisor_id, client_token=client_token
    )
    presence.client_token, presence.seen_at = client_token, now or utcnow()
    session.add(presence)


def forget_advisor_tab(*, session: Session, client_token: str) -> None:
    """The tab's session ended (sign-out, expiry, deactivation): announce nothing to it any more."""
    if client_token:
        session.exec(delete(AdvisorPresence).where(col(AdvisorPresence.client_token) == client_token))


def room_figures(*, session: Session) -> tuple[int, int]:
    """(people waiting, calls running) over all appointments: two counting queries for `/metrics`."""
    waiting = session.exec(
        select(func.count()).select_from(RoomMember).where(RoomMember.status == MemberStatus.WAITING)
    ).one()
    calls = session.exec(
        select(func.count())
        .select_from(RoomMember)
        .join(Appointment, col(Appointment.id) == RoomMember.appointment_id)
        .where(RoomMember.member_key == ADVISOR_KEY, Appointment.status == AppointmentStatus.IN_CALL)
    ).one()
    return int(waiting), int(calls)


def purge_stale_presence(*, session: Session, now: datetime, max_age: timedelta) -> int:
    """Delete workspace-tab rows registered more than `max_age` ago (no commit); returns how many.

    A tab is registered when the advisor's workspace loads, inside a session; give the longest
    session lifetime as `max_age` and no deleted row can belong to a session still open.
    """
    result = session.exec(delete(AdvisorPresence).where(col(AdvisorPresence.seen_at) < now - max_age))
    return int(result.rowcount or 0)
