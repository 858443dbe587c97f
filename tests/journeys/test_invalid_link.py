"""Someone opens a personal link that does not (or no longer) work."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.seed import book, cancel
from tests.journeys.server import AppServer
from videotermin_app.core.tokens import new_token


def test_unknown_token_shows_the_neutral_page(app_server: AppServer, client_context: BrowserContext) -> None:
    page = client_context.new_page()
    response = page.goto(f"/vkid/{new_token()[0]}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Dieser Link ist nicht (mehr) gültig")).to_be_visible()
    expect(page.get_by_role("link", name="0800 4 555501")).to_be_visible()
    assert_no_axe_violations(page, "neutral page")


def test_cancelled_token_looks_exactly_like_an_unknown_one(
    app_server: AppServer, client_context: BrowserContext
) -> None:
    seeded = book(app_server)
    cancel(app_server, seeded.appointment_id)
    page = client_context.new_page()
    cancelled = page.goto(f"/vkid/{seeded.tokens['client']}")
    assert cancelled is not None
    cancelled_html = cancelled.text()
    unknown = page.goto(f"/vkid/{new_token()[0]}")
    assert unknown is not None
    assert (cancelled.status, cancelled_html) == (unknown.status, unknown.text())
