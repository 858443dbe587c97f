"""The advisor's survey: only the appointment's own advisor, only after it ended, once; stored with a role."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from tests.unit.privacy.helpers import booked
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.core.models import Advisor, Appointment, AppointmentStatus, SurveyAnswer
from videotermin_app.privacy.advisor_survey import (
    ADVISOR_QUESTIONS,
    advisor_survey_offered,
    close_advisor_survey,
)
from videotermin_app.privacy.stats import compute_stats
from videotermin_app.privacy.survey import ROLE_ADVISOR, ROLE_PARTICIPANT, SurveyError, answer_counts, is_offered

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
AFTER = datetime(2026, 11, 26, 9, 40, tzinfo=UTC)


def _rows(session: Session) -> list[SurveyAnswer]:
    return list(session.exec(select(SurveyAnswer)).all())


def test_advisor_questions_are_written_for_the_advisor() -> None:
    assert [q.key for q in ADVISOR_QUESTIONS] == ["picture_sound", "ease", "would_use_again"]
    assert [q.text for q in ADVISOR_QUESTIONS] == [
        "Wie gut waren Bild und Ton bei diesem Termin?",
        "Wie einfach konnten Sie das Anliegen per Video besprechen?",
        "Würden Sie für so ein Anliegen wieder einen Videotermin anbieten?",
    ]
    assert is_offered("ease", "5", ADVISOR_QUESTIONS) and not is_offered("ease", "6", ADVISOR_QUESTIONS)
    assert not is_offered("matter", "1", ADVISOR_QUESTIONS)


def test_only_own_ended_appointment_once(session: Session, advisor: Advisor) -> None:
    other = create_advisor(session=session, email="o@example.org", name="Otto Anders", password="sehr-geheim-456")
    session.commit()
    running = booked(session, advisor, START).appointment
    ended = booked(session, advisor, START.replace(hour=11), done=True, call_minutes=20).appointment
    session.commit()
    assert advisor_survey_offered(appointment=ended, advisor_id=advisor.id or 0)
    assert not advisor_survey_offered(appointment=ended, advisor_id=other.id or 0)
    assert not advisor_survey_offered(appointment=running, advisor_id=advisor.id or 0)
    assert not advisor_survey_offered(appointment=None, advisor_id=advisor.id or 0)
    for appointment, advisor_id in ((ended, other.id or 0), (running, advisor.id or 0), (ended, 0)):
        with pytest.raises(SurveyError, match="nicht"):
            close_advisor_survey(
                session=session,
                appointment_id=appointment.id or 0,
                advisor_id=advisor_id,
                answers={"ease": "4"},
                now=AFTER,
            )
    assert _rows(session) == []
    answer = close_advisor_survey(
        session=session,
        appointment_id=ended.id or 0,
        advisor_id=advisor.id or 0,
        answers={"picture_sound": "5", "ease": 4, "would_use_again": "1"},
        now=AFTER,
    )
    session.commit()
    assert answer is not None
    (row,) = _rows(session)
    assert (row.role, row.iso_week, row.picture_sound, row.ease, row.would_use_again) == (
        ROLE_ADVISOR,
        "2026-W48",
        5,
        4,
        1,
    )
    assert session.get(Appointment, ended.id).advisor_survey_done is True  # type: ignore[union-attr]
    with pytest.raises(SurveyError):  # once per appointment, also skipping
        close_advisor_survey(
            session=session, appointment_id=ended.id or 0, advisor_id=advisor.id or 0, answers=None, now=AFTER
        )
    assert len(_rows(session)) == 1


def test_hostile_values_write_nothing(session: Session, advisor: Advisor) -> None:
    ended = booked(session, advisor, START, done=True, call_minutes=20).appointment
    session.commit()
    for answers in ({"ease": "9"}, {"role": "participant"}, {"picture_sound": "1" * 1000}, {"ease": "x"}):
        with pytest.raises(SurveyError):
            close_advisor_survey(
                session=session, appointment_id=ended.id or 0, advisor_id=advisor.id or 0, answers=answers, now=AFTER
            )
    session.commit()
    assert _rows(session) == [] and session.get(Appointment, ended.id).advisor_survey_done is False  # type: ignore[union-attr]
    close_advisor_survey(
        session=session, appointment_id=ended.id or 0, advisor_id=advisor.id or 0, answers=None, now=AFTER
    )
    session.commit()
    assert _rows(session) == [] and session.get(Appointment, ended.id).advisor_survey_done is True  # type: ignore[union-attr]


def test_statistics_keep_advisors_and_participants_apart(session: Session, advisor: Advisor) -> None:
    from videotermin_app.privacy.survey import submit_survey

    for hour in (8, 10, 12, 14, 16, 18):
        booking = booked(session, advisor, START.replace(hour=hour), done=True, call_minutes=20)
        session.commit()
        close_advisor_survey(
            session=session,
            appointment_id=booking.appointment.id or 0,
            advisor_id=advisor.id or 0,
            answers={"ease": "2"},
            now=AFTER,
        )
        submit_survey(session=session, participant=booking.invitations[0][0], answers={"ease": "5"}, now=AFTER)
        session.commit()
    assert answer_counts(session=session, role=ROLE_ADVISOR, questions=ADVISOR_QUESTIONS)["ease"][2] == 6
    assert answer_counts(session=session, role=ROLE_ADVISOR, questions=ADVISOR_QUESTIONS)["ease"][5] == 0
    assert answer_counts(session=session, role=ROLE_PARTICIPANT)["ease"] == {1: 0, 2: 0, 3: 0, 4: 0, 5: 6}
    stats = compute_stats(session=session, tz=UTC)
    advisor_ease = {r.tick: r.count.label for r in stats.advisor_survey[1][1]}
    client_ease = {r.tick: r.count.label for r in stats.survey[1][1]}
    assert advisor_ease["2"] == "6" and advisor_ease["5"] == "< 5"
    assert client_ease["5"] == "6" and client_ease["2"] == "< 5"
    assert stats.advisor_survey[1][0] == "Wie einfach konnten Sie das Anliegen per Video besprechen?"


def test_the_state_takes_the_appointment_only_from_the_server(
    configured: str, session: Session, advisor: Advisor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`offer` with a foreign, running or bogus id opens nothing; `choose` refuses values not offered."""
    import reflex as rx

    from videotermin_app.privacy import state_advisor_survey
    from videotermin_app.privacy.state_advisor_survey import AdvisorSurveyState

    other = create_advisor(session=session, email="o@example.org", name="Otto Anders", password="sehr-geheim-456")
    session.commit()
    foreign = booked(session, other, START, done=True, call_minutes=20).appointment
    mine = booked(session, advisor, START.replace(hour=11), done=True, call_minutes=20).appointment
    running = booked(session, advisor, START.replace(hour=13)).appointment
    session.commit()
    ids = {"foreign": foreign.id, "mine": mine.id, "running": running.id}
    me = advisor.id

    async def as_me(_state: object, work, **_kw: object):  # type: ignore[no-untyped-def]
        from videotermin_app.core.db import session_scope

        with session_scope() as s:
            return work(s, s.get(Advisor, me))

    monkeypatch.setattr(state_advisor_survey, "as_advisor", as_me)
    root = rx.State(_reflex_internal_init=True)
    state = root.substates[AdvisorSurveyState.get_name()]

    async def run() -> None:
        for bogus in (ids["foreign"], ids["running"], "1", True, -1, 2**40, None, [ids["mine"]]):
            await AdvisorSurveyState.offer.fn(state, bogus)  # type: ignore[attr-defined]
            assert not state.is_open
        AdvisorSurveyState.choose.fn(state, "ease", "4")  # type: ignore[attr-defined]
        assert state.answers["ease"] == ""  # nothing open: refused
        await AdvisorSurveyState.skip.fn(state)  # type: ignore[attr-defined]
        await AdvisorSurveyState.offer.fn(state, ids["mine"])  # type: ignore[attr-defined]
        assert state.is_open and state._appointment_id == ids["mine"]
        for key, value in (("ease", "7"), ("role", "advisor"), ("ease", 4)):
            AdvisorSurveyState.choose.fn(state, key, value)  # type: ignore[attr-defined]
        assert state.answers == {"picture_sound": "", "ease": "", "would_use_again": ""}
        AdvisorSurveyState.choose.fn(state, "ease", "4")  # type: ignore[attr-defined]
        await AdvisorSurveyState.submit.fn(state)  # type: ignore[attr-defined]
        assert state.is_sent and not state.is_open
        await AdvisorSurveyState.offer.fn(state, ids["mine"])  # type: ignore[attr-defined]
        assert not state.is_open  # once

    asyncio.run(run())
    session.expire_all()
    (row,) = _rows(session)
    assert (row.role, row.ease) == (ROLE_ADVISOR, 4)
    assert session.get(Appointment, foreign.id).status == AppointmentStatus.DONE  # type: ignore[union-attr]
    assert session.get(Appointment, foreign.id).advisor_survey_done is False  # type: ignore[union-attr]
