"""Pre-connection ("instant admission"): while a person waits and their advisor's workspace is open,
the two browsers connect (ICE and DTLS) without sending any media; **Hereinholen** then only puts the
real tracks on the senders of that connection (`RTCRtpSender.replaceTrack`, no renegotiation).

Plain Python: who may send a pre-connection signal to whom, what such a signal may hold, the
advisor tab's number that stands in for an epoch, and what the advisor's browser reports about the
path (connection state, round-trip time), graded. The browser half is `preconnect.jsx`; the state
is `state_preconnect.py` (docs/architecture.md "Instant admission").

Rules: only a participant whose seat is **waiting** and the advisor's current workspace tab
(`AdvisorPresence`) of that appointment's advisor exchange these signals, each way with the other's
exact session (the participant's epoch, the advisor tab's number); descriptions and candidates only,
with the size limits of the call's signals (`room.signals`).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, select

from videotermin_app.core.capacity import MAX_PEOPLE_IN_CALL
from videotermin_app.core.models import Appointment, AppointmentStatus, MemberStatus, RoomMember
from videotermin_app.device_check.grading import GREEN_MAX_RTT_MS, YELLOW_MAX_RTT_MS
from videotermin_app.room import rooms, signals

KINDS = frozenset({"description", "candidate"})
TAB_NUMBER_BITS = 48  # fits a JavaScript number exactly
MAX_TAB_NUMBER = 1 << TAB_NUMBER_BITS
# waiting people one advisor tab pre-connects to at once (three appointments' worth of invited people)
MAX_TARGETS = 3 * (MAX_PEOPLE_IN_CALL - 1)
MAX_REPORTS = MAX_TARGETS
MAX_RTT_MS = 60_000.0  # a larger round-trip time is nonsense and counts as unknown
PATH_STATES = frozenset({"new", "connecting", "connected", "disconnected", "failed", "closed"})


def tab_number(client_token: str) -> int:
    """The number that names one advisor tab in pre-connection signals (the participant's side of
    a pre-connection is named by its epoch). Derived from the tab's Reflex client token, which the
    browser of the other person never sees; 1 ≤ number < 2**48."""
    digest = hashlib.sha256(f"vt-preconnect:{client_token}".encode()).digest()
    return int.from_bytes(digest[: TAB_NUMBER_BITS // 8], "big") % (MAX_TAB_NUMBER - 1) + 1


def clean(signal: object) -> signals.Outgoing | None:
    """A pre-connection signal from a browser, or None: a description or a candidate, sized like
    the call's signals, addressed to a session number below 2**48."""
    outgoing = signals.clean_outgoing(signal)
    if outgoing is None or outgoing.kind not in KINDS or outgoing.to_epoch >= MAX_TAB_NUMBER:
        return None
    return outgoing


def participant_target(*, session: Session, advisor_id: int, key: str, epoch: int) -> str:
    """The client token of a person waiting with exactly this epoch for one of this advisor's
    running appointments, else '' (the advisor's signal is dropped)."""
    if not key.startswith("p") or key == rooms.ADVISOR_KEY:
        return ""
    row = session.exec(
        select(RoomMember.client_token)
        .join(Appointment, col(Appointment.id) == RoomMember.appointment_id)
        .where(
            Appointment.advisor_id == advisor_id,
            col(Appointment.status).in_([AppointmentStatus.BOOKED.value, AppointmentStatus.IN_CALL.value]),
            RoomMember.member_key == key,
            RoomMember.epoch == epoch,
            RoomMember.status == MemberStatus.WAITING.value,
        )
    ).first()
    return row or ""


def advisor_target(*, session: Session, advisor_id: int, number: int) -> str:
    """The client token of the advisor's workspace tab if `number` names it, else ''."""
    token = rooms.advisor_tab(session=session, advisor_id=advisor_id)
    return token if token and tab_number(token) == number else ""


@dataclass(frozen=True)
class Path:
    """What the advisor's browser measured on the pre-connection to one waiting person."""

    state: str
    rtt_ms: float | None


def _rtt(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and 0 <= number <= MAX_RTT_MS else None


def path_reports(reports: object, known: Collection[tuple[str, int]]) -> dict[str, Path]:
    """The advisor's `on_path` payload: at most `MAX_REPORTS` reports, only for (key, epoch) pairs
    this tab shows as waiting, a known connection state and an RTT in milliseconds or None."""
    if not isinstance(reports, list):
        return {}
    found: dict[str, Path] = {}
    for report in reports[:MAX_REPORTS]:
        if not isinstance(report, Mapping):
            continue
        key, epoch, state = report.get("key"), report.get("epoch"), report.get("state")
        if not isinstance(key, str) or isinstance(epoch, bool) or not isinstance(epoch, int):
            continue
        if (key, epoch) not in known or not isinstance(state, str) or state not in PATH_STATES:
            continue
        found[key] = Path(state=state, rtt_ms=_rtt(report.get("rtt_ms")))
    return found


def path_level(path: Path) -> str:
    """'' (nothing to show), connecting, failed, or green/yellow/red by the measured round-trip
    time (the device check's thresholds: below 300 ms a conversation feels natural)."""
    if path.state in ("failed", "closed"):
        return "failed"
    if path.state != "connected" or path.rtt_ms is None:
        return "connecting"
    if path.rtt_ms < GREEN_MAX_RTT_MS:
        return "green"
    return "yellow" if path.rtt_ms < YELLOW_MAX_RTT_MS else "red"


def rtt_text(path: Path) -> str:
    """The round-trip time as the waiting list shows it (whole milliseconds), '' when not measured."""
    return f"{path.rtt_ms:.0f}" if path.state == "connected" and path.rtt_ms is not None else ""
