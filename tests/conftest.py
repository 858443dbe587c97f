"""Session fixtures shared by unit tests and journeys: the PostgreSQL and Redis of this run.

Started only when a test asks for them; which servers they are is described in tests/services.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.services import Postgres, postgres_service, redis_service


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """The session's PostgreSQL server; `postgres.fresh_database()` gives each test its own database."""
    with postgres_service() as server:
        yield server


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis nobody else uses (a throwaway server unless VT_TEST_REDIS_URL names one)."""
    with redis_service() as url:
        yield url
