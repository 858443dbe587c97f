"""An appointment nobody ends: the heartbeat of the open tabs keeps it running past the grace period;
once everyone closed the window it is closed by itself (`VT_CALL_GRACE_MINUTES`; here the test switches
`VT_TEST_CALL_GRACE_SECONDS=15` and `VT_TEST_CLOSE_CHECK_SECONDS=3`, so the journey waits seconds, not
minutes: the same rule, the same heartbeat, the same check, on a shorter clock) and the link offers the
survey."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.journeys.pages_call import AdvisorDesk, ClientRoom, remote_video_playing
from tests.journeys.seed import book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer, another_server
from tests.support import session_for
from videotermin_app.core.models import Appointment, AppointmentStatus

GRACE_SECONDS = 15  # the heartbeat follows it: every 5 s (rooms.heartbeat_seconds), three signs per grace
CLOSE_CHECK_SECONDS = 3


@pytest.fixture(scope="module")
def short_grace(tmp_path_factory: pytest.TempPathFactory, app_server: AppServer) -> Iterator[AppServer]:
    """An app with a 15-second grace checked every 3 s; both build into the same `.web`, so `another_server`
    rebuilds the session's app afterwards (otherwise the journeys after this one load pages that call this port)."""
    env = {
        "VT_TEST_MODE": "1",
        "VT_TEST_CALL_GRACE_SECONDS": str(GRACE_SECONDS),
        "VT_TEST_CLOSE_CHECK_SECONDS": str(CLOSE_CHECK_SECONDS),
    }
    with another_server(app_server, tmp_path_factory.mktemp("grace"), env) as server:
        yield server


def context(browser: Browser, server: AppServer, **kw: object) -> BrowserContext:
    made = browser.new_context(base_url=server.base_url, locale="de-DE", timezone_id="Europe/Berlin", **kw)  # type: ignore[arg-type]
    made.grant_permissions(["camera", "microphone"], origin=server.base_url)
    made.set_default_timeout(15_000)
    return made


def status(server: AppServer, appointment_id: int) -> AppointmentStatus:
    with session_for(server.database_url) as session:
        appointment = session.get(Appointment, appointment_id)
        assert appointment is not None
        return AppointmentStatus(appointment.status)


def test_an_appointment_nobody_ends_closes_after_everyone_left(short_grace: AppServer, browser: Browser) -> None:
    server = short_grace
    seeded = book(
        server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=2), first_name="Nele", last_name="Offen"
    )
    ready_for_room(server, seeded)
    advisor = context(browser, server, viewport={"width": 1366, "height": 768})
    phone = context(browser, server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        desk = AdvisorDesk(advisor).sign_in(seeded.advisor_email)
        client = ClientRoom(phone, seeded.tokens["client"]).open().enter()
        desk.admit("Nele Offen")
        remote_video_playing(client.page, role="advisor")

        # longer than the grace period plus a round of the check: the open tabs' heartbeat keeps it running
        # (several times the grace: more than one heartbeat of each tab must have counted)
        client.page.wait_for_timeout((2 * GRACE_SECONDS + 2 * CLOSE_CHECK_SECONDS + 5) * 1000)
        assert status(server, seeded.appointment_id) == AppointmentStatus.IN_CALL
        remote_video_playing(client.page, role="advisor")

        # everyone closes the window without ending anything
        client.page.close()
        desk.page.close()
        deadline = time.monotonic() + GRACE_SECONDS + 2 * CLOSE_CHECK_SECONDS + 60
        while status(server, seeded.appointment_id) != AppointmentStatus.DONE:
            assert time.monotonic() < deadline, "the abandoned appointment was never closed"
            time.sleep(1)  # the next look at the database (a poll, not a margin)

        page = phone.new_page()  # the link now offers the survey
        page.goto(f"/vkid/{seeded.tokens['client']}")
        expect(page.get_by_role("heading", name="Ihr Videotermin ist beendet")).to_be_visible()
        expect(page.get_by_role("button", name="Absenden")).to_be_visible()
    finally:
        phone.close()
        advisor.close()
