"""**Hintergrund unscharf**: the tab's wish and the browser's report of why it stopped, against a hostile
browser (real state objects, handlers called as a websocket could call them)."""

from __future__ import annotations

from typing import Any

import pytest
import reflex as rx

from videotermin_app.core.settings import load_settings
from videotermin_app.core.state_blur import BlurState
from videotermin_app.ui.blur_switch import blur_budget_ms


def _blur() -> BlurState:
    root = rx.State(_reflex_internal_init=True)
    state = root.substates[BlurState.get_name()]
    assert isinstance(state, BlurState)
    return state


def _call(state: BlurState, name: str, value: Any) -> None:
    BlurState.event_handlers[name].fn(state, value)


def test_off_by_default_and_remembered_in_local_storage() -> None:
    state = _blur()
    assert state.is_on is False and state.problem == ""
    field = BlurState.get_fields()["wish"]
    assert isinstance(field.default, rx.LocalStorage) and field.default.name == "vt_blur"


def test_the_switch_takes_only_a_boolean() -> None:
    state = _blur()
    _call(state, "switch", True)
    assert state.wish == "1" and state.is_on
    for junk in (None, "true", 1, {"on": True}, ["x"] * 10):
        _call(state, "switch", junk)
        assert state.wish == "1"
    _call(state, "switch", False)
    assert state.wish == "" and not state.is_on


@pytest.mark.parametrize("reason", ["slow", "failed"])
def test_a_known_reason_switches_the_wish_off_and_is_shown(reason: str) -> None:
    state = _blur()
    _call(state, "switch", True)
    _call(state, "stopped", reason)
    assert state.wish == "" and state.problem == reason
    _call(state, "switch", True)  # switching on again clears the message
    assert state.problem == "" and state.is_on


def test_an_unknown_reason_changes_nothing() -> None:
    state = _blur()
    _call(state, "switch", True)
    for junk in (None, "SLOW", "x" * 10_000, True, 3, {"reason": "slow"}):
        _call(state, "stopped", junk)
    assert state.wish == "1" and state.problem == ""


def test_the_speed_budget_follows_vt_blur_min_fps(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings({}).blur_min_fps == 10
    assert load_settings({"VT_BLUR_MIN_FPS": "0"}).blur_min_fps == 0
    monkeypatch.setattr("videotermin_app.ui.blur_switch.get_settings", lambda: load_settings({}))
    assert blur_budget_ms() == 100
    monkeypatch.setattr("videotermin_app.ui.blur_switch.get_settings", lambda: load_settings({"VT_BLUR_MIN_FPS": "0"}))
    assert blur_budget_ms() == 0
