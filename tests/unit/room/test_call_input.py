"""What the call's browser reports is validated: known members, known states, numbers, bounded lists."""

from __future__ import annotations

from videotermin_app.room import call_input
from videotermin_app.room.rows import ChatMessage
from videotermin_app.room.state_chat import KEEP, MAX_LENGTH, keep_last

KNOWN = {"advisor", "p7"}


def test_peer_state_accepts_members_in_the_call_and_known_states_only() -> None:
    assert call_input.peer_link({"key": "p7", "state": "connected"}, KNOWN) == ("p7", "connected")
    infos: tuple[object, ...] = (
        None,
        [],
        {"key": "p7"},
        {"key": "p7", "state": "x" * 10_000},
        {"key": "p7", "state": "weird"},
        {"key": "k" * 10_000, "state": "connected"},  # a browser-chosen key is never stored
        {"key": "p8", "state": "connected"},
        {"key": ["p7"], "state": "connected"},
    )
    for info in infos:
        assert call_input.peer_link(info, KNOWN) is None


def test_stats_are_bounded_and_typed() -> None:
    assert call_input.MAX_REPORTS == 8
    reports = [
        {"key": "p7", "rtt_ms": 40, "loss_percent": 1.5, "jitter_ms": True, "upload_kbps": "9", "video_fps": 1e300},
        {"key": "intruder", "rtt_ms": 10},
        "junk",
        *({"key": f"x{n}" * 1000} for n in range(1000)),
    ]
    found = call_input.stats_reports(reports, KNOWN)
    assert found == {
        "p7": {"rtt_ms": 40.0, "loss_percent": 1.5, "jitter_ms": None, "upload_kbps": None, "video_fps": None}
    }
    assert call_input.stats_reports({"p7": {}}, KNOWN) == {}
    assert call_input.stats_reports([{"key": "p7", "rtt_ms": float("nan")}], KNOWN)["p7"]["rtt_ms"] is None
    late = [*([{"key": "junk"}] * call_input.MAX_REPORTS), {"key": "p7", "rtt_ms": 1}]
    assert call_input.stats_reports(late, KNOWN) == {}  # only the first MAX_REPORTS are read


def test_stored_maps_keep_only_members_in_the_call() -> None:
    assert call_input.MAX_OTHERS == 8
    grown = {f"k{n}": "connected" for n in range(40)} | {"p7": "failed"}
    assert call_input.bounded(grown, KNOWN) == {"p7": "failed"}
    many = {f"m{n}" for n in range(20)}
    assert len(call_input.bounded({k: "new" for k in many}, many)) == call_input.MAX_OTHERS


def test_local_media_report() -> None:
    media = call_input.local_media({"ok": False, "error": "NotAllowedError", "has_video": False, "can_share": True})
    assert media == call_input.LocalMedia(ok=False, has_video=False, can_share=True, error="NotAllowedError")
    long = call_input.local_media({"ok": False, "error": "E" * 10_000, "has_video": True})
    assert long is not None and len(long.error) == call_input.MAX_MEDIA_ERROR
    odd = call_input.local_media({"ok": False, "error": "<script>", "has_video": True})
    assert odd is not None and odd.error == ""
    for info in (None, {"ok": "yes", "has_video": True}, {"ok": True, "has_video": 1}, {"ok": True}):
        assert call_input.local_media(info) is None


def test_flags_are_real_booleans() -> None:
    assert call_input.flag(True) is True and call_input.flag(False) is False
    assert call_input.flag(1) is None and call_input.flag("true") is None and call_input.flag(None) is None


def test_chat_history_and_message_length_are_bounded() -> None:
    assert (MAX_LENGTH, KEEP) == (500, 200)
    messages = [ChatMessage(id=n, text="x") for n in range(KEEP + 30)]
    kept = keep_last(messages)
    assert len(kept) == KEEP and kept[-1].id == KEEP + 29
