"""The line's rates: the server's own bounds on both bursts, and how the figures are graded and told."""

from __future__ import annotations

from dataclasses import replace

import pytest

from videotermin_app.device_check import rate_probe as rp
from videotermin_app.device_check.grading import classify, rates_sentence, reasons
from videotermin_app.device_check.metrics import CheckMetrics, combine
from videotermin_app.device_check.rate_probe import DownloadCounter, UploadCounter, parse_ack, rate_kbps

GOOD = CheckMetrics(
    upload_kbps=12_000,
    download_kbps=25_000,
    rtt_ms=40,
    loss_percent=0,
    jitter_ms=5,
    frames_received=120,
    audio_received=True,
    video_fps=30,
)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# --- upload: the server counts what arrives ---------------------------------------------------


def test_upload_rate_is_bytes_after_the_first_message_over_the_server_time() -> None:
    clock = Clock()
    up = UploadCounter(clock=clock)
    assert up.received(16_384)
    for _ in range(40):  # 40 more messages over one second
        clock.now += 1 / 40
        assert up.received(16_384)
    assert up.kbps() == pytest.approx(40 * 16_384 * 8 / 1000, rel=1e-6)


def test_upload_counts_at_most_the_byte_bound_and_then_refuses() -> None:
    clock = Clock()
    up = UploadCounter(clock=clock)
    up.received(1000)
    clock.now += 0.5
    assert not up.received(50_000_000)  # one huge message: counted only up to the bound
    assert up.total == rp.UP_MAX_BYTES
    clock.now += 0.5
    assert not up.received(16_384)
    assert up.total == rp.UP_MAX_BYTES
    assert up.kbps() == pytest.approx((rp.UP_MAX_BYTES - 1000) * 8 / 0.5 / 1000)


def test_upload_ignores_what_arrives_after_the_time_bound() -> None:
    clock = Clock()
    up = UploadCounter(clock=clock)
    up.received(16_384)
    clock.now += 1.0
    up.received(100_000)
    clock.now += rp.BURST_MAX_S  # past the bound: nothing more counts, the clock stays at the last count
    assert not up.received(1_000_000)
    assert (up.counted, up.last_at) == (100_000, 101.0)
    assert up.kbps() == pytest.approx(800.0)


def test_too_little_or_too_fast_is_not_a_rate() -> None:
    assert rate_kbps(rp.MIN_BYTES - 1, 1.0) is None
    assert rate_kbps(1_000_000, rp.MIN_WINDOW_S / 2) is None
    assert rate_kbps(2_000_000, 0.01) is None  # 1.6 Gbit/s: above MAX_RATE_KBPS
    assert rate_kbps(1_000_000, 1.0) == 8000.0
    clock = Clock()
    up = UploadCounter(clock=clock)
    assert up.kbps() is None
    up.received(16_384)
    assert up.kbps() is None  # one message starts the clock, it measures nothing


# --- download: the browser only acknowledges, the server times ---------------------------------


def _sent(clock: Clock, size: int) -> DownloadCounter:
    down = DownloadCounter(clock=clock)
    while down.sent < size and down.may_send():
        down.chunk()
    return down


def test_download_rate_is_acknowledged_bytes_over_the_server_time() -> None:
    clock = Clock()
    down = _sent(clock, 500_000)
    assert down.sent == 31 * 16_384
    clock.now += 0.5
    down.ack("507904")
    assert down.kbps() == pytest.approx(507_904 * 8 / 0.5 / 1000)


def test_a_browser_cannot_acknowledge_more_than_left_the_server() -> None:
    clock = Clock()
    down = _sent(clock, 163_840)
    clock.now += 0.5
    down.ack("999999999999")  # absurd: clamped to what was sent
    assert down.acked == 163_840
    clock.now += 0.5
    down.ack("999999999999", buffered=200_000)  # nothing new left the server
    assert down.acked == 163_840
    down.ack("1000")  # a figure going back is ignored
    assert (down.acked, down.acked_at) == (163_840, 100.5)


@pytest.mark.parametrize(
    "message",
    ["", "abc", "-5", "1e9", "12.5", " 12", "١٢٣", "1" * (rp.MAX_ACK_CHARS + 1), 123, None, b"123", ["1"]],
)
def test_malformed_acknowledgements_are_refused(message: object) -> None:
    assert parse_ack(message) is None
    clock = Clock()
    down = _sent(clock, 100_000)
    clock.now += 1
    down.ack(message)
    assert down.acked == 0 and down.kbps() is None


