"""The production setup: PostgreSQL, Redis and several backend workers carry the same two-party call."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect

from tests.journeys.pages_call import AdvisorDesk, ClientRoom, remote_video_playing, send_chat
from tests.journeys.seed import book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer, another_server
from tests.services import Postgres


@pytest.fixture(scope="module")
def production_server(
    tmp_path_factory: pytest.TempPathFactory, app_server: AppServer, postgres: Postgres, redis_url: str
) -> Iterator[AppServer]:
    """The app on its own PostgreSQL database and on the session's own Redis (nothing shared, nothing flushed)."""
    with postgres.fresh_database() as database_url:
        env = {"REFLEX_REDIS_URL": redis_url, "VT_DATABASE_URL": database_url}
        with another_server(app_server, tmp_path_factory.mktemp("prod"), env) as server:
            yield server


def test_two_party_call_over_redis_with_several_workers(production_server: AppServer, browser: Browser) -> None:
    server = production_server
    seeded = book(
        server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=1), first_name="Kai", last_name="Verteilt"
    )
    ready_for_room(server, seeded)
    advisor_context = browser.new_context(
        base_url=server.base_url, locale="de-DE", viewport={"width": 1280, "height": 800}
    )
    client_context = browser.new_context(
        base_url=server.base_url, locale="de-DE", viewport={"width": 390, "height": 844}
    )
    try:
        desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
        client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
        desk.admit("Kai Verteilt")
        remote_video_playing(desk.page, role="client")
        remote_video_playing(client.page, role="advisor")
        send_chat(client.page, "Über Redis")
        expect(desk.page.get_by_role("log")).to_contain_text("Über Redis")
        desk.end_for_all()
        expect(client.page.locator("video[data-remote]")).to_have_count(0)
    finally:
        advisor_context.close()
        client_context.close()
    assert server.worker_count() >= 2, server.tail()
