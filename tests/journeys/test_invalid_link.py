"""Someone opens a personal link that does not (or no longer) work."""

from __future__ import annotations

import http.client
from datetime import timedelta
from urllib.parse import quote

from playwright.sync_api import BrowserContext, expect
from sqlmodel import select

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.seed import book, cancel, unique_advisor
from tests.journeys.server import AppServer
from tests.support import session_for
from videotermin_app.core.models import Participant, utcnow
from videotermin_app.core.tokens import hash_token, new_token
from videotermin_app.privacy import revocation
from videotermin_app.wizard import consent
from videotermin_app.wizard.links import GRACE_AFTER_END


def test_unknown_token_shows_the_neutral_page(app_server: AppServer, client_context: BrowserContext) -> None:
    page = client_context.new_page()
    response = page.goto(f"/vkid/{new_token()[0]}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Dieser Link ist nicht (mehr) gültig")).to_be_visible()
    expect(page.get_by_role("link", name="0800 4 555501")).to_be_visible()
    assert_no_axe_violations(page, "neutral page")


def _get(server: AppServer, token: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """A plain HTTP GET of /vkid/<token>: status, every header but Date (in order), the body's bytes."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", f"/vkid/{quote(token, safe='')}", headers={"Accept": "text/html"})
        response = connection.getresponse()
        headers = [(k.lower(), v) for k, v in response.getheaders() if k.lower() != "date"]
        return response.status, headers, response.read()
    finally:
        connection.close()


def _revoked_token(server: AppServer) -> str:
    seeded = book(server, advisor_email=unique_advisor(), starts_in=timedelta(hours=2))
    token = seeded.tokens["client"]
    with session_for(server.database_url) as session:
        participant = session.exec(select(Participant).where(Participant.token_hash == hash_token(token))).one()
        consent.give(session=session, participant=participant, now=utcnow())
        revocation.revoke(session=session, participant=participant, now=utcnow())
        session.commit()
    return token


def test_every_bad_token_gets_the_byte_identical_neutral_answer(app_server: AppServer) -> None:
    """Unknown, malformed, cancelled, revoked and expired: same status, same headers, same bytes."""
    cancelled = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(hours=3))
    cancel(app_server, cancelled.appointment_id)
    expired = book(
        app_server, advisor_email=unique_advisor(), starts_in=-(GRACE_AFTER_END + timedelta(minutes=31))
    ).tokens["client"]
    valid = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(hours=4)).tokens["client"]
    bad = {
        "unknown": new_token()[0],
        "malformed (too short)": "kurz",
        "malformed (markup)": "<script>alert(1)</script>",
        "malformed (too long)": "a" * 65,
        "cancelled": cancelled.tokens["client"],
        "revoked": _revoked_token(app_server),
        "expired": expired,
        "valid but altered": valid[:-2] + ("xx" if not valid.endswith("xx") else "yy"),
    }
    answers = {kind: _get(app_server, token) for kind, token in bad.items()}
    reference = answers["unknown"]
    assert reference[0] == 404 and "Dieser Link ist nicht (mehr) gültig".encode() in reference[2]
    assert [kind for kind, answer in answers.items() if answer != reference] == []
    # the control: the same request for a working link is answered by the app itself
    status, _headers, body = _get(app_server, valid)
    assert status == 200 and body != reference[2]
