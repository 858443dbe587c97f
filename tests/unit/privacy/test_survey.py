"""The anonymous survey: answered, skipped, abandoned; and a table that leads back to nobody."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from tests.services import Postgres
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
    import asyncio

    import reflex as rx

    from videotermin_app.privacy.state_survey import SurveyState
    from videotermin_app.wizard.state_journey import JourneyState

    session.commit()
    before = _all_rows(session)
    root = rx.State(_reflex_internal_init=True)
    state = root.substates[SurveyState.get_name()]
    journey = root.substates[JourneyState.get_name()]
    assert isinstance(state, SurveyState) and isinstance(journey, JourneyState)
    journey._link_token, journey.is_valid = "a-link-resolved-by-load", True  # what `load` leaves in the tab
    for key, value in (("picture_sound", "4"), ("ease", "2"), ("would_use_again", "1")):
        asyncio.run(SurveyState.choose.fn(state, key, value))
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
        "role",  # "participant" or "advisor", never who
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


def test_only_offered_choices_are_taken() -> None:
    from videotermin_app.privacy.survey import QUESTION_KEYS, is_offered

    assert is_offered("picture_sound", "5") and is_offered("would_use_again", "0") and is_offered("ease", "")
    for key, value in (
        ("picture_sound", "6"),
        ("would_use_again", "2"),
        ("nope", "1"),
        ("picture_sound", 5),
        (["picture_sound"], "1"),
        ("picture_sound", "1" * 10_000),
        ("x" * 10_000, "1"),
        (None, None),
    ):
        assert not is_offered(key, value)
    assert len(QUESTION_KEYS) == 3


def _heap_tuples(session: Session) -> list[tuple[str, int, int]]:
    """Every tuple in the table's heap file, live or dead: (ctid, xmin, cmin), via pageinspect."""
    conn = session.connection()
    conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
    pages = conn.execute(
        sa.text("SELECT pg_relation_size('surveyanswer') / current_setting('block_size')::int")
    ).scalar_one()
    found = []
    for page in range(int(pages)):
        found += [
            (f"({page},{lp})", int(xmin), int(cid))
            for lp, xmin, cid in conn.execute(
                sa.text(
                    "SELECT lp, t_xmin, t_field3 FROM heap_page_items(get_raw_page('surveyanswer', :page))"
                    " WHERE t_xmin IS NOT NULL"
                ),
                {"page": page},
            )
        ]
    return found


def test_after_the_reshuffle_nothing_on_postgresql_tells_when_an_answer_came(postgres: Postgres) -> None:
    """Answers given one after another: after the reshuffle no system column, no storage position and no
    leftover (dead) tuple ties an answer to the transaction, and so the moment, in which it was given."""
    from tests.support import migrate, session_for
    from videotermin_app.accounts.advisors import create_advisor

    with postgres.fresh_database() as url:
        migrate(url)
        with session_for(url) as session:
            advisor = create_advisor(session=session, email="pg@example.org", name="P", password="lang-genug-123")
            session.commit()
            given = []  # answer id and the transaction (xmin) of its participant's update, in the order given
            for hour in range(8, 20):
                participant = booked(session, advisor, START.replace(hour=hour), done=True).invitations[0][0]
                session.commit()
                answer = submit_survey(session=session, participant=participant, answers={"ease": 3}, now=AFTER)
                session.commit()
                assert answer is not None
                xmin = session.connection().execute(
                    sa.text("SELECT xmin::text::bigint FROM participant WHERE id = :id"), {"id": participant.id}
                )
                given.append((answer.id, xmin.scalar_one()))
            ids = [answer_id for answer_id, _xmin in given]
            before = session.connection().execute(sa.text("SELECT id, xmin::text::bigint FROM surveyanswer"))
            assert dict(before.all()) == dict(given)

            assert reshuffle_answers(session=session) == 12
            session.commit()

            conn = session.connection()
            rows = conn.execute(sa.text("SELECT id, xmin::text::bigint, cmin::text::bigint, ctid FROM surveyanswer"))
            rows = rows.all()
            assert sorted(r[0] for r in rows) == sorted(ids) != ids
            assert [r[0] for r in rows] == sorted(ids)  # storage order is the random key's order
            by_ctid = conn.execute(sa.text("SELECT id FROM surveyanswer ORDER BY ctid")).scalars().all()
            assert by_ctid == sorted(ids)
            assert len({r[1] for r in rows}) == 1 and len({r[2] for r in rows}) == 1  # one xmin, one cmin for all
            assert rows[0][1] > max(xmin for _id, xmin in given)  # newer than every participant's update
            # the heap keeps no dead copy of an answer with its old transaction id
            heap = _heap_tuples(session)
            assert len(heap) == 12 and {(xmin, cmin) for _ctid, xmin, cmin in heap} == {(rows[0][1], rows[0][2])}
            # nothing else orders the answers: only these columns, no sequence, no default but the role's constant,
            # no trigger
            columns = conn.execute(
                sa.text(
                    "SELECT column_name, column_default FROM information_schema.columns"
                    " WHERE table_name = 'surveyanswer' ORDER BY column_name"
                )
            ).all()
            assert columns == [
                ("ease", None),
                ("id", None),
                ("iso_week", None),
                ("picture_sound", None),
                ("role", "'participant'::character varying"),
                ("would_use_again", None),
            ]
            assert (
                conn.execute(
                    sa.text(
                        "SELECT count(*) FROM pg_depend d JOIN pg_class c ON c.oid = d.objid"
                        " WHERE d.refobjid = 'surveyanswer'::regclass AND c.relkind = 'S'"
                    )
                ).scalar_one()
                == 0
            )
            triggers = conn.execute(
                sa.text("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'surveyanswer'::regclass")
            ).scalar_one()
            assert triggers == 0
            session.commit()
