"""The device check's relay result: what the browser may report, what the person reads, what is stored."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from tests.unit.privacy.helpers import booked
from videotermin_app.core.models import Advisor, DeviceCheck
from videotermin_app.device_check.metrics import CheckMetrics
from videotermin_app.device_check.results import record_check
from videotermin_app.device_check.state import RELAY_FAILED_TEXT, RELAY_OK_TEXT, relay_result, relay_text
from videotermin_app.wizard import consent

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        ({"relay": True}, True),
        ({"relay": False}, False),
        ({}, None),  # no TURN server handed out: nothing tested, nothing said
        ({"relay": 1}, None),
        ({"relay": "true"}, None),
        ({"relay": None}, None),
        ({"relay": [True]}, None),
    ],
)
def test_only_a_real_boolean_counts(report: dict[str, object], expected: bool | None) -> None:
    assert relay_result(report) is expected


def test_plain_german_sentences() -> None:
    assert relay_text(True) == RELAY_OK_TEXT == "Verbindung über den Vermittlungsserver: funktioniert"
    assert relay_text(False).startswith("Verbindung über den Vermittlungsserver: nicht erreichbar")
    assert relay_text(False) == RELAY_FAILED_TEXT
    assert relay_text(None) == ""
    assert json.dumps(RELAY_FAILED_TEXT, ensure_ascii=False).count("Vermittlungsserver") == 1


@pytest.mark.parametrize("relay_ok", [True, False, None])
def test_the_result_is_stored_with_the_device_check(session: Session, advisor: Advisor, relay_ok: bool | None) -> None:
    participant = booked(session, advisor, START).invitations[0][0]
    consent.give(session=session, participant=participant, now=START - timedelta(hours=1))
    check = record_check(
        session=session,
        participant=participant,
        now=START - timedelta(minutes=30),
        level="green",
        metrics=CheckMetrics(),
        user_agent="",
        ip_address="198.51.100.4",
        relay_ok=relay_ok,
    )
    session.commit()
    assert check is not None
    stored = session.get(DeviceCheck, check.id)
    assert stored is not None and stored.relay_ok is relay_ok
