"""The call's signals (session descriptions, ICE candidates, restart requests, adopting a pre-connection): what the server accepts,
what it keeps for the receiving tab, and when the receiver has them (docs/architecture.md).

Plain Python. Everything from the browser is rebuilt from the known fields only, so no
browser-chosen key or oversized value is ever stored or forwarded. A tab's inbox holds only
signals its browser has not acknowledged yet, at most `INBOX_LIMIT`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

# adopt: the offerer switched media on over the pre-connection (room/preconnect.py); fresh: the
# answerer has no such connection, please negotiate a new one. Both carry no data.
KINDS = frozenset({"description", "candidate", "restart", "adopt", "fresh"})
EMPTY_KINDS = frozenset({"restart", "adopt", "fresh"})
DESCRIPTION_TYPES = frozenset({"offer", "answer"})
MAX_SDP = 20_000  # characters of one session description
MAX_CANDIDATE = 1_000  # characters of one ICE candidate line
MAX_MID = 64  # characters of a media id (sdpMid)
MAX_MLINE_INDEX = 64  # highest m-line index accepted
MAX_UFRAG = 256  # characters of an ICE username fragment
MAX_KEY = 24  # characters of a member key ("advisor", "p<id>"), as `RoomMember.member_key`
INBOX_LIMIT = 128  # unacknowledged signals kept for one tab; the oldest go first
INBOX_MAX_CHARS = 200_000  # characters of SDP and candidate text kept for one tab; the oldest go first

Standing = Literal["known", "stale", "unknown"]


@dataclass(frozen=True)
class Outgoing:
    """A signal as the sending browser asked for it, validated."""

    to: str
    to_epoch: int
    kind: str
    data: dict[str, Any]


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: object, limit: int) -> str | None:
    return value if isinstance(value, str) and len(value) <= limit else None


def clean_data(kind: str, data: object) -> dict[str, Any] | None:
    """The payload of one signal rebuilt from its known fields, or None if anything is off."""
    if not isinstance(data, Mapping):
        return None
    if kind in EMPTY_KINDS:
        return {}
    if kind == "description":
        sdp, kind_of = _text(data.get("sdp"), MAX_SDP), data.get("type")
        if sdp is None or kind_of not in DESCRIPTION_TYPES:
            return None
        return {"type": kind_of, "sdp": sdp}
    if kind == "candidate":
        candidate = _text(data.get("candidate"), MAX_CANDIDATE)
        mid, index, ufrag = data.get("sdpMid"), data.get("sdpMLineIndex"), data.get("usernameFragment")
        if candidate is None:
            return None
        if mid is not None and _text(mid, MAX_MID) is None:
            return None
        if index is not None and ((number := _int(index)) is None or not 0 <= number <= MAX_MLINE_INDEX):
            return None
        if ufrag is not None and _text(ufrag, MAX_UFRAG) is None:
            return None
        return {"candidate": candidate, "sdpMid": mid, "sdpMLineIndex": index, "usernameFragment": ufrag}
    return None


def clean_outgoing(signal: object) -> Outgoing | None:
    """A browser's `on_signal` payload, or None (refused) when any field has the wrong type or size."""
    if not isinstance(signal, Mapping):
        return None
    kind, to, to_epoch = signal.get("kind"), _text(signal.get("to"), MAX_KEY), _int(signal.get("to_epoch"))
    if not isinstance(kind, str) or kind not in KINDS or not to or to_epoch is None or to_epoch < 1:
        return None
    data = clean_data(kind, signal.get("data"))
    if data is None:
        return None
    return Outgoing(to=to, to_epoch=to_epoch, kind=kind, data=data)


def size(signal: Mapping[str, Any]) -> int:
    """The characters one kept signal costs (its SDP or candidate text)."""
    data = signal.get("data") or {}
    return len(data.get("sdp") or "") + len(data.get("candidate") or "")


def push(inbox: list[dict[str, Any]], payload: Mapping[str, Any], *, signal_id: int) -> list[dict[str, Any]]:
    """The inbox with one more signal (numbered `signal_id`): at most `INBOX_LIMIT` signals and
    `INBOX_MAX_CHARS` characters, the oldest dropped first."""
    kept = [*inbox[-(INBOX_LIMIT - 1) :], {**payload, "id": signal_id}]
    total = sum(size(s) for s in kept)
    while len(kept) > 1 and total > INBOX_MAX_CHARS:
        total -= size(kept.pop(0))
    return kept


def acknowledge(inbox: list[dict[str, Any]], last_id: object, *, newest_id: int) -> list[dict[str, Any]] | None:
    """The inbox without the signals up to `last_id` (the browser has handled them), or None when the
    acknowledgement is not a whole number between 1 and the newest id given out (or changes nothing)."""
    acked = _int(last_id)
    if acked is None or not 1 <= acked <= newest_id or not any(s["id"] <= acked for s in inbox):
        return None
    return [s for s in inbox if s["id"] > acked]


def standing(sender: str, sender_epoch: int, others: Iterable[Mapping[str, Any]]) -> Standing:
    """How the receiver knows the sender of a signal: `known` (same session, deliver), `stale` (an
    earlier session of that person, drop) or `unknown` (not in the receiver's list, or a newer session
    than it shows: refresh the list from the database, then decide again)."""
    epoch = next((o["epoch"] for o in others if o["key"] == sender), None)
    if epoch is None or epoch < sender_epoch:
        return "unknown"
    return "known" if epoch == sender_epoch else "stale"
