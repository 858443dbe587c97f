from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session

from tests.support import SmtpCollector, migrate, on_free_port, session_for, sqlite_url
from videotermin_app.accounts.advisors import create_advisor
from videotermin_app.core.models import Advisor

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-ahead-days",
        type=int,
        default=0,
        help="run every test with the wall clock moved this many days ahead (proves no test reads the real clock)",
    )


@pytest.fixture(autouse=True, scope="session")
def _clock_ahead(request: pytest.FixtureRequest) -> Iterator[None]:
    """With --clock-ahead-days N the whole session runs N days in the future (time-machine, ticking)."""
    days = int(request.config.getoption("--clock-ahead-days"))
    if not days:
        yield
        return
    import time_machine

    with time_machine.travel(datetime.now(UTC) + timedelta(days=days), tick=True):
        yield


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path)
    migrate(url)
    return url


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    with session_for(db_url) as session:
        yield session


@pytest.fixture
def advisor(session: Session) -> Advisor:
    advisor = create_advisor(
        session=session, email="a.berater@example.org", name="Anna Berater", password="sehr-geheim-123"
    )
    session.commit()
    return advisor


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch, db_url: str, tmp_path: Path) -> Iterator[str]:
    """Point the process-wide settings and engine at the test database."""
    from videotermin_app.core.db import get_engine
    from videotermin_app.core.settings import get_settings

    monkeypatch.setenv("VT_DATABASE_URL", db_url)
    monkeypatch.setenv("VT_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("VT_BASE_URL", "https://termine.example.org")
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield db_url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, SmtpCollector]]:
    """A real SMTP server (aiosmtpd) on loopback that collects what it receives."""
    handler = SmtpCollector()

    def start(port: int) -> Controller:
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        return controller

    controller = on_free_port(start)
    try:
        yield controller, handler
    finally:
        controller.stop()
