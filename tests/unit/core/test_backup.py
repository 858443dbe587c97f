"""Backup and restore as docs/operations.md describes them, for real: pg_dump, drop, pg_restore, compare.

Needs the PostgreSQL client programs (`apt-get install postgresql-client`, same major version as the
server or newer) and the local PostgreSQL of the other PostgreSQL tests; fails, never skips, without.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from tests.services import Postgres
from tests.support import migrate, session_for
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.models import ConsentRecord, DeviceCheck, ParticipantRole, SurveyAnswer, utcnow
from videotermin_app.wizard.links import resolve


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as pg_dump/pg_restore take it (no driver name)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def tool(name: str) -> str:
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)), None
    )
    assert found, f"{name} is missing: apt-get install postgresql-client"
    return found


def seed(url: str) -> str:
    """An advisor, an appointment with two people, consent, a device check, a survey answer; returns a link token."""
    with session_for(url) as session:
        advisor = create_advisor(session=session, email="sicherung@example.org", name="Sina Sicher", password="x" * 12)
        booking = book_appointment(
            session=session,
            advisor=advisor,
            start=utcnow() + timedelta(days=1),
            duration_minutes=30,
            client=PersonInput("Jörg", "Übermuth", "joerg@example.org", customer_number="123D456789"),
            others=[PersonInput("Ida", "Dolmetsch", "ida@example.org", role=ParticipantRole.INTERPRETER)],
        )
        client, token = booking.invitations[0]
        session.add(ConsentRecord(participant_id=client.id or 0, text_version="1", given_at=utcnow()))
        session.add(DeviceCheck(participant_id=client.id or 0, level="green", browser="Firefox 140"))
        session.add(SurveyAnswer(iso_week="2026-W48", picture_sound=5, ease=4, would_use_again=1))
        session.commit()
        return token


def contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (and the migration revision), in a stable order."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = {t.name: t for t in SQLModel.metadata.sorted_tables}
            found = {
                name: sorted((tuple(row) for row in conn.execute(sa.select(table))), key=repr)
                for name, table in tables.items()
            }
            found["alembic_version"] = [
                tuple(r) for r in conn.execute(sa.text("SELECT version_num FROM alembic_version"))
            ]
            return found
    finally:
        engine.dispose()


def test_dump_drop_restore_gives_every_row_back(tmp_path: Path, postgres: Postgres) -> None:
    dump = tmp_path / "videotermin.dump"
    with postgres.fresh_database() as original:
        migrate(original)
        token = seed(original)
        before = contents(original)
        subprocess.run(
            [tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", libpq_url(original)],
            check=True,
            capture_output=True,
        )
    # the original is dropped now; restore into another new database
    assert dump.stat().st_size > 0
    with postgres.fresh_database() as restored:
        subprocess.run(
            [tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={libpq_url(restored)}", str(dump)],
            check=True,
            capture_output=True,
        )
        after = contents(restored)
        assert after == before
        assert sum(len(rows) for rows in after.values()) >= 8
        assert len(after["participant"]) == 2 and after["alembic_version"]
        with session_for(restored) as session:  # the app works on it: the personal link still opens
            assert resolve(session=session, token=token) is not None
        migrate(restored)  # and it is at the newest revision already: upgrading again changes nothing
        assert contents(restored) == before
