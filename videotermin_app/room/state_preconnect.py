"""Pre-connection signals between a waiting person and their advisor's workspace tab (room/preconnect.py).

Every event re-derives who calls: a participant tab must hold a **waiting** seat
(`CallState._seat`, i.e. `rooms.held_seat` with the personal link); the advisor's tab must have a
valid session and be that advisor's workspace tab (`AdvisorPresence`). A signal goes only to the
other side of the same appointment, with the exact session the sender named; everything else is
dropped silently. The receiving tab checks again that the signal is meant for what it shows now.
"""

from __future__ import annotations

import time
from typing import Any

import reflex as rx
from sqlmodel import Session

from videotermin_app.accounts.state_auth import NotSignedIn, as_advisor
from videotermin_app.core import turn
from videotermin_app.core.models import Advisor, MemberStatus, utcnow
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_delivery import deliver
from videotermin_app.room import limits, preconnect, rooms, signals
from videotermin_app.room.state_advisor_room import AdvisorRoomState
from videotermin_app.room.state_call import CallState

WAITING = frozenset({MemberStatus.WAITING})


class PreConnectState(rx.State):
    inbox: list[dict[str, Any]] = []  # signals for this tab's pre-connections, not yet acknowledged
    ice_servers: list[dict[str, Any]] = []  # the advisor tab's (a participant uses CallState.ice_servers)
    ice_renew_ms: int = 0
    ready: bool = False  # the advisor tab may pre-connect (its ICE servers are there)
    _signal_id: int = 0
    _tokens: float = float(limits.SIGNAL_BURST)
    _at: float = 0.0
    _ice_expires_at: int = 0

    def _take_token(self) -> bool:
        allowed, bucket = limits.take(
            limits.Bucket(tokens=self._tokens, at=self._at),
            now=time.time(),
            rate=limits.SIGNALS_PER_SECOND,
            burst=limits.SIGNAL_BURST,
        )
        self._tokens, self._at = bucket.tokens, bucket.at
        return allowed

    def _own_number(self) -> int:
        return preconnect.tab_number(self.router.session.client_token)

    @rx.event
    async def start(self, _value: Any = None) -> None:
        """The advisor's pre-connection component is there (and asks again every `ice_renew_ms`):
        STUN/TURN for its connections. Rule: a valid session."""
        settings = get_settings()
        if self._ice_expires_at and not turn.renew_due(
            expires_at=self._ice_expires_at, ttl=settings.turn_ttl, now=utcnow()
        ):
            return
        try:  # whether this tab is the workspace is checked with every signal (it may register just after)
            await as_advisor(self, lambda _session, _advisor: None, touch=False)
        except NotSignedIn:
            return
        self.ice_servers, self._ice_expires_at = turn.ice_servers(settings=settings, now=utcnow())
        self.ice_renew_ms = turn.renew_after_ms(settings)
        self.ready = True

    @rx.event
    async def send(self, signal: Any = None) -> None:
        """A description or candidate for the other side of a pre-connection (rules above)."""
        if not self._take_token() or get_settings().test_preconnect_off:
            return
        outgoing = preconnect.clean(signal)
        if outgoing is None:
            return
        if outgoing.to == rooms.ADVISOR_KEY:
            await self._from_participant(outgoing)
        else:
            await self._from_advisor(outgoing)

    async def _from_participant(self, outgoing: signals.Outgoing) -> None:
        call = await self.get_state(CallState)
        if call.self_key in ("", rooms.ADVISOR_KEY) or call.my_status != "waiting" or call.taken_over:
            return
        seat = await call._seat(WAITING)
        if seat is None:
            return
        target = await in_db_thread(
            lambda session: preconnect.advisor_target(
                session=session, advisor_id=seat.advisor_id, number=outgoing.to_epoch
            )
        )
        self._relay(target, outgoing, sender=call.self_key, sender_epoch=call.self_epoch)

    async def _from_advisor(self, outgoing: signals.Outgoing) -> None:
        token = self.router.session.client_token

        def work(session: Session, advisor: Advisor) -> str:
            if rooms.advisor_tab(session=session, advisor_id=advisor.id or 0) != token:
                return ""  # not the workspace tab: it shows no waiting area
            return preconnect.participant_target(
                session=session, advisor_id=advisor.id or 0, key=outgoing.to, epoch=outgoing.to_epoch
            )

        try:
            target = await as_advisor(self, work, touch=False)
        except NotSignedIn:
            return
        self._relay(target, outgoing, sender=rooms.ADVISOR_KEY, sender_epoch=self._own_number())

    def _relay(self, target: str, outgoing: signals.Outgoing, *, sender: str, sender_epoch: int) -> None:
        if not target or target == self.router.session.client_token:
            return
        payload = {
            "from": sender,
            "from_epoch": sender_epoch,
            "to": outgoing.to,
            "to_epoch": outgoing.to_epoch,
            "kind": outgoing.kind,
            "data": outgoing.data,
        }
        deliver(target, PreConnectState, lambda s: s._receive(payload))

    async def _receive(self, payload: dict[str, Any]) -> None:
        """A signal for this tab (run by `deliver`): kept only while this tab still shows that pair."""
        if payload["to"] == rooms.ADVISOR_KEY:
            room = await self.get_state(AdvisorRoomState)
            meant = payload["to_epoch"] == self._own_number() and (
                (payload["from"], payload["from_epoch"]) in room._pre_known()
            )
        else:
            call = await self.get_state(CallState)
            meant = (
                payload["from"] == rooms.ADVISOR_KEY
                and (payload["to"], payload["to_epoch"]) == (call.self_key, call.self_epoch)
                and call.my_status == "waiting"
                and not call.taken_over
            )
        if not meant:
            return
        self._signal_id += 1
        self.inbox = signals.push(self.inbox, payload, signal_id=self._signal_id)

    @rx.event
    def ack(self, last_id: Any = None) -> None:
        """The browser handled the signals up to `last_id`. Rule: tab-local, trims only this tab's inbox."""
        trimmed = signals.acknowledge(self.inbox, last_id, newest_id=self._signal_id)
        if trimmed is not None:
            self.inbox = trimmed

    @rx.event
    async def path(self, reports: Any = None) -> None:
        """The advisor's browser measured its pre-connections (state, round-trip time).

        Rule: only changes this tab's own waiting list, only for people it shows as waiting
        (server-side rows, emptied at sign-out), numbers in range; nothing is stored."""
        room = await self.get_state(AdvisorRoomState)
        found = preconnect.path_reports(reports, room._pre_known())
        if found:
            room._set_paths(found)
