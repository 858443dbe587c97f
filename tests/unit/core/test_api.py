"""The HTTP front door: /health and the neutral page, around a stand-in for the Reflex app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from tests.services import closed_port, throwaway_postgres
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


@pytest.fixture
def database_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Point the process-wide settings and engine at a given database URL."""
    from videotermin_app.core.db import get_engine
    from videotermin_app.core.settings import get_settings

    def point(url: str) -> None:
        monkeypatch.setenv("VT_DATABASE_URL", url)
        get_settings.cache_clear()
        get_engine.cache_clear()

    yield point
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


GONE = {"status": "error", "database": "unreachable", "service": "mein-videotermin"}


def test_health_is_503_when_the_database_server_stops(database_at: Callable[[str], None]) -> None:
    """A real PostgreSQL of our own answers, then is stopped: the same app turns to 503."""
    with throwaway_postgres() as server:
        database_at(server.url)
        client = _client()
        assert client.get("/health").status_code == 200  # connected, a pooled connection is open
        server.stop()
        response = client.get("/health")
        assert (response.status_code, response.json()) == (503, GONE)


def test_health_is_503_when_nothing_listens_at_the_database_address(database_at: Callable[[str], None]) -> None:
    with closed_port() as port:
        database_at(f"postgresql+psycopg://postgres@127.0.0.1:{port}/videotermin")
        response = _client().get("/health")
        assert (response.status_code, response.json()) == (503, GONE)


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


def test_a_personal_link_while_the_database_is_unreachable_gets_a_calm_503_page(
    database_at: Callable[[str], None],
) -> None:
    from videotermin_app.api import RETRY_AFTER_SECONDS, unavailable_page_html
    from videotermin_app.core import i18n

    with closed_port() as port:
        database_at(f"postgresql+psycopg://postgres@127.0.0.1:{port}/videotermin")
        response = _client().get(f"/vkid/{new_token()[0]}")
    assert response.status_code == 503
    assert response.text == unavailable_page_html()
    assert i18n.UNAVAILABLE_TITLE in response.text and "Traceback" not in response.text
    assert response.headers["retry-after"] == "60" == str(RETRY_AFTER_SECONDS)
    assert response.headers["cache-control"] == "no-store"


def test_revocation_links_unknown_tokens_get_the_neutral_page(
    configured: str, session: Session, advisor: Advisor
) -> None:
    from videotermin_app.core import revocation_tokens

    booking = book_appointment(
        session=session,
        advisor=advisor,
        start=utcnow() - timedelta(days=20),  # long over: the personal link expired, the revocation link works
        now=utcnow() - timedelta(days=21),
        duration_minutes=30,
        client=PersonInput("M", "M", "m@example.org", customer_number="123D456789"),
    )
    good = revocation_tokens.issue(session=session, participant_id=booking.invitations[0][0].id or 0, now=utcnow())
    session.commit()
    client = _client()
    neutral = client.get(f"/vkid/{new_token()[0]}")
    answers = [client.get(f"/widerruf/{t}") for t in (new_token()[0], "kurz", good[:-2] + "xx", "")]
    assert {a.status_code for a in answers} == {404}
    assert {a.text for a in answers} == {neutral.text}  # the same page as a bad personal link
    assert "/impressum" in neutral.text
    ok = client.get(f"/widerruf/{good}")
    assert ok.status_code == 200 and ok.text == "spa" and ok.headers["cache-control"] == "no-store"
    assert client.get(f"/vkid/{booking.invitations[0][1]}").status_code == 404


def test_the_neutral_page_speaks_the_chosen_language(configured: str) -> None:
    from videotermin_app.core import i18n

    client = _client()
    turkish = client.get(f"/vkid/{new_token()[0]}?lang=tr")
    assert turkish.status_code == 404
    assert '<html lang="tr" dir="ltr">' in turkish.text
    assert i18n.translate(i18n.INVALID_LINK_TITLE, "tr") in turkish.text and "Dieser Link" not in turkish.text
    assert (
        '<label for="lang">Sprache</label>' in turkish.text and '<option value="tr" lang="tr" selected>' in turkish.text
    )
    client.cookies.set("vt_lang", "ar")
    arabic = client.get(f"/vkid/{new_token()[0]}")
    assert '<html lang="ar" dir="rtl">' in arabic.text
    client.cookies.set("vt_lang", "<script>")
    assert '<html lang="de" dir="ltr">' in client.get(f"/vkid/{new_token()[0]}?lang=xx").text
