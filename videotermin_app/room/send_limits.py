"""What each browser's senders may send in the call (`RTCRtpSender.setParameters`), so a phone on
mobile data (about 750 kbit/s up) keeps the call, and the voice is the last thing to suffer.

Plain Python; the browser (`call_limits.jsx`) only applies what this returns. The call is a mesh:
every person sends one video and one audio stream to each other person, so the uplink is shared
by `others` streams. The reasons are in docs/architecture.md ("Sending on a phone uplink").
"""

from __future__ import annotations

from typing import Any

UPLINK_KBPS = 750  # a phone on mobile data (Lighthouse's "Slow 4G": 750 kbit/s up)
USABLE_SHARE = 0.8  # the rest is headroom: the estimate swings, RTCP, retransmissions and TURN overhead
AUDIO_KBPS = 40  # Opus speech (about 32 kbit/s) with RTP/SRTP headers, per other person
VIDEO_MAX_KBPS = 560  # one other person: VGA talking head at 25 fps looks good from about 500 kbit/s
VIDEO_MIN_KBPS = 150  # below this VP8 shows a blurred stamp; the encoder still drops resolution first
VIDEO_FPS = 25  # ITU-T H-Series Supplement 1: sign language and lip reading need about 25 frames/s
SHARE_FPS = 10  # a shared screen: sharp text matters, motion hardly
VIDEO_DEGRADATION = "maintain-framerate"  # camera: fluid lips and hands, less detail when the line is short
SHARE_DEGRADATION = "maintain-resolution"  # screen: readable text, fewer frames
AUDIO_PRIORITY = "high"  # priority (bitrate share) and networkPriority (DSCP marking) of the voice
VIDEO_PRIORITY = "low"


def video_kbps(others: int) -> int:
    """The cap of one outgoing video stream when the uplink is shared by `others` receivers."""
    count = max(1, others)
    budget = UPLINK_KBPS * USABLE_SHARE - count * AUDIO_KBPS
    return int(max(VIDEO_MIN_KBPS, min(VIDEO_MAX_KBPS, budget / count)))


def send_limits(others: int) -> dict[str, Any]:
    """The parameters the browser sets on every sender (bit rates in bit/s, as the API wants them)."""
    return {
        "video_bps": video_kbps(others) * 1000,
        "video_fps": VIDEO_FPS,
        "video_degradation": VIDEO_DEGRADATION,
        "share_fps": SHARE_FPS,
        "share_degradation": SHARE_DEGRADATION,
        "audio_priority": AUDIO_PRIORITY,
        "video_priority": VIDEO_PRIORITY,
    }
