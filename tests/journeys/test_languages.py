"""Languages: a client reaches the waiting area in English, Ukrainian, Arabic and Turkish with every visible
text in that language; the consent shows the binding German text beside the translation; **Sprache** and
`?lang=` choose, the device remembers, `<html lang>`/`dir` follow."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.seed import book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from tests.support import ROOT
from videotermin_app.core import i18n

ARTIFACTS = ROOT / "test-artifacts"
ENTER = {
    "en": ("Enter the consultation room", "You are in the virtual waiting area"),
    "uk": ("Увійти до кімнати консультації", "Ви у віртуальній зоні очікування"),
    "ar": ("دخول غرفة الاستشارة", "أنت في منطقة الانتظار الافتراضية"),
    "tr": ("Görüşme odasına girin", "Sanal bekleme alanındasınız"),
}
GERMAN_DATE_WORDS = re.compile(r"\b(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Uhr)\b")
# Names, numbers and the product's name stay as they are in every language.
UNTRANSLATED = {"Mein Videotermin", "Chat", "Desktop", "Smartphone"}


def german_texts_visible(page: Page, code: str) -> list[str]:
    """German source texts (with a translation of their own) that the page shows, as whole lines."""
    catalogue = i18n.catalogue(code)
    lines = {line.strip() for line in page.locator("body").inner_text().splitlines() if line.strip()}
    return sorted(
        line
        for line in lines
        if (line in catalogue and catalogue[line] != line and line not in UNTRANSLATED and len(line) > 3)
        or GERMAN_DATE_WORDS.search(line)
    )


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(Path(ARTIFACTS) / f"lang-{name}.png"), full_page=True)


@pytest.mark.parametrize("code", ["en", "uk", "ar", "tr"])
def test_a_client_reaches_the_waiting_area_in_their_language(
    app_server: AppServer, client_context: BrowserContext, code: str
) -> None:
    seeded = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2))
    ready_for_room(app_server, seeded)
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}?lang={code}")
    enter, waiting = ENTER[code]
    button = page.get_by_role("button", name=enter)
    expect(button).to_be_enabled()
    assert page.evaluate("document.documentElement.lang") == code
    assert page.evaluate("document.documentElement.dir") == ("rtl" if code == "ar" else "ltr")
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value(code)
    assert german_texts_visible(page, code) == []
    shot(page, f"{code}-steps-phone")
    button.click()
    expect(page.get_by_role("heading", name=waiting)).to_be_visible()
    assert german_texts_visible(page, code) == []
    shot(page, f"{code}-waiting-phone")
    if code in ("ar", "en"):
        assert_no_axe_violations(page, f"waiting area in {code}")


@pytest.mark.parametrize("code", ["ar", "en"])
def test_consent_shows_the_binding_german_text_beside_the_translation(
    app_server: AppServer, client_context: BrowserContext, code: str
) -> None:
    seeded = book(app_server)
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}?lang={code}")
    translation = page.locator("#consent-translation")
    expect(translation).to_be_visible()
    expect(translation).to_have_attribute("lang", code)
    expect(page.locator("#consent-text")).to_have_attribute("lang", "de")
    expect(page.locator("#consent-text")).to_contain_text("Einwilligungserklärung")
    expect(page.locator("#consent-binding-note")).to_be_visible()
    binding = page.locator("#consent-text").inner_text()
    assert [line for line in german_texts_visible(page, code) if line not in binding] == []
    shot(page, f"{code}-consent-phone")
    assert_no_axe_violations(page, f"consent in {code}")


def test_sprache_chooses_and_the_device_remembers(app_server: AppServer, client_context: BrowserContext) -> None:
    page = client_context.new_page()
    page.goto("/help")
    expect(page.locator("h1").first).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "de"
    page.get_by_role("combobox", name="Sprache").select_option("ar")
    expect(page.get_by_role("link", name="مساعدة").first).to_be_visible()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.goto("/datenschutz")  # another page, no ?lang=: remembered on this device
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value("ar")
    assert page.evaluate("document.documentElement.lang") == "ar"
    shot(page, "ar-privacy-phone")
    page.goto("/login")  # the advisor's side offers German and English: German meanwhile, Arabic stays remembered
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value("de")
    assert page.evaluate("document.documentElement.lang") == "de"
    page.get_by_role("combobox", name="Sprache").select_option("en")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.goto("/help")
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value("en")
    page.get_by_role("combobox", name="Sprache").select_option("de")
    expect(page.get_by_role("link", name="Hilfe").first).to_be_visible()
    assert page.evaluate("document.documentElement.dir") == "ltr"


def test_the_neutral_page_follows_lang(app_server: AppServer, client_context: BrowserContext) -> None:
    page = client_context.new_page()
    response = page.goto("/vkid/not-a-token?lang=tr")
    assert response is not None and response.status == 404
    assert page.evaluate("document.documentElement.lang") == "tr"
    expect(page.get_by_role("heading", level=1)).to_have_text(i18n.translate(i18n.INVALID_LINK_TITLE, "tr"))
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value("tr")


def test_arabic_pages_on_a_desktop(app_server: AppServer, advisor_context: BrowserContext) -> None:
    """Right to left at 1366x768: the consent side by side with the German text, the help page."""
    seeded = book(app_server)
    page = advisor_context.new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/vkid/{seeded.tokens['client']}?lang=ar")
    expect(page.locator("#consent-translation")).to_be_visible()
    german, translation = (
        page.locator("#consent-text").bounding_box(),
        page.locator("#consent-translation").bounding_box(),
    )
    assert german is not None and translation is not None
    assert translation["x"] > german["x"]  # right to left: the translation first, on the right
    assert german_texts_visible(page, "ar") == [] or all(
        line in page.locator("#consent-text").inner_text() for line in german_texts_visible(page, "ar")
    )
    shot(page, "ar-consent-desktop")
    page.goto("/help")
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value("ar")
    assert german_texts_visible(page, "ar") == []
    shot(page, "ar-help-desktop")
