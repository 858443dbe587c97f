"""The call fits the window: pictures, toolbar and chat without page scroll at 1366x768, 1920x1080,
390x844 (portrait), 844x390 (landscape) and 768x1024 (a tablet), on both sides; the chat folds away;
sharing the screen keeps the call. Screenshots of every size land in test-artifacts/."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import BrowserContext, Page, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.pages_call import AdvisorDesk, ClientRoom, media_keeps_flowing, record_peers, remote_video_playing
from tests.journeys.seed import book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from tests.support import ROOT

ARTIFACTS = ROOT / "test-artifacts"
SIZES = ((1366, 768), (1920, 1080), (390, 844), (844, 390), (768, 1024))

SCROLL = """() => {
    window.scrollTo(0, 100000);
    const root = document.scrollingElement || document.documentElement;
    return { y: window.scrollY, x: window.scrollX, sw: root.scrollWidth, iw: window.innerWidth };
}"""


BOXES = """() => [".vt-call-screen", ".vt-call-head", ".vt-call-stage", ".vt-call", ".vt-call > div", ".vt-tile",
    ".vt-call-tools", ".vt-call-chat", ".vt-waiting"].map((s) => {
        const el = document.querySelector(s);
        if (!el) return s + ": none";
        const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
        return `${s}: ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)} ` +
            `display=${cs.display} area=${cs.gridArea} position=${cs.position}`;
    }).join(" | ")"""


def inside(page: Page, selector: str, width: int, height: int) -> None:
    """Every element matching `selector` lies wholly inside the window (else the layout's boxes are named)."""
    locator = page.locator(selector)
    assert locator.count() > 0, selector
    for i in range(locator.count()):
        box = locator.nth(i).bounding_box()
        assert box is not None, f"{selector} #{i} is not rendered at {width}x{height}"
        within = box["x"] >= -0.5 and box["y"] >= -0.5
        within = within and box["x"] + box["width"] <= width + 0.5 and box["y"] + box["height"] <= height + 0.5
        assert within, f"{selector} #{i} at {box} leaves {width}x{height}:\n{page.evaluate(BOXES)}"


def fits(page: Page, name: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    expect(page.get_by_role("toolbar")).to_be_visible()
    page.wait_for_function("([w, h]) => window.innerWidth === w && window.innerHeight === h", arg=[width, height])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"call-layout-{name}-{width}x{height}.png"))
    scrolled = page.evaluate(SCROLL)
    assert scrolled["y"] == 0 and scrolled["x"] == 0, f"the page scrolls at {width}x{height}: {scrolled}"
    assert scrolled["sw"] <= scrolled["iw"], f"wider than the window at {width}x{height}: {scrolled}"
    inside(page, "[role=toolbar] button", width, height)
    inside(page, "[role=log]", width, height)
    inside(page, "video[data-remote]", width, height)
    inside(page, "#local-video", width, height)
    inside(page, "input[aria-label=Chatnachricht]", width, height)


def test_the_call_fits_the_window_on_both_sides(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2), first_name="Lia", last_name="Raum"
    )
    ready_for_room(app_server, seeded)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    desk.admit("Lia Raum")
    remote_video_playing(client.page, role="advisor")
    remote_video_playing(desk.page, role="client")

    for width, height in SIZES:
        fits(client.page, "client", width, height)
        fits(desk.page, "advisor", width, height)
    # the advisor still sees the waiting area beside the call
    expect(desk.page.get_by_role("heading", name="Wartebereich")).to_be_visible()
    assert_no_axe_violations(desk.page, "call screen, advisor 844x390")

    # the chat folds away and comes back
    page = client.page
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_axe_violations(page, "call screen, client 390x844")
    page.get_by_text("Chat", exact=True).click()
    expect(page.get_by_role("textbox", name="Chatnachricht")).to_be_hidden()
    expect(page.get_by_role("button", name="Auflegen")).to_be_visible()
    page.get_by_text("Chat", exact=True).click()
    expect(page.get_by_role("textbox", name="Chatnachricht")).to_be_visible()


SHARING = """() => {
    const video = document.querySelector("#local-video");
    const track = video && video.srcObject && video.srcObject.getVideoTracks()[0];
    return !!track && track.readyState === "live" && !!track.getSettings().displaySurface;
}"""


def test_screen_sharing_keeps_the_call_and_fits(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2), first_name="Tom", last_name="Teilt"
    )
    ready_for_room(app_server, seeded)
    record_peers(advisor_context, client_context)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    desk.admit("Tom Teilt")
    remote_video_playing(client.page, role="advisor")
    page = desk.page
    page.set_viewport_size({"width": 1366, "height": 768})

    page.get_by_role("button", name="Bildschirm präsentieren", exact=True).click()
    stop = page.get_by_role("button", name="Bildschirm präsentieren beenden")
    expect(stop).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(SHARING)  # the own picture is the shared screen now
    media_keeps_flowing(client.page)  # the client receives it in the same call
    fits(page, "advisor-sharing", 1366, 768)
    stop.click()
    expect(page.get_by_role("button", name="Bildschirm präsentieren", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    page.wait_for_function(f"() => !({SHARING})()")
    media_keeps_flowing(client.page)
