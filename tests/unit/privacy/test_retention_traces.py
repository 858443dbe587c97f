"""Nothing personal outside retention: outbox mails, sign-in throttles, sessions, room and tab rows."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from tests.unit.privacy.helpers import booked
from tests.unit.test_cli import run_cli
from videotermin_app.accounts.auth import (
    FAILURE_MEMORY,
    SESSION_IDLE_MINUTES,
    SESSION_MAX_HOURS,
    purge_sign_in_traces,
)
from videotermin_app.core.models import (
    Advisor,
    AdvisorPresence,
    AdvisorSession,
    LoginThrottle,
    MemberStatus,
    RoomMember,
)
from videotermin_app.mail.mailer import OUTBOX_TEMP_MAX_AGE, purge_outbox
from videotermin_app.privacy.retention import purge_all
from videotermin_app.room.rooms import purge_stale_presence

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_outbox_temp_files_live_one_day() -> None:
    assert OUTBOX_TEMP_MAX_AGE == timedelta(days=1)


def _mail(folder: Path, name: str, written: datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("To: max@example.org\n\nhttps://termine.example.org/vkid/secret\n", encoding="utf-8")
    os.utime(path, (written.timestamp(), written.timestamp()))
    return path


def test_outbox_mail_lives_retention_days_from_its_writing(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    old = _mail(outbox, "20260301T000000Z-aa.eml", NOW - timedelta(days=90, seconds=1))
    edge = _mail(outbox, "20260303T000000Z-bb.eml", NOW - timedelta(days=90))
    young = _mail(outbox, "20260501T000000Z-cc.eml", NOW - timedelta(days=10))
    assert purge_outbox(outbox_dir=outbox, now=NOW, retention_days=90) == 1
    assert not old.exists() and edge.exists() and young.exists()
    assert purge_outbox(outbox_dir=outbox, now=NOW + timedelta(seconds=1), retention_days=90) == 1
    assert not edge.exists() and young.exists()


def test_outbox_purge_touches_only_its_own_files(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    long_ago = NOW - timedelta(days=400)
    stale_temp = _mail(outbox, ".x.eml.tmp", NOW - timedelta(days=1, seconds=1))
    fresh_temp = _mail(outbox, ".y.eml.tmp", NOW - timedelta(hours=23))
    other = _mail(outbox, "notes.txt", long_ago)
    hidden = _mail(outbox, ".hidden.eml", long_ago)
    inside = _mail(outbox / "sub", "inside.eml", long_ago)
    target = _mail(tmp_path, "elsewhere.eml", long_ago)
    link = outbox / "link.eml"
    link.symlink_to(target)
    assert purge_outbox(outbox_dir=outbox, now=NOW, retention_days=90) == 1
    assert not stale_temp.exists()
    assert all(p.exists() for p in (fresh_temp, other, hidden, inside, target, link))


def test_missing_outbox_is_nothing_to_do(tmp_path: Path) -> None:
    assert purge_outbox(outbox_dir=tmp_path / "never", now=NOW, retention_days=90) == 0


def _session_row(advisor: Advisor, name: str, *, created: datetime, seen: datetime, ended: bool) -> AdvisorSession:
    return AdvisorSession(
        token_hash=name.ljust(64, "0"),
        advisor_id=advisor.id or 0,
        created_at=created,
        last_seen_at=seen,
        ended_at=seen if ended else None,
    )


def test_throttles_past_their_hour_and_ended_or_expired_sessions_go(session: Session, advisor: Advisor) -> None:
    session.add(LoginThrottle(key="ip:203.0.113.7", failures=4, last_failure_at=NOW - FAILURE_MEMORY))
    session.add(LoginThrottle(key="account:a@example.org", failures=4, last_failure_at=NOW - FAILURE_MEMORY * 2))
    session.add(LoginThrottle(key="pair:x:y", failures=0, last_failure_at=None))
    idle = timedelta(minutes=SESSION_IDLE_MINUTES)
    session.add(_session_row(advisor, "open", created=NOW - timedelta(hours=2), seen=NOW - idle, ended=False))
    session.add(_session_row(advisor, "ended", created=NOW - timedelta(minutes=5), seen=NOW, ended=True))
    session.add(
        _session_row(advisor, "idle", created=NOW - idle * 2, seen=NOW - idle - timedelta(seconds=1), ended=False)
    )
    session.add(
        _session_row(
            advisor,
            "long",
            created=NOW - timedelta(hours=SESSION_MAX_HOURS, seconds=1),
            seen=NOW,
            ended=False,
        )
    )
    session.commit()
    assert purge_sign_in_traces(session=session, now=NOW) == (2, 3)
    session.commit()
    assert [t.key for t in session.exec(select(LoginThrottle)).all()] == ["ip:203.0.113.7"]
    assert [s.token_hash[:4] for s in session.exec(select(AdvisorSession)).all()] == ["open"]
    assert purge_sign_in_traces(session=session, now=NOW) == (0, 0)


def test_workspace_tab_rows_older_than_the_longest_session_go(session: Session, advisor: Advisor) -> None:
    longest = timedelta(hours=SESSION_MAX_HOURS)
    session.add(AdvisorPresence(advisor_id=advisor.id or 0, client_token="tab", seen_at=NOW - longest))
    session.commit()
    assert purge_stale_presence(session=session, now=NOW, max_age=longest) == 0
    assert purge_stale_presence(session=session, now=NOW + timedelta(seconds=1), max_age=longest) == 1
    session.commit()
    assert session.exec(select(AdvisorPresence)).first() is None


def test_purge_all_takes_every_trace_on_one_schedule(session: Session, advisor: Advisor, tmp_path: Path) -> None:
    start = NOW - timedelta(days=91)
    old = booked(session, advisor, start)
    young = booked(session, advisor, NOW - timedelta(days=5))
    for booking in (old, young):  # a call nobody ended left its room rows behind
        session.add(
            RoomMember(
                appointment_id=booking.appointment.id or 0,
                member_key="p1",
                client_token="tab",
                status=MemberStatus.WAITING,
                notice="Bitte warten, Max",
                waiting_since=start,
            )
        )
    session.add(LoginThrottle(key="ip:198.51.100.1", failures=1, last_failure_at=NOW - timedelta(hours=2)))
    session.commit()
    outbox = tmp_path / "outbox"
    _mail(outbox, "old.eml", start - timedelta(days=1))
    _mail(outbox, "young.eml", NOW - timedelta(days=6))
    report = purge_all(session=session, now=NOW, retention_days=90, outbox_dir=outbox)
    session.commit()
    assert (report.participants, report.appointments, report.room_members) == (1, 1, 1)
    assert (report.outbox_files, report.throttles) == (1, 1)
    assert report.anything
    rows = session.exec(select(RoomMember)).all()
    assert [r.appointment_id for r in rows] == [young.appointment.id]
    assert sorted(p.name for p in outbox.iterdir()) == ["young.eml"]
    again = purge_all(session=session, now=NOW, retention_days=90, outbox_dir=outbox)
    assert not again.anything
    assert "0 outbox file(s), 0 sign-in throttle(s), 0 advisor session(s)" in again.summary()


def test_purge_command_empties_the_outbox_too(db_url: str, tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    _mail(outbox, "old.eml", NOW - timedelta(days=91))
    result = run_cli(db_url, outbox, "purge", "--now", NOW.isoformat())
    assert result.returncode == 0, result.stderr
    assert "1 outbox file(s)" in result.stdout
    assert not (outbox / "old.eml").exists()
