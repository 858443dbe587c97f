"""Figure 4: waiting-area capacity.

Simulated people are websockets speaking Reflex's protocol (tests/attack_client.py, here asynchronous:
one event loop holds them all), each on its own valid link (consent and green device check seeded),
in the waiting state: `JourneyState.load`, `WaitingState.enter_room`, then `CallState.heartbeat` every
20 s as the browser does. At each size (100, 500, 1,000, cumulative) a real advisor desk (Chromium)
is signed in and one more person arrives; the figure is the time from that person's `enter_room` to
the card in the desk's list (read inside the page: MutationObserver, Date.now() of the same machine),
p95 over the arrivals of that size. Memory: RSS of the backend's process tree per waiting person."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any, TypeVar

import socketio
from playwright.sync_api import Browser
from sqlmodel import select

from bench.common import Settings, backend_pids, new_context, rss_bytes, summary
from tests.attack_client import NAMESPACE, SOCKET_PATH, VAR_SUFFIX, event_name, state_name
from tests.journeys.pages_call import AdvisorDesk
from tests.journeys.seed import ADVISOR_PASSWORD, book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from tests.support import session_for
from videotermin_app.accounts.passwords import hash_password
from videotermin_app.booking.booking import PersonInput, book_appointment
from videotermin_app.core.models import Advisor, ConsentRecord, DeviceCheck, Participant, utcnow
from videotermin_app.core.tokens import hash_token
from videotermin_app.room.state_call import CallState
from videotermin_app.room.state_waiting import WaitingState
from videotermin_app.wizard.consent_text import CONSENT_VERSION
from videotermin_app.wizard.state_journey import JourneyState

T = TypeVar("T")
HEARTBEAT_S = 20.0
CONNECT_PARALLEL = 25
WAIT_TIMEOUT = 120.0
GOAL_P95_MS = 300.0


def seed_waiting_people(server: AppServer, count: int) -> list[str]:
    """`count` appointments starting in a minute, each with its own advisor, consent and a green check."""
    password_hash = hash_password(ADVISOR_PASSWORD)
    tokens = []
    start = (utcnow() + timedelta(minutes=1)).replace(microsecond=0)
    with session_for(server.database_url) as session:
        for _ in range(count):
            advisor = Advisor(email=unique_advisor(), name="Bench Berater", password_hash=password_hash)
            session.add(advisor)
            session.flush()
            booking = book_appointment(
                session=session,
                advisor=advisor,
                start=start,
                now=utcnow(),
                duration_minutes=60,
                client=PersonInput("Warte", "Person", "kunde@example.org", customer_number="123D456789"),
            )
            for participant, token in booking.invitations:
                session.flush()
                session.add(
                    ConsentRecord(participant_id=participant.id or 0, text_version=CONSENT_VERSION, given_at=utcnow())
                )
                session.add(DeviceCheck(participant_id=participant.id or 0, level="green"))
                tokens.append(token)
        session.commit()
        assert session.exec(select(Participant).where(Participant.token_hash == hash_token(tokens[0]))).first()
    return tokens


class Person:
    """One simulated person's tab on their personal link."""

    def __init__(self, base_url: str, link_token: str) -> None:
        self.base_url, self.link_token = base_url, link_token
        self.token = str(uuid.uuid4())
        self.sio = socketio.AsyncClient(reconnection=False)
        self.status = ""
        self.waiting = asyncio.Event()
        self.sio.on("event", self._on_event, namespace=NAMESPACE)
        self.heartbeat: asyncio.Task[None] | None = None

    async def _on_event(self, update: Any) -> None:
        delta = (update or {}).get("delta") or {}
        status = (delta.get(state_name(CallState)) or {}).get("my_status" + VAR_SUFFIX)
        if status is not None:
            self.status = status
            if status == "waiting":
                self.waiting.set()

    async def emit(self, state: type[Any], handler: str, payload: dict[str, Any] | None = None) -> None:
        path = f"/vkid/{self.link_token}"
        message = {
            "name": event_name(state, handler),
            "payload": payload or {},
            "router_data": {"pathname": path, "asPath": path},
        }
        await self.sio.emit("event", message, namespace=NAMESPACE)

    async def connect(self) -> None:
        await self.sio.connect(
            f"{self.base_url}?token={self.token}",
            transports=["websocket"],
            namespaces=[NAMESPACE],
            socketio_path=SOCKET_PATH,
            wait_timeout=60,
        )
        await self.emit(JourneyState, "load")

    async def enter(self) -> float:
        """Into the waiting area; the wall-clock moment the event was sent (ms)."""
        sent = time.time() * 1000
        await self.emit(WaitingState, "enter_room")
        await asyncio.wait_for(self.waiting.wait(), WAIT_TIMEOUT)
        self.heartbeat = asyncio.create_task(self._beat())
        return sent

    async def _beat(self) -> None:
        await asyncio.sleep(HEARTBEAT_S * (hash(self.token) % 1000) / 1000)  # spread over the period
        while self.sio.connected:
            await self.emit(CallState, "heartbeat")
            await asyncio.sleep(HEARTBEAT_S)

    async def close(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.cancel()
        await self.sio.disconnect()


class Loop:
    """An asyncio loop in its own thread (Playwright's sync API owns the main thread)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 900) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


async def _fill(people: list[Person]) -> None:
    gate = asyncio.Semaphore(CONNECT_PARALLEL)

    async def one(person: Person) -> None:
        async with gate:
            await person.connect()
            await person.enter()

    await asyncio.gather(*(one(p) for p in people))


async def _close_all(people: list[Person]) -> None:
    await asyncio.gather(*(p.close() for p in people), return_exceptions=True)


ARRIVAL = """(name) => {
  window.__vtArrived = null;
  const has = () => [...document.querySelectorAll('[data-waiting-key]')].some(c => c.textContent.includes(name));
  new MutationObserver((_, o) => { if (has()) { o.disconnect(); window.__vtArrived = Date.now(); } })
    .observe(document, { childList: true, subtree: true, characterData: true });
}"""


def arrival_ms(browser: Browser, server: AppServer, loop: Loop, index: int) -> float:
    """A desk signed in; one more person of that advisor arrives; ms until the desk's list shows them."""
    name = f"Ankunft{index}"
    seeded = book(
        server, advisor_email=unique_advisor(), starts_in=timedelta(minutes=1), first_name="Neu", last_name=name
    )
    ready_for_room(server, seeded)
    context = new_context(browser, server.base_url)
    person = Person(server.base_url, seeded.tokens["client"])
    try:
        desk = AdvisorDesk(context).sign_in(seeded.advisor_email)
        desk.page.wait_for_timeout(300)
        loop.run(person.connect())
        desk.page.evaluate(ARRIVAL, f"Neu {name}")  # observing before the arrival
        sent = loop.run(person.enter())
        desk.page.wait_for_function("() => window.__vtArrived !== null", timeout=120_000)
        return float(desk.page.evaluate("() => window.__vtArrived")) - sent
    finally:
        loop.run(person.close())
        context.close()


def run(browser: Browser, server: AppServer, settings: Settings) -> dict[str, Any]:
    loop = Loop()
    people: list[Person] = []
    arrivals_per_size = 1 if settings.quick else 10
    steps = []
    arrival_index = 0
    try:
        rss_empty = rss_bytes(backend_pids(server))
        for size in settings.capacity_sizes:
            fresh = [Person(server.base_url, token) for token in seed_waiting_people(server, size - len(people))]
            started = time.monotonic()
            loop.run(_fill(fresh), timeout=1800)
            fill_s = time.monotonic() - started
            people += fresh
            time.sleep(2)
            rss = rss_bytes(backend_pids(server))
            times, failed = [], ""
            for _ in range(arrivals_per_size):
                try:
                    times.append(arrival_ms(browser, server, loop, arrival_index))
                except Exception as exc:  # noqa: BLE001 (the app no longer serves the desk in time: the limit, recorded)
                    failed = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
                    break
                finally:
                    arrival_index += 1
            steps.append(
                {
                    "failed": failed,
                    "waiting": len(people),
                    "arrival_ms": summary(times),
                    "rss_mib": round(rss / 2**20, 1),
                    "rss_per_person_kib": round((rss - rss_empty) / len(people) / 1024, 1),
                    "fill_s": round(fill_s, 1),
                    "still_waiting": sum(1 for p in people if p.status == "waiting"),
                }
            )
            print(f"  capacity {len(people)}: {json.dumps(steps[-1])}", flush=True)
            if failed:
                break
    finally:
        loop.run(_close_all(people), timeout=120)
        loop.stop()
    return {"steps": steps, "rss_empty_mib": round(rss_empty / 2**20, 1), "p95_passes_300_at": crossing(steps)}


def crossing(steps: list[dict[str, Any]]) -> str:
    """Where p95 passes the goal, interpolated linearly between the measured sizes."""
    previous = None
    for step in steps:
        p95 = step["arrival_ms"]["p95"]
        if p95 is not None and p95 > GOAL_P95_MS:
            if previous is None:
                return f"at or below {step['waiting']} waiting"
            (n0, p0), n1 = previous, step["waiting"]
            at = n0 + (GOAL_P95_MS - p0) * (n1 - n0) / (p95 - p0)
            return f"about {at:.0f} waiting (between {n0} and {n1})"
        previous = (step["waiting"], p95)
    return f"not reached up to {steps[-1]['waiting']} waiting" if steps else "not measured"
