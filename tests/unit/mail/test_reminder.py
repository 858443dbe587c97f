"""The reminder mail: due `VT_REMINDER_HOURS` before the start, sent once (claimed in the database), with
its own personal link and a revocation link; not for cancelled appointments or revoked people."""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from tests.services import Postgres
from tests.support import SmtpCollector, closed_port, migrate, session_for
from tests.unit.conftest import NOW
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.booking.booking import Booking, PersonInput, book_appointment
from videotermin_app.core import revocation_tokens
from videotermin_app.core.models import Advisor, AppointmentStatus, Participant, ParticipantRole
from videotermin_app.core.settings import Settings, load_settings
from videotermin_app.mail import reminder
from videotermin_app.mail.notify import mails_for_appointment
from videotermin_app.mail.reminder_task import send_due_reminders
from videotermin_app.privacy.revocation import withdraw
from videotermin_app.wizard.links import resolve

START = NOW + timedelta(hours=30)
DUE = START - timedelta(hours=23)  # inside the 24-hour window
EARLY = START - timedelta(hours=25)


def _book(session: Session, advisor: Advisor, start=START, *, invited=NOW) -> Booking:  # type: ignore[no-untyped-def]
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=start,
        duration_minutes=30,
        now=invited,
        client=PersonInput("Erika", "Mustermann", "erika@example.org", customer_number="123D456789"),
        others=[PersonInput("Olga", "Petrova", "olga@example.org", role=ParticipantRole.INTERPRETER)],
    )
    session.commit()
    return booking


@contextmanager
def _app_database(monkeypatch: pytest.MonkeyPatch, url: str, tmp_path: Path, **env: str) -> Iterator[Settings]:
    """Point the process-wide settings and engine (used by `in_db_thread`) at `url`."""
    from videotermin_app.core.db import get_engine
    from videotermin_app.core.settings import get_settings

    values = {"VT_DATABASE_URL": url, "VT_OUTBOX_DIR": str(tmp_path / "outbox"), "VT_BASE_URL": "https://vk.example.de"}
    for key, value in {**values, **env}.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        yield get_settings()
    finally:
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()


def _smtp_env(controller: Controller) -> dict[str, str]:
    return {"VT_SMTP_URL": f"smtp://{controller.hostname}:{controller.port}"}


def test_due_only_inside_the_window_for_booked_appointments(session: Session, advisor: Advisor) -> None:
    booking = _book(session, advisor)
    ids = sorted(p.id or 0 for p, _t in booking.invitations)
    assert reminder.due(session=session, now=EARLY, hours=24) == []
    assert sorted(reminder.due(session=session, now=DUE, hours=24)) == ids
    assert reminder.due(session=session, now=START + timedelta(minutes=1), hours=24) == []  # started: too late
    assert reminder.due(session=session, now=DUE, hours=0) == []  # VT_REMINDER_HOURS=0: none
    booking.appointment.status = AppointmentStatus.CANCELLED
    session.add(booking.appointment)
    session.commit()
    assert reminder.due(session=session, now=DUE, hours=24) == []


def test_no_reminder_for_a_revoked_person_or_one_invited_inside_the_window(session: Session, advisor: Advisor) -> None:
    booking = _book(session, advisor)
    client, interpreter = (p for p, _t in booking.invitations)
    withdraw(session=session, participant=client, now=NOW + timedelta(hours=1))
    session.commit()
    assert reminder.due(session=session, now=DUE, hours=24) == [interpreter.id]
    late = _book(
        session, advisor, START + timedelta(hours=1), invited=DUE + timedelta(minutes=1)
    )  # the invitation is the reminder
    assert all(p.id not in reminder.due(session=session, now=DUE, hours=24) for p, _t in late.invitations)


def test_a_claim_is_taken_once(session: Session, advisor: Advisor) -> None:
    booking = _book(session, advisor)
    pid = booking.invitations[0][0].id or 0
    assert reminder.claim(session=session, participant_id=pid, now=DUE)
    assert not reminder.claim(session=session, participant_id=pid, now=DUE)
    session.commit()
    assert pid not in reminder.due(session=session, now=DUE, hours=24)


