"""Thresholds, sanitising and the aiortc echo peer (two peers in one process, no browser)."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamTrack, VideoStreamTrack

from tests.unit.device_check.rate_client import rate_client
from videotermin_app.device_check import grading as dc
from videotermin_app.device_check.echo_peer import EchoPeer, ice_servers_from_json
from videotermin_app.device_check.grading import advice, classify, evaluate, reasons
from videotermin_app.device_check.metrics import CheckMetrics, combine
from videotermin_app.device_check.rate_probe import DOWN_MAX_BYTES, UP_MAX_BYTES
from videotermin_app.device_check.registry import EchoRegistry, closed_at_shutdown

GOOD = CheckMetrics(
    upload_kbps=2000,
    download_kbps=2000,
    rtt_ms=40,
    loss_percent=0,
    jitter_ms=5,
    frames_received=120,
    audio_received=True,
    video_fps=30,
)


# --- thresholds -------------------------------------------------------------------------------


def test_good_connection_is_green_with_the_green_sentence() -> None:
    assert classify(GOOD) == "green"
    assert reasons(GOOD) == []
    assert evaluate(GOOD) == ("green", dc.GREEN_ADVICE)


@pytest.mark.parametrize(
    ("field", "green", "yellow", "red"),
    [
        ("upload_kbps", dc.GREEN_MIN_KBPS, dc.YELLOW_MIN_KBPS, dc.YELLOW_MIN_KBPS - 1),
        ("download_kbps", dc.GREEN_MIN_KBPS, dc.YELLOW_MIN_KBPS, dc.YELLOW_MIN_KBPS - 1),
        ("video_fps", dc.GREEN_MIN_FPS, dc.YELLOW_MIN_FPS, dc.YELLOW_MIN_FPS - 0.1),
        ("loss_percent", dc.GREEN_MAX_LOSS_PERCENT, dc.YELLOW_MAX_LOSS_PERCENT, dc.YELLOW_MAX_LOSS_PERCENT + 0.1),
        ("rtt_ms", dc.GREEN_MAX_RTT_MS - 1, dc.YELLOW_MAX_RTT_MS - 1, dc.YELLOW_MAX_RTT_MS),
        ("jitter_ms", dc.GREEN_MAX_JITTER_MS - 1, dc.YELLOW_MAX_JITTER_MS - 1, dc.YELLOW_MAX_JITTER_MS),
    ],
)
def test_boundaries(field: str, green: float, yellow: float, red: float) -> None:
    def level(value: float) -> str:
        return classify(CheckMetrics.from_dict({**GOOD.as_dict(), field: value}))

    assert (level(green), level(yellow), level(red)) == ("green", "yellow", "red")


def test_just_below_green_is_yellow() -> None:
    assert classify(replace(GOOD, upload_kbps=dc.GREEN_MIN_KBPS - 0.5)) == "yellow"
    assert classify(replace(GOOD, rtt_ms=dc.GREEN_MAX_RTT_MS)) == "yellow"
    assert classify(replace(GOOD, loss_percent=dc.GREEN_MAX_LOSS_PERCENT + 0.01)) == "yellow"


def test_reason_sentences() -> None:
    slow = replace(GOOD, upload_kbps=240, loss_percent=4.5)
    assert reasons(slow) == [
        "Die Verbindung ist langsam (240 kbit/s hoch).",
        "Es gehen Daten verloren (Paketverlust 4,5 %).",
    ]
    assert classify(slow) == "red"


def test_missing_media_is_red() -> None:
    assert classify(replace(GOOD, frames_received=0)) == "red"
    assert "Es kommt kein Bild an." in reasons(replace(GOOD, frames_received=0))
    assert classify(replace(GOOD, audio_received=False)) == "red"
    assert "Es kommt kein Ton an." in reasons(replace(GOOD, audio_received=False))


def test_no_measurement_is_red() -> None:
    assert classify(CheckMetrics()) == "red"
    assert classify(CheckMetrics.from_dict(None)) == "red"
    assert classify(CheckMetrics(frames_received=10, audio_received=True)) == "red"


def test_partly_measured_is_at_most_yellow() -> None:
    assert classify(replace(GOOD, jitter_ms=None)) == "yellow"
    assert classify(replace(GOOD, frames_received=None)) == "yellow"
    assert classify(replace(GOOD, rtt_ms=None)) == "yellow"
    # the rates come from the echo peer's bursts: missing, the connection was not fully measured
    assert classify(replace(GOOD, upload_kbps=None)) == "yellow"
    assert classify(replace(GOOD, download_kbps=None)) == "yellow"
    assert "Die Verbindung konnte nicht vollständig gemessen werden." in reasons(replace(GOOD, download_kbps=None))
    # the frame rate is an estimate the browser may not have: graded only when present
    assert classify(replace(GOOD, video_fps=None)) == "green"


def test_advice_contains_brochure_sentences() -> None:
    level, text = evaluate(replace(GOOD, upload_kbps=500))
    assert level == "yellow"
    assert text.startswith("Die Verbindung ist langsam (500 kbit/s hoch).")
    for sentence in (
        "Prüfen Sie, ob alle Geräte miteinander verbunden sind.",
        "Versuchen Sie es mit einem anderen Gerät.",
        "Kontaktieren Sie den technischen Support unter der Rufnummer 0800 4 555501.",
    ):
        assert sentence in text
    assert advice(level="green", reasons=["ignored"]) == dc.GREEN_ADVICE


def test_from_dict_sanitises_garbage() -> None:
    m = CheckMetrics.from_dict(
        {
            "upload_kbps": "abc",
            "downloadKbps": -5,
            "rtt_ms": math.nan,
            "loss_percent": 250,
            "jitter_ms": math.inf,
            "frames_received": True,
            "audio_received": "yes",
            "video_fps": [1],
            "evil": "<script>",
        }
    )
    assert m == CheckMetrics()
    assert CheckMetrics.from_dict("not a dict") == CheckMetrics()  # type: ignore[arg-type]


def test_from_dict_round_trip_and_camel_case() -> None:
    assert CheckMetrics.from_dict(GOOD.as_dict()) == GOOD
    m = CheckMetrics.from_dict({"uploadKbps": "1200,5", "rttMs": 12, "framesReceived": 7.9, "audioReceived": 1})
    assert (m.upload_kbps, m.rtt_ms, m.frames_received, m.audio_received) == (1200.5, 12.0, 7, True)


def test_combine_takes_media_from_echo_and_the_worse_network_number() -> None:
    # rates the browser claims are ignored: only the echo peer's bursts count (rate_probe)
    browser = CheckMetrics(upload_kbps=9_000_000, download_kbps=9_000_000, rtt_ms=50, loss_percent=1, jitter_ms=20)
    echo = CheckMetrics(
        1500, 1200, rtt_ms=80, loss_percent=0.5, jitter_ms=None, frames_received=90, audio_received=True
    )
    both = combine(browser=browser, echo=echo)
    assert both == CheckMetrics(1500, 1200, 80, 1, 20, 90, True, None)
    assert classify(both) == "green"


# --- echo peer --------------------------------------------------------------------------------

Call = tuple[RTCPeerConnection, dict[str, MediaStreamTrack]]


async def _call(answer: Callable[[str], Awaitable[str]]) -> Call:
    caller, echoed, _counts = await _call_with_rates(answer, rates=False)
    return caller, echoed


async def _call_with_rates(
    answer: Callable[[str], Awaitable[str]], *, rates: bool = True
) -> tuple[RTCPeerConnection, dict[str, MediaStreamTrack], dict[str, int]]:
    """A caller with synthetic camera and microphone; returns it with the echoed tracks."""
    caller = RTCPeerConnection()
    caller.addTrack(VideoStreamTrack())
    caller.addTrack(AudioStreamTrack())
    counts = rate_client(caller) if rates else {}
    echoed: dict[str, MediaStreamTrack] = {}
    both = asyncio.get_running_loop().create_future()

    @caller.on("track")
    def _on_track(track: MediaStreamTrack) -> None:
        echoed[track.kind] = track
        if len(echoed) == 2 and not both.done():
            both.set_result(None)

    await caller.setLocalDescription(await caller.createOffer())
    sdp = await answer(caller.localDescription.sdp)
    await caller.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))
    await asyncio.wait_for(both, timeout=5)
    return caller, echoed, counts


async def _frames_within(track: MediaStreamTrack, seconds: float) -> int:
    count, end = 0, time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        try:
            await asyncio.wait_for(track.recv(), timeout=left)
        except TimeoutError:
            break
        count += 1
    return count


async def _echo_run(drop_ratio: float, *, rates: bool = False) -> tuple[int, CheckMetrics, EchoPeer]:
    peer = EchoPeer(drop_ratio=drop_ratio, seed=7)
    caller, echoed, counts = await _call_with_rates(lambda sdp: peer.answer(offer_sdp=sdp), rates=rates)
    try:
        await asyncio.wait_for(echoed["audio"].recv(), timeout=5)
        await asyncio.wait_for(echoed["video"].recv(), timeout=5)
        for _slice in range(100 if rates else 0):  # both bursts end within BURST_MAX_S; the echo is drained
            if counts["received"] >= DOWN_MAX_BYTES and peer.rates.up.total >= UP_MAX_BYTES:
                break
            await _frames_within(echoed["video"], 0.1)
        frames = await _frames_within(echoed["video"], 1.5)
        server = (await peer.stats()).as_metrics()
        # what the browser would report: good network, plus the frame rate it saw (rates: the echo peer's)
        browser = CheckMetrics(rtt_ms=20, loss_percent=0, jitter_ms=5, video_fps=frames / 1.5)
        return frames, combine(browser=browser, echo=server), peer
    finally:
        await peer.close()
        await caller.close()


def test_echo_peer_echoes_video_and_audio() -> None:
    frames, metrics, peer = asyncio.run(_echo_run(0.0))
    assert frames >= 20  # the synthetic camera sends 30 fps
    assert metrics.frames_received is not None and metrics.frames_received > 0
    assert metrics.audio_received is True
    assert metrics.upload_kbps is None and metrics.download_kbps is None  # no rate channels: not measured
    assert classify(metrics) == "yellow"
    assert classify(replace(metrics, upload_kbps=2000, download_kbps=2000)) == "green", metrics
    assert peer.is_closed and peer.pc.connectionState == "closed"


def test_echo_peer_measures_both_rates_beside_the_media() -> None:
    """Both ends are Python in one process here (twice a browser's cost), so the echo's frame rate
    during the bursts is not judged; the journeys show a real browser still gets a green picture."""
    frames, metrics, peer = asyncio.run(_echo_run(0.0, rates=True))
    assert frames > 0 and metrics.audio_received is True  # the media survived the bursts
    # both rates measured by the server (how fast is the machine's business: no threshold here; the
    # journeys check a browser's rates on loopback, `make bench` times it)
    assert metrics.upload_kbps is not None and metrics.upload_kbps > 0, metrics
    assert metrics.download_kbps is not None and metrics.download_kbps > 0, metrics
    assert 0 < peer.rates.up.total <= UP_MAX_BYTES  # never more counted than the bound
    assert not [text for text in reasons(metrics) if "vollständig" in text], metrics  # nothing unmeasured


def test_dropping_frames_gives_fewer_frames_and_a_worse_level() -> None:
    frames, metrics, _peer = asyncio.run(_echo_run(0.9))
    assert frames < 15
    assert metrics.frames_received  # it arrived, but was not echoed
    assert classify(metrics) in ("yellow", "red")


def test_answer_rejects_non_offers_and_close_is_idempotent() -> None:
    async def run() -> None:
        peer = EchoPeer()
        with pytest.raises(ValueError):
            await peer.answer(offer_sdp="v=0", offer_type="answer")
        await peer.close()
        await peer.close()
        assert (await peer.stats()).video_frames == 0

    asyncio.run(run())


def test_ice_servers_from_browser_json() -> None:
    servers = ice_servers_from_json(
        [{"urls": "stun:stun.example:3478"}, {"urls": ["turn:t.example:3478"], "username": "u", "credential": "p"}]
    )
    assert servers[0].urls == ["stun:stun.example:3478"]
    assert (servers[1].username, servers[1].credential) == ("u", "p")
    with pytest.raises(ValueError):
        ice_servers_from_json([{"username": "u"}])


# --- registry ---------------------------------------------------------------------------------


def test_registry_close_and_reopen() -> None:
    async def run() -> None:
        reg = EchoRegistry()
        first = await reg.open("tab-1")
        caller, echoed = await _call(lambda sdp: first.answer(offer_sdp=sdp))
        await asyncio.wait_for(echoed["video"].recv(), timeout=5)
        second = await reg.open("tab-1")  # same key: the first is closed
        assert first.is_closed and reg.get("tab-1") is second and len(reg) == 1
        await reg.close("tab-1")
        await reg.close("tab-1")
        assert second.is_closed and "tab-1" not in reg
        await caller.close()

    asyncio.run(run())


def test_registry_closes_after_max_seconds() -> None:
    async def run() -> None:
        # The limit leaves room for the call to come up on a busy machine; then the peer, still
        # echoing, must be closed by the limit alone (waited for, not slept for).
        reg = EchoRegistry(max_seconds=3.0)
        peer = await reg.open("tab-1")
        caller, echoed = await _call(lambda sdp: peer.answer(offer_sdp=sdp))
        await asyncio.wait_for(echoed["video"].recv(), timeout=5)
        assert not peer.is_closed and len(reg) == 1
        await asyncio.wait_for(peer.finished.wait(), timeout=10)
        for _ in range(100):
            if peer.is_closed and len(reg) == 0:
                break
            await asyncio.sleep(0.05)
        assert peer.is_closed and len(reg) == 0
        await caller.close()

    asyncio.run(run())


def test_registry_closes_when_the_connection_ends() -> None:
    async def run() -> None:
        reg = EchoRegistry()
        peer = await reg.open("tab-1")
        caller, echoed = await _call(lambda sdp: peer.answer(offer_sdp=sdp))
        await asyncio.wait_for(echoed["video"].recv(), timeout=5)
        await caller.close()  # the browser hangs up: the echo peer sees its DTLS close
        await asyncio.wait_for(peer.finished.wait(), timeout=5)
        for _ in range(50):
            if peer.is_closed and len(reg) == 0:
                break
            await asyncio.sleep(0.05)
        assert peer.is_closed and len(reg) == 0

    asyncio.run(run())


def test_close_all_leaves_nothing_open() -> None:
    async def run() -> None:
        reg = EchoRegistry(max_peers=3)
        peers = [await reg.open(f"tab-{i}") for i in range(3)]
        caller, echoed = await _call(lambda sdp: peers[0].answer(offer_sdp=sdp))
        await asyncio.wait_for(echoed["video"].recv(), timeout=5)
        await reg.close_all()
        assert len(reg) == 0 and all(p.is_closed for p in peers)
        assert peers[0].pc.connectionState == "closed"
        await caller.close()

    asyncio.run(run())


def test_the_lifespan_hook_closes_every_peer_at_shutdown() -> None:
    async def run() -> None:
        reg = EchoRegistry(max_peers=2)
        async with closed_at_shutdown(reg):
            peers = [await reg.open(f"tab-{i}") for i in range(2)]
            assert len(reg) == 2 and not any(p.is_closed for p in peers)
        assert len(reg) == 0 and all(p.is_closed for p in peers)

    asyncio.run(run())


def test_the_app_registers_the_shutdown_hook() -> None:
    from videotermin_app.videotermin_app import app

    assert closed_at_shutdown in app.get_lifespan_tasks()
