"""The test services themselves: ports without races, the throwaway fallbacks, nothing left behind."""

from __future__ import annotations

import errno
import socket

import pytest
import redis
import sqlalchemy as sa

from tests.services import closed_port, on_free_port, postgres_service, redis_service


def test_a_port_taken_in_between_is_retried_with_a_new_one() -> None:
    tried: list[int] = []
    thief = socket.socket()

    def start(port: int) -> socket.socket:
        tried.append(port)
        if len(tried) == 1:  # someone else binds our port first
            thief.bind(("127.0.0.1", port))
            thief.listen()
        server = socket.socket()
        try:
            server.bind(("127.0.0.1", port))
        except OSError:
            server.close()
            raise
        return server

    try:
        server = on_free_port(start)
        assert len(tried) == 2 and tried[0] != tried[1] and server.getsockname()[1] == tried[1]
        server.close()
    finally:
        thief.close()


def test_other_errors_are_not_retried() -> None:
    calls = []

    def start(port: int) -> None:
        calls.append(port)
        raise OSError(errno.EACCES, "denied")

    with pytest.raises(OSError):
        on_free_port(start)
    assert len(calls) == 1


def test_a_closed_port_refuses_connections() -> None:
    with closed_port() as port, pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)


def test_forced_throwaway_postgres_and_redis_start_work_and_vanish(monkeypatch: pytest.MonkeyPatch) -> None:
    """VT_TEST_SERVICES=throwaway: the fallback used when nothing answers, without stopping anything."""
    monkeypatch.setenv("VT_TEST_SERVICES", "throwaway")
    monkeypatch.delenv("VT_TEST_POSTGRES_URL", raising=False)
    monkeypatch.delenv("VT_TEST_REDIS_URL", raising=False)
    with postgres_service() as postgres, redis_service() as redis_url:
        assert postgres.origin == "throwaway" and ":5432/" not in postgres.admin_url
        assert ":6379/" not in redis_url
        with postgres.fresh_database() as url:
            engine = sa.create_engine(url)
            with engine.connect() as conn:
                assert conn.execute(sa.text("SELECT current_database()")).scalar_one().startswith("vt_test_")
            engine.dispose()
        client = redis.Redis.from_url(redis_url)
        assert client.ping() and client.config_get("save") == {"save": ""}
        client.close()
    engine = sa.create_engine(postgres.admin_url, connect_args={"connect_timeout": 2})
    with pytest.raises(sa.exc.OperationalError):
        engine.connect()  # the throwaway cluster is stopped and its folder removed
    engine.dispose()
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
