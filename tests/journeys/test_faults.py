"""Faults in production mode (PostgreSQL, Redis, several workers): what a person sees survives them.

A killed worker, a restarted app and a Redis that is gone for 10 seconds: the waiting person is still
waiting and the advisor still sees them; a running call goes on (media both ways, measured with
getStats); no page shows a traceback; no appointment, consent, device check or survey answer changes.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.journeys.pages_advisor import LoginPage, shot
from tests.journeys.pages_call import AdvisorDesk, ClientRoom, media_keeps_flowing, record_peers, remote_video_playing
from tests.journeys.seed import ADVISOR_PASSWORD, Seeded, book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer, another_server
from tests.services import ThrowawayPostgres, ThrowawayRedis, throwaway_postgres

WORKERS = 3  # at least two: one can die while the others serve
RECONNECT_TIMEOUT = 60.0  # seconds for a tab's socket to be held by a live worker again (2 loaded cores)
REDIS_DOWN_SECONDS = 10
BUILD_ATTEMPTS = 2  # starts of the app per restart (see `restart`)
WAITING_HEADING = "Sie sind im virtuellen Wartebereich"
OUTAGE_NOTICE = "Kurze Störung: Ihre letzte Aktion wurde nicht ausgeführt."
KEPT_TABLES = ("appointment", "participant", "consentrecord", "devicecheck", "surveyanswer")
TRACEBACK_MARKERS = ("Traceback", 'File "', "Error:", "Exception")


@pytest.fixture(scope="module")
def own_redis() -> Iterator[ThrowawayRedis]:
    """A Redis of this module only: it is stopped and started again here."""
    server = ThrowawayRedis().start()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[ThrowawayPostgres]:
    """A PostgreSQL cluster of this module only: it is stopped and started again here."""
    with throwaway_postgres() as server:
        yield server


@pytest.fixture(scope="module")
def fault_server(
    tmp_path_factory: pytest.TempPathFactory,
    app_server: AppServer,
    own_postgres: ThrowawayPostgres,
    own_redis: ThrowawayRedis,
) -> Iterator[AppServer]:
    env = {"REFLEX_REDIS_URL": own_redis.url, "VT_DATABASE_URL": own_postgres.url, "GRANIAN_WORKERS": str(WORKERS)}
    started = time.monotonic()
    with another_server(app_server, tmp_path_factory.mktemp("faults"), env) as server:
        print(f"fault server up in {time.monotonic() - started:.0f} s")
        assert server.worker_count() >= 2, server.tail()
        yield server


def kept_rows(server: AppServer) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables that must never lose anything, in a stable order."""
    engine = sa.create_engine(server.database_url)
    try:
        with engine.connect() as conn:
            return {
                table: [tuple(row) for row in conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY 1"))]
                for table in KEPT_TABLES
            }
    finally:
        engine.dispose()


def contexts(browser: Browser, server: AppServer) -> tuple[BrowserContext, BrowserContext]:
    made = []
    for viewport in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        context = browser.new_context(base_url=server.base_url, locale="de-DE", viewport=viewport)
        context.set_default_timeout(30_000)
        made.append(context)
    record_peers(*made)
    return made[0], made[1]


def seat(server: AppServer, last_name: str) -> Seeded:
    seeded = book(
        server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=1), first_name="Wanda", last_name=last_name
    )
    ready_for_room(server, seeded)
    return seeded


def worker_of(server: AppServer, page: Page, *, not_pid: int | None = None) -> int:
    """The live worker holding the page's socket; with `not_pid` (the worker just killed): wait until
    the tab's socket record names another worker, and return its pid, or 0 while that worker (a
    respawned one) has not yet announced itself. That the tab really works again is what
    `still_waiting` and `call_flows` check afterwards."""
    deadline = time.monotonic() + RECONNECT_TIMEOUT
    seen: list[str] = []
    while True:
        instance = server.socket_instance_of_tab(page)
        workers = server.workers_by_instance()
        pid = workers.get(instance or "")
        if not_pid is None:
            if pid is not None and alive(pid):
                return pid
        elif instance is not None and pid != not_pid:
            return pid if pid is not None and alive(pid) else 0
        seen.append(f"{instance}->{pid}")
        assert time.monotonic() < deadline, (
            f"{page.url}: no live worker holds the socket (killed: {not_pid}); socket records seen: "
            f"{sorted(set(seen))}; workers: {workers}\n{server.tail()}"
        )
        page.wait_for_timeout(250)  # poll


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def kill(server: AppServer, pid: int) -> None:
    assert pid in server.workers_by_instance().values()
    os.kill(pid, signal.SIGKILL)


