"""An operator checks that the app and its database answer."""

from __future__ import annotations

from playwright.sync_api import BrowserContext

from tests.journeys.server import AppServer


def test_health_answers_ok_with_the_database(app_server: AppServer, advisor_context: BrowserContext) -> None:
    response = advisor_context.request.get("/health")
    assert response.status == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"
