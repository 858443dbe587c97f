"""A client opens the personal link from the invitation and sees their appointment in German."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import BrowserContext, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.seed import book
from tests.journeys.server import AppServer
from tests.support import ROOT
from videotermin_app.core.dates import format_long
from videotermin_app.core.settings import load_settings

ARTIFACTS = ROOT / "test-artifacts"


def test_link_shows_the_appointment_date_in_german(
    app_server: AppServer, client_context: BrowserContext, advisor_context: BrowserContext
) -> None:
    seeded = book(app_server, first_name="Ayşe", last_name="Yılmaz")
    expected = format_long(seeded.start, load_settings({}).timezone)
    ARTIFACTS.mkdir(exist_ok=True)
    # the same link on the phone and on a second device (a desktop) shows the same appointment
    for name, context in (("phone", client_context), ("desktop", advisor_context)):
        page = context.new_page()
        response = page.goto(f"/vkid/{seeded.tokens['client']}")
        assert response is not None and response.status == 200
        expect(page.get_by_role("heading", name=expected)).to_be_visible()
        expect(page.get_by_text("Ayşe Yılmaz")).to_be_visible()
        expect(page.get_by_role("link", name="Hilfe").first).to_be_visible()
        page.screenshot(path=str(Path(ARTIFACTS) / f"personal-link-{name}.png"), full_page=True)
        assert_no_axe_violations(page, f"personal-link-{name}")


def test_fake_camera_and_microphone_are_available(app_server: AppServer, client_context: BrowserContext) -> None:
    """The harness gives every page a fake camera and microphone (later journeys rely on it)."""
    seeded = book(app_server)
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    kinds = page.evaluate(
        """async () => {
            const stream = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
            const kinds = stream.getTracks().map(t => t.kind).sort();
            stream.getTracks().forEach(t => t.stop());
            return kinds;
        }"""
    )
    assert kinds == ["audio", "video"]
