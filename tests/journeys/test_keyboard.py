"""Keyboard only: a client from the personal link to the waiting area, an advisor from signing in
to **Hereinholen**, the call toolbar, the chat and the end-call dialog. Only `page.keyboard` (Tab,
Shift+Tab, Enter, Space, typing) moves and acts; the focused element must show a visible focus."""

from __future__ import annotations

import time
from datetime import timedelta

from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.journeys.pages_call import ClientRoom, remote_video_playing
from tests.journeys.seed import ADVISOR_PASSWORD, book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer

MAX_TABS = 80  # more Tab presses than any page of the app has stops before its main button
CHECK_TIMEOUT = 40_000
LEVEL_WORDS = {"green": "Grün", "yellow": "Gelb", "red": "Rot"}  # how the result's colour is spoken

FOCUS_VISIBLE = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return false;
    const s = getComputedStyle(e);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    return outline || (s.boxShadow && s.boxShadow !== 'none');
}"""
FOCUSED = "() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || e.innerText || e.tagName).trim().slice(0, 60) : ''; }"


def focus_is_visible(page: Page) -> None:
    assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {page.evaluate(FOCUSED)!r}"


def is_focused(target: Locator) -> bool:
    try:
        return bool(target.evaluate("(e) => e === document.activeElement", timeout=1_000))
    except Exception:  # noqa: BLE001 - not attached yet
        return False


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> list[str]:
    """Press Tab (or Shift+Tab) until `target` has the focus; every stop on the way shows a visible focus.
    Returns the names of the stops (the tab order)."""
    expect(target).to_be_visible()
    order: list[str] = []
    for _ in range(MAX_TABS):
        if is_focused(target):
            focus_is_visible(page)
            return order
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("() => document.activeElement !== document.body"):
            focus_is_visible(page)
            order.append(page.evaluate(FOCUSED))
    raise AssertionError(f"{target} not reached with {MAX_TABS} Tab presses; the stops were: {order}")


def test_client_reaches_the_waiting_area_by_keyboard(app_server: AppServer, client_context: BrowserContext) -> None:
    seeded = book(app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2))
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    started = time.monotonic()

    # once the page shows its step (before that the app is still loading and has nothing to focus),
    # the first stop is the skip link, which leads to the main content
    agree = page.get_by_role("button", name="Ich stimme zu")
    expect(agree).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    focus_is_visible(page)
    page.keyboard.press("Enter")

    tab_to(page, agree)
    page.keyboard.press("Enter")

    allow = page.get_by_role("button", name="Kamera und Mikrofon freigeben")
    tab_to(page, allow)
    page.keyboard.press("Space")

    check = page.get_by_role("button", name="Geräte überprüfen")
    tab_to(page, check)
    page.keyboard.press("Enter")
    result = page.locator("#device-check-result")
    expect(result).to_be_visible(timeout=CHECK_TIMEOUT)
    # the result was announced: the polite live region holds its colour (on a loaded machine the
    # measured connection can be yellow; the announcement must match whatever the card shows)
    level = result.get_attribute("data-level") or ""
    expect(page.locator("#device-check-announcer")).to_contain_text(LEVEL_WORDS[level])

    enter = page.get_by_role("button", name="Beratungsraum betreten")
    expect(enter).to_be_enabled()
    order = tab_to(page, enter)
    assert order, "Tab order is empty"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sie sind im virtuellen Wartebereich")).to_be_visible()
    # Shift+Tab goes back through the page as well
    tab_to(page, page.get_by_role("button", name="Mikrofon stumm schalten"), backwards=True)
    print(f"keyboard client journey: {time.monotonic() - started:.1f} s")


def test_advisor_signs_in_and_fetches_by_keyboard(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2), first_name="Kai", last_name="Taste"
    )
    ready_for_room(app_server, seeded)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()

    page = advisor_context.new_page()
    page.goto("/login")
    started = time.monotonic()
    tab_to(page, page.get_by_role("textbox", name="E-Mail"))
    page.keyboard.type(seeded.advisor_email)
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Passwort")).to_be_focused()
    focus_is_visible(page)
    page.keyboard.type(ADVISOR_PASSWORD)
    tab_to(page, page.get_by_role("button", name="Anmelden"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Wartebereich")).to_be_visible()

    card = page.locator("[data-waiting-key]").filter(has_text="Kai Taste")
    fetch = card.get_by_role("button", name="Hereinholen")
    tab_to(page, fetch)
    page.keyboard.press("Enter")
    remote_video_playing(page, role="client")
    remote_video_playing(client.page, role="advisor")
    # the client's screen reader hears that she is fetched; the advisor's that she joined
    expect(client.page.locator("#call-announcer")).to_contain_text("Sie werden abgeholt")

    # the toolbar by keyboard: the button's name switches with its state
    tab_to(page, page.get_by_role("button", name="Mikrofon stumm schalten"))
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Stummschaltung aufheben")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Mikrofon stumm schalten")).to_be_visible()

    # the chat by keyboard; the message arrives in the other side's log (a live region)
    tab_to(page, page.get_by_role("textbox", name="Chatnachricht"))
    page.keyboard.type("Hallo per Tastatur")
    tab_to(page, page.get_by_role("button", name="Chatnachricht senden"))
    page.keyboard.press("Enter")
    expect(client.page.get_by_role("log")).to_contain_text("Hallo per Tastatur")

    # the end-call dialog: focus moves into it, stays inside on Tab, Escape closes it and
    # the focus returns to Auflegen
    hang_up = page.get_by_role("button", name="Auflegen")
    tab_to(page, hang_up, backwards=True)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    for _ in range(6):
        page.keyboard.press("Tab")
        assert dialog.evaluate("(d) => d.contains(document.activeElement)"), "focus left the open dialog"
        focus_is_visible(page)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(hang_up).to_be_focused()
    focus_is_visible(page)
    print(f"keyboard advisor journey: {time.monotonic() - started:.1f} s")
