"""What the call's browser component reports (connection states, getStats numbers, local media), validated.

Plain Python. Only members the tab actually sees in the call are accepted as keys, states come from a
fixed set, numbers must be numbers, lists are cut to a fixed length: nothing a browser sends can make
the server keep more than `MAX_OTHERS` entries per tab.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from videotermin_app.core.capacity import MAX_PEOPLE_IN_CALL

LINK_STATES = frozenset({"new", "connecting", "connected", "disconnected", "failed", "closed", "error"})
# other people one tab keeps connection states and quality for: twice the call's size (core.capacity)
MAX_OTHERS = 2 * MAX_PEOPLE_IN_CALL
MAX_REPORTS = 2 * MAX_PEOPLE_IN_CALL  # getStats reports read from one `stats` event, one per other person
METRICS = ("rtt_ms", "loss_percent", "jitter_ms", "upload_kbps", "video_fps")
MAX_METRIC = 1_000_000.0  # larger numbers are nonsense and count as unknown
MAX_MEDIA_ERROR = 40  # characters of a getUserMedia error name (NotAllowedError ...)


@dataclass(frozen=True)
class LocalMedia:
    ok: bool
    has_video: bool
    can_share: bool
    error: str


def flag(value: object) -> bool | None:
    """A real boolean from the browser, else None (refused)."""
    return value if isinstance(value, bool) else None


def _key(value: object, known: Collection[str]) -> str | None:
    return value if isinstance(value, str) and value in known else None


def peer_link(info: object, known: Collection[str]) -> tuple[str, str] | None:
    """(member key, connection state) from `on_peer_state`, for a member in the call and a known state."""
    if not isinstance(info, Mapping):
        return None
    key, state = _key(info.get("key"), known), info.get("state")
    if key is None or not isinstance(state, str) or state not in LINK_STATES:
        return None
    return key, state


def _metric(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and 0 <= number <= MAX_METRIC else None


def stats_reports(reports: object, known: Collection[str]) -> dict[str, dict[str, float | None]]:
    """The numbers per member from `on_stats`: at most `MAX_REPORTS` reports, known members only,
    known metrics only, each a finite non-negative number or None."""
    if not isinstance(reports, list):
        return {}
    found: dict[str, dict[str, float | None]] = {}
    for report in reports[:MAX_REPORTS]:
        if not isinstance(report, Mapping) or (key := _key(report.get("key"), known)) is None:
            continue
        found[key] = {name: _metric(report.get(name)) for name in METRICS}
    return found


def local_media(info: object) -> LocalMedia | None:
    """`on_local`: whether the camera/microphone came up, as booleans and a short error name."""
    if not isinstance(info, Mapping):
        return None
    ok, has_video, can_share = flag(info.get("ok")), flag(info.get("has_video")), flag(info.get("can_share", False))
    error = info.get("error", "")
    if ok is None or has_video is None or can_share is None or not isinstance(error, str):
        return None
    name = error[:MAX_MEDIA_ERROR]
    return LocalMedia(ok=ok, has_video=has_video, can_share=can_share, error=name if name.isalnum() else "")


def bounded(mapping: dict[str, str], keep: Collection[str]) -> dict[str, str]:
    """Only the entries of members still in the call, at most `MAX_OTHERS`."""
    kept = [(k, v) for k, v in mapping.items() if k in keep]
    return dict(kept[:MAX_OTHERS])
