"""The alembic history against SQLite and the real PostgreSQL server, and that it matches models.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

from tests.services import Postgres
from tests.support import migrate, session_for, sqlite_url
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.models import Appointment
from videotermin_app.wizard.links import resolve


def _no_drift(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert diff == [], f"models.py and the migrations differ: {diff}"


def _round_trip(url: str) -> None:
    now = datetime.now(UTC)
    with session_for(url) as session:
        advisor = create_advisor(session=session, email="a@example.org", name="A", password="lang-genug-123")
        booking = book_appointment(
            session=session,
            advisor=advisor,
            start=now + timedelta(days=1),
            duration_minutes=30,
            client=PersonInput("M", "M", "m@example.org", customer_number="123D456789"),
        )
        session.commit()
        token = booking.invitations[0][1]
    with session_for(url) as session:
        stored = session.exec(select(Appointment)).one()
        assert stored.start.tzinfo is not None
        assert abs(stored.start - (now + timedelta(days=1))) < timedelta(seconds=1)
        assert resolve(session=session, token=token) is not None


def test_sqlite_upgrade_downgrade_upgrade(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = sqlite_url(tmp_path)
    migrate(url)
    _no_drift(url)
    from alembic.config import Config

    from alembic import command
    from tests.support import ROOT

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logger"] = False
    command.downgrade(cfg, "base")
    migrate(url)
    _round_trip(url)


def test_postgresql_upgrade_and_round_trip(postgres: Postgres) -> None:
    with postgres.fresh_database() as url:
        migrate(url)
        _no_drift(url)
        _round_trip(url)


def test_history_is_one_line() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tests.support import ROOT

    cfg = Config(str(ROOT / "alembic.ini"))
    assert len(ScriptDirectory.from_config(cfg).get_heads()) == 1