def restart(server: AppServer) -> None:
    """Stop the whole app and start it again: same port, same database, same Redis. `reflex run --env prod`
    rebuilds the frontend on every start; on two loaded cores its prerender step can time out while the
    browsers render a call, so a start whose build failed that way is tried once more."""
    server.stop()
    for attempt in range(BUILD_ATTEMPTS):
        try:
            server.start()
            return
        except RuntimeError:
            if attempt == BUILD_ATTEMPTS - 1 or "Prerender" not in server.tail(200):
                raise
            print(f"the frontend build failed in its prerender step, start attempt {attempt + 2}")


def no_traceback(*pages: Page) -> None:
    for page in pages:
        text = page.locator("body").inner_text()
        assert not any(marker in text for marker in TRACEBACK_MARKERS), f"{page.url} shows:\n{text[:2000]}"


def still_waiting(desk: AdvisorDesk, client: ClientRoom, name: str) -> None:
    expect(client.page.get_by_role("heading", name=WAITING_HEADING)).to_be_visible(timeout=RECONNECT_TIMEOUT * 1000)
    expect(desk.waiting_card(name).get_by_role("button", name="Hereinholen")).to_be_visible(
        timeout=RECONNECT_TIMEOUT * 1000
    )


def call_flows(desk: AdvisorDesk, client: ClientRoom) -> None:
    remote_video_playing(desk.page, role="client", timeout=RECONNECT_TIMEOUT * 1000)
    remote_video_playing(client.page, role="advisor", timeout=RECONNECT_TIMEOUT * 1000)
    media_keeps_flowing(desk.page)
    media_keeps_flowing(client.page)


def test_killed_worker_of_a_waiting_person(fault_server: AppServer, browser: Browser) -> None:
    server = fault_server
    seeded = seat(server, "Prozess")
    advisor_context, client_context = contexts(browser, server)
    try:
        desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
        client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
        still_waiting(desk, client, "Wanda Prozess")
        before = kept_rows(server)
        victim = worker_of(server, client.page)
        started = time.monotonic()
        kill(server, victim)
        worker_of(server, client.page, not_pid=victim)
        still_waiting(desk, client, "Wanda Prozess")
        print(f"waiting person back on a live worker after {time.monotonic() - started:.1f} s")
        no_traceback(desk.page, client.page)
        assert kept_rows(server) == before
        desk.admit("Wanda Prozess")
        call_flows(desk, client)
    finally:
        advisor_context.close()
        client_context.close()


def test_killed_workers_during_a_call(fault_server: AppServer, browser: Browser) -> None:
    server = fault_server
    seeded = seat(server, "Anruf")
    advisor_context, client_context = contexts(browser, server)
    try:
        desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
        client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
        desk.admit("Wanda Anruf")
        call_flows(desk, client)
        before = kept_rows(server)
        for page in (client.page, desk.page):
            victim = worker_of(server, page)
            started = time.monotonic()
            kill(server, victim)
            worker_of(server, page, not_pid=victim)
            call_flows(desk, client)
            print(f"call live again {time.monotonic() - started:.1f} s after killing worker {victim}")
        no_traceback(desk.page, client.page)
        assert kept_rows(server) == before
    finally:
        advisor_context.close()
        client_context.close()


def test_whole_app_restarted_during_a_wait_and_during_a_call(fault_server: AppServer, browser: Browser) -> None:
    server = fault_server
    seeded = seat(server, "Neustart")
    advisor_context, client_context = contexts(browser, server)
    try:
        desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
        client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
        still_waiting(desk, client, "Wanda Neustart")
        before = kept_rows(server)
        started = time.monotonic()
        restart(server)
        restarted = time.monotonic()
        still_waiting(desk, client, "Wanda Neustart")
        print(f"app restarted in {restarted - started:.0f} s; waiting again {time.monotonic() - restarted:.1f} s later")
        no_traceback(desk.page, client.page)
        assert kept_rows(server) == before
        desk.admit("Wanda Neustart")
        call_flows(desk, client)
        before = kept_rows(server)
        started = time.monotonic()
        restart(server)
        restarted = time.monotonic()
        call_flows(desk, client)
        worker_of(server, desk.page), worker_of(server, client.page)  # both tabs hold sockets again
        print(f"app restarted in {restarted - started:.0f} s; call live {time.monotonic() - restarted:.1f} s later")
        no_traceback(desk.page, client.page)
        assert kept_rows(server) == before
    finally:
        advisor_context.close()
        client_context.close()


