"""The client's way in (steps 1 to 4) on a phone and a desktop: consent, camera, test call, resume,
decline, revoke, a blocked camera and a bad connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, expect
from sqlmodel import select

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.conftest import launch
from tests.journeys.seed import book
from tests.journeys.server import AppServer, another_server
from tests.support import ROOT, session_for
from videotermin_app.core.models import ConsentRecord, DeviceCheck, Participant
from videotermin_app.wizard.consent_text import CONSENT_VERSION

ARTIFACTS = ROOT / "test-artifacts"
CHECK_TIMEOUT = 40_000  # the app itself gives up after 20 s with a red result


def shot(page: Page, name: str) -> None:
    """A screenshot into test-artifacts/ and an axe-core scan of the same state."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(Path(ARTIFACTS) / f"client-{name}.png"), full_page=True)
    assert_no_axe_violations(page, f"client {name}")


def current_step(page: Page) -> str:
    return page.locator('nav li[aria-current="step"]').inner_text()


def agree(page: Page) -> None:
    expect(page.get_by_text(f"Fassung {CONSENT_VERSION}")).to_be_visible()
    page.get_by_role("button", name="Ich stimme zu").click()
    expect(page.get_by_role("button", name="Kamera und Mikrofon freigeben")).to_be_visible()


def allow_camera(page: Page) -> None:
    page.get_by_role("button", name="Kamera und Mikrofon freigeben").click()
    expect(page.get_by_role("button", name="Geräte überprüfen")).to_be_visible()
    page.wait_for_function("() => document.querySelector('video#local-video').videoWidth > 0")


def run_check(page: Page) -> str:
    page.get_by_role("button", name="Geräte überprüfen").click()
    result = page.locator("#device-check-result")
    expect(result).to_be_visible(timeout=CHECK_TIMEOUT)
    return result.get_attribute("data-level") or ""


def participant_rows(server: AppServer, appointment_id: int) -> Participant:
    with session_for(server.database_url) as session:
        row = session.exec(select(Participant).where(Participant.appointment_id == appointment_id)).first()
        assert row is not None
        return row


def test_client_walks_steps_1_to_4_to_green_and_resumes(
    app_server: AppServer, client_context: BrowserContext, advisor_context: BrowserContext
) -> None:
    seeded = book(app_server, first_name="Ayşe", last_name="Yılmaz")
    link = f"/vkid/{seeded.tokens['client']}"
    page = client_context.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name="Sie benötigen")).to_be_visible()
    expect(page.get_by_role("heading", name="Einwilligungserklärung")).to_be_visible()
    assert "Zustimmen" in current_step(page)
    shot(page, "step2-consent-phone")
    agree(page)
    assert "Freigeben" in current_step(page)
    shot(page, "step3-permission-phone")
    allow_camera(page)
    assert "Geräte prüfen" in current_step(page)
    shot(page, "step4-device-check-phone")
    page.get_by_role("button", name="Geräte überprüfen").click()
    # while the test call runs: a progress bar with a name (and the status text), gone with the verdict
    progress = page.get_by_role("progressbar", name="Fortschritt des Testanrufs")
    expect(progress).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Der Testanruf läuft")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "client-step4-progress-phone.png"), full_page=True)
    expect(page.locator("#device-check-result")).to_be_visible(timeout=CHECK_TIMEOUT)
    expect(progress).to_have_count(0)
    level = page.locator("#device-check-result").get_attribute("data-level") or ""
    shot(page, "step4-result-phone")
    assert level == "green", page.locator("#device-check-result").inner_text()
    expect(page.locator("#device-check-result")).to_contain_text("Alles in Ordnung")
    # the line's rates in plain words (measured by data-channel bursts, not the echo's ~500 kbit/s video)
    expect(page.locator("#device-check-rates")).to_contain_text("Ihre Verbindung: etwa")
    expect(page.locator("#device-check-rates")).to_contain_text("Mbit/s herunter – gut für Video.")
    enter = page.get_by_role("button", name="Beratungsraum betreten")
    expect(enter).to_be_disabled()
    expect(page.locator("#room-opens")).to_contain_text("5 Minuten vor Beginn")
    assert "Raum betreten" in current_step(page)
    page.get_by_role("button", name="Ich höre mich", exact=True).click()
    expect(page.get_by_text("Mikrofon und Lautsprecher funktionieren")).to_be_visible()
    shot(page, "step5-phone")

    participant = participant_rows(app_server, seeded.appointment_id)
    with session_for(app_server.database_url) as session:
        check = session.exec(select(DeviceCheck).where(DeviceCheck.participant_id == participant.id)).one()
        record = session.exec(select(ConsentRecord).where(ConsentRecord.participant_id == participant.id)).one()
    assert check.level == "green" and check.ip_address == "127.0.0.1" and check.browser and check.operating_system
    assert check.rtt_ms is not None
    # stored rates are the server's measurement of the bursts, above the old cap of the echo's video
    assert check.upload_kbps is not None and check.upload_kbps > 1000, check.upload_kbps
    assert check.download_kbps is not None and check.download_kbps > 1000, check.download_kbps
    assert record.text_version == CONSENT_VERSION and record.given_at is not None

    page.reload()  # a reload resumes at step 5
    expect(page.get_by_role("button", name="Beratungsraum betreten")).to_be_disabled()
    desktop = advisor_context.new_page()  # a second device resumes at step 5 as well
    desktop.goto(link)
    expect(desktop.get_by_role("button", name="Beratungsraum betreten")).to_be_visible()
    assert "Raum betreten" in current_step(desktop)
    shot(desktop, "step5-desktop")


