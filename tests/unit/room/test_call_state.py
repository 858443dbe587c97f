"""The call's and the chat's states against a hostile browser, without a server: real state objects,
handlers called as a websocket could call them."""

from __future__ import annotations

import asyncio
import inspect
import json
from typing import Any

import reflex as rx

from videotermin_app.core.settings import get_settings
from videotermin_app.room import signals
from videotermin_app.room.state_call import CallState
from videotermin_app.room.state_chat import ChatState

JUNK: list[Any] = [
    None,
    0,
    True,
    "x" * 50_000,
    [{"key": "k" * 5_000, "state": "connected"}] * 40,
    {"key": "k" * 5_000, "state": "connected", "to": "p1", "kind": "description", "data": {"sdp": "x"}},
    {"message": "hallo"},
]


def _states() -> tuple[rx.State, CallState, ChatState]:
    root = rx.State(_reflex_internal_init=True)
    call = root.substates[CallState.get_name()]
    chat = root.substates[ChatState.get_name()]
    assert isinstance(call, CallState) and isinstance(chat, ChatState)
    return root, call, chat


def _snapshot(call: CallState, chat: ChatState) -> tuple[Any, ...]:
    return (
        call.signals,
        call.peers,
        dict(call._links),
        dict(call._quality),
        call.muted,
        call.camera_off,
        call.sharing,
        call.fullscreen,
        call.has_camera,
        call.can_share,
        call.media_error,
        call.ice_servers,
        call.ice_renew_ms,
        chat.messages,
        chat.error,
    )


def _handlers(cls: type[rx.State]) -> list[str]:
    # `setvar` is Reflex's own handler; it only reaches `set_*` setters, and these states have none
    names = [name for name in cls.event_handlers if name != "setvar"]
    assert names and not any(name.startswith("set_") for name in names)
    return names


def test_a_tab_without_a_seat_changes_nothing_whatever_it_sends() -> None:
    _root, call, chat = _states()
    before = _snapshot(call, chat)
    for state, cls in ((call, CallState), (chat, ChatState)):
        for name in _handlers(cls):
            fn = cls.event_handlers[name].fn
            params = [p for p in inspect.signature(fn).parameters.values() if p.name != "self"]
            for junk in JUNK:
                result = fn(state, *([junk] * len(params)))
                if inspect.isawaitable(result):
                    asyncio.run(result)
    assert _snapshot(call, chat) == before


def _in_call(call: CallState) -> None:
    call._appointment_id, call.self_key, call.self_epoch, call.my_status = 1, "p2", 3, "admitted"
    call._others = [
        {"key": "advisor", "epoch": 1, "role": "advisor", "name": "A", "audio_muted": False, "video_off": False}
    ]


def _payload(**changes: Any) -> dict[str, Any]:
    base = {"from": "advisor", "from_epoch": 1, "to_epoch": 3, "kind": "restart", "data": {}}
    base.update(changes)
    return base


def test_browser_chosen_keys_never_grow_the_state() -> None:
    _root, call, _chat = _states()
    _in_call(call)
    for n in range(40):  # the attack of issue 10: long keys in peer_state and stats
        asyncio.run(CallState.event_handlers["peer_state"].fn(call, {"key": f"{n}" * 100_000, "state": "failed"}))
        asyncio.run(CallState.event_handlers["stats"].fn(call, [{"key": f"{n}" * 100_000, "rtt_ms": 1}] * 100))
    assert call._links == {} and call._quality == {}


def test_signals_for_this_session_from_known_senders_only() -> None:
    _root, call, _chat = _states()
    _in_call(call)
    asyncio.run(call._receive(_payload()))
    asyncio.run(call._receive(_payload(to_epoch=2)))  # meant for an earlier session of this tab
    asyncio.run(call._receive(_payload(from_epoch=0)))  # from an earlier session of the advisor
    assert [s["id"] for s in call.signals] == [1]
    call.my_status = "declined"
    asyncio.run(call._receive(_payload()))
    assert [s["id"] for s in call.signals] == [1]  # not in the call: nothing kept


def test_acknowledged_signals_leave_the_state_and_the_inbox_is_bounded() -> None:
    _root, call, _chat = _states()
    _in_call(call)
    for _ in range(signals.INBOX_LIMIT + 20):
        asyncio.run(call._receive(_payload()))
    assert len(call.signals) == signals.INBOX_LIMIT
    ack = CallState.event_handlers["ack_signals"].fn
    ack(call, signals.INBOX_LIMIT + 10)
    assert [s["id"] for s in call.signals] == list(range(signals.INBOX_LIMIT + 11, signals.INBOX_LIMIT + 21))
    ack(call, 10**9)  # beyond the newest id: refused
    ack(call, "x")
    assert len(call.signals) == 10


def test_the_signal_rate_limit_holds_before_anything_else() -> None:
    _root, call, _chat = _states()
    call._appointment_id = 1
    allowed = sum(call._take_signal_token() for _ in range(1_000))
    assert allowed <= 110  # the burst plus what refills while the loop runs


def test_turn_credentials_only_for_a_bound_seat_and_renewed_only_when_due(monkeypatch: Any) -> None:
    secret = "coturn-geheimnis-0123456789"
    monkeypatch.setenv("VT_TURN_URLS", "turn:turn.example.org:3478")
    monkeypatch.setenv("VT_TURN_SECRET", secret)
    monkeypatch.setenv("VT_TURN_TTL", "600")
    get_settings.cache_clear()
    try:
        _root, call, _chat = _states()
        renew = CallState.event_handlers["renew_ice"].fn
        asyncio.run(renew(call, True))  # no seat bound: nothing handed out
        assert (call.ice_servers, call.ice_renew_ms) == ([], 0)
        call._issue_ice()  # what `_bind` does for a held seat
        first = list(call.ice_servers)
        assert first[0]["urls"] == ["turn:turn.example.org:3478"] and call.ice_renew_ms == 480_000
        assert secret not in json.dumps(call.dict(), default=str)
        asyncio.run(renew(call, True))  # fresh credentials: not renewed, however often the browser asks
        assert call.ice_servers == first
        call._ice_expires_at -= 301  # older than half their lifetime, but the tab holds no seat
        asyncio.run(renew(call, True))
        assert call.ice_servers == first
    finally:
        get_settings.cache_clear()