def test_redis_gone_for_ten_seconds(fault_server: AppServer, own_redis: ThrowawayRedis, browser: Browser) -> None:
    """Redis stops (saving its data) and is back after 10 s: a waiting person can still be fetched, a call goes on."""
    server = fault_server
    waiting, calling = seat(server, "Warteschlange"), seat(server, "Gespraech")
    contexts_made = [*contexts(browser, server), *contexts(browser, server)]
    try:
        desk_w = AdvisorDesk(contexts_made[0]).sign_in(waiting.advisor_email)
        client_w = ClientRoom(contexts_made[1], waiting.tokens["client"]).open().enter()
        desk_c = AdvisorDesk(contexts_made[2]).sign_in(calling.advisor_email)
        client_c = ClientRoom(contexts_made[3], calling.tokens["client"]).open().enter()
        desk_c.admit("Wanda Gespraech")
        call_flows(desk_c, client_c)
        before = kept_rows(server)
        started = time.monotonic()
        own_redis.stop()
        try:
            # the advisor fetches the waiting person while Redis is gone: the click cannot take, and the
            # page says so calmly (a polite live region) and keeps showing the person waiting
            desk_w.waiting_card("Wanda Warteschlange").get_by_role("button", name="Hereinholen").click()
            expect(desk_w.page.locator("output#vt-outage")).to_contain_text(OUTAGE_NOTICE, timeout=8_000)
            expect(desk_w.waiting_card("Wanda Warteschlange")).to_be_visible()
            shot(desk_w.page, "redis-outage-notice-advisor")
            time.sleep(max(0.0, REDIS_DOWN_SECONDS - (time.monotonic() - started)))
            no_traceback(desk_w.page, client_w.page, desk_c.page, client_c.page)
        finally:
            own_redis.restart()
        still_waiting(desk_w, client_w, "Wanda Warteschlange")
        call_flows(desk_c, client_c)
        print(f"wait and call back {time.monotonic() - started:.1f} s after Redis stopped")
        no_traceback(desk_w.page, client_w.page, desk_c.page, client_c.page)
        assert kept_rows(server) == before
        desk_w.admit("Wanda Warteschlange")  # events work again: the waiting person is fetched into the call
        call_flows(desk_w, client_w)
    finally:
        for context in contexts_made:
            context.close()


def test_database_unreachable(fault_server: AppServer, own_postgres: ThrowawayPostgres, browser: Browser) -> None:
    """PostgreSQL stops: /health says 503, a personal link and the sign-in say so in German, nothing is lost;
    once it is back, the waiting person is still waiting and is fetched into a call."""
    server = fault_server
    seeded = seat(server, "Datenbank")
    advisor_context, client_context = contexts(browser, server)
    try:
        desk = AdvisorDesk(advisor_context).sign_in(seeded.advisor_email)
        client = ClientRoom(client_context, seeded.tokens["client"]).open().enter()
        still_waiting(desk, client, "Wanda Datenbank")
        before = kept_rows(server)
        own_postgres.stop()
        try:
            health = advisor_context.request.get("/health")
            assert (health.status, health.json()["database"]) == (503, "unreachable")
            link = client_context.new_page()
            response = link.goto(f"/vkid/{seeded.tokens['client']}")
            assert response is not None and response.status == 503
            expect(link.get_by_role("heading", name="Mein Videotermin ist gerade nicht erreichbar")).to_be_visible()
            link.close()
            login = advisor_context.new_page()
            LoginPage(login).open().sign_in(seeded.advisor_email, ADVISOR_PASSWORD)
            expect(login.get_by_text("Die Anmeldung ist gerade nicht möglich.", exact=False)).to_be_visible()
            no_traceback(login, desk.page, client.page)
            login.close()
        finally:
            own_postgres.start_again()
        assert advisor_context.request.get("/health").status == 200
        assert kept_rows(server) == before
        client.page.reload()
        still_waiting(desk, client, "Wanda Datenbank")
        desk.admit("Wanda Datenbank")
        call_flows(desk, client)
    finally:
        advisor_context.close()
        client_context.close()
