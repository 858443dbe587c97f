"""The advisor's readiness board: while the client walks the steps on her phone, the advisor's list
shows live (no reload) that the link was opened, the consent, the device-check light with browser and
device, and since when she waits; every state scanned with axe."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import BrowserContext, Locator, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_advisor import shot
from tests.journeys.pages_call import AdvisorDesk
from tests.journeys.seed import book, unique_advisor
from tests.journeys.server import AppServer
from tests.journeys.test_client_steps import agree, allow_camera, run_check


def board_row(desk: AdvisorDesk, name: str) -> Locator:
    """The readiness line of the participant called `name` in the advisor's appointment list."""
    person = desk.page.locator("article").filter(has_text=name).locator("[data-participant-readiness]")
    expect(person).to_have_count(1)
    return person


def test_the_board_follows_the_client_live(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server,
        advisor_email=unique_advisor(),
        starts_in=timedelta(minutes=3),
        first_name="Rosa",
        last_name="Bereit",
    )
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    row = board_row(desk, "Rosa Bereit")
    expect(row).to_have_attribute("data-consent", "none")
    expect(row).to_have_attribute("data-check", "none")
    expect(row).to_contain_text("Link noch nicht geöffnet")
    expect(row).to_contain_text("Noch keine Einwilligung")

    phone = client_context.new_page()
    phone.goto(f"/vkid/{seeded.tokens['client']}")
    expect(row).to_contain_text("Link geöffnet:")  # live, the advisor did not reload
    agree(phone)
    expect(row).to_have_attribute("data-consent", "given")
    expect(row).to_contain_text("Eingewilligt")
    allow_camera(phone)
    assert run_check(phone) == "green"
    expect(row).to_have_attribute("data-check", "green")
    expect(row).to_contain_text("Geräteprüfung: gut (")  # with browser and device
    assert_no_axe_violations(desk.page, "readiness board, advisor")

    phone.get_by_role("button", name="Beratungsraum betreten").click()
    expect(row).to_contain_text("wartet seit")
    shot(desk.page, "readiness-board-desktop")
    desk.page.set_viewport_size({"width": 390, "height": 844})
    assert_no_axe_violations(desk.page, "readiness board, advisor, phone size")

    # she revokes her consent from the waiting area: her name is gone, the board says so
    same_person = desk.page.locator(f'[data-participant-readiness="{row.get_attribute("data-participant-readiness")}"]')
    phone.get_by_role("button", name="Einwilligung widerrufen").click()
    phone.get_by_role("alertdialog").get_by_role("button", name="Widerruf bestätigen").click()
    expect(same_person).to_have_attribute("data-consent", "revoked")
    expect(same_person).to_contain_text("Einwilligung widerrufen")
    expect(desk.page.locator("article").filter(has_text="Rosa Bereit")).to_have_count(0)
