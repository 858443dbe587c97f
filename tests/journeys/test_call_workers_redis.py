"""The production setup: PostgreSQL, Redis and several backend workers carry the same two-party call."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.journeys.pages_call import (
    AdvisorDesk,
    ClientRoom,
    media_keeps_flowing,
    record_peers,
    remote_video_playing,
    send_chat,
)
from tests.journeys.seed import book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer, another_server
from tests.services import Postgres

PLACEMENT_TRIES = 12  # reloads of the client's page until its socket lands on another worker than the advisor's


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
    record_peers(advisor_context, client_context)
    try:
        desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
        advisor_worker = wait_for_worker(server, desk.page)
        client = ClientRoom(client_context, seeded.tokens["client"]).open()
        client_worker = wait_for_worker(server, client.page)
        for _ in range(PLACEMENT_TRIES):
            if client_worker != advisor_worker:
                break
            client.page.reload()
            client_worker = wait_for_worker(server, client.page)
        assert client_worker != advisor_worker, f"both tabs stayed on worker {advisor_worker}"
        client.enter()
        desk.admit("Kai Verteilt")
        remote_video_playing(desk.page, role="client")
        remote_video_playing(client.page, role="advisor")
        media_keeps_flowing(desk.page)
        media_keeps_flowing(client.page)
        # still on different workers: the call was carried across processes, not by one of them
        assert (server.worker_of_tab(desk.page), server.worker_of_tab(client.page)) == (advisor_worker, client_worker)
        send_chat(client.page, "Über Redis")
        expect(desk.page.get_by_role("log")).to_contain_text("Über Redis")
        desk.end_for_all()
        expect(client.page.locator("video[data-remote]")).to_have_count(0)
    finally:
        advisor_context.close()
        client_context.close()
    assert server.worker_count() >= 2, server.tail()


def wait_for_worker(server: AppServer, page: Page, timeout: float = 20.0) -> int:
    """The pid of the worker holding the page's socket, once the socket is connected."""
    deadline = time.monotonic() + timeout
    while (pid := server.worker_of_tab(page)) is None:
        assert time.monotonic() < deadline, f"{page.url}: no worker holds the tab's socket\n{server.tail()}"
        page.wait_for_timeout(200)  # poll
    return pid