def test_the_reminder_goes_out_once_with_its_own_link_and_a_revocation_link(
    db_url: str,
    advisor: Advisor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: tuple[Controller, SmtpCollector],
) -> None:
    controller, handler = smtp_server
    with session_for(db_url) as session:
        booking = _book(session, advisor)
        tokens = {p.id: token for p, token in booking.invitations}
    with _app_database(monkeypatch, db_url, tmp_path, **_smtp_env(controller)) as settings:
        assert asyncio.run(send_due_reminders(settings=settings, now=DUE)) == 2
        assert asyncio.run(send_due_reminders(settings=settings, now=DUE + timedelta(minutes=1))) == 0  # a restart
    assert sorted(e.rcpt_tos[0] for e in handler.envelopes) == ["erika@example.org", "olga@example.org"]
    message = email.message_from_bytes(handler.envelopes[0].content, policy=email.policy.default)
    assert "Erinnerung" in str(message["Subject"])
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    link = next(w for w in text.split() if "/vkid/" in w)
    revoke = next(w for w in text.split() if "/widerruf/" in w)
    assert "https://vk.example.de/impressum" in text
    with session_for(db_url) as session:
        target = resolve(session=session, token=link.rsplit("/", 1)[1], now=DUE)
        assert target is not None and target.participant.email == message["To"].addresses[0].addr_spec
        assert tokens[target.participant.id] not in link  # a link of its own ...
        assert resolve(session=session, token=tokens[target.participant.id], now=DUE) is not None  # ... beside
        owner = revocation_tokens.participant_of(session=session, token=revoke.rsplit("/", 1)[1])
        assert owner is not None and owner.id == target.participant.id
        assert all(p.reminder_sent_at == DUE for p in session.exec(select(Participant)))


def test_a_change_of_time_gets_a_new_reminder_and_ends_the_old_reminder_link(
    session: Session, advisor: Advisor, tmp_path: Path
) -> None:
    settings = load_settings({"VT_OUTBOX_DIR": str(tmp_path / "o"), "VT_BASE_URL": "https://vk.example.de"})
    booking = _book(session, advisor)
    pid = booking.invitations[0][0].id or 0
    mail = reminder.prepare(session=session, participant_id=pid, settings=settings, now=DUE)
    session.commit()
    assert mail is not None
    old_link = mail.data.link.rsplit("/", 1)[1]
    assert resolve(session=session, token=old_link, now=DUE) is not None
    changed_at, new_start = DUE + timedelta(hours=1), START + timedelta(days=2)
    booking.appointment.start = new_start
    mails_for_appointment(
        session=session, appointment=booking.appointment, kind="change", settings=settings, now=changed_at
    )
    session.commit()
    assert resolve(session=session, token=old_link, now=changed_at) is None
    assert pid in reminder.due(session=session, now=new_start - timedelta(hours=23), hours=24)


def test_a_failed_send_gives_the_claim_back(
    db_url: str, advisor: Advisor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_for(db_url) as session:
        _book(session, advisor)
    with (
        closed_port() as port,
        _app_database(monkeypatch, db_url, tmp_path, VT_SMTP_URL=f"smtp://127.0.0.1:{port}") as settings,
    ):
        assert asyncio.run(send_due_reminders(settings=settings, now=DUE)) == 0
    with session_for(db_url) as session:
        people = session.exec(select(Participant)).all()
        assert all(p.reminder_sent_at is None and p.reminder_token_hash is None for p in people)
        assert len(reminder.due(session=session, now=DUE, hours=24)) == 2


def test_on_postgresql_a_second_worker_waits_and_finds_the_reminder_claimed(postgres: Postgres) -> None:
    """Two transactions claim the same reminder: the second UPDATE waits for the first commit, then changes nothing."""
    with postgres.fresh_database() as url:
        migrate(url)
        with session_for(url) as session:
            advisor = create_advisor(session=session, email="pg@example.org", name="P", password="lang-genug-123")
            pid = _book(session, advisor).invitations[0][0].id or 0
        with session_for(url) as first, session_for(url) as second:
            assert reminder.claim(session=first, participant_id=pid, now=DUE)
            result: list[bool] = []
            waiting = threading.Thread(
                target=lambda: result.append(reminder.claim(session=second, participant_id=pid, now=DUE))
            )
            waiting.start()
            waiting.join(timeout=1.0)
            assert waiting.is_alive()  # blocked on the first transaction's row lock
            first.commit()
            waiting.join(timeout=30)
            second.commit()
            assert result == [False]


def test_on_postgresql_two_concurrent_runs_send_each_reminder_once(
    postgres: Postgres,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: tuple[Controller, SmtpCollector],
) -> None:
    """Two workers' rounds at the same moment (two threads, each its own event loop) against one database."""
    controller, handler = smtp_server
    with postgres.fresh_database() as url:
        migrate(url)
        with session_for(url) as session:
            advisor = create_advisor(session=session, email="pg@example.org", name="P", password="lang-genug-123")
            for hours in range(4):
                _book(session, advisor, START + timedelta(hours=hours))
        with _app_database(monkeypatch, url, tmp_path, **_smtp_env(controller)) as settings:
            counts: list[int] = []
            ready = threading.Barrier(2)

            def worker() -> None:
                ready.wait()
                counts.append(asyncio.run(send_due_reminders(settings=settings, now=START - timedelta(hours=20))))

            threads = [threading.Thread(target=worker) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        assert sum(counts) == 8 and len(counts) == 2
        assert len(handler.envelopes) == 8
        recipients = [e.rcpt_tos[0] for e in handler.envelopes]
        assert sorted(recipients) == sorted(["erika@example.org", "olga@example.org"] * 4)
