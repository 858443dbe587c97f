"""The HTTP front door: /health and the neutral page, around a stand-in for the Reflex app."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from videotermin_app.api import front_door
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.models import Advisor, utcnow
from videotermin_app.core.tokens import new_token


def _client() -> TestClient:
    inner = Starlette(routes=[Route("/{path:path}", lambda request: PlainTextResponse("spa"))])
    return TestClient(front_door(inner))


def test_health_reports_the_database(configured: str) -> None:
    response = _client().get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"


def test_health_is_503_when_the_database_is_gone(configured: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from videotermin_app.core import db

    monkeypatch.setattr(db, "database_ok", lambda: False)
    response = _client().get("/health")
    assert response.status_code == 503 and response.json()["status"] == "error"


def test_bad_tokens_all_get_the_same_neutral_page(configured: str, session: Session, advisor: Advisor) -> None:
    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=utcnow() + timedelta(hours=1),
        duration_minutes=30,
        client=PersonInput("M", "M", "m@example.org", customer_number="123D456789"),
    )
    session.commit()
    good = booking.invitations[0][1]
    client = _client()
    answers = [client.get(f"/vkid/{t}") for t in (new_token()[0], "kurz", "<script>", good[:-2] + "xx", "")]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers}) == 1
    assert "Dieser Link ist nicht (mehr) gültig" in answers[0].text and "0800 4 555501" in answers[0].text
    ok = client.get(f"/vkid/{good}")
    assert ok.status_code == 200 and ok.text == "spa"
    assert ok.headers["cache-control"] == "no-store"  # a revoked or cancelled link must not come back from a cache
    assert "no-store" not in client.get("/help").headers.get("cache-control", "")
