"""Shared test helpers: migrated databases, ports and the project's paths (servers: tests/services.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.config import Config
from sqlmodel import Session

from alembic import command
from tests.services import closed_port, free_port, on_free_port
from videotermin_app.core.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
__all__ = ["ROOT", "SmtpCollector", "closed_port", "free_port", "migrate", "on_free_port", "session_for", "sqlite_url"]


class SmtpCollector:
    """An aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def migrate(url: str, revision: str = "head") -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, revision)


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'videotermin.db'}"


@contextmanager
def session_for(url: str) -> Iterator[Session]:
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()
