"""Signals of the call: validation, size bounds, the acknowledged inbox, unknown senders, delivery bound."""

from __future__ import annotations

from typing import Any

import pytest

from videotermin_app.core import state_delivery
from videotermin_app.room import limits, signals

OFFER = {"type": "offer", "sdp": "v=0\r\n" + "a=x\r\n" * 100}
CANDIDATE = {
    "candidate": "candidate:1 1 udp 2122260223 192.0.2.7 54400 typ host",
    "sdpMid": "0",
    "sdpMLineIndex": 0,
    "usernameFragment": "abcd",
}


def _signal(kind: object = "description", data: object = None, **changes: object) -> dict[str, object]:
    base: dict[str, object] = {"to": "p2", "to_epoch": 1, "kind": kind, "data": OFFER if data is None else data}
    base.update(changes)
    return base


def test_well_formed_signals_are_rebuilt_from_known_fields_only() -> None:
    out = signals.clean_outgoing(_signal(data={**OFFER, "extra": "x" * 10_000}))
    assert out is not None and out.data == OFFER and (out.to, out.to_epoch, out.kind) == ("p2", 1, "description")
    candidate = signals.clean_outgoing(_signal("candidate", {**CANDIDATE, "junk": 1}))
    assert candidate is not None and candidate.data == CANDIDATE
    restart = signals.clean_outgoing(_signal("restart", {"anything": "x"}))
    assert restart is not None and restart.data == {}


@pytest.mark.parametrize(
    "signal",
    [
        None,
        [],
        "offer",
        _signal(kind="bye"),
        _signal(kind=["description"]),
        _signal(to=""),
        _signal(to=7),
        _signal(to="p" * (signals.MAX_KEY + 1)),
        _signal(to_epoch=0),
        _signal(to_epoch="1"),
        _signal(to_epoch=True),
        _signal(to_epoch=1.5),
        _signal(data="sdp"),
        _signal(data={"type": "pranswer", "sdp": "v=0"}),
        _signal(data={"type": "offer", "sdp": 5}),
        _signal(data={"type": "offer", "sdp": "x" * (signals.MAX_SDP + 1)}),
        _signal("candidate", {**CANDIDATE, "candidate": "x" * (signals.MAX_CANDIDATE + 1)}),
        _signal("candidate", {**CANDIDATE, "candidate": None}),
        _signal("candidate", {**CANDIDATE, "sdpMid": "m" * (signals.MAX_MID + 1)}),
        _signal("candidate", {**CANDIDATE, "sdpMLineIndex": signals.MAX_MLINE_INDEX + 1}),
        _signal("candidate", {**CANDIDATE, "sdpMLineIndex": "0"}),
        _signal("candidate", {**CANDIDATE, "usernameFragment": "u" * (signals.MAX_UFRAG + 1)}),
        _signal("restart", []),
    ],
)
def test_malformed_or_oversized_signals_are_refused(signal: object) -> None:
    assert signals.clean_outgoing(signal) is None


def test_size_limits() -> None:
    assert signals.MAX_SDP == 20_000 and signals.MAX_CANDIDATE == 1_000
    at_limit = _signal(data={"type": "answer", "sdp": "x" * signals.MAX_SDP})
    assert signals.clean_outgoing(at_limit) is not None
    end_of_candidates = _signal("candidate", {"candidate": "", "sdpMid": None, "sdpMLineIndex": None})
    assert signals.clean_outgoing(end_of_candidates) is not None


def _payload(n: int = 0, sdp: str = "v=0") -> dict[str, Any]:
    return {"from": "p1", "from_epoch": 1, "to_epoch": 1, "kind": "description", "data": {"type": "offer", "sdp": sdp}}


def test_inbox_is_bounded_by_count() -> None:
    inbox: list[dict[str, Any]] = []
    for n in range(1, signals.INBOX_LIMIT + 50):
        inbox = signals.push(inbox, _payload(), signal_id=n)
    assert signals.INBOX_LIMIT == 128 and len(inbox) == signals.INBOX_LIMIT
    assert inbox[-1]["id"] == signals.INBOX_LIMIT + 49  # the newest kept, the oldest gone


