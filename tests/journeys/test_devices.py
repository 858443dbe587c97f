"""Device choice: camera and microphone chosen in step 4 are remembered on the device and used after a
reload; a remembered camera that is gone falls back to the default with a note; **Kamera wechseln**
where there is more than one camera; a camera or microphone changed mid-call keeps the call (the same
RTCPeerConnection, replaceTrack) and the other side keeps receiving. Chromium runs with two fake cameras
(`fake_device_0`, `fake_device_2`) and the fake microphones `Fake Audio Input 1/2` (conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from tests.journeys.a11y import assert_no_axe_violations
from tests.journeys.conftest import CHROMIUM_ARGS, chromium_executable
from tests.journeys.pages_call import (
    OUTGOING_LABELS,
    AdvisorDesk,
    ClientRoom,
    local_labels,
    media_keeps_flowing,
    open_devices,
    outgoing_labels,
    record_peers,
    remote_video_playing,
    wait_for_local,
)
from tests.journeys.seed import book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from tests.journeys.test_call_layout import ARTIFACTS, SCROLL, inside
from tests.journeys.test_client_steps import agree, allow_camera, run_check, shot


def sends(page: Page, wanted: str) -> None:
    """Wait until this page's open connections send a track `wanted` ("kind:label:enabled")."""
    page.wait_for_function(f"() => ({OUTGOING_LABELS})().includes({wanted!r})")


CONNECTED = """() => (window.__vtPeers || []).filter((pc) => pc.connectionState === "connected").length"""
PEERS = "() => (window.__vtPeers || []).length"


def selected(page: Page, name: str) -> str:
    """The visible text of the chosen option of the combobox `name`."""
    return str(
        page.get_by_role("combobox", name=name, exact=True).evaluate("(s) => s.options[s.selectedIndex].textContent")
    )


def test_step_4_choice_is_remembered_and_a_gone_camera_falls_back(
    app_server: AppServer, client_context: BrowserContext
) -> None:
    seeded = book(app_server, first_name="Clara", last_name="Kamera")
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    # before the browser allowed the devices there is nothing to choose from
    expect(page.get_by_role("combobox", name="Kamera", exact=True)).to_have_count(0)
    agree(page)
    allow_camera(page)
    camera = page.get_by_role("combobox", name="Kamera", exact=True)
    microphone = page.get_by_role("combobox", name="Mikrofon", exact=True)
    expect(camera).to_be_visible()
    expect(microphone).to_be_visible()
    expect(page.get_by_role("combobox", name="Lautsprecher", exact=True)).to_be_visible()  # Chromium has setSinkId
    expect(camera.locator("option")).to_have_count(3)
    wait_for_local(page, "video:fake_device_0:true:live")

    # keyboard: focus the Kamera combobox and pick the second camera; the preview follows at once
    camera.focus()
    camera.select_option(label="fake_device_2")
    wait_for_local(page, "video:fake_device_2:true:live")
    microphone.select_option(label="Fake Audio Input 1")
    wait_for_local(page, "audio:Fake Audio Input 1:true:live")
    assert len([t for t in local_labels(page) if t.startswith("video:")]) == 1, local_labels(page)  # old one gone
    shot(page, "step4-devices-phone")
    page.set_viewport_size({"width": 1366, "height": 768})
    shot(page, "step4-devices-desktop")
    page.set_viewport_size({"width": 390, "height": 844})

    # more than one camera: Kamera wechseln switches to the next one (here back to the first) and the
    # combobox follows
    switch = page.get_by_role("button", name="Kamera wechseln")
    expect(switch).to_be_visible()
    switch.click()
    wait_for_local(page, "video:fake_device_0:true:live")
    expect(camera).to_have_value(
        page.evaluate(
            "() => document.querySelector('video#local-video').srcObject.getVideoTracks()[0].getSettings().deviceId"
        )
    )
    camera.select_option(label="fake_device_2")
    wait_for_local(page, "video:fake_device_2:true:live")

    # the test call runs with the chosen devices
    # (the light depends on the machine's load; what matters here: the chosen camera's picture arrives)
    run_check(page)
    assert "kein Bild" not in page.locator("#device-check-result").inner_text()

    # a reload: the device remembers the choice and the next getUserMedia uses it
    page.reload()
    allow = page.get_by_role("button", name="Kamera und Mikrofon freigeben")
    expect(allow.or_(page.get_by_role("button", name="Geräte erneut überprüfen")).first).to_be_visible()
    if allow.is_visible():
        allow_camera(page)
    else:
        page.get_by_role("button", name="Geräte erneut überprüfen").click()
    wait_for_local(page, "video:fake_device_2:true:live")
    wait_for_local(page, "audio:Fake Audio Input 1:true:live")
    assert selected(page, "Kamera") == "fake_device_2"
    assert selected(page, "Mikrofon") == "Fake Audio Input 1"
    expect(page.locator("#device-note")).to_have_count(0)

    # a remembered camera that has gone: the default camera, a short note, no error screen
    page.evaluate(
        """() => localStorage.setItem("vt_devices", JSON.stringify({
            ...JSON.parse(localStorage.getItem("vt_devices")), videoinput: "a-camera-that-is-gone"}))"""
    )
    page.reload()
    allow = page.get_by_role("button", name="Kamera und Mikrofon freigeben")
    expect(allow.or_(page.get_by_role("button", name="Geräte erneut überprüfen")).first).to_be_visible()
    if allow.is_visible():
        allow.click()
    else:
        page.get_by_role("button", name="Geräte erneut überprüfen").click()
    expect(page.locator("#device-note")).to_contain_text("Es wird das Standardgerät verwendet.")
    page.wait_for_function(
        "() => { const v = document.querySelector('video#local-video'); return v && v.videoWidth > 0; }"
    )
    expect(page.locator("#media-help")).to_have_count(0)
    wait_for_local(page, "audio:Fake Audio Input 1:true:live")  # the microphone that is there stays chosen
    shot(page, "step4-device-gone-phone")


