"""The app in production mode as the attack tests need it, and the people who must not notice them.

One app for the whole attack suite (`VT_TRUSTED_PROXIES=1`, so a test can choose its client address
with `X-Forwarded-For`; a TURN server with a password in `VT_ICE_SERVERS`). One scene: appointment A
(the attacker holds its client's link) and appointment B, whose client and interpreter wait in the
waiting area while B's advisor has the workspace open.

The sign-in attack runs last (file order): it leaves failed sign-ins behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests.attack_client import Tab
from tests.attacks.pages import TURN_PASSWORD, AdvisorTab, ClientTab, wait_until
from tests.journeys.seed import ADVISOR_PASSWORD, Seeded, book, ready_for_room, unique_advisor
from tests.journeys.server import AppServer
from videotermin_app.booking.booking import PersonInput
from videotermin_app.core.models import ParticipantRole

ICE_SERVERS = [{"urls": "turn:127.0.0.1:9", "username": "vt-attack", "credential": TURN_PASSWORD}]
# Legitimate people reach the app from their own addresses (RFC 5737 documentation ranges).
CLIENT_ADDRESS = "192.0.2.10"
ADVISOR_ADDRESS = "192.0.2.20"


@pytest.fixture(scope="session")
def attack_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    server = AppServer(
        workdir=tmp_path_factory.mktemp("attack-app"),
        extra_env={"VT_TRUSTED_PROXIES": "1", "VT_ICE_SERVERS": json.dumps(ICE_SERVERS)},
    ).start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Scene:
    a: Seeded
    b: Seeded
    a_advisor: AdvisorTab
    b_advisor: AdvisorTab
    b_people: dict[str, ClientTab]  # role -> tab waiting in B's waiting area
    a_names: tuple[str, ...]
    b_names: tuple[str, ...]

    @property
    def b_tabs(self) -> list[Tab]:
        return [self.b_advisor.tab, *(c.tab for c in self.b_people.values())]

    def drain(self) -> None:
        """Forget what the legitimate tabs received so far (a test looks only at its own window)."""
        for tab in [self.a_advisor.tab, *self.b_tabs]:
            tab.take()

    def secrets_of_b(self) -> list[str]:
        return [*self.b_names, *self.b.tokens.values()]

    def secrets(self) -> list[str]:
        return [*self.a_names, *self.secrets_of_b(), self.a.tokens["client"], TURN_PASSWORD]


@pytest.fixture(scope="session")
def scene(attack_server: AppServer) -> Iterator[Scene]:
    base = attack_server.base_url
    a = book(
        attack_server,
        starts_in=-timedelta(minutes=10),  # running, the advisor is late: no lateness ticks to tell apart
        first_name="Anton",
        last_name="Aufdemlink",
        advisor_email=unique_advisor(),
        advisor_name="Alma Amtsberaterin",
    )
    b = book(
        attack_server,
        starts_in=-timedelta(minutes=10),
        first_name="Berta",
        last_name="Betroffene",
        advisor_email=unique_advisor(),
        advisor_name="Bodo Bereichsberater",
        others=[PersonInput("Ilse", "Inselsprachig", "ilse@example.org", role=ParticipantRole.INTERPRETER)],
    )
    ready_for_room(attack_server, a, "client")
    ready_for_room(attack_server, b, "client", "interpreter")
    a_advisor = AdvisorTab.sign_in(base, email=a.advisor_email, password=ADVISOR_PASSWORD, address=ADVISOR_ADDRESS)
    b_advisor = AdvisorTab.sign_in(base, email=b.advisor_email, password=ADVISOR_PASSWORD, address=ADVISOR_ADDRESS)
    b_people = {
        role: ClientTab.enter_waiting_area(base, link_token=token, address=CLIENT_ADDRESS)
        for role, token in b.tokens.items()
    }
    assert wait_until(lambda: len(b_advisor.waiting_names()) == 2), (
        f"B's advisor does not see B's people waiting: {b_advisor.waiting_names()}"
    )
    world = Scene(
        a=a,
        b=b,
        a_advisor=a_advisor,
        b_advisor=b_advisor,
        b_people=b_people,
        a_names=("Anton", "Aufdemlink", "Alma Amtsberaterin"),
        b_names=("Berta", "Betroffene", "Ilse", "Inselsprachig", "Bodo Bereichsberater"),
    )
    try:
        yield world
    finally:
        for tab in [a_advisor.tab, *world.b_tabs]:
            tab.close()
