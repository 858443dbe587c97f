"""Consent service: version, no IP before consent, decline, revoke blanks exactly the personal columns."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from tests.unit.conftest import NOW
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.models import Advisor, DeviceCheck, Participant, ParticipantRole
from videotermin_app.device_check import results as device_results
from videotermin_app.device_check.metrics import CheckMetrics
from videotermin_app.privacy import retention, revocation
from videotermin_app.wizard import consent, links
from videotermin_app.wizard.consent import ConsentError
from videotermin_app.wizard.consent_text import CONSENT_VERSION, consent_text

UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
METRICS = CheckMetrics(
    upload_kbps=2000,
    download_kbps=1800,
    rtt_ms=40,
    loss_percent=0.5,
    jitter_ms=4,
    frames_received=100,
    audio_received=True,
    video_fps=30,
)


def _book(session: Session, advisor: Advisor) -> tuple[Participant, str]:
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=NOW + timedelta(days=1),
        duration_minutes=30,
        now=NOW,
        client=PersonInput("Ayşe", "Yılmaz", "ayse@example.org", customer_number="123D456789"),
    )
    session.commit()
    participant, token = booking.invitations[0]
    return participant, token


def _store(session: Session, participant: Participant) -> DeviceCheck | None:
    return device_results.record_check(
        session=session,
        participant=participant,
        now=NOW,
        level="green",
        metrics=METRICS,
        user_agent=UA,
        ip_address="203.0.113.7",
        relay_ok=True,
    )


def test_consent_text_is_versioned_and_complete() -> None:
    text = consent_text(retention_days=90)
    assert text.version == CONSENT_VERSION and CONSENT_VERSION in text.version_label
    assert len(text.points) == 5
    assert "nach 90 Tagen automatisch gelöscht" in text.points[1].text
    assert "nach 30 Tagen" in consent_text(retention_days=30).points[1].text
    stored = " ".join(text.points[1].items)
    for word in (
        "Kundennummer",
        "Vorname und Nachname",
        "Rolle",
        "IP-Adresse",
        "Betriebssystem",
        "Endgerät",
        "Browser",
        "Upload- und Downloadrate",
        "Übertragungsqualität",
    ):
        assert word in stored


def test_give_stores_version_and_time(session: Session, advisor: Advisor) -> None:
    participant, _token = _book(session, advisor)
    assert not consent.has_consent(session=session, participant=participant)
    record = consent.give(session=session, participant=participant, now=NOW)
    assert record.text_version == CONSENT_VERSION and record.given_at == NOW
    assert consent.has_consent(session=session, participant=participant)
    assert consent.give(session=session, participant=participant, now=NOW + timedelta(minutes=1)).id == record.id


def test_nothing_about_the_device_is_stored_before_consent(session: Session, advisor: Advisor) -> None:
    participant, _token = _book(session, advisor)
    assert _store(session, participant) is None
    consent.decline(session=session, participant=participant, now=NOW)
    assert _store(session, participant) is None
    assert session.exec(select(DeviceCheck)).all() == []
    consent.give(session=session, participant=participant, now=NOW)
    check = _store(session, participant)
    assert check is not None and check.ip_address == "203.0.113.7" and check.browser == "Chrome 131"
    assert check.operating_system == "Android 14" and check.quality == "green" and check.upload_kbps == 2000


def _rows(session: Session) -> dict[str, list[dict[str, object]]]:
    """Every row of every table, as column -> value."""
    session.flush()
    return {
        table.name: sorted((dict(row._mapping) for row in session.connection().execute(sa.select(table))), key=repr)
        for table in SQLModel.metadata.sorted_tables
    }


def test_decline_is_recorded_without_ip_and_can_be_changed(session: Session, advisor: Advisor) -> None:
    participant, _token = _book(session, advisor)
    before = _rows(session)
    assert _store(session, participant) is None
    record = consent.decline(session=session, participant=participant, now=NOW)
    assert _store(session, participant) is None
    assert record.declined_at == NOW and record.given_at is None and record.text_version == CONSENT_VERSION
    # everything stored before a consent, exactly: one consent row with these columns, nothing else anywhere
    after = _rows(session)
    assert {name: rows for name, rows in after.items() if rows != before[name]} == {
        "consentrecord": [
            {
                "id": record.id,
                "participant_id": participant.id,
                "text_version": CONSENT_VERSION,
                "given_at": None,
                "declined_at": NOW,
                "revoked_at": None,
            }
        ]
    }
    assert consent.status(session=session, participant=participant).declined
    consent.give(session=session, participant=participant, now=NOW + timedelta(minutes=2))
    status = consent.status(session=session, participant=participant)
    assert status.given and not status.declined
    with pytest.raises(ConsentError):
        consent.decline(session=session, participant=participant, now=NOW)


def test_revoke_blanks_exactly_the_personal_columns(session: Session, advisor: Advisor) -> None:
    participant, token = _book(session, advisor)
    participant.role = ParticipantRole.CLIENT
    consent.give(session=session, participant=participant, now=NOW)
    check = _store(session, participant)
    assert check is not None
    session.commit()
    before_participant = participant.model_dump()
    before_check = check.model_dump()
    later = NOW + timedelta(hours=1)
    revocation.revoke(session=session, participant=participant, now=later)
    session.commit()
    session.refresh(participant)
    session.refresh(check)
    after_participant, after_check = participant.model_dump(), check.model_dump()
    changed = {k for k in before_participant if before_participant[k] != after_participant[k]}
    assert changed == {"first_name", "last_name", "customer_number", "email", "role", "token_hash", "purged_at"}
    assert all(after_participant[k] is None for k in retention.PARTICIPANT_PERSONAL_COLUMNS)
    assert after_participant["purged_at"] == later
    changed = {k for k in before_check if before_check[k] != after_check[k]}
    assert changed == set(retention.DEVICE_PERSONAL_COLUMNS)
    assert all(after_check[k] is None for k in retention.DEVICE_PERSONAL_COLUMNS)
    assert after_check["level"] == "green"
    record = consent.latest(session=session, participant=participant)
    assert record is not None and record.revoked_at == later
    assert links.resolve(session=session, token=token, now=NOW) is None
    with pytest.raises(ConsentError):
        consent.give(session=session, participant=participant, now=later)


def test_revoke_without_consent_is_refused(session: Session, advisor: Advisor) -> None:
    participant, _token = _book(session, advisor)
    with pytest.raises(ConsentError):
        revocation.revoke(session=session, participant=participant, now=NOW)
    consent.decline(session=session, participant=participant, now=NOW)
    with pytest.raises(ConsentError):
        revocation.revoke(session=session, participant=participant, now=NOW)
    assert participant.first_name == "Ayşe"
