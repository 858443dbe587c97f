"""Languages: a client reaches the waiting area in English, Ukrainian, Arabic and Turkish with every visible
text in that language; the consent shows the binding German text beside the translation; **Sprache** and
`?lang=` choose, the device remembers, `<html lang>`/`dir` follow."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import select

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_advisor import ensure_advisor, wait_for_mails
from tests.journeys.pages_call import AdvisorDesk, remote_video_playing
from tests.journeys.seed import book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from tests.support import ROOT, session_for
from videotermin_app.core import i18n
from videotermin_app.core.models import Participant
from videotermin_app.core.settings import load_settings

ARTIFACTS = ROOT / "test-artifacts"
TZ = load_settings({}).timezone
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
    expect(page.locator("html")).to_have_attribute("lang", code)  # set by the page script: wait for it
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if code == "ar" else "ltr")
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
    expect(page.locator("html")).to_have_attribute("lang", "de")  # set by the page script: wait for it
    page.get_by_role("combobox", name="Sprache").select_option("ar")
    expect(page.get_by_role("link", name="مساعدة").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")  # set by the page script: wait for it
    page.goto("/datenschutz")  # another page, no ?lang=: remembered on this device
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value("ar")
    expect(page.locator("html")).to_have_attribute("lang", "ar")  # set by the page script: wait for it
    shot(page, "ar-privacy-phone")
    page.goto("/login")  # the advisor's side offers German and English: German meanwhile, Arabic stays remembered
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value("de")
    expect(page.locator("html")).to_have_attribute("lang", "de")  # set by the page script: wait for it
    page.goto("/help")  # still remembered after a page that did not offer it
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value("ar")
    page.goto("/login")
    page.get_by_role("combobox", name="Sprache").select_option("en")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.goto("/help")
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value("en")
    page.get_by_role("combobox", name="Sprache").select_option("de")
    expect(page.get_by_role("link", name="Hilfe").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")  # set by the page script: wait for it


def test_the_neutral_page_follows_lang(app_server: AppServer, client_context: BrowserContext) -> None:
    page = client_context.new_page()
    response = page.goto("/vkid/not-a-token?lang=tr")
    assert response is not None and response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "tr")  # set by the page script: wait for it
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
    assert_no_axe_violations(page, "help in ar, desktop")


def test_an_advisor_in_english_books_a_client_in_arabic(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    """The advisor's side in English; the client's mail and page in the language chosen at booking; a
    language the client picks on the page is kept for their next mails."""
    email, password, client_email = "sprachen.berater@example.org", "sprachen-passwort-123", "kundin.ar@example.org"
    ensure_advisor(app_server, email, password, name="Lena Sprachen")
    page = advisor_context.new_page()
    page.goto("/login?lang=en")
    page.get_by_role("textbox", name="E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My appointments")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # set by the page script: wait for it
    page.get_by_role("button", name="Create appointment").click()
    start = (datetime.now(TZ) + timedelta(days=3)).replace(hour=11, minute=0, second=0, microsecond=0)
    page.get_by_role("textbox", name="First name", exact=True).fill("Amal")
    page.get_by_role("textbox", name="Last name", exact=True).fill("Haddad")
    page.get_by_role("textbox", name="Customer number", exact=True).fill("123D456789")
    page.get_by_role("textbox", name="E-mail", exact=True).fill(client_email)
    page.get_by_role("textbox", name="Start", exact=True).fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("textbox", name="Duration (minutes)", exact=True).fill("30")
    page.get_by_role("combobox", name="Language of the e-mails to the client").select_option("ar")
    assert german_texts_visible(page, "en") == []
    shot(page, "en-advisor-booking-desktop")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("The appointment has been created. The e-mails have been sent.")).to_be_visible()
    assert german_texts_visible(page, "en") == []
    shot(page, "en-advisor-list-desktop")

    mail = wait_for_mails(app_server.outbox, to=client_email, subject_contains="Mein Videotermin")[0]
    assert mail.message["Content-Language"] == "ar"
    assert i18n.translate("Mein Videotermin: Ihre Einladung am {date}", "ar").split("{date}")[0] in mail.subject
    assert mail.link.endswith("?lang=ar") and "Guten Tag" not in mail.text
    client = client_context.new_page()
    client.goto(mail.link)
    expect(client.get_by_role("button", name="أوافق", exact=True)).to_be_visible()
    expect(client.locator("html")).to_have_attribute("dir", "rtl")
    # the client prefers Turkish: the page switches, and the next mail (a cancellation) is Turkish
    client.get_by_role("combobox", name="Sprache").select_option("tr")
    expect(client.get_by_role("button", name="Kabul ediyorum", exact=True)).to_be_visible()
    with session_for(app_server.database_url) as session:
        row = session.exec(select(Participant).where(Participant.email == client_email)).one()
        deadline = time.monotonic() + 10
        while row.language != "tr" and time.monotonic() < deadline:
            time.sleep(0.2)
            session.refresh(row)
        assert row.language == "tr"


def test_a_call_in_arabic_with_a_german_advisor(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    """Each side in its own language: the client's call controls, role names and the advisor's
    decline-free admission; texts the advisor's events produce for the client come in Arabic."""
    seeded = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2), first_name="Rana")
    ready_for_room(app_server, seeded)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}?lang=ar")
    page.get_by_role("button", name=ENTER["ar"][0]).click()
    expect(page.get_by_role("heading", name=ENTER["ar"][1])).to_be_visible()
    desk.admit("Rana Mustermann")
    remote_video_playing(page, role="advisor")
    expect(page.get_by_role("button", name=i18n.translate("Auflegen", "ar"))).to_be_visible()
    expect(page.get_by_text(i18n.translate("Beraterin/Berater", "ar")).first).to_be_visible()
    assert german_texts_visible(page, "ar") == []
    shot(page, "ar-call-phone")
    assert_no_axe_violations(page, "call in ar")
    # the advisor's side stays German
    expect(desk.page.locator("html")).to_have_attribute("lang", "de")
    expect(desk.page.get_by_role("button", name="Auflegen")).to_be_visible()
    # the advisor ends the appointment: the client's survey and its thanks in Arabic
    desk.end_for_all()
    expect(page.get_by_role("button", name=i18n.translate("Umfrage überspringen", "ar"))).to_be_visible()
    assert german_texts_visible(page, "ar") == []
    shot(page, "ar-survey-phone")
    assert_no_axe_violations(page, "survey in ar")
