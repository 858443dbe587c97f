"""The anonymous survey: answered, skipped, abandoned; and a table that leads back to nobody."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from tests.unit.privacy.helpers import booked
from videotermin_app.core.models import Advisor, Participant, SurveyAnswer
from videotermin_app.privacy.survey import (
    QUESTIONS,
    SurveyError,
    answer_counts,
    iso_week,
    reshuffle_answers,
    skip_survey,
    submit_survey,
)

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
AFTER = datetime(2026, 11, 26, 9, 40, 17, tzinfo=UTC)


@pytest.fixture
def client(session: Session, advisor: Advisor) -> Participant:
    return booked(session, advisor, START, done=True, call_minutes=35).invitations[0][0]


def test_three_questions_in_one_place() -> None:
    assert [q.text for q in QUESTIONS] == [
        "Wie gut waren Bild und Ton?",
        "Wie einfach war die Teilnahme?",
        "Würden Sie wieder einen Videotermin nutzen?",
    ]
    assert iso_week(datetime(2026, 11, 26, tzinfo=UTC)) == "2026-W48"


def test_answered_survey_stores_only_the_week_and_closes(session: Session, client: Participant) -> None:
    answer = submit_survey(
        session=session,
        participant=client,
        now=AFTER,
        answers={"picture_sound": "4", "ease": 5, "would_use_again": None},
    )
    session.commit()
    stored = session.exec(select(SurveyAnswer)).one()
    assert answer is not None and stored.id == answer.id
    assert (stored.iso_week, stored.picture_sound, stored.ease, stored.would_use_again) == ("2026-W48", 4, 5, None)
    assert session.get(Participant, client.id).survey_done is True
    with pytest.raises(SurveyError, match="bereits"):
        submit_survey(session=session, participant=client, answers={"ease": 1}, now=AFTER)
    assert len(session.exec(select(SurveyAnswer)).all()) == 1


def test_skipped_survey_stores_nothing(session: Session, client: Participant) -> None:
    skip_survey(session=session, participant=client)
    session.commit()
    assert session.exec(select(SurveyAnswer)).all() == []
    assert client.survey_done is True
    with pytest.raises(SurveyError):
        skip_survey(session=session, participant=client)


def test_abandoned_survey_stores_nothing(configured: str, session: Session, client: Participant) -> None:
    """Choosing answers and leaving before **Absenden** writes nothing: the choices live only in the tab's state."""
    from videotermin_app.privacy.state_survey import SurveyState

    session.commit()
    before = _all_rows(session)
    state = SurveyState(_reflex_internal_init=True)  # type: ignore[call-arg]
    for key, value in (("picture_sound", "4"), ("ease", "2"), ("would_use_again", "1")):
        SurveyState.choose.fn(state, key, value)
    assert state.answers == {"picture_sound": "4", "ease": "2", "would_use_again": "1"}  # the handler did run
    session.expire_all()
    assert _all_rows(session) == before  # not one row written or changed anywhere
    assert session.exec(select(SurveyAnswer)).all() == []
    assert session.get(Participant, client.id).survey_done is False


def _all_rows(session: Session) -> dict[str, list[tuple[object, ...]]]:
    tables = SQLModel.metadata.sorted_tables
    return {t.name: sorted(map(tuple, session.connection().execute(sa.select(t))), key=repr) for t in tables}


def test_empty_answers_count_as_skipping(session: Session, client: Participant) -> None:
    assert submit_survey(session=session, participant=client, answers={}, now=AFTER) is None
    assert session.exec(select(SurveyAnswer)).all() == [] and client.survey_done


@pytest.mark.parametrize(
    "answers", [{"picture_sound": 6}, {"ease": 0}, {"would_use_again": 3}, {"ease": "gut"}, {"advisor": 1}]
)
def test_values_outside_the_scale_are_refused_and_nothing_is_stored(
    session: Session, client: Participant, answers: dict[str, object]
) -> None:
    with pytest.raises(SurveyError) as excinfo:
        submit_survey(session=session, participant=client, answers=answers, now=AFTER)
    session.commit()
    assert str(excinfo.value).startswith(("Bitte wählen", "Diese Frage"))
    assert session.exec(select(SurveyAnswer)).all() == []
    assert session.get(Participant, client.id).survey_done is False


def test_the_survey_table_has_nothing_that_leads_back(session: Session, db_url: str) -> None:
    engine = sa.create_engine(db_url)
    inspector = sa.inspect(engine)
    assert {c["name"] for c in inspector.get_columns("surveyanswer")} == {
        "id",
        "iso_week",
        "picture_sound",
        "ease",
        "would_use_again",
    }
    assert inspector.get_foreign_keys("surveyanswer") == []
    # no hidden rowid keeps the insertion order on SQLite
    with engine.connect() as conn, pytest.raises(sa.exc.OperationalError):
        conn.execute(sa.text("SELECT rowid FROM surveyanswer"))
    engine.dispose()


def test_ids_are_random_and_storage_order_is_not_insertion_order(session: Session, advisor: Advisor) -> None:
    participants = [
        booked(session, advisor, START.replace(day=day, hour=hour), done=True).invitations[0][0]
        for day in (2, 3, 4)
        for hour in (8, 10, 12, 14, 16)
    ]
    ids = []
    for participant in participants:
        answer = submit_survey(session=session, participant=participant, answers={"ease": 3}, now=AFTER)
        assert answer is not None
        ids.append(answer.id)
        session.commit()
    assert len(set(ids)) == 15 and all(len(i) == 32 for i in ids)
    assert ids != sorted(ids)  # not monotonic (15 random keys in order: chance 1/15!)
    stored_order = list(session.exec(select(SurveyAnswer.id)).all())  # no ORDER BY: physical order
    assert stored_order == sorted(ids) != ids
    assert reshuffle_answers(session=session) == 15
    session.commit()
    assert sorted(session.exec(select(SurveyAnswer.id)).all()) == sorted(ids)
    assert answer_counts(session=session)["ease"] == {1: 0, 2: 0, 3: 15, 4: 0, 5: 0}
