"""Step 4, the test call: the browser's offer is answered by an aiortc echo peer in this process
(kept in `device_check.registry.registry` under the link, never in state), both ends measure,
`device_check.evaluate` grades, and with consent the result is stored as a DeviceCheck."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx

from videotermin_app.booking.state_appointments import tell_advisor_readiness
from videotermin_app.core import turn
from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import N_, _
from videotermin_app.core.models import utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.core.state_request import request_client_ip
from videotermin_app.device_check import results as device_results
from videotermin_app.device_check.grading import Level, evaluate, rates_sentence
from videotermin_app.device_check.metrics import MAX_REPORT_KEYS, CheckMetrics, combine
from videotermin_app.device_check.registry import Admission, RegistryBusy, link_key, registry
from videotermin_app.wizard import links, steps
from videotermin_app.wizard.state_journey import JourneyState, identify_token
from videotermin_app.wizard.state_media import MediaState

log = logging.getLogger(__name__)

CHECK_TIMEOUT_S = 20.0
MEASURE_MS = 6000
MAX_OFFER_SDP = 32_000
"""Characters of the browser's offer (a real one with audio, video and every candidate is under 10,000)."""
TIMEOUT_REASON = N_("Der Testanruf hat nicht rechtzeitig geantwortet.")
BUSY_TEXT = N_("Der Testanruf ist gerade ausgelastet. Bitte versuchen Sie es in einer Minute noch einmal.")
RELAY_OK_TEXT = N_("Verbindung über den Vermittlungsserver: funktioniert")
RELAY_FAILED_TEXT = N_(
    "Verbindung über den Vermittlungsserver: nicht erreichbar. Aus manchen Netzen (etwa in Firmen) "
    "kann der Videotermin dann scheitern; versuchen Sie es im Zweifel aus einem anderen Netz."
)
THROTTLED_TEXT = N_(
    "Sie haben den Testanruf gerade mehrmals gestartet. Bitte versuchen Sie es in einer Minute noch einmal."
)


def valid_offer(sdp: object) -> str | None:
    """The browser's offer SDP if it is a non-empty string of at most MAX_OFFER_SDP characters."""
    return sdp if isinstance(sdp, str) and 0 < len(sdp) <= MAX_OFFER_SDP else None


def relay_result(report: dict[str, Any]) -> bool | None:
    """The browser's `relay` flag (a TURN relay candidate appeared): a boolean, else None (not tested)."""
    value = report.get("relay")
    return value if isinstance(value, bool) else None


def relay_text(relay_ok: bool | None) -> str:
    return "" if relay_ok is None else _(RELAY_OK_TEXT if relay_ok else RELAY_FAILED_TEXT)


def browser_report(data: object) -> dict[str, Any] | None:
    """The browser's measurement as a dict of at most `MAX_REPORT_KEYS` short string keys, else None.
    `CheckMetrics.from_dict` then keeps only known keys and numbers in their ranges."""
    if not isinstance(data, dict) or len(data) > MAX_REPORT_KEYS:
        return None
    if not all(isinstance(key, str) and len(key) <= 40 for key in data):
        return None
    return data


