"""Accessibility of the pages everyone can reach: axe-core at phone and desktop size, the statement
and Leichte Sprache linked from every page, reflow at 320 px, 200 % text and reduced motion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.seed import book, unique_advisor
from tests.journeys.server import AppServer
from tests.support import ROOT
from videotermin_app.core.tokens import new_token

ARTIFACTS = ROOT / "test-artifacts"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
STATIC_PAGES = {
    "home": ("/", "Mein Videotermin"),
    "help": ("/help", "Hilfe zu Mein Videotermin"),
    "privacy": ("/datenschutz", "Datenschutz bei „Mein Videotermin“"),
    "login": ("/login", "Anmeldung für Beratende"),
    "statement": ("/barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    "easy-language": ("/leichte-sprache", "Mein Videotermin in Leichter Sprache"),
}
SCREENSHOTS = ("statement", "easy-language")  # kept in test-artifacts/ at both sizes, to be looked at
REFLOW_WIDTH = 320  # WCAG 1.4.10: content reflows at 320 CSS px without horizontal scrolling
NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def sized_context(browser: Browser, server: AppServer, width: int, height: int, **kw: object) -> BrowserContext:
    context = browser.new_context(
        base_url=server.base_url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": width, "height": height},
        **kw,  # type: ignore[arg-type]
    )
    context.grant_permissions(["camera", "microphone"], origin=server.base_url)
    context.set_default_timeout(15_000)
    return context


@pytest.mark.parametrize("size", SIZES)
def test_every_public_page_has_no_axe_violations(browser: Browser, app_server: AppServer, size: str) -> None:
    context = sized_context(browser, app_server, **SIZES[size])
    try:
        page = context.new_page()
        for name, (path, heading) in STATIC_PAGES.items():
            page.goto(path)
            expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible()
            assert_no_axe_violations(page, f"{name} page ({path})")
            if name in SCREENSHOTS:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)
        page.goto(f"/vkid/{new_token()[0]}")
        expect(page.get_by_role("heading", name="Dieser Link ist nicht (mehr) gültig")).to_be_visible()
        assert_no_axe_violations(page, "neutral page")
    finally:
        context.close()


def test_statement_and_easy_language_are_linked_from_every_page(
    app_server: AppServer, client_context: BrowserContext
) -> None:
    seeded = book(app_server)
    page = client_context.new_page()
    for path in ("/", "/help", "/datenschutz", "/login", f"/vkid/{seeded.tokens['client']}", "/leichte-sprache"):
        page.goto(path)
        footer = page.locator("footer")
        expect(footer.get_by_role("link", name="Barrierefreiheit")).to_have_attribute("href", "/barrierefreiheit")
        expect(footer.get_by_role("link", name="Leichte Sprache")).to_have_attribute("href", "/leichte-sprache")
    page.goto("/barrierefreiheit")
    for text in ("teilweise vereinbar", "Schlichtungsstelle", "0800 4 555501"):
        expect(page.get_by_text(text, exact=False).first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "statement-phone.png"), full_page=True)
    page.goto("/leichte-sprache")
    for step in ("Schritt 1", "Schritt 2", "Schritt 3", "Schritt 4", "Schritt 5", "Im Warte-Bereich", "Im Gespräch"):
        expect(page.get_by_role("heading", name=step, exact=False).first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "easy-language-phone.png"), full_page=True)


def test_reflow_at_320_px_zoom_200_and_reduced_motion(browser: Browser, app_server: AppServer) -> None:
    # its own advisor: `book` moves the start behind that advisor's latest appointment
    seeded = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2))
    context = sized_context(browser, app_server, REFLOW_WIDTH, 640, reduced_motion="reduce")
    try:
        page = context.new_page()

        def fits(label: str) -> None:
            assert page.evaluate(NO_HORIZONTAL_SCROLL), (
                f"{label}: horizontal scrolling at {REFLOW_WIDTH} px "
                f"({page.evaluate('document.documentElement.scrollWidth')} px wide)"
            )

        page.goto(f"/vkid/{seeded.tokens['client']}")
        fits("step 2 (consent)")
        page.get_by_role("button", name="Ich stimme zu").click()
        expect(page.get_by_role("button", name="Kamera und Mikrofon freigeben")).to_be_visible()
        fits("step 3 (permission)")
        page.get_by_role("button", name="Kamera und Mikrofon freigeben").click()
        expect(page.get_by_role("button", name="Geräte überprüfen")).to_be_visible()
        fits("step 4 (device check)")
        page.get_by_role("button", name="Geräte überprüfen").click()
        expect(page.locator("#device-check-result")).to_be_visible(timeout=40_000)
        fits("step 4 result")
        enter = page.get_by_role("button", name="Beratungsraum betreten")
        expect(enter).to_be_enabled()
        fits("step 5")
        # 200 % text size (WCAG 1.4.4): the main button is still whole and on screen
        page.add_style_tag(content="html { font-size: 200% !important; }")
        box = enter.bounding_box()
        assert box is not None and box["width"] > 0 and box["x"] >= 0
        assert box["x"] + box["width"] <= REFLOW_WIDTH + 1, box
        sizes = enter.evaluate("(b) => [b.scrollWidth, b.clientWidth, b.scrollHeight, b.clientHeight]")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "step5-320px-200percent.png"), full_page=True)
        clipped = sizes[0] > sizes[1] + 1 or sizes[2] > sizes[3] + 1
        assert not clipped, f"the button's text is clipped at 200 % text size (scroll/client width, height: {sizes})"
        fits("step 5 at 200 % text")
        enter.click()
        expect(page.get_by_role("heading", name="Sie sind im virtuellen Wartebereich")).to_be_visible()
        fits("waiting area at 200 % text")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "waiting-320px-200percent.png"), full_page=True)
        # reduced motion: no animation or transition runs anywhere on the page
        moving = page.evaluate(
            """() => [...document.querySelectorAll('*')].filter((e) => {
                const s = getComputedStyle(e);
                const long = (v) => v.split(',').some((d) => parseFloat(d) > 0.01);
                return (s.animationName !== 'none' && long(s.animationDuration)) || long(s.transitionDuration);
            }).map((e) => e.tagName + '.' + e.className).slice(0, 5)"""
        )
        assert moving == [], f"animations despite prefers-reduced-motion: {moving}"
    finally:
        context.close()
