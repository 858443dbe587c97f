"""An advisor signs in (after a wrong password), stays signed in across a reload and signs out."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_advisor import AdvisorPage, LoginPage, ensure_advisor, shot
from tests.journeys.server import AppServer

EMAIL = "login.berater@example.org"
PASSWORD = "login-passwort-123"


def test_advisor_signs_in_and_out(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    ensure_advisor(app_server, EMAIL, PASSWORD, name="Lena Login")
    page = advisor_context.new_page()
    # the workspace is closed without signing in
    page.goto("/advisor")
    expect(page).to_have_url(re.compile(r"/login/?$"))

    login = LoginPage(page).open()
    shot(page, "advisor-login-desktop")
    login.sign_in(EMAIL, "falsches-passwort")
    expect(page.get_by_text("E-Mail-Adresse oder Passwort ist nicht richtig.")).to_be_visible()
    assert_no_axe_violations(page, "login with an error")
    login.sign_in("niemand@example.org", PASSWORD)
    expect(page.get_by_text("E-Mail-Adresse oder Passwort ist nicht richtig.")).to_be_visible()

    login.sign_in(EMAIL, PASSWORD)
    advisor = AdvisorPage(page).expect_loaded()
    expect(page.get_by_text("Lena Login")).to_be_visible()
    page.reload()
    advisor.expect_loaded()
    expect(page).to_have_url(re.compile(r"/advisor/?$"))

    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_text("Sie sind abgemeldet.")).to_be_visible()
    page.goto("/advisor")
    expect(page).to_have_url(re.compile(r"/login/?$"))

    phone = client_context.new_page()
    LoginPage(phone).open()
    shot(phone, "advisor-login-phone")
