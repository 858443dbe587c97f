"""The privacy notice is one click away from a client's page and readable on a phone."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.seed import book
from tests.journeys.server import AppServer
from tests.support import ROOT

ARTIFACTS = ROOT / "test-artifacts"


def test_privacy_page_is_reachable_from_the_personal_link(
    app_server: AppServer, client_context: BrowserContext, advisor_context: BrowserContext
) -> None:
    seeded = book(app_server)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, context in (("phone", client_context), ("desktop", advisor_context)):
        page = context.new_page()
        page.goto(f"/vkid/{seeded.tokens['client']}")
        page.get_by_role("link", name="Datenschutz").click()
        expect(page).to_have_url(f"{app_server.base_url}/datenschutz")
        expect(page.get_by_role("heading", name="Datenschutz bei „Mein Videotermin“")).to_be_visible()
        expect(page.get_by_text("Diese Daten werden 90 Tage nach Ihrem Termin automatisch gelöscht.")).to_be_visible()
        expect(
            page.get_by_text("Das Videogespräch wird weder aufgezeichnet noch gespeichert.", exact=False)
        ).to_be_visible()
        expect(page.get_by_role("heading", name="Einwilligung widerrufen")).to_be_visible()
        expect(page.get_by_role("link", name="0800 4 555501").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"privacy-{name}.png"), full_page=True)
        assert_no_axe_violations(page, f"privacy-{name}")