# TEST ONLY: Chromium's fake cameras tell no facing; here fake_device_2 says it is a phone's back camera
BACK_CAMERA = """(() => {
    const native = MediaStreamTrack.prototype.getSettings;
    MediaStreamTrack.prototype.getSettings = function () {
        const settings = native.call(this);
        if (this.kind === "video") settings.facingMode = this.label === "fake_device_2" ? "environment" : "user";
        return settings;
    };
})();"""
MIRRORED = "matrix(-1, 0, 0, 1, 0, 0)"


def test_the_own_picture_is_mirrored_except_from_a_back_camera(
    app_server: AppServer, client_context: BrowserContext
) -> None:
    client_context.add_init_script(BACK_CAMERA)
    seeded = book(app_server, first_name="Rudi", last_name="Rueckseite")
    page = client_context.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    agree(page)
    allow_camera(page)
    own = page.locator("video#local-video")
    wait_for_local(page, "video:fake_device_0:true:live")
    expect(own).to_have_css("transform", MIRRORED)  # the front camera: as in a mirror
    page.get_by_role("combobox", name="Kamera", exact=True).select_option(label="fake_device_2")
    wait_for_local(page, "video:fake_device_2:true:live")
    expect(own).to_have_css("transform", "none")  # the back camera: what the person points at, the right way round
    page.get_by_role("combobox", name="Kamera", exact=True).select_option(label="fake_device_0")
    wait_for_local(page, "video:fake_device_0:true:live")
    expect(own).to_have_css("transform", MIRRORED)


