from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from tests.unit.conftest import NOW
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.models import Advisor, AppointmentStatus, ConsentRecord
from videotermin_app.core.routes import personal_link
from videotermin_app.core.tokens import new_token
from videotermin_app.wizard.links import GRACE_AFTER_END, resolve


def _booked(session: Session, advisor: Advisor):  # type: ignore[no-untyped-def]
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=NOW + timedelta(hours=2),
        duration_minutes=30,
        now=NOW,
        client=PersonInput("Max", "Mustermann", "max@example.org", customer_number="123D456789"),
    )
    session.commit()
    return booking


def test_valid_token_resolves_from_invitation_until_grace_after_end(session: Session, advisor: Advisor) -> None:
    booking = _booked(session, advisor)
    participant, token = booking.invitations[0]
    target = resolve(session=session, token=token, now=NOW)
    assert target is not None and target.participant.id == participant.id and target.advisor.id == advisor.id
    end = booking.appointment.start + timedelta(minutes=30)
    assert resolve(session=session, token=token, now=end + GRACE_AFTER_END) is not None
    assert resolve(session=session, token=token, now=end + GRACE_AFTER_END + timedelta(seconds=1)) is None


def test_unknown_malformed_cancelled_revoked_all_resolve_to_none(session: Session, advisor: Advisor) -> None:
    booking = _booked(session, advisor)
    participant, token = booking.invitations[0]
    assert resolve(session=session, token=new_token()[0], now=NOW) is None
    assert resolve(session=session, token="x", now=NOW) is None
    assert resolve(session=session, token=token[:-1], now=NOW) is None
    session.add(
        ConsentRecord(
            participant_id=participant.id or 0,
            text_version="2025-05",
            given_at=NOW,
            revoked_at=NOW + timedelta(minutes=1),
        )
    )
    session.commit()
    assert resolve(session=session, token=token, now=NOW) is None

    other = book_appointment(
        session=session,
        advisor=advisor,
        start=NOW + timedelta(days=3),
        duration_minutes=30,
        now=NOW,
        client=PersonInput("Eva", "Muster", "eva@example.org", customer_number="999X111"),
    )
    other.appointment.status = AppointmentStatus.CANCELLED
    session.commit()
    assert resolve(session=session, token=other.invitations[0][1], now=NOW) is None


def test_times_come_back_aware_in_utc(session: Session, advisor: Advisor) -> None:
    booking = _booked(session, advisor)
    session.expire_all()
    target = resolve(session=session, token=booking.invitations[0][1], now=NOW)
    assert target is not None
    assert target.appointment.start.tzinfo is not None
    assert target.appointment.start == datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


def test_personal_link_shape() -> None:
    assert personal_link("https://x.example/", "abc") == "https://x.example/vkid/abc"


def test_the_language_chosen_on_the_page_is_kept_for_the_mails(session: Session, advisor: Advisor) -> None:
    from videotermin_app.wizard.links import remember_language

    booking = _booked(session, advisor)
    participant, token = booking.invitations[0]
    assert participant.language == "de"
    assert remember_language(session=session, token=token, language="uk", now=NOW) is True
    session.commit()
    session.refresh(participant)
    assert participant.language == "uk"
    assert remember_language(session=session, token=token, language="uk", now=NOW) is False
    assert remember_language(session=session, token=token, language="<script>", now=NOW) is True  # unknown: German
    assert participant.language == "de"
    assert remember_language(session=session, token=new_token()[0], language="ar", now=NOW) is False