def test_download_is_bounded_in_bytes_and_time() -> None:
    clock = Clock()
    down = _sent(clock, 10 * rp.DOWN_MAX_BYTES)
    assert down.sent == rp.DOWN_MAX_BYTES and not down.may_send()
    clock = Clock()
    slow = DownloadCounter(clock=clock)
    assert slow.may_send()
    slow.chunk()
    clock.now += rp.BURST_MAX_S
    assert not slow.may_send()
    assert DownloadCounter().kbps() is None
    early = DownloadCounter(clock=Clock())
    early.ack("100")  # before the burst started
    assert early.acked == 0


def test_rates_the_browser_claims_are_ignored() -> None:
    browser = CheckMetrics.from_dict({"upload_kbps": 9_000_000, "download_kbps": 9_000_000, "rtt_ms": 30})
    both = combine(browser=browser, echo=CheckMetrics(upload_kbps=800.0))
    assert (both.upload_kbps, both.download_kbps, both.rtt_ms) == (800.0, None, 30)


# --- grading and plain words ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("up", "down", "level"),
    [
        (12_000, 25_000, "green"),
        (1000, 1000, "green"),
        (999, 25_000, "yellow"),
        (25_000, 300, "yellow"),
        (299, 25_000, "red"),
        (25_000, 120, "red"),
    ],
)
def test_rates_are_graded(up: float, down: float, level: str) -> None:
    assert classify(replace(GOOD, upload_kbps=up, download_kbps=down)) == level


def test_the_person_reads_both_rates_in_plain_words() -> None:
    assert rates_sentence(GOOD) == "Ihre Verbindung: etwa 12 Mbit/s hoch, 25 Mbit/s herunter – gut für Video."
    slow = replace(GOOD, upload_kbps=1534.4, download_kbps=640.2)
    assert rates_sentence(slow) == (
        "Ihre Verbindung: etwa 1,5 Mbit/s hoch, 640 kbit/s herunter – reicht für Video, das Bild kann aber stocken."
    )
    assert rates_sentence(replace(GOOD, download_kbps=None, upload_kbps=250)) == (
        "Ihre Verbindung: etwa 250 kbit/s hoch (herunter nicht gemessen) – zu langsam für Video."
    )
    assert rates_sentence(replace(GOOD, upload_kbps=None)) == (
        "Ihre Verbindung: etwa 25 Mbit/s herunter (hoch nicht gemessen) – gut für Video."
    )
    assert rates_sentence(CheckMetrics()) == ""
    assert reasons(replace(GOOD, download_kbps=640.2)) == ["Die Verbindung ist langsam (640 kbit/s herunter)."]


# --- the channels a browser may open ----------------------------------------------------------


class FakeChannel:
    def __init__(self, label: str) -> None:
        self.label, self.readyState, self.bufferedAmount = label, "open", 0
        self.handlers: dict[str, object] = {}

    def on(self, event: str, handler: object) -> None:
        self.handlers[event] = handler

    def close(self) -> None:
        self.readyState = "closed"


def test_only_one_upload_channel_and_no_unknown_labels() -> None:
    probe = rp.RateProbe()
    first, second, other = FakeChannel(rp.UP_LABEL), FakeChannel(rp.UP_LABEL), FakeChannel("x" * 300)
    for channel in (first, second, other):
        probe.attach(channel)  # type: ignore[arg-type]
    assert (first.readyState, second.readyState, other.readyState) == ("open", "closed", "closed")
    on_message = first.handlers["message"]
    assert callable(on_message)
    on_message(b"\0" * 1000)
    on_message(b"\0" * (2 * rp.UP_MAX_BYTES))  # past the byte bound: counted up to it, then the channel closes
    assert probe.up.total == rp.UP_MAX_BYTES and first.readyState == "closed"
    on_message(12345)  # not bytes: nothing counted, nothing raised
    assert probe.up.total == rp.UP_MAX_BYTES


def test_the_done_mark_is_taken_once() -> None:
    calls: list[int] = []
    probe = rp.RateProbe(on_done=lambda: calls.append(1))
    channel = FakeChannel(rp.DOWN_LABEL)
    probe._download_message(channel, rp.DONE_MARK)  # type: ignore[arg-type]
    probe._download_message(channel, rp.DONE_MARK)  # type: ignore[arg-type]
    assert calls == [1]