def test_switching_devices_mid_call_keeps_the_call(
    app_server: AppServer, advisor_context: BrowserContext, client_context: BrowserContext
) -> None:
    seeded = book(
        app_server,
        advisor_email=unique_advisor(),
        starts_in=timedelta(minutes=2),
        first_name="Wanda",
        last_name="Wechsel",
    )
    ready_for_room(app_server, seeded)
    record_peers(advisor_context, client_context)
    desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
    client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
    # in the waiting area already: the choice and Kamera wechseln (two cameras here)
    expect(client.page.get_by_role("button", name="Geräte wählen")).to_be_visible()
    expect(client.page.get_by_role("button", name="Kamera wechseln")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    client.page.screenshot(path=str(ARTIFACTS / "devices-waiting-390x844.png"), full_page=True)
    desk.admit("Wanda Wechsel")
    remote_video_playing(desk.page, role="client")
    remote_video_playing(client.page, role="advisor")
    media_keeps_flowing(desk.page)
    peers_before = client.page.evaluate(PEERS)
    assert client.page.evaluate(CONNECTED) == 1
    assert "video:fake_device_0:true" in outgoing_labels(client.page), outgoing_labels(client.page)

    # the client picks the other camera in the call: the same connection now sends fake_device_2
    open_devices(client.page)
    dialog = client.page.get_by_role("dialog", name="Geräte wählen")
    ARTIFACTS.mkdir(exist_ok=True)
    client.page.screenshot(path=str(ARTIFACTS / "devices-call-popover-390x844.png"))
    inside(client.page, "[role=dialog] select", 390, 844)
    assert_no_axe_violations(client.page, "device choice in the call, client")
    dialog.get_by_role("combobox", name="Kamera", exact=True).select_option(label="fake_device_2")
    sends(client.page, "video:fake_device_2:true")
    wait_for_local(client.page, "video:fake_device_2:true:live")
    # the other person's sound goes to the chosen speaker (setSinkId on their video)
    speaker = dialog.get_by_role("combobox", name="Lautsprecher", exact=True)
    speaker.select_option(label="Fake Audio Output 1")
    client.page.wait_for_function(
        "(id) => [...document.querySelectorAll('video[data-remote]')].every((v) => v.sinkId === id)",
        arg=speaker.input_value(),
    )
    client.page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(client.page.get_by_role("button", name="Geräte wählen")).to_be_focused()
    assert client.page.evaluate(PEERS) == peers_before  # no new RTCPeerConnection
    assert client.page.evaluate(CONNECTED) == 1
    media_keeps_flowing(desk.page)  # the advisor keeps receiving frames and sound

    # muted stays muted across a microphone change
    client.page.get_by_role("button", name="Mikrofon stumm schalten").click()
    expect(client.page.get_by_role("button", name="Stummschaltung aufheben")).to_be_visible()
    open_devices(client.page)
    dialog.get_by_role("combobox", name="Mikrofon", exact=True).select_option(label="Fake Audio Input 2")
    sends(client.page, "audio:Fake Audio Input 2:false")
    client.page.keyboard.press("Escape")
    expect(client.page.get_by_role("button", name="Stummschaltung aufheben")).to_be_visible()
    client.page.get_by_role("button", name="Stummschaltung aufheben").click()
    sends(client.page, "audio:Fake Audio Input 2:true")
    assert client.page.evaluate(PEERS) == peers_before and client.page.evaluate(CONNECTED) == 1

    # the advisor's desktop has several cameras too: the last one chosen, then Kamera wechseln in the
    # toolbar goes round to the first; the call goes on
    desk.page.set_viewport_size({"width": 1366, "height": 768})
    assert "video:fake_device_0:true" in outgoing_labels(desk.page), outgoing_labels(desk.page)
    desk_peers = desk.page.evaluate(PEERS)
    open_devices(desk.page)
    desk_dialog = desk.page.get_by_role("dialog", name="Geräte wählen")
    desk_dialog.get_by_role("combobox", name="Kamera", exact=True).select_option(label="fake_device_2")
    sends(desk.page, "video:fake_device_2:true")
    desk.page.keyboard.press("Escape")
    desk.page.get_by_role("toolbar").get_by_role("button", name="Kamera wechseln").click()
    sends(desk.page, "video:fake_device_0:true")
    assert desk.page.evaluate(PEERS) == desk_peers and desk.page.evaluate(CONNECTED) == 1
    media_keeps_flowing(client.page)
    for page, name, width, height in ((desk.page, "advisor", 1366, 768), (client.page, "client", 390, 844)):
        page.screenshot(path=str(ARTIFACTS / f"devices-call-{name}-{width}x{height}.png"))
        scrolled = page.evaluate(SCROLL)
        assert scrolled["y"] == 0 and scrolled["x"] == 0, f"the page scrolls at {width}x{height}: {scrolled}"
        inside(page, "[role=toolbar] button", width, height)


@pytest.fixture
def one_camera(playwright: Playwright, app_server: AppServer) -> Iterator[BrowserContext]:
    """A phone-sized browser whose fake device has a single camera."""
    args = [
        "--use-fake-device-for-media-stream" if a.startswith("--use-fake-device-for-media-stream") else a
        for a in CHROMIUM_ARGS
    ]
    browser = playwright.chromium.launch(executable_path=chromium_executable(), args=args)
    context = browser.new_context(
        base_url=app_server.base_url, locale="de-DE", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.grant_permissions(["camera", "microphone"], origin=app_server.base_url)
    context.set_default_timeout(15_000)
    yield context
    context.close()
    browser.close()


def test_kamera_wechseln_only_with_more_than_one_camera(app_server: AppServer, one_camera: BrowserContext) -> None:
    seeded = book(app_server, first_name="Otto", last_name="Einzel")
    page = one_camera.new_page()
    page.goto(f"/vkid/{seeded.tokens['client']}")
    agree(page)
    allow_camera(page)
    expect(page.get_by_role("combobox", name="Kamera", exact=True).locator("option")).to_have_count(1)
    expect(page.get_by_role("combobox", name="Mikrofon", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Kamera wechseln")).to_have_count(0)