def test_inbox_is_bounded_by_characters() -> None:
    inbox: list[dict[str, Any]] = []
    for n in range(1, 40):
        inbox = signals.push(inbox, _payload(sdp="x" * signals.MAX_SDP), signal_id=n)
    assert signals.INBOX_MAX_CHARS == 200_000
    assert sum(signals.size(s) for s in inbox) <= signals.INBOX_MAX_CHARS
    assert len(inbox) == signals.INBOX_MAX_CHARS // signals.MAX_SDP and inbox[-1]["id"] == 39


def test_acknowledged_signals_leave_the_inbox() -> None:
    inbox: list[dict[str, Any]] = []
    for n in range(1, 6):
        inbox = signals.push(inbox, _payload(), signal_id=n)
    trimmed = signals.acknowledge(inbox, 3, newest_id=5)
    assert trimmed is not None and [s["id"] for s in trimmed] == [4, 5]
    assert signals.acknowledge(trimmed, 3, newest_id=5) is None  # nothing left to drop: no change
    for bad in (None, "5", 5.0, True, 0, -1, 6, 10**30):
        assert signals.acknowledge(inbox, bad, newest_id=5) is None
    done = signals.acknowledge(inbox, 5, newest_id=5)
    assert done == []


def test_senders_are_known_stale_or_unknown() -> None:
    others = [{"key": "advisor", "epoch": 2}, {"key": "p7", "epoch": 1}]
    assert signals.standing("advisor", 2, others) == "known"
    assert signals.standing("advisor", 1, others) == "stale"  # an earlier session: dropped
    assert signals.standing("advisor", 3, others) == "unknown"  # newer than the list: read it again
    assert signals.standing("p9", 1, others) == "unknown"
    assert signals.standing("p9", 1, []) == "unknown"


def test_signal_rate_per_tab() -> None:
    assert limits.SIGNALS_PER_SECOND == 50.0 and limits.SIGNAL_BURST == 100
    bucket, now = limits.full(limits.SIGNAL_BURST), 1_000.0
    allowed = 0
    for _ in range(500):  # 500 signals at once: only the burst passes
        ok, bucket = limits.take(bucket, now=now, rate=limits.SIGNALS_PER_SECOND, burst=limits.SIGNAL_BURST)
        allowed += ok
    assert allowed == limits.SIGNAL_BURST
    # one second later, the steady rate again
    passed = 0
    for _ in range(200):
        ok, bucket = limits.take(bucket, now=now + 1, rate=limits.SIGNALS_PER_SECOND, burst=limits.SIGNAL_BURST)
        passed += ok
    assert passed == limits.SIGNALS_PER_SECOND


def test_rate_limit_never_exceeds_the_burst_and_survives_a_clock_going_back() -> None:
    bucket = limits.Bucket(tokens=0.0, at=5_000.0)
    ok, after = limits.take(bucket, now=10_000_000.0, rate=50.0, burst=10)
    assert ok and after.tokens == 9.0
    ok, after = limits.take(limits.Bucket(tokens=0.0, at=5_000.0), now=4_000.0, rate=50.0, burst=10)
    assert ok and after.tokens == 9.0  # a clock that went backwards (another process): refilled, not stuck


def test_chat_rate() -> None:
    assert (limits.CHAT_BURST, limits.CHAT_PER_SECOND) == (5, 0.5)
    bucket, results = limits.full(limits.CHAT_BURST), []
    for second in range(0, 20, 1):  # one attempt per second for 20 s
        ok, bucket = limits.take(bucket, now=100.0 + second, rate=limits.CHAT_PER_SECOND, burst=limits.CHAT_BURST)
        results.append(ok)
    assert results[:5] == [True] * 5 and sum(results) <= limits.CHAT_BURST + 20 * limits.CHAT_PER_SECOND


def test_pending_deliveries_per_tab_are_bounded() -> None:
    assert state_delivery.MAX_PENDING_PER_TAB == 256
    token = "test-tab"
    try:
        assert all(state_delivery._reserve(token) for _ in range(state_delivery.MAX_PENDING_PER_TAB))
        assert not state_delivery._reserve(token)
        state_delivery._release(token)
        assert state_delivery._reserve(token)
    finally:
        for _ in range(state_delivery.MAX_PENDING_PER_TAB):
            state_delivery._release(token)
    assert token not in state_delivery._pending  # nothing left behind
