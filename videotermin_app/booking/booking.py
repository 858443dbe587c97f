"""Booking rules: who can be invited when, and what is stored for it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, select

from videotermin_app.core.capacity import MAX_INVITED
from videotermin_app.core.i18n import DEFAULT_LANGUAGE, N_, UserError, normalized
from videotermin_app.core.models import Advisor, Appointment, AppointmentStatus, Participant, ParticipantRole, utcnow
from videotermin_app.core.tokens import new_token

MIN_DURATION = 5
MAX_DURATION = 240
TOO_MANY = N_(
    "Zu einem Termin können höchstens {max} Personen eingeladen werden (mit Ihnen sind dann alle Plätze "
    "im Videogespräch belegt)."
)
_CUSTOMER_NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /-]{2,38}$")


class BookingError(UserError, ValueError):
    """A booking that cannot be made; `field` names the form field, the message is a marked German text."""

    def __init__(self, message: str, /, *, field: str = "", **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


@dataclass(frozen=True)
class PersonInput:
    first_name: str
    last_name: str
    email: str
    role: ParticipantRole = ParticipantRole.CLIENT
    customer_number: str | None = None
    language: str = DEFAULT_LANGUAGE  # of the person's mails


@dataclass
class Booking:
    appointment: Appointment
    # participant and the plain token of their personal link (only known right now)
    invitations: list[tuple[Participant, str]] = field(default_factory=list)


def clean_person(person: PersonInput, prefix: str) -> PersonInput:
    first, last = person.first_name.strip(), person.last_name.strip()
    if not first:
        raise BookingError(N_("Bitte geben Sie den Vornamen an."), field=f"{prefix}first_name")
    if not last:
        raise BookingError(N_("Bitte geben Sie den Nachnamen an."), field=f"{prefix}last_name")
    if len(first) > 100 or len(last) > 100:
        raise BookingError(N_("Der Name ist zu lang (höchstens 100 Zeichen)."), field=f"{prefix}last_name")
    try:
        email = validate_email(person.email.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise BookingError(
            N_("Die E-Mail-Adresse „{email}“ ist ungültig. Bitte prüfen Sie sie."),
            field=f"{prefix}email",
            email=person.email.strip(),
        ) from None
    number = None
    if person.role == ParticipantRole.CLIENT:
        number = (person.customer_number or "").strip()
        if not _CUSTOMER_NUMBER_RE.match(number):
            raise BookingError(
                N_("Bitte geben Sie eine gültige Kundennummer an (3 bis 39 Zeichen, Buchstaben und Ziffern)."),
                field=f"{prefix}customer_number",
            )
    return PersonInput(
        first_name=first,
        last_name=last,
        email=email,
        role=person.role,
        customer_number=number,
        language=normalized(person.language),
    )


def check_slot(
    *,
    session: Session,
    advisor: Advisor,
    start: datetime,
    duration_minutes: int,
    now: datetime,
    ignore_appointment_id: int | None = None,
) -> None:
    if start.tzinfo is None:
        raise BookingError(N_("Der Beginn braucht eine Zeitzone."), field="start")
    if start < now:
        raise BookingError(N_("Der Beginn liegt in der Vergangenheit."), field="start")
    if not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        raise BookingError(
            N_("Die Dauer muss zwischen {min} und {max} Minuten liegen."),
            field="duration",
            min=MIN_DURATION,
            max=MAX_DURATION,
        )
    end = start + timedelta(minutes=duration_minutes)
    others = session.exec(
        select(Appointment).where(
            Appointment.advisor_id == advisor.id,
            Appointment.status != AppointmentStatus.CANCELLED,
            Appointment.start < end,
            Appointment.start > start - timedelta(minutes=MAX_DURATION),
        )
    ).all()
    for other in others:
        if other.id == ignore_appointment_id:
            continue
        if other.start + timedelta(minutes=other.duration_minutes) > start:
            raise BookingError(N_("Zu dieser Zeit haben Sie bereits einen Termin."), field="start")


def book_appointment(
    *,
    session: Session,
    advisor: Advisor,
    start: datetime,
    duration_minutes: int,
    client: PersonInput,
    others: list[PersonInput] | None = None,
    now: datetime | None = None,
) -> Booking:
    """Validate everything first, then write the appointment and its participants (no commit)."""
    now = now or utcnow()
    if not advisor.active:
        raise BookingError(N_("Dieses Beratungskonto ist deaktiviert."))
    if 1 + len(others or []) > MAX_INVITED:
        raise BookingError(TOO_MANY, max=MAX_INVITED)
    people = [clean_person(client, "")]
    for index, person in enumerate(others or []):
        if person.role == ParticipantRole.CLIENT:
            raise BookingError(N_("Weitere Teilnehmende brauchen eine Rolle."), field=f"other{index}_role")
        people.append(clean_person(person, f"other{index}_"))
    check_slot(session=session, advisor=advisor, start=start, duration_minutes=duration_minutes, now=now)

    appointment = Appointment(advisor_id=advisor.id or 0, start=start, duration_minutes=duration_minutes)
    session.add(appointment)
    session.flush()
    booking = Booking(appointment=appointment)
    for person in people:
        token, token_hash = new_token()
        participant = Participant(
            appointment_id=appointment.id or 0,
            role=person.role,
            first_name=person.first_name,
            last_name=person.last_name,
            customer_number=person.customer_number,
            email=person.email,
            language=person.language,
            token_hash=token_hash,
            invited_at=now,
        )
        session.add(participant)
        booking.invitations.append((participant, token))
    session.flush()
    return booking
