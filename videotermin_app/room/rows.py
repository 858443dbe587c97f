"""What the room's views show of the state: plain rows for `rx.foreach` (German labels)."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class WaitingRow:
    """One person in the advisor's waiting area (waiting, or already in the call)."""

    appointment_id: int = 0
    key: str = ""
    name: str = ""
    role: str = ""
    role_label: str = ""
    level: str = ""
    level_label: str = ""
    level_hint: str = ""  # yellow/red: "Bieten Sie ggf. ein Telefonat an."
    status: str = ""
    since_label: str = ""
    time_label: str = ""
    epoch: int = 0
    path_level: str = ""  # the pre-connection measured by the advisor's browser: connecting/green/yellow/red/failed
    path_label: str = ""  # its German label (room.state_advisor_room.PATH_LABELS)
    path_rtt: str = ""  # the measured round-trip time in whole milliseconds, '' when not measured


@dataclasses.dataclass(frozen=True)
class ChatMessage:
    """One chat message as both browsers of the call show it; `own` is from the viewing person."""

    id: int = 0
    author: str = ""
    role_label: str = ""
    text: str = ""
    time_label: str = ""
    own: bool = False
