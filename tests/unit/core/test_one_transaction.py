"""Every write is one transaction: when PostgreSQL refuses the last row of a write, nothing of it stays.

The failure is injected on a throwaway database of the session's PostgreSQL with a trigger (the
server itself raises, mid-way through the write), and the write goes through `session_scope`,
which is what `core.offloop.in_db_thread` and therefore every state handler uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.services import Postgres
from tests.support import migrate, session_for
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.db import get_engine, session_scope
from videotermin_app.core.models import Advisor, Participant, ParticipantRole, utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.privacy.survey import submit_survey

FAIL_ON = """
CREATE FUNCTION vt_injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'injected failure'; END $$;
CREATE TRIGGER vt_injected_failure BEFORE INSERT ON {table} FOR EACH ROW {when}
EXECUTE FUNCTION vt_injected_failure();
"""


@pytest.fixture
def pg_url(postgres: Postgres, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated, empty PostgreSQL database; the process-wide engine points at it."""
    with postgres.fresh_database() as url:
        migrate(url)
        monkeypatch.setenv("VT_DATABASE_URL", url)
        get_settings.cache_clear()
        get_engine.cache_clear()
        try:
            yield url
        finally:
            get_engine().dispose()
            get_settings.cache_clear()
            get_engine.cache_clear()


def counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in ("appointment", "participant", "surveyanswer")
            }
    finally:
        engine.dispose()


def inject(url: str, *, table: str, when: str = "") -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(FAIL_ON.format(table=table, when=when)))
    finally:
        engine.dispose()


def an_advisor(url: str) -> int:
    with session_for(url) as session:
        advisor = create_advisor(session=session, email="t.berater@example.org", name="T Berater", password="x" * 12)
        session.commit()
        return advisor.id or 0


def test_a_booking_whose_last_participant_fails_leaves_no_appointment_and_no_participant(pg_url: str) -> None:
    advisor_id = an_advisor(pg_url)
    inject(pg_url, table="participant", when="WHEN (NEW.role = 'interpreter')")
    before = counts(pg_url)
    with pytest.raises(sa.exc.DBAPIError, match="injected failure"), session_scope() as session:
        advisor = session.get(Advisor, advisor_id)
        assert advisor is not None
        book_appointment(
            session=session,
            advisor=advisor,
            start=utcnow() + timedelta(days=1),
            now=utcnow(),
            duration_minutes=30,
            client=PersonInput("Kim", "Kunde", "kim@example.org", customer_number="123D456789"),
            others=[PersonInput("Ina", "Dolmetsch", "ina@example.org", role=ParticipantRole.INTERPRETER)],
        )
    assert counts(pg_url) == before == {"appointment": 0, "participant": 0, "surveyanswer": 0}


def test_a_survey_answer_that_fails_leaves_the_survey_open(pg_url: str) -> None:
    advisor_id = an_advisor(pg_url)
    with session_for(pg_url) as session:
        advisor = session.get(Advisor, advisor_id)
        assert advisor is not None
        booking = book_appointment(
            session=session,
            advisor=advisor,
            start=utcnow() + timedelta(days=1),
            now=utcnow(),
            duration_minutes=30,
            client=PersonInput("Kim", "Kunde", "kim@example.org", customer_number="123D456789"),
        )
        session.commit()
        participant_id = booking.invitations[0][0].id
    inject(pg_url, table="surveyanswer")
    with pytest.raises(sa.exc.DBAPIError, match="injected failure"), session_scope() as session:
        participant = session.get(Participant, participant_id)
        assert participant is not None
        submit_survey(session=session, participant=participant, answers={"ease": 1}, now=utcnow())
        session.flush()
    with session_for(pg_url) as session:
        participant = session.exec(select(Participant).where(Participant.id == participant_id)).one()
        assert participant.survey_done is False  # the person may still answer: the flag was rolled back too
    assert counts(pg_url)["surveyanswer"] == 0
