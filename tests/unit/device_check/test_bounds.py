"""The device check's bounds against hostile clients: peers per link and in total, test calls per
link per minute, offer size, the browser's report (real aiortc peers, no browser)."""

from __future__ import annotations

import asyncio
import math

import pytest

from tests.unit.device_check.test_device_check import _call
from videotermin_app.device_check import metrics as m
from videotermin_app.device_check import registry as r
from videotermin_app.device_check.metrics import CheckMetrics
from videotermin_app.device_check.registry import Admission, EchoRegistry, RegistryBusy, link_key, peer_cap
from videotermin_app.device_check.state import (
    BUSY_TEXT,
    MAX_OFFER_SDP,
    browser_report,
    valid_offer,
)


def test_the_global_cap_follows_the_cpu_count() -> None:
    assert r.PEERS_PER_CORE == 2 and r.MIN_PEERS == 2
    assert peer_cap(1) == 2
    assert peer_cap(2) == 4
    assert peer_cap(8) == 16
    assert peer_cap(0) == 2
    assert EchoRegistry().max_peers == peer_cap()
    assert BUSY_TEXT == "Der Testanruf ist gerade ausgelastet. Bitte versuchen Sie es in einer Minute noch einmal."


def test_one_peer_per_link_a_second_tab_replaces_the_first() -> None:
    async def run() -> None:
        reg = EchoRegistry(max_peers=1)
        key = link_key(7)
        first = await reg.open(key, owner="tab-a#1")
        caller, echoed = await _call(lambda sdp: first.answer(offer_sdp=sdp))
        await asyncio.wait_for(echoed["video"].recv(), timeout=5)
        second = await reg.open(key, owner="tab-b#1")  # same link: replaces, even at the cap
        assert first.is_closed and len(reg) == 1 and reg.owner(key) == "tab-b#1"
        # the first tab can neither see nor close the second tab's peer
        assert reg.get(key, owner="tab-a#1") is None
        await reg.close(key, owner="tab-a#1")
        assert not second.is_closed and reg.get(key, owner="tab-b#1") is second
        await reg.close(key)  # a revocation closes it whoever opened it
        assert second.is_closed and len(reg) == 0
        await caller.close()

    asyncio.run(run())


def test_above_the_cap_a_new_link_is_refused_and_the_running_call_goes_on() -> None:
    async def run() -> None:
        reg = EchoRegistry(max_peers=1)
        running = await reg.open(link_key(1), owner="a")
        caller, echoed = await _call(lambda sdp: running.answer(offer_sdp=sdp))
        await asyncio.wait_for(echoed["video"].recv(), timeout=5)
        assert reg.admit(link_key(2)) is Admission.BUSY
        with pytest.raises(RegistryBusy):
            await reg.open(link_key(2), owner="b")
        assert len(reg) == 1 and link_key(2) not in reg
        # nothing degrades for the running call: it still echoes
        await asyncio.wait_for(echoed["video"].recv(), timeout=5)
        assert not running.is_closed
        await reg.close_all()
        await caller.close()
        assert reg.admit(link_key(2)) is Admission.OK

    asyncio.run(run())


def test_test_calls_per_link_per_minute() -> None:
    now = [1000.0]
    reg = EchoRegistry(max_peers=4, clock=lambda: now[0])
    assert r.CHECKS_PER_MINUTE == 3 and r.CHECK_WINDOW_S == 60.0
    results = [reg.admit("p1") for _ in range(r.CHECKS_PER_MINUTE + 1)]
    assert results == [Admission.OK] * r.CHECKS_PER_MINUTE + [Admission.THROTTLED]
    assert reg.admit("p2") is Admission.OK  # another link is not affected
    now[0] += r.CHECK_WINDOW_S - 1
    assert reg.admit("p1") is Admission.THROTTLED
    now[0] += 1.5
    assert reg.admit("p1") is Admission.OK
    now[0] += 10 * r.CHECK_WINDOW_S
    reg.admit("p3")
    assert set(reg._starts) == {"p3"}  # links without a start in the window are forgotten


def test_offer_size_and_type() -> None:
    assert MAX_OFFER_SDP == 32_000
    assert valid_offer("v=0\r\n" * 10) == "v=0\r\n" * 10
    assert valid_offer("x" * MAX_OFFER_SDP) is not None
    assert valid_offer("x" * (MAX_OFFER_SDP + 1)) is None
    for wrong in ("", None, 5, ["v=0"], {"sdp": "v=0"}, b"v=0"):
        assert valid_offer(wrong) is None


def test_browser_report_keys_and_ranges() -> None:
    assert m.MAX_REPORT_KEYS == 16
    assert browser_report({"rtt_ms": 20}) == {"rtt_ms": 20}
    assert browser_report({f"k{i}": 1 for i in range(m.MAX_REPORT_KEYS + 1)}) is None
    assert browser_report({"x" * 41: 1}) is None
    assert browser_report([("rtt_ms", 20)]) is None
    assert browser_report("rtt_ms=20") is None
    # unknown keys are ignored, numbers outside their sane range are "not measured"
    metrics = CheckMetrics.from_dict(
        {
            "upload_kbps": m.MAX_KBPS + 1,
            "download_kbps": m.MAX_KBPS,
            "rtt_ms": m.MAX_MS + 1,
            "jitter_ms": m.MAX_MS,
            "video_fps": m.MAX_FPS + 1,
            "frames_received": m.MAX_FRAMES + 1,
            "loss_percent": "1" * 40,
            "evil": "x" * 10_000,
        }
    )
    assert metrics == CheckMetrics(download_kbps=m.MAX_KBPS, jitter_ms=m.MAX_MS)
    assert CheckMetrics.from_dict({f"k{i}": 1 for i in range(m.MAX_REPORT_KEYS)} | {"rtt_ms": 5}) == CheckMetrics()
    assert not math.isnan(m.MAX_MS)
