"""The advisor's readiness board: what the list knows of each booked person, and its German words."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from tests.unit.conftest import NOW
from videotermin_app.booking.booking import Booking, PersonInput, book_appointment
from videotermin_app.booking.readiness import Readiness, readiness
from videotermin_app.booking.rows import readiness_labels
from videotermin_app.core.models import (
    Advisor,
    ConsentRecord,
    DeviceCheck,
    MemberStatus,
    ParticipantRole,
    RoomMember,
)
from videotermin_app.wizard import links

BERLIN = ZoneInfo("Europe/Berlin")
START = NOW + timedelta(hours=1)


@pytest.fixture
def booking(session: Session, advisor: Advisor) -> Booking:
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=START,
        duration_minutes=30,
        now=NOW,
        client=PersonInput("Max", "Mustermann", "max@example.org", customer_number="123D456789"),
        others=[
            PersonInput("Olga", "Dolmetsch", "olga@example.org", role=ParticipantRole.INTERPRETER),
            PersonInput("Rita", "Recht", "rita@example.org", role=ParticipantRole.REPRESENTATIVE),
        ],
    )
    session.commit()
    return booking


def test_each_person_has_their_own_state(session: Session, booking: Booking) -> None:
    client, interpreter, representative = (p for p, _token in booking.invitations)
    assert links.mark_opened(session=session, participant=client, now=NOW) is True
    assert links.mark_opened(session=session, participant=client, now=NOW + timedelta(minutes=5)) is False
    session.add(ConsentRecord(participant_id=client.id or 0, text_version="v", given_at=NOW))
    session.add(DeviceCheck(participant_id=client.id or 0, level="red", browser="Firefox 140", device="Desktop"))
    session.add(DeviceCheck(participant_id=client.id or 0, level="green", browser="Chrome 156", device="Pixel 8"))
    session.add(ConsentRecord(participant_id=interpreter.id or 0, text_version="v", declined_at=NOW))
    session.add(ConsentRecord(participant_id=representative.id or 0, text_version="v", given_at=NOW, revoked_at=NOW))
    session.add(ConsentRecord(participant_id=representative.id or 0, text_version="v", given_at=NOW))
    session.add(
        RoomMember(
            appointment_id=booking.appointment.id or 0,
            member_key=f"p{client.id}",
            client_token="tab",
            status=MemberStatus.WAITING,
            waiting_since=NOW + timedelta(minutes=2),
        )
    )
    session.commit()

    board = readiness(session=session, people=[client, interpreter, representative])

    assert board[client.id or 0] == Readiness(
        opened_at=NOW,
        consent="given",
        check="green",  # the latest check
        browser="Chrome 156",
        device="Pixel 8",
        waiting_since=NOW + timedelta(minutes=2),
    )
    assert board[interpreter.id or 0] == Readiness(consent="declined")
    assert board[representative.id or 0] == Readiness(consent="revoked")  # a revocation in the history wins


def test_the_words_for_the_advisor() -> None:
    now = NOW
    waiting = Readiness(
        opened_at=now - timedelta(minutes=30),
        consent="given",
        check="yellow",
        browser="Safari 18",
        operating_system="iOS 18",
        waiting_since=now,
    )
    local = now.astimezone(BERLIN)
    labels = readiness_labels(waiting, now=now, tz=BERLIN)
    assert labels == {
        "consent": "given",
        "check": "yellow",
        "opened_label": f"Link geöffnet: {(local - timedelta(minutes=30)):%H:%M} Uhr"
        if (local - timedelta(minutes=30)).date() == local.date()
        else labels["opened_label"],
        "consent_label": "Eingewilligt",
        "check_label": "Geräteprüfung: eingeschränkt (Safari 18 · iOS 18)",
        "place_label": f"wartet seit {local:%H:%M} Uhr",
    }
    assert readiness_labels(Readiness(), now=now, tz=BERLIN) == {
        "consent": "none",
        "check": "none",
        "opened_label": "Link noch nicht geöffnet",
        "consent_label": "Noch keine Einwilligung",
        "check_label": "Noch keine Geräteprüfung",
        "place_label": "",
    }
    assert readiness_labels(Readiness(in_call=True), now=now, tz=BERLIN)["place_label"] == "im Gespräch"