class DeviceCheckState(rx.State):
    """Rules: every event needs the tab's link; `start` and `on_offer` need that link valid in the
    database with consent given (`identify_token`), never just the page's step. ICE servers and an SDP
    answer go only to such a tab. A tab fetches and closes only the echo peer it opened (`_owner`)."""

    check_run: int = 0
    answer_sdp: str = ""
    ice_servers: list[dict[str, Any]] = []
    is_running: bool = False
    level: str = ""
    advice_label: str = ""
    details_label: str = ""
    busy_label: str = ""
    heard_self: str = ""  # "", "yes", "no"
    relay_label: str = ""
    rates_label: str = ""  # the line's upload and download rates in plain words
    relay_state: str = ""  # "", "ok", "failed": whether a TURN relay worked from the person's network
    _echo_key: str = ""
    _owner: str = ""
    _offered_run: int = 0

    @rx.event(background=True)
    async def start(self) -> None:
        async with self:
            media = await self.get_state(MediaState)
            if self.is_running or not media.is_media_ok:
                return
            token = (await self.get_state(JourneyState))._link_token
        caller = await identify_token(token)
        if caller is None or not caller.has_consent:
            return
        key = link_key(caller.participant_id)
        async with self:
            if self.is_running:
                return
            admission = registry.admit(key)
            if admission is not Admission.OK:
                self.busy_label = _(BUSY_TEXT if admission is Admission.BUSY else THROTTLED_TEXT)
                return
            self.ice_servers, _expires = turn.ice_servers(settings=get_settings(), now=utcnow())
            self.check_run += 1
            run = self.check_run
            self.is_running, self.answer_sdp, self.level, self.heard_self, self.busy_label = True, "", "", "", ""
            self.relay_label, self.relay_state, self.rates_label = "", "", ""
            owner = f"{self.router.session.client_token}#{run}"
            self._echo_key, self._owner = key, owner
        await asyncio.sleep(CHECK_TIMEOUT_S)
        async with self:
            if self.check_run != run or not self.is_running:
                return
            level, advice = evaluate(CheckMetrics())
            self.is_running, self.level = False, level
            self.advice_label, self.details_label = f"{_(TIMEOUT_REASON)} {advice}", ""
            user_agent, ip = self.router.headers.user_agent, request_client_ip(self)
            link_token = (await self.get_state(JourneyState))._link_token
        await registry.close(key, owner=owner)
        # a test call that never answered is a red result too: stored, so the person may decide at step 5
        await asyncio.to_thread(self._store, link_token, level, CheckMetrics(), user_agent, ip, None)
        async with self:
            if self.check_run == run:
                await self._to_step_five(level)

    @rx.event(background=True)
    async def on_offer(self, sdp: Any) -> None:
        """One offer per run, a string of at most MAX_OFFER_SDP characters, from a link with consent."""
        offer = valid_offer(sdp)
        if offer is None:
            return
        async with self:
            if not self.is_running or self._offered_run == self.check_run:
                return
            self._offered_run = run = self.check_run
            key, owner = self._echo_key, self._owner
            token = (await self.get_state(JourneyState))._link_token
        caller = await identify_token(token)
        if caller is None or not caller.has_consent or link_key(caller.participant_id) != key:
            return
        settings = get_settings()
        try:
            peer = await registry.open(
                key,
                owner=owner,
                ice_servers=turn.ice_servers(settings=settings, now=utcnow())[0],
                max_seconds=CHECK_TIMEOUT_S + 10,
                drop_ratio=settings.test_echo_drop_ratio,
            )
        except RegistryBusy:
            async with self:
                if self.check_run == run and self.is_running:
                    self.is_running, self.busy_label = False, _(BUSY_TEXT)
            return
        try:
            answer = await peer.answer(offer_sdp=offer)
        except Exception:  # a broken offer or a failed negotiation ends in a red result, never a traceback
            log.warning("device check: negotiation failed", exc_info=True)
            await self._finish(run=run, key=key, owner=owner, browser={})
            return
        async with self:
            if self.check_run == run and self.is_running:
                self.answer_sdp = answer

    @rx.event(background=True)
    async def on_stats(self, data: Any) -> None:
        report = browser_report(data)
        if report is None:
            return
        async with self:
            if not self.is_running:
                return
            run, key, owner = self.check_run, self._echo_key, self._owner
            token = (await self.get_state(JourneyState))._link_token
        caller = await identify_token(token)
        if caller is None or not caller.has_consent:
            return
        await self._finish(run=run, key=key, owner=owner, browser=report, relay_ok=relay_result(report))

    async def _finish(
        self, *, run: int, key: str, owner: str, browser: dict[str, Any], relay_ok: bool | None = None
    ) -> None:
        peer = registry.get(key, owner=owner)
        replaced = peer is None and registry.owner(key) is not None  # another tab of this link tests now
        echo = (await peer.stats()).as_metrics() if peer is not None else CheckMetrics()
        await registry.close(key, owner=owner)
        async with self:
            if self.check_run != run or not self.is_running:
                return
            if replaced:
                self.is_running = False
                return
            media = await self.get_state(MediaState)
            has_video = media.has_video
            user_agent, ip = self.router.headers.user_agent, request_client_ip(self)
            link_token = (await self.get_state(JourneyState))._link_token
        metrics = combine(browser=CheckMetrics.from_dict(browser), echo=echo)
        if not has_video:  # audio only: the picture cannot be checked (yellow at most, not "no picture")
            metrics.frames_received = metrics.video_fps = None
        level, advice = evaluate(metrics)
        stored_for = await asyncio.to_thread(self._store, link_token, level, metrics, user_agent, ip, relay_ok)
        await tell_advisor_readiness(stored_for)
        async with self:
            self.is_running, self.level, self.advice_label = False, level, advice
            self.relay_label = relay_text(relay_ok)
            self.relay_state = "" if relay_ok is None else "ok" if relay_ok else "failed"
            self.details_label, self.rates_label = _details(metrics), rates_sentence(metrics)
            await self._to_step_five(level)

    async def _to_step_five(self, level: str) -> None:
        """After a stored result, whatever its light: step 5 warns on yellow and red; the person decides."""
        journey = await self.get_state(JourneyState)
        journey.check_level = level
        if journey.step == steps.STEP_DEVICE_CHECK:
            journey.step = steps.STEP_ENTER

    @staticmethod
    def _store(
        link_token: str, level: Level, metrics: CheckMetrics, user_agent: str, ip: str, relay_ok: bool | None
    ) -> int:
        """Store the check for the person behind the link; their appointment's id (0: nothing stored)."""
        with session_scope() as session:
            caller = links.identify(session=session, token=link_token)
            if caller is None or not caller.has_consent:
                return 0
            device_results.record_check(
                session=session,
                participant=caller.target.participant,
                now=utcnow(),
                level=level,
                metrics=metrics,
                user_agent=user_agent,
                ip_address=ip,
                relay_ok=relay_ok,
            )
            return caller.target.appointment.id or 0

    @rx.event
    async def stop(self) -> None:
        """The person leaves the page: end a running test call (only the peer this tab opened)."""
        self.is_running = False
        if self._owner:
            await registry.close(self._echo_key, owner=self._owner)

    @rx.event
    async def set_heard_self(self, answer: Any) -> None:
        if self.check_run and (await self.get_state(JourneyState))._holds_link():
            self.heard_self = answer if answer in ("yes", "no") else ""


def _details(m: CheckMetrics) -> str:
    parts = []
    if m.rtt_ms is not None:
        parts.append(_("Antwortzeit {v} ms").format(v=f"{m.rtt_ms:.0f}"))
    if m.loss_percent is not None:
        parts.append(_("Paketverlust {v} %").format(v=f"{m.loss_percent:.1f}".replace(".", ",")))
    if m.video_fps is not None:
        parts.append(_("{v} Bilder pro Sekunde").format(v=f"{m.video_fps:.0f}"))
    return " · ".join(parts)
