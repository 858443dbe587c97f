"""Page objects of the attack tests: the attacker, and the legitimate tabs that must not notice them."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from tests.attack_client import Tab
from tests.attacks.hostile import Handler, real_sdp_offer
from videotermin_app.accounts.state_auth import AuthState
from videotermin_app.device_check.state import DeviceCheckState
from videotermin_app.room.state_advisor_room import AdvisorRoomState
from videotermin_app.room.state_call import CallState
from videotermin_app.room.state_waiting import WaitingState
from videotermin_app.wizard.state_journey import JourneyState
from videotermin_app.wizard.state_media import MediaState

ATTACKER_ADDRESS = "198.51.100.66"  # documentation range (RFC 5737): the attacker's client address
TURN_PASSWORD = "TURN-PASSWORD-7f3a9c"  # the credential configured in VT_ICE_SERVERS; must reach no stranger


def wait_until(check: Any, timeout: float = 10.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return bool(check())


@dataclass
class Attacker:
    """A stranger with a script: opens sockets, never loads a page, sends whatever it likes."""

    base_url: str
    address: str = ATTACKER_ADDRESS
    tabs: list[Tab] = field(default_factory=list)

    def open_tab(self, path: str = "/") -> Tab:
        tab = Tab(self.base_url, path=path, forwarded_for=self.address).connect()
        self.tabs.append(tab)
        return tab

    def close(self) -> None:
        for tab in self.tabs:
            tab.close()
        self.tabs.clear()

    def load_link(self, tab: Tab, link_token: str) -> None:
        """What the personal link's page does on load (the attacker holds a real link)."""
        tab.path = f"/vkid/{link_token}"
        tab.send(JourneyState, "load")
        tab.sync()

    def walk_to_test_call(self, tab: Tab) -> None:
        """The two harmless-looking events that set the step, then the start of the test call."""
        tab.send(MediaState, "on_media", {"result": {"ok": True, "has_video": True, "has_audio": True}})
        tab.send(MediaState, "recheck")
        tab.sync()
        tab.send(DeviceCheckState, "start")
        tab.sync()
        time.sleep(0.2)  # `start` is a background event

    def offer_test_call(self, tab: Tab) -> None:
        tab.send(DeviceCheckState, "on_offer", {"sdp": real_sdp_offer()})

    def fire(self, tab: Tab, handler: Handler, payloads: list[tuple[str, Any]]) -> str | None:
        """Send every payload to the handler, then wait for the server; a reason if the socket died."""
        try:
            for _label, payload in payloads:
                tab.send_raw(f"{handler.state.get_full_name()}.{handler.name}", payload)
            tab.sync()
        except (ConnectionError, TimeoutError) as exc:
            return str(exc)
        return None


def answered_sdp(tab: Tab) -> bool:
    """Did the echo peer of the test call answer this tab (an SDP answer in its state)?"""
    return bool(tab.value(DeviceCheckState, "answer_sdp", ""))


def leaks(tab: Tab, secrets: list[str]) -> list[str]:
    """Which of `secrets` (names, TURN password, link tokens, ...) appear in what the tab received."""
    text = tab.text()
    return [s for s in secrets if s and s in text]


def describe(updates: list[dict[str, Any]], limit: int = 600) -> str:
    return json.dumps(updates, ensure_ascii=False)[:limit]


@dataclass
class AdvisorTab:
    """A signed-in advisor with the workspace (/advisor) open: waiting people are announced here."""

    tab: Tab
    email: str

    @classmethod
    def sign_in(cls, base_url: str, *, email: str, password: str, address: str) -> AdvisorTab:
        tab = Tab(base_url, path="/login", forwarded_for=address).connect()
        tab.send(AuthState, "login", {"form_data": {"email": email, "password": password}})
        tab.sync()
        assert tab.value(AuthState, "advisor_name"), f"{email} could not sign in: {tab.value(AuthState, 'login_error')}"
        tab.path = "/advisor"
        tab.send(AdvisorRoomState, "load")
        tab.sync()
        return cls(tab=tab, email=email)

    def waiting_names(self) -> list[str]:
        return [row.get("name", "") for row in self.tab.value(AdvisorRoomState, "waiting", [])]

    def admit(self, appointment_id: int, key: str) -> None:
        self.tab.send(AdvisorRoomState, "admit", {"appointment_id": appointment_id, "key": key})
        self.tab.sync()


@dataclass
class ClientTab:
    """A person on their personal link, in the waiting area."""

    tab: Tab
    link_token: str

    @classmethod
    def enter_waiting_area(cls, base_url: str, *, link_token: str, address: str) -> ClientTab:
        tab = Tab(base_url, path=f"/vkid/{link_token}", forwarded_for=address).connect()
        tab.send(JourneyState, "load")
        tab.send(WaitingState, "enter_room")
        tab.sync()
        client = cls(tab=tab, link_token=link_token)
        assert wait_until(lambda: client.status() == "waiting"), f"not waiting: {describe(tab.received)}"
        return client

    def status(self) -> str:
        return str(self.tab.value(CallState, "my_status", ""))

    def member_key(self) -> str:
        return str(self.tab.value(CallState, "self_key", ""))
