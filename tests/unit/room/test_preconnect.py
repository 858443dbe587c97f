"""Pre-connection (instant admission): who may signal whom, what a signal may hold, what the
advisor's browser may report, and the state against a hostile browser."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session

from tests.unit.conftest import NOW
from tests.unit.room.test_rooms import START, _ready
from tests.unit.room.test_rooms import booking as booking  # noqa: PLC0414 (the fixture)
from videotermin_app.booking.booking import Booking
from videotermin_app.core.models import Advisor, MemberStatus
from videotermin_app.room import preconnect, rooms, signals
from videotermin_app.room.rows import WaitingRow
from videotermin_app.room.state_advisor_room import PATH_LABELS, AdvisorRoomState
from videotermin_app.room.state_call import CallState
from videotermin_app.room.state_preconnect import PreConnectState


def _signal(**changes: Any) -> dict[str, Any]:
    base = {"to": "p1", "to_epoch": 1, "kind": "description", "data": {"type": "offer", "sdp": "v=0"}}
    base.update(changes)
    return base


def test_tab_number_is_stable_in_range_and_names_one_tab() -> None:
    number = preconnect.tab_number("0f8e5a52-7d4c-4bb0-9e7a-1b2c3d4e5f60")
    assert number == preconnect.tab_number("0f8e5a52-7d4c-4bb0-9e7a-1b2c3d4e5f60")
    assert 1 <= number < 2**48
    assert number != preconnect.tab_number("0f8e5a52-7d4c-4bb0-9e7a-1b2c3d4e5f61")


def test_only_descriptions_and_candidates_within_the_call_limits() -> None:
    assert preconnect.clean(_signal()) is not None
    candidate = _signal(kind="candidate", data={"candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host"})
    assert preconnect.clean(candidate) is not None
    for refused in (
        _signal(kind="restart", data={}),
        _signal(kind="adopt", data={}),
        _signal(data={"type": "offer", "sdp": "x" * (signals.MAX_SDP + 1)}),
        _signal(to_epoch=2**48),
        _signal(to_epoch=0),
        _signal(to="p" * 100),
        "x",
    ):
        assert preconnect.clean(refused) is None


def test_signals_go_only_between_a_waiting_person_and_the_workspace_of_their_advisor(
    session: Session, booking: Booking, advisor: Advisor
) -> None:
    _ready(session, booking)
    participant, appointment = booking.invitations[0][0], booking.appointment
    member, _previous = rooms.join(
        session=session, participant=participant, appointment=appointment, client_token="tab-1", now=START
    )
    key, advisor_id = member.member_key, advisor.id or 0

    def to_person(epoch: int = 1, who: int = advisor_id, person: str = key) -> str:
        return preconnect.participant_target(session=session, advisor_id=who, key=person, epoch=epoch)

    assert to_person() == "tab-1"
    assert to_person(epoch=2) == ""  # an earlier or later tab of that person
    assert to_person(who=advisor_id + 1) == ""  # another advisor's appointment
    assert to_person(person="advisor") == ""
    rooms.register_advisor_tab(session=session, advisor_id=advisor_id, client_token="desk", now=NOW)
    number = preconnect.tab_number("desk")
    assert preconnect.advisor_target(session=session, advisor_id=advisor_id, number=number) == "desk"
    assert preconnect.advisor_target(session=session, advisor_id=advisor_id, number=number + 1) == ""
    # once the person is fetched (or declined), the pre-connection's signals stop
    rooms.set_status(session=session, appointment=appointment, key=key, status=MemberStatus.ADMITTED)
    assert to_person() == ""


def test_path_reports_only_for_shown_people_and_graded_by_round_trip_time() -> None:
    known = {("p1", 2)}
    found = preconnect.path_reports(
        [
            {"key": "p1", "epoch": 2, "state": "connected", "rtt_ms": 40},
            {"key": "p1", "epoch": 1, "state": "connected", "rtt_ms": 1},  # an earlier tab of theirs
            {"key": "p9", "epoch": 2, "state": "connected", "rtt_ms": 1},
            {"key": "p1", "epoch": True, "state": "connected"},
            "junk",
        ],
        known,
    )
    assert found == {"p1": preconnect.Path(state="connected", rtt_ms=40.0)}
    assert preconnect.path_reports([{"key": "p1", "epoch": 2, "state": "weird"}], known) == {}
    assert preconnect.path_reports({"key": "p1"}, known) == {}
    odd = preconnect.path_reports([{"key": "p1", "epoch": 2, "state": "connected", "rtt_ms": float("inf")}], known)
    assert odd["p1"].rtt_ms is None

    def level(state: str, rtt: float | None) -> str:
        return preconnect.path_level(preconnect.Path(state=state, rtt_ms=rtt))

    assert level("connected", 40) == "green"
    assert level("connected", 300) == "yellow"
    assert level("connected", 800) == "red"
    assert level("connected", None) == level("connecting", None) == "connecting"
    assert level("failed", None) == "failed"
    assert preconnect.rtt_text(preconnect.Path(state="connected", rtt_ms=12.4)) == "12"
    assert preconnect.rtt_text(preconnect.Path(state="connecting", rtt_ms=12.4)) == ""


def _states() -> tuple[PreConnectState, AdvisorRoomState, CallState]:
    root = rx.State(_reflex_internal_init=True)
    pre = root.substates[PreConnectState.get_name()]
    room = root.substates[AdvisorRoomState.get_name()]
    call = root.substates[CallState.get_name()]
    assert isinstance(pre, PreConnectState) and isinstance(room, AdvisorRoomState) and isinstance(call, CallState)
    return pre, room, call


JUNK: list[Any] = [
    None,
    0,
    "x" * 50_000,
    [{"key": "p1", "epoch": 1, "state": "connected", "rtt_ms": 1}] * 40,
    _signal(kind="candidate", data={"candidate": "x" * 5_000}),
    _signal(to="advisor"),
    _signal(),  # to a waiting person, from a tab without a session
]


@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
def test_a_tab_that_neither_waits_nor_shows_waiting_people_keeps_nothing(junk: Any) -> None:
    pre, room, _call = _states()
    for name in ("send", "ack", "path"):
        result = PreConnectState.event_handlers[name].fn(pre, junk)
        if inspect.isawaitable(result):
            asyncio.run(result)
    assert (pre.inbox, pre.ice_servers, pre.ready, room.waiting, room._paths) == ([], [], False, [], {})


def test_received_signals_only_for_what_the_tab_shows_now() -> None:
    pre, room, call = _states()
    offer = {"from": "advisor", "from_epoch": 77, "to": "p2", "to_epoch": 3, "kind": "description", "data": {}}
    call.self_key, call.self_epoch, call.my_status = "p2", 3, "waiting"
    asyncio.run(pre._receive(offer))
    asyncio.run(pre._receive({**offer, "to_epoch": 2}))  # an earlier tab of this person
    asyncio.run(pre._receive({**offer, "from": "p5"}))  # only the advisor offers to a waiting person
    assert [s["id"] for s in pre.inbox] == [1]
    call.my_status = "admitted"
    asyncio.run(pre._receive(offer))
    assert len(pre.inbox) == 1
    # the advisor's tab: only from people it shows as waiting, with their epoch, to its own number
    pre, room, call = _states()
    room.waiting = [WaitingRow(appointment_id=1, key="p2", epoch=3, status="waiting")]
    answer = {"from": "p2", "from_epoch": 3, "to": "advisor", "to_epoch": pre._own_number(), "kind": "candidate"}
    asyncio.run(pre._receive({**answer, "data": {}}))
    asyncio.run(pre._receive({**answer, "from_epoch": 4, "data": {}}))
    asyncio.run(pre._receive({**answer, "to_epoch": pre._own_number() + 1, "data": {}}))
    assert [s["id"] for s in pre.inbox] == [1]
    # what the browser measured shows beside the device-check light, for shown people only
    asyncio.run(
        PreConnectState.event_handlers["path"].fn(pre, [{"key": "p2", "epoch": 3, "state": "connected", "rtt_ms": 9}])
    )
    assert (room.waiting[0].path_level, room.waiting[0].path_rtt) == ("green", "9")
    assert room.waiting[0].path_label == PATH_LABELS["green"]
    room.waiting = [WaitingRow(appointment_id=1, key="p2", epoch=3, status="admitted")]
    assert room.pre_targets == []


def test_pre_connection_sessions_in_the_call_peers() -> None:
    _pre, _room, call = _states()
    view = rooms.MemberView(
        key="advisor",
        role="advisor",
        name="A",
        status=MemberStatus.ADMITTED,
        epoch=1,
        client_token="desk",
        waiting_since=START,
        audio_muted=False,
        video_off=False,
        device_level="",
        notice="",
    )
    call.self_key = "p2"
    assert call._pre_session(view) == preconnect.tab_number("desk")
    call.self_key = "advisor"
    person = rooms.MemberView(**{**view.__dict__, "key": "p2", "epoch": 4, "client_token": "tab"})
    assert call._pre_session(person) == 4
    call.self_key = "p3"
    assert call._pre_session(person) == 0  # people with a link connect among themselves only in the call


def test_the_call_signals_that_take_over_a_pre_connection_carry_nothing() -> None:
    for kind in ("adopt", "fresh"):
        found = signals.clean_outgoing(_signal(kind=kind, data={"sdp": "x" * 100}))
        assert found is not None and found.data == {}
