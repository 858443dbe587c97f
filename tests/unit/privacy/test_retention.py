"""The 90-day deletion: by the scheduled task, by the command, and at once on revocation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tests.services import Postgres
from tests.support import session_for
from tests.unit.privacy.helpers import booked
from tests.unit.test_cli import run_cli
from videotermin_app.core.models import (
    Advisor,
    Appointment,
    ConsentRecord,
    DeviceCheck,
    Participant,
    ParticipantRole,
)
from videotermin_app.privacy.retention import (
    appointment_end,
    blank_personal_data,
    purge_expired,
)
from videotermin_app.privacy.retention_task import purge_once
from videotermin_app.wizard.links import resolve

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # ends 9:30 (30 minutes)
END = START + timedelta(minutes=30)
PERSONAL = ("customer_number", "first_name", "last_name", "email", "role", "token_hash")
DEVICE = (
    "ip_address",
    "operating_system",
    "device",
    "browser",
    "upload_kbps",
    "download_kbps",
    "rtt_ms",
    "loss_percent",
    "jitter_ms",
    "quality",
)


def assert_blank(session: Session, participant_id: int) -> None:
    participant = session.get(Participant, participant_id)
    assert participant is not None and participant.purged_at is not None
    assert all(getattr(participant, name) is None for name in PERSONAL)
    for check in session.exec(select(DeviceCheck).where(DeviceCheck.participant_id == participant_id)).all():
        assert all(getattr(check, name) is None for name in DEVICE) and check.level in ("green", "yellow", "red")


def assert_intact(session: Session, participant_id: int) -> None:
    participant = session.get(Participant, participant_id)
    assert participant is not None and participant.purged_at is None
    assert participant.first_name == "Max" and participant.token_hash and participant.email
    for check in session.exec(select(DeviceCheck).where(DeviceCheck.participant_id == participant_id)).all():
        assert check.ip_address == "203.0.113.7" and check.browser == "Chrome 131"


@pytest.fixture
def two(session: Session, advisor: Advisor) -> tuple[int, int]:
    """An appointment that ended at END and one a day later, both with a device check."""
    old = booked(session, advisor, START, checks=("green",), done=True, call_minutes=20)
    young = booked(session, advisor, START + timedelta(days=1), checks=("red",))
    return old.invitations[0][0].id or 0, young.invitations[0][0].id or 0


def test_exactly_90_days_is_kept_a_moment_later_it_is_gone(session: Session, two: tuple[int, int]) -> None:
    old, young = two
    report = purge_expired(session=session, now=END + timedelta(days=90), retention_days=90)
    session.commit()
    assert (report.participants, report.device_checks, report.appointments) == (0, 0, 0)
    assert_intact(session, old)
    report = purge_expired(session=session, now=END + timedelta(days=90, seconds=1), retention_days=90)
    session.commit()
    assert (report.participants, report.device_checks, report.appointments) == (1, 1, 1)
    assert_blank(session, old)
    assert_intact(session, young)
    appointment = session.exec(select(Appointment).order_by(Appointment.start)).first()
    assert appointment is not None and appointment.purged_at is not None
    assert appointment.call_started_at == START and appointment.duration_minutes == 30  # for the statistics
    again = purge_expired(session=session, now=END + timedelta(days=90, seconds=1), retention_days=90)
    assert (again.participants, again.appointments) == (0, 0)  # idempotent


def test_a_call_that_ran_late_counts_from_its_real_end(session: Session, advisor: Advisor) -> None:
    booking = booked(session, advisor, START, call_minutes=75)
    assert appointment_end(booking.appointment) == START + timedelta(minutes=75)
    report = purge_expired(session=session, now=END + timedelta(days=90, minutes=1), retention_days=90)
    assert report.participants == 0
    report = purge_expired(session=session, now=START + timedelta(days=90, minutes=76), retention_days=90)
    assert report.participants == 1


def test_interpreter_share_is_kept_when_the_role_is_blanked(session: Session, advisor: Advisor) -> None:
    booking = booked(session, advisor, START, interpreter=True, call_minutes=20)
    purge_expired(session=session, now=END + timedelta(days=91), retention_days=90)
    session.commit()
    assert booking.appointment.has_interpreter is True
    assert all(p.role is None for p in session.exec(select(Participant)).all())


def test_scheduled_task_iteration_purges_with_the_given_clock(configured: str, two: tuple[int, int]) -> None:
    old, young = two
    assert purge_once(now=END + timedelta(days=90)).participants == 0  # type: ignore[union-attr]
    report = purge_once(now=END + timedelta(days=90, hours=1))
    assert report is not None and report.participants == 1
    with session_for(configured) as session:
        assert_blank(session, old)
        assert_intact(session, young)


def test_scheduled_task_survives_a_broken_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from videotermin_app.core.db import get_engine
    from videotermin_app.core.settings import get_settings

    monkeypatch.setenv("VT_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")  # no tables
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        assert purge_once(now=END) is None
    finally:
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()


def test_purge_command(db_url: str, tmp_path: Path, two: tuple[int, int]) -> None:
    old, young = two
    result = run_cli(db_url, tmp_path, "purge", "--now", (END + timedelta(days=90)).isoformat())
    assert result.returncode == 0, result.stderr
    assert "purged 0 participant(s)" in result.stdout
    result = run_cli(db_url, tmp_path, "purge", "--now", (END + timedelta(days=91)).isoformat())
    assert result.returncode == 0, result.stderr
    assert "purged 1 participant(s), 1 device check(s), 1 appointment(s)" in result.stdout
    with session_for(db_url) as session:
        assert_blank(session, old)
        assert_intact(session, young)


@pytest.mark.parametrize("args", [["--now", "gestern"], ["--now", "2999-01-01T00:00"], ["--days", "3"]])
def test_bad_purge_arguments_exit_2_and_delete_nothing(
    db_url: str, tmp_path: Path, two: tuple[int, int], args: list[str]
) -> None:
    result = run_cli(db_url, tmp_path, "purge", *args)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    with session_for(db_url) as session:
        assert_intact(session, two[0])


def test_revocation_blanks_at_once(session: Session, advisor: Advisor) -> None:
    now = START - timedelta(hours=2)
    booking = booked(session, advisor, START, checks=("yellow",))
    client, token = booking.invitations[0]
    session.add(
        ConsentRecord(
            participant_id=client.id or 0, text_version="2025-05", given_at=now - timedelta(hours=1), revoked_at=now
        )
    )
    assert blank_personal_data(session=session, participant=client, now=now) == 1
    session.commit()
    assert_blank(session, client.id or 0)
    assert resolve(session=session, token=token, now=now) is None  # the link is dead at once
    consent = session.exec(select(ConsentRecord)).one()  # kept: no personal data left in it
    assert consent.revoked_at is not None and consent.participant_id == client.id
    assert blank_personal_data(session=session, participant=client, now=now) == 0
    assert client.role is None and ParticipantRole.CLIENT not in [p.role for p in session.exec(select(Participant))]


def test_the_app_runs_the_purge_as_a_lifespan_task(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from videotermin_app.privacy import retention_task
    from videotermin_app.videotermin_app import app

    assert retention_task.retention_loop in app.get_lifespan_tasks()
    calls: list[int] = []
    monkeypatch.setattr(retention_task, "purge_once", lambda: calls.append(1))
    monkeypatch.setattr(retention_task, "PURGE_INTERVAL_SECONDS", 0)

    async def run_briefly() -> None:
        task = asyncio.create_task(retention_task.retention_loop())
        while len(calls) < 3:
            await asyncio.sleep(0.01)
        task.cancel()

    asyncio.run(asyncio.wait_for(run_briefly(), 30))
    assert len(calls) >= 3  # purges at start, then again after each interval


def test_purge_and_reshuffle_on_postgresql(postgres: Postgres) -> None:
    """Production runs PostgreSQL: FOR UPDATE SKIP LOCKED and the survey reshuffle for real."""
    from tests.support import migrate
    from videotermin_app.accounts.advisors import create_advisor
    from videotermin_app.core.models import SurveyAnswer
    from videotermin_app.privacy.survey import reshuffle_answers

    with postgres.fresh_database() as url:
        migrate(url)
        with session_for(url) as session:
            advisor = create_advisor(session=session, email="pg@example.org", name="P", password="lang-genug-123")
            old = booked(session, advisor, START, checks=("green",), interpreter=True, call_minutes=20)
            booked(session, advisor, START + timedelta(days=1))
            session.add_all([SurveyAnswer(iso_week="2026-W02", ease=n) for n in (1, 2, 3)])
            session.commit()
            report = purge_expired(session=session, now=END + timedelta(days=90, hours=1), retention_days=90)
            assert (report.participants, report.device_checks, report.appointments) == (2, 1, 1)
            assert reshuffle_answers(session=session) == 3
            session.commit()
            assert_blank(session, old.invitations[0][0].id or 0)
            assert sorted(session.exec(select(SurveyAnswer.ease)).all()) == [1, 2, 3]
