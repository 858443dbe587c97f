"""`/metrics`: the figures in Prometheus' text format, only for allowed clients."""

from __future__ import annotations

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from videotermin_app.api import front_door
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.metrics import (
    DELIVERY_BUCKETS,
    DELIVERY_OUTCOMES,
    SIGN_IN_REASONS,
    client_allowed,
    exposition,
)
from videotermin_app.core.models import Advisor, MemberStatus, RoomMember, utcnow
from videotermin_app.core.settings import LOOPBACK_NETWORKS, MAX_METRICS_NETWORKS, ConfigError, load_settings
from videotermin_app.room.rooms import ADVISOR_KEY, advisor_join, room_figures

NAMES = (
    "videotermin_people_waiting",
    "videotermin_calls_running",
    "videotermin_echo_peers",
    "videotermin_deliveries",
    "videotermin_delivery_seconds",
    "videotermin_sign_in_failures",
    "videotermin_database_up",
)


def families(body: bytes) -> dict[str, object]:
    return {f.name: f for f in text_string_to_metric_families(body.decode())}


def value(body: bytes, name: str) -> float:
    family = families(body)[name]
    return family.samples[0].value  # type: ignore[attr-defined, no-any-return]


def test_bounds() -> None:
    assert MAX_METRICS_NETWORKS == 32
    assert LOOPBACK_NETWORKS == ("127.0.0.0/8", "::1/128")
    assert DELIVERY_BUCKETS[0] == 0.005 and DELIVERY_BUCKETS[-1] == 10.0
    assert DELIVERY_OUTCOMES == ("delivered", "not_connected", "dropped", "failed")
    assert SIGN_IN_REASONS == ("wrong_credentials", "throttled")


def test_exposition_names_every_figure() -> None:
    body = exposition(waiting=3, calls=1, echo_peers=2)
    assert set(NAMES) <= set(families(body))
    assert value(body, "videotermin_people_waiting") == 3 and value(body, "videotermin_calls_running") == 1
    assert value(body, "videotermin_echo_peers") == 2 and value(body, "videotermin_database_up") == 1


def test_without_the_database_the_room_figures_are_left_out() -> None:
    body = exposition(waiting=None, calls=None, echo_peers=0)
    assert "videotermin_people_waiting" not in families(body)
    assert value(body, "videotermin_database_up") == 0


@pytest.mark.parametrize(
    ("address", "networks", "allowed"),
    [
        ("127.0.0.1", LOOPBACK_NETWORKS, True),
        ("::1", LOOPBACK_NETWORKS, True),
        ("::ffff:127.0.0.1", LOOPBACK_NETWORKS, True),
        ("10.0.0.5", LOOPBACK_NETWORKS, False),
        ("10.0.0.5", ("10.0.0.0/8",), True),
        ("", LOOPBACK_NETWORKS, False),
        ("testclient", LOOPBACK_NETWORKS, False),
    ],
)
def test_client_allowed(address: str, networks: tuple[str, ...], allowed: bool) -> None:
    assert client_allowed(address=address, networks=networks) is allowed


def test_metrics_allow_setting() -> None:
    assert load_settings({}).metrics_allow == LOOPBACK_NETWORKS
    assert load_settings({"VT_METRICS_ALLOW": "10.1.2.3, 192.168.0.0/16"}).metrics_allow == (
        "10.1.2.3/32",
        "192.168.0.0/16",
    )
    for bad in ("nicht-ip", "10.0.0.0/99", ",", ",".join(["10.0.0.1"] * (MAX_METRICS_NETWORKS + 1))):
        with pytest.raises(ConfigError, match="VT_METRICS_ALLOW"):
            load_settings({"VT_METRICS_ALLOW": bad})


def test_log_format_setting() -> None:
    assert load_settings({}).log_format == "text"
    assert load_settings({"VT_LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(ConfigError, match="VT_LOG_FORMAT"):
        load_settings({"VT_LOG_FORMAT": "xml"})


def test_room_figures_count_waiting_people_and_running_calls(session: Session, advisor: Advisor) -> None:
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=utcnow() + timedelta(minutes=2),
        duration_minutes=30,
        client=PersonInput("M", "M", "m@example.org", customer_number="123D456789"),
    )
    appointment = booking.appointment
    session.add(RoomMember(appointment_id=appointment.id or 0, member_key="p1", client_token="t1"))
    session.commit()
    assert room_figures(session=session) == (1, 0)
    advisor_join(session=session, appointment=appointment, client_token="t2")
    session.commit()
    assert room_figures(session=session) == (1, 1)
    member = session.get(RoomMember, 1)
    assert member is not None and member.member_key != ADVISOR_KEY
    member.status = MemberStatus.ADMITTED
    session.add(member)
    session.commit()
    assert room_figures(session=session) == (0, 1)


def _client(client: tuple[str, int]) -> TestClient:
    inner = Starlette(routes=[Route("/{path:path}", lambda request: PlainTextResponse("spa"))])
    return TestClient(front_door(inner), client=client)


def test_loopback_reads_metrics_others_get_the_neutral_404(configured: str) -> None:
    answer = _client(("127.0.0.1", 5000)).get("/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    assert set(NAMES) <= set(families(answer.content))
    refused = _client(("203.0.113.9", 5000)).get("/metrics")
    assert refused.status_code == 404 and "videotermin_" not in refused.text
    # a forwarded address counts only through trusted proxies, never by itself
    spoofed = _client(("203.0.113.9", 5000)).get("/metrics", headers={"x-forwarded-for": "127.0.0.1"})
    assert spoofed.status_code == 404


def test_allowed_networks_are_configurable(configured: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from videotermin_app.core.settings import get_settings

    monkeypatch.setenv("VT_METRICS_ALLOW", "203.0.113.0/24")
    get_settings.cache_clear()
    assert _client(("203.0.113.9", 5000)).get("/metrics").status_code == 200
    assert _client(("127.0.0.1", 5000)).get("/metrics").status_code == 404


def test_sign_in_failures_are_counted(session: Session, advisor: Advisor) -> None:
    from videotermin_app.accounts.auth import LoginRefused, sign_in

    before = value(exposition(waiting=0, calls=0, echo_peers=0), "videotermin_sign_in_failures")
    with pytest.raises(LoginRefused):
        sign_in(session=session, email="a.berater@example.org", password="falsch", ip="198.51.100.4", now=utcnow())
    after = value(exposition(waiting=0, calls=0, echo_peers=0), "videotermin_sign_in_failures")
    assert after == before + 1
