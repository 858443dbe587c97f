"""Revocation at any time: through the link of a mail (its own token, working for the whole retention
period), by the advisor for a revocation by phone or letter, and whatever the person decided before."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tests.unit.conftest import NOW
from tests.unit.privacy.helpers import booked
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.core import revocation_tokens
from videotermin_app.core.models import Advisor, Appointment, ConsentRecord, MemberStatus, Participant, RevocationLink
from videotermin_app.core.settings import load_settings
from videotermin_app.core.tokens import new_token
from videotermin_app.mail.notify import mails_for_appointment, mails_for_booking
from videotermin_app.privacy import revocation, revocation_links
from videotermin_app.privacy.retention import purge_expired
from videotermin_app.room import rooms
from videotermin_app.wizard import consent
from videotermin_app.wizard.consent import ConsentError
from videotermin_app.wizard.links import resolve

START = NOW + timedelta(days=1)


def _client(session: Session, advisor: Advisor) -> tuple[int, Participant, str]:
    """A booked client (a green device check done) and the revocation token of their invitation mail."""
    booking = booked(session, advisor, START, checks=("green",))
    client = booking.invitations[0][0]
    token = revocation_tokens.issue(session=session, participant_id=client.id or 0, now=NOW)
    session.commit()
    return booking.appointment.id or 0, client, token


def _token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


def test_every_mail_carries_a_revocation_link_of_its_own(session: Session, advisor: Advisor, tmp_path: Path) -> None:
    settings = load_settings({"VT_OUTBOX_DIR": str(tmp_path), "VT_BASE_URL": "https://vk.example.de"})
    booking = booked(session, advisor, START)
    links = [m.data.revoke_link for m in mails_for_booking(session=session, booking=booking, settings=settings)]
    for kind in ("invitation", "change", "cancellation"):
        mails = mails_for_appointment(session=session, appointment=booking.appointment, kind=kind, settings=settings)  # type: ignore[arg-type]
        links += [m.data.revoke_link for m in mails]
    session.commit()
    assert len(links) == 4 and len(set(links)) == 4
    assert all(link.startswith("https://vk.example.de/widerruf/") for link in links)
    client = booking.invitations[0][0]
    for link in links:  # every one still works, also after the personal link was renewed
        found = revocation_links.look_up(session=session, token=_token_of(link))
        assert found == revocation_links.MailLink(participant_id=client.id or 0, revoked=False)
    hashes = set(session.exec(select(RevocationLink.token_hash)).all())
    assert all(_token_of(link) not in hashes for link in links)  # only hashes are stored


def test_unknown_and_malformed_tokens_are_neutral(session: Session, advisor: Advisor) -> None:
    _client(session, advisor)
    for token in ("", "x", "../../etc", new_token()[0], "a" * 500):
        assert revocation_links.look_up(session=session, token=token) is None
        assert revocation_links.withdraw_by_link(session=session, token=token, now=NOW) is None


def test_the_mail_link_revokes_after_the_appointment_and_without_a_consent(session: Session, advisor: Advisor) -> None:
    _aid, client, token = _client(session, advisor)
    long_after = START + timedelta(days=30)  # the personal link expired long ago
    outcome = revocation_links.withdraw_by_link(session=session, token=token, now=long_after)
    session.commit()
    assert outcome is not None and outcome[1] is not None
    session.refresh(client)
    assert client.purged_at == long_after and client.first_name is None and client.email is None
    assert consent.status(session=session, participant=client).revoked
    assert revocation_links.look_up(session=session, token=token) == revocation_links.MailLink(
        participant_id=client.id or 0, revoked=True
    )
    again = revocation_links.withdraw_by_link(session=session, token=token, now=long_after)
    assert again is not None and again[1] is None  # nothing happens twice


def test_a_revocation_link_of_data_the_retention_deleted_is_neutral(session: Session, advisor: Advisor) -> None:
    _aid, _client_row, token = _client(session, advisor)
    purge_expired(session=session, now=START + timedelta(days=91), retention_days=90)
    session.commit()
    assert revocation_links.look_up(session=session, token=token) is None
    assert session.exec(select(RevocationLink)).all() == []  # the links go with the purged appointment


def test_withdraw_works_for_an_outdated_and_a_declined_consent(session: Session, advisor: Advisor) -> None:
    booking = booked(session, advisor, START, interpreter=True)
    client, interpreter = (p for p, _t in booking.invitations)
    consent.give(session=session, participant=client, now=NOW, version="2020-01")
    consent.decline(session=session, participant=interpreter, now=NOW)
    for person in (client, interpreter):
        revocation.withdraw(session=session, participant=person, now=NOW + timedelta(hours=1))
        assert consent.status(session=session, participant=person).revoked
        assert person.purged_at is not None
        with pytest.raises(ConsentError):
            revocation.withdraw(session=session, participant=person, now=NOW + timedelta(hours=2))
    session.commit()
    for _person, token in booking.invitations:
        assert resolve(session=session, token=token, now=NOW) is None


def test_the_advisor_records_a_revocation_and_the_person_leaves_the_room(session: Session, advisor: Advisor) -> None:
    appointment_id, client, _token = _client(session, advisor)
    session.add(ConsentRecord(participant_id=client.id or 0, text_version="2025-05", given_at=NOW))
    session.commit()
    appointment = session.get_one(Appointment, appointment_id)
    rooms.join(session=session, participant=client, appointment=appointment, client_token="tab-c", now=START)
    session.commit()
    done = revocation_links.record_for_advisor(
        session=session, advisor=advisor, appointment_id=appointment_id, participant_id=client.id or 0, now=START
    )
    session.commit()
    assert done.departure is not None and done.departure.client_token == "tab-c"
    seat = rooms.seat(session=session, appointment_id=appointment_id, key=rooms.participant_key(client.id or 0))
    assert seat is not None and seat.status == MemberStatus.LEFT
    session.refresh(client)
    assert client.first_name is None and client.purged_at == START
    with pytest.raises(revocation_links.RevocationError, match="bereits"):
        revocation_links.record_for_advisor(
            session=session, advisor=advisor, appointment_id=appointment_id, participant_id=client.id or 0, now=START
        )


def test_an_advisor_cannot_record_for_someone_else(session: Session, advisor: Advisor) -> None:
    appointment_id, client, _token = _client(session, advisor)
    other = create_advisor(session=session, email="b.berater@example.org", name="Bert", password="sehr-geheim-123")
    other_booking = booked(session, other, START + timedelta(hours=2))
    session.commit()
    attempts = [
        (other, appointment_id, client.id or 0),  # not their appointment
        (advisor, other_booking.appointment.id or 0, client.id or 0),  # not their appointment either
        (advisor, appointment_id, other_booking.invitations[0][0].id or 0),  # a person of another appointment
        (advisor, appointment_id, 999_999),
        (advisor, 999_999, client.id or 0),
    ]
    for who, aid, pid in attempts:
        with pytest.raises(revocation_links.RevocationError, match="nicht zu Ihren Terminen"):
            revocation_links.record_for_advisor(
                session=session, advisor=who, appointment_id=aid, participant_id=pid, now=NOW
            )
    session.rollback()
    session.refresh(client)
    assert client.purged_at is None and not consent.status(session=session, participant=client).revoked