def test_desktop_screens_and_help(app_server: AppServer, advisor_context: BrowserContext) -> None:
    seeded = book(app_server)
    page = advisor_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    shot(page, "step2-consent-desktop")
    agree(page)
    shot(page, "step3-permission-desktop")
    page.reload()  # consent is stored, permission is asked again: resume at step 3
    expect(page.get_by_role("button", name="Kamera und Mikrofon freigeben")).to_be_visible()
    allow_camera(page)
    shot(page, "step4-device-check-desktop")
    run_check(page)
    expect(page.locator("#device-check-rates")).to_contain_text("Ihre Verbindung: etwa")
    shot(page, "step4-result-desktop")
    page.get_by_role("link", name="Hilfe").first.click()
    expect(page.get_by_role("heading", name="Hilfe zu Mein Videotermin")).to_be_visible()
    expect(page.get_by_text("0800 4 555501").first).to_be_visible()
    expect(page.get_by_role("heading", name="Kamera und Mikrofon wieder erlauben")).to_be_visible()
    shot(page, "help-desktop")


def test_declining_consent_is_explained_and_recorded(app_server: AppServer, client_context: BrowserContext) -> None:
    seeded = book(app_server)
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    page.get_by_role("button", name="Ich stimme nicht zu").click()
    expect(page.locator("#consent-declined")).to_contain_text("keine Nachteile")
    shot(page, "step2-declined-phone")
    participant = participant_rows(app_server, seeded.appointment_id)
    with session_for(app_server.database_url) as session:
        record = session.exec(select(ConsentRecord).where(ConsentRecord.participant_id == participant.id)).one()
        assert record.declined_at is not None and record.given_at is None
        assert session.exec(select(DeviceCheck).where(DeviceCheck.participant_id == participant.id)).all() == []
    page.reload()  # still at step 2, the decision can be changed
    expect(page.get_by_role("button", name="Ich stimme zu")).to_be_visible()


def test_revoking_consent_blanks_the_data_and_ends_the_link(
    app_server: AppServer, client_context: BrowserContext
) -> None:
    seeded = book(app_server)
    link = f"/vkid/{seeded.tokens['client']}"
    page = client_context.new_page()
    page.goto(link)
    agree(page)
    page.get_by_role("button", name="Einwilligung widerrufen").click()
    shot(page, "revoke-confirm-phone")
    page.get_by_role("button", name="Widerruf bestätigen").click()
    expect(page.locator("#consent-revoked")).to_be_visible()
    shot(page, "revoked-phone")
    participant = participant_rows(app_server, seeded.appointment_id)
    assert participant.first_name is None and participant.last_name is None
    assert participant.customer_number is None and participant.email is None and participant.role is None
    assert page.request.get(link).status == 404  # HTTP level (the page itself may come from the cache)
    page.goto(link)
    expect(page.get_by_role("heading", name="Dieser Link ist nicht (mehr) gültig")).to_be_visible()


@pytest.fixture
def blocking_context(playwright: Playwright, app_server: AppServer) -> Iterator[BrowserContext]:
    """A browser that answers the permission prompt with "Blockieren" (no fake UI, nothing granted)."""
    browser = launch(playwright, fake_ui=False)
    context = browser.new_context(
        base_url=app_server.base_url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()
    browser.close()


def test_blocked_camera_leads_to_the_help_text(app_server: AppServer, blocking_context: BrowserContext) -> None:
    seeded = book(app_server)
    page = blocking_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    agree(page)
    page.get_by_role("button", name="Kamera und Mikrofon freigeben").click()
    help_box = page.locator("#media-help")
    expect(help_box).to_contain_text("blockiert")
    expect(help_box).to_contain_text("Zulassen")  # the steps for this browser (Chrome)
    expect(help_box).to_contain_text("0800 4 555501")
    expect(page.get_by_role("button", name="Geräte überprüfen")).to_have_count(0)
    shot(page, "step3-blocked-phone")


@pytest.fixture(scope="module")
def bad_server(tmp_path_factory: pytest.TempPathFactory, app_server: AppServer) -> Iterator[AppServer]:
    """A second app whose echo peer drops 90 % of the frames (VT_TEST_ECHO_DROP_RATIO is test-only)."""
    with another_server(
        app_server, tmp_path_factory.mktemp("bad"), {"VT_TEST_MODE": "1", "VT_TEST_ECHO_DROP_RATIO": "0.9"}
    ) as server:
        yield server


def test_a_bad_connection_gives_yellow_or_red(playwright: Playwright, bad_server: AppServer) -> None:
    seeded = book(bad_server)
    browser = launch(playwright)
    context = browser.new_context(base_url=bad_server.base_url, locale="de-DE", viewport={"width": 390, "height": 844})
    context.grant_permissions(["camera", "microphone"], origin=bad_server.base_url)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto(f"/vkid/{seeded.tokens['client']}")
        agree(page)
        allow_camera(page)
        level = run_check(page)
        shot(page, "step4-bad-connection-phone")
        assert level in ("yellow", "red"), page.locator("#device-check-result").inner_text()
        expect(page.locator("#device-check-result")).to_contain_text("0800 4 555501")
        # people decide: step 5 follows with a plain warning (and the phone as the alternative)
        warning = page.locator("#device-check-warning")
        expect(warning).to_have_attribute("data-level", level)
        expect(warning).to_contain_text("Telefonat")
        expect(page.get_by_role("button", name="Beratungsraum betreten")).to_be_visible()
    finally:
        context.close()
        browser.close()
