"""The pre-connection while a person waits (preconnect.jsx beside this module; rules in room/preconnect.py).

Renders nothing: one instance in the advisor's waiting list (offers to every waiting person), one
in the participant's room view (answers while waiting). `CallPeer` takes the connection at admission.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import passthrough_event_spec

from videotermin_app.room.state_advisor_room import AdvisorRoomState
from videotermin_app.room.state_call import CallState
from videotermin_app.room.state_preconnect import PreConnectState
from videotermin_app.room.views_call_peer import PRECONNECT_ASSET


class PreConnect(rx.NoSSRComponent):
    library = PRECONNECT_ASSET.importable_path
    tag = "PreConnect"
    is_default = False

    side: rx.Var[str]
    targets: rx.Var[list[dict[str, Any]]]
    signals: rx.Var[list[dict[str, Any]]]
    ice_servers: rx.Var[list[dict[str, Any]]]
    ice_renew_ms: rx.Var[int]
    active: rx.Var[bool]
    ready: rx.Var[bool]

    # see views_call_peer.py for the ignores
    on_signal: rx.EventHandler[passthrough_event_spec(dict)]  # type: ignore[type-arg, valid-type]
    on_ack: rx.EventHandler[passthrough_event_spec(int)]  # type: ignore[type-arg, valid-type]
    on_path: rx.EventHandler[passthrough_event_spec(list)]  # type: ignore[type-arg, valid-type]
    on_start: rx.EventHandler[passthrough_event_spec(bool)]  # type: ignore[type-arg, valid-type]
    on_ice_renew: rx.EventHandler[passthrough_event_spec(bool)]  # type: ignore[type-arg, valid-type]


def advisor_preconnect() -> rx.Component:
    """In the advisor's waiting list: a connection without media to every waiting person."""
    return PreConnect.create(
        side="advisor",
        targets=AdvisorRoomState.pre_targets,
        signals=PreConnectState.inbox,
        ice_servers=PreConnectState.ice_servers,
        ice_renew_ms=PreConnectState.ice_renew_ms,
        active=True,
        ready=PreConnectState.ready,
        on_signal=PreConnectState.send,
        on_ack=PreConnectState.ack,
        on_path=PreConnectState.path,
        on_start=PreConnectState.start,
        on_ice_renew=PreConnectState.start,
    )


def participant_preconnect() -> rx.Component:
    """In the participant's room view: answers the advisor's pre-connection while waiting."""
    return PreConnect.create(
        side="participant",
        targets=[],
        signals=PreConnectState.inbox,
        ice_servers=CallState.ice_servers,
        ice_renew_ms=0,
        active=(CallState.my_status == "waiting") & ~CallState.taken_over,
        ready=True,
        on_signal=PreConnectState.send,
        on_ack=PreConnectState.ack,
    )
