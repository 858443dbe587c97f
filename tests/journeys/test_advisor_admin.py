"""An administrator creates an advisor account, resets its password and deactivates it."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, expect

from tests.journeys.pages_advisor import AdvisorPage, LoginPage, ensure_advisor, shot
from tests.journeys.server import AppServer

ADMIN = "admin.journey@example.org"
ADMIN_PASSWORD = "admin-passwort-123"
NEW = "neu.beraterin@example.org"


def test_admin_creates_resets_and_deactivates_an_advisor(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    ensure_advisor(app_server, ADMIN, ADMIN_PASSWORD, name="Anton Admin", admin=True)
    admin = advisor_context.new_page()
    LoginPage(admin).open().sign_in(ADMIN, ADMIN_PASSWORD)
    AdvisorPage(admin).expect_loaded()
    admin.get_by_role("button", name="Konten verwalten").click()
    admin.get_by_role("textbox", name="Name des Kontos").fill("Nina Neu")
    admin.get_by_role("textbox", name="Anmeldeadresse des Kontos").fill(NEW)
    admin.get_by_role("button", name="Konto anlegen").click()
    expect(admin.get_by_text(f"Das Konto für {NEW} ist angelegt.")).to_be_visible()
    first_password = admin.locator("#new-password").inner_text()
    shot(admin, "advisor-admin-desktop")

    # the new advisor signs in on another device
    other = client_context.new_page()
    LoginPage(other).open().sign_in(NEW, first_password)
    AdvisorPage(other).expect_loaded()
    expect(other.get_by_role("button", name="Konten verwalten")).to_have_count(0)

    # reset: the old password and the open session stop working, the new password works
    admin.get_by_role("button", name=f"Passwort zurücksetzen: {NEW}").click()
    expect(admin.get_by_text(f"Das Passwort von {NEW} ist zurückgesetzt.")).to_be_visible()
    second_password = admin.locator("#new-password").inner_text()
    assert second_password != first_password
    other.reload()
    expect(other).to_have_url(re.compile(r"/login/?$"))
    login = LoginPage(other)
    login.sign_in(NEW, first_password)
    expect(other.get_by_text("E-Mail-Adresse oder Passwort ist nicht richtig.")).to_be_visible()
    login.sign_in(NEW, second_password)
    AdvisorPage(other).expect_loaded()

    # deactivate: the session ends and signing in is refused with the same neutral message
    admin.get_by_role("button", name=f"Deaktivieren: {NEW}").click()
    expect(admin.get_by_text(f"Das Konto {NEW} ist deaktiviert.")).to_be_visible()
    # the open workspace of that advisor is cleared at once, without waiting for a click there
    expect(other.get_by_role("button", name="Termin anlegen")).to_have_count(0)
    expect(other.get_by_text("Ihre Sitzung ist abgelaufen oder beendet.")).to_be_visible()
    other.get_by_role("link", name="Zur Anmeldung").click()
    expect(other).to_have_url(re.compile(r"/login/?$"))
    LoginPage(other).sign_in(NEW, second_password)
    expect(other.get_by_text("E-Mail-Adresse oder Passwort ist nicht richtig.")).to_be_visible()
