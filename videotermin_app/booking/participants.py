"""Adding and removing people of a booked appointment (the client stays; cancel the appointment instead).

Plain Python, the caller owns the transaction: everything is checked before anything is written.
A removed person keeps their row (consent and device-check records follow the retention rules) but
gets `removed_at`, and both their link hashes are cleared, so `wizard.links.resolve` refuses their
links from this transaction's commit on; lists and mails skip them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, delete, select

from videotermin_app.booking.appointments import end_of, owned_appointment
from videotermin_app.booking.booking import TOO_MANY, Booking, BookingError, PersonInput, clean_person
from videotermin_app.core.capacity import MAX_INVITED
from videotermin_app.core.i18n import N_
from videotermin_app.core.labels import role_label
from videotermin_app.core.models import (
    Advisor,
    Appointment,
    AppointmentStatus,
    Participant,
    ParticipantRole,
    ParticipantTab,
    utcnow,
)
from videotermin_app.core.tokens import new_token


def present(*, session: Session, appointment_id: int) -> list[Participant]:
    """The people of an appointment who still take part (not removed), in booking order."""
    return list(
        session.exec(
            select(Participant)
            .where(Participant.appointment_id == appointment_id, col(Participant.removed_at).is_(None))
            .order_by(col(Participant.id))
        ).all()
    )


def _open(appointment: Appointment, now: datetime) -> None:
    """People can be added or removed while the appointment is booked or its call runs."""
    if appointment.status == AppointmentStatus.CANCELLED:
        raise BookingError(N_("Dieser Termin ist bereits abgesagt."))
    running = appointment.status == AppointmentStatus.IN_CALL
    if not running and (appointment.status != AppointmentStatus.BOOKED or end_of(appointment) <= now):
        raise BookingError(N_("Dieser Termin hat schon stattgefunden."))


def add_participant(
    *, session: Session, advisor: Advisor, appointment_id: int, person: PersonInput, now: datetime
) -> Booking:
    """Invite one more person (not a client) to the advisor's open appointment (no commit); the
    returned booking holds their plain token for the invitation mail."""
    if not advisor.active:
        raise BookingError(N_("Dieses Beratungskonto ist deaktiviert."))
    appointment = owned_appointment(session=session, advisor=advisor, appointment_id=appointment_id)
    _open(appointment, now)
    if person.role == ParticipantRole.CLIENT:
        raise BookingError(N_("Bitte wählen Sie die Rolle der Person."), field="role")
    clean = clean_person(person, "")
    people = present(session=session, appointment_id=appointment.id or 0)
    if len(people) >= MAX_INVITED:
        raise BookingError(TOO_MANY, max=MAX_INVITED)
    if any((p.email or "").lower() == clean.email.lower() for p in people if p.purged_at is None):
        raise BookingError(N_("Diese E-Mail-Adresse ist zu diesem Termin bereits eingeladen."), field="email")
    token, token_hash = new_token()
    participant = Participant(
        appointment_id=appointment.id or 0,
        role=clean.role,
        first_name=clean.first_name,
        last_name=clean.last_name,
        email=clean.email,
        token_hash=token_hash,
        invited_at=now,
    )
    session.add(participant)
    session.flush()
    return Booking(appointment=appointment, invitations=[(participant, token)])


def remove_participant(
    *, session: Session, advisor: Advisor, appointment_id: int, participant_id: int, now: datetime
) -> Participant:
    """Take one person (not the client) off the advisor's open appointment (no commit)."""
    appointment = owned_appointment(session=session, advisor=advisor, appointment_id=appointment_id)
    _open(appointment, now)
    participant = session.get(Participant, participant_id)
    if participant is None or participant.appointment_id != appointment.id or participant.removed_at is not None:
        raise BookingError(N_("Diese Person gehört nicht (mehr) zu diesem Termin."))
    if participant.role == ParticipantRole.CLIENT:
        raise BookingError(
            N_("Die Kundin oder der Kunde kann nicht entfernt werden. Sagen Sie stattdessen den Termin ab.")
        )
    participant.removed_at = now
    participant.token_hash = None
    participant.reminder_token_hash = None
    session.add(participant)
    session.flush()
    return participant


@dataclass(frozen=True)
class OtherPerson:
    role_label: str  # German, from core.labels (translated when shown)
    name: str


def others_of(*, session: Session, participant: Participant) -> list[OtherPerson]:
    """Who else with a link will join this person's appointment: role and name, never the e-mail."""
    return [
        OtherPerson(
            role_label=role_label(str(getattr(p.role, "value", p.role or "client"))),
            name=f"{p.first_name or ''} {p.last_name or ''}".strip(),
        )
        for p in present(session=session, appointment_id=participant.appointment_id)
        if p.id != participant.id and p.purged_at is None
    ]


# Open tabs of a personal link, so a change of the appointment's people reaches them live (like the
# advisor's `AdvisorPresence`; the delivery is `booking.state_appointments.tell_people`).
MAX_TABS_PER_PERSON = 4  # the newest ones; an older tab learns of a change at its next action
MAX_CLIENT_TOKEN_LENGTH = 64


def register_tab(*, session: Session, participant_id: int, client_token: str, now: datetime | None = None) -> None:
    """This tab shows the person's link now (the caller resolved the link); keeps the newest few per person."""
    if not participant_id or not client_token or len(client_token) > MAX_CLIENT_TOKEN_LENGTH:
        return
    tab = session.get(ParticipantTab, client_token) or ParticipantTab(
        client_token=client_token, participant_id=participant_id
    )
    tab.participant_id, tab.seen_at = participant_id, now or utcnow()
    session.add(tab)
    session.flush()
    older = session.exec(
        select(ParticipantTab.client_token)
        .where(ParticipantTab.participant_id == participant_id)
        .order_by(col(ParticipantTab.seen_at).desc())
        .offset(MAX_TABS_PER_PERSON)
    ).all()
    if older:
        session.exec(delete(ParticipantTab).where(col(ParticipantTab.client_token).in_(older)))


def tabs_of_appointment(*, session: Session, appointment_id: int) -> list[str]:
    """The open tabs of everyone invited to the appointment, removed people included (they must leave)."""
    people = select(Participant.id).where(Participant.appointment_id == appointment_id)
    return list(
        session.exec(select(ParticipantTab.client_token).where(col(ParticipantTab.participant_id).in_(people))).all()
    )


def forget_tabs(*, session: Session, participant_id: int) -> None:
    """Nothing more is delivered to this person's tabs (removed, after they were told)."""
    session.exec(delete(ParticipantTab).where(col(ParticipantTab.participant_id) == participant_id))
