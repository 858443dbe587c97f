"""Encoding limits for a phone uplink: the video cap follows the number of receivers, the voice comes first."""

from __future__ import annotations

from videotermin_app.room import send_limits


def test_video_fits_a_phone_uplink_shared_by_everyone_else_in_the_call() -> None:
    assert send_limits.video_kbps(1) == 560
    assert send_limits.video_kbps(0) == send_limits.video_kbps(1)
    assert send_limits.video_kbps(2) == 260
    assert send_limits.video_kbps(3) == 160
    assert send_limits.video_kbps(8) == send_limits.VIDEO_MIN_KBPS
    for others in (1, 2, 3):  # the largest call: every stream with its voice within the usable uplink
        total = others * (send_limits.video_kbps(others) + send_limits.AUDIO_KBPS)
        assert total <= send_limits.UPLINK_KBPS * send_limits.USABLE_SHARE


def test_the_parameters_the_browser_sets() -> None:
    limits = send_limits.send_limits(2)
    assert limits == {
        "video_bps": 260_000,
        "video_fps": 25,
        "video_degradation": "maintain-framerate",
        "share_fps": 10,
        "share_degradation": "maintain-resolution",
        "audio_priority": "high",
        "video_priority": "low",
    }
