"""Step 4, the test call: the browser's offer is answered by an aiortc echo peer in this process
(kept in `device_check.registry.registry` under the client token, never in state), both ends measure,
`device_check.evaluate` grades, and with consent the result is stored as a DeviceCheck."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx

from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import _
from videotermin_app.core.models import utcnow
from videotermin_app.core.settings import get_settings
from videotermin_app.device_check import results as device_results
from videotermin_app.device_check.grading import Level, evaluate
from videotermin_app.device_check.metrics import CheckMetrics, combine
from videotermin_app.device_check.registry import registry
from videotermin_app.wizard import consent, steps
from videotermin_app.wizard.state_journey import JourneyState
from videotermin_app.wizard.state_media import MediaState

log = logging.getLogger(__name__)

CHECK_TIMEOUT_S = 20.0
MEASURE_MS = 6000
TIMEOUT_REASON = _("Der Testanruf hat nicht rechtzeitig geantwortet.")


class DeviceCheckState(rx.State):
    check_run: int = 0
    answer_sdp: str = ""
    ice_servers: list[dict[str, Any]] = []
    is_running: bool = False
    level: str = ""
    advice_label: str = ""
    details_label: str = ""
    heard_self: str = ""  # "", "yes", "no"

    @rx.event(background=True)
    async def start(self) -> None:
        async with self:
            media = await self.get_state(MediaState)
            journey = await self.get_state(JourneyState)
            if self.is_running or not media.is_media_ok or journey.step < steps.STEP_DEVICE_CHECK:
                return
            self.ice_servers = list(get_settings().ice_servers)
            self.check_run += 1
            run = self.check_run
            self.is_running, self.answer_sdp, self.level, self.heard_self = True, "", "", ""
            key = self.router.session.client_token
        await asyncio.sleep(CHECK_TIMEOUT_S)
        async with self:
            if self.check_run != run or not self.is_running:
                return
            level, advice = evaluate(CheckMetrics())
            self.is_running, self.level = False, level
            self.advice_label, self.details_label = f"{TIMEOUT_REASON} {advice}", ""
        await registry.close(key)

    @rx.event(background=True)
    async def on_offer(self, sdp: str) -> None:
        async with self:
            if not self.is_running:
                return
            run, key = self.check_run, self.router.session.client_token
        settings = get_settings()
        try:
            peer = await registry.open(
                key,
                ice_servers=settings.ice_servers,
                max_seconds=CHECK_TIMEOUT_S + 10,
                drop_ratio=settings.test_echo_drop_ratio,
            )
            answer = await peer.answer(offer_sdp=str(sdp)[:100_000])
        except Exception:  # a broken offer or a failed negotiation ends in a red result, never a traceback
            log.exception("device check: negotiation failed")
            await self._finish(run=run, key=key, browser={})
            return
        async with self:
            if self.check_run == run and self.is_running:
                self.answer_sdp = answer

    @rx.event(background=True)
    async def on_stats(self, data: dict[str, Any]) -> None:
        async with self:
            run, key = self.check_run, self.router.session.client_token
        await self._finish(run=run, key=key, browser=data)

    async def _finish(self, *, run: int, key: str, browser: dict[str, Any]) -> None:
        peer = registry.get(key)
        echo = (await peer.stats()).as_metrics() if peer is not None else CheckMetrics()
        await registry.close(key)
        async with self:
            if self.check_run != run or not self.is_running:
                return
            media = await self.get_state(MediaState)
            has_video = media.has_video
            user_agent, ip = self.router.headers.user_agent, self.router.session.client_ip
            link_token = (await self.get_state(JourneyState))._link_token
        metrics = combine(browser=CheckMetrics.from_dict(browser), echo=echo)
        if not has_video:  # audio only: the picture cannot be checked (yellow at most, not "no picture")
            metrics.frames_received = metrics.video_fps = None
        level, advice = evaluate(device_results.for_grading(metrics))
        await asyncio.to_thread(self._store, link_token, level, metrics, user_agent, ip)
        async with self:
            self.is_running, self.level, self.advice_label = False, level, advice
            self.details_label = _details(metrics)
            journey = await self.get_state(JourneyState)
            if level != "red" and journey.step == steps.STEP_DEVICE_CHECK:
                journey.step = steps.STEP_ENTER

    @staticmethod
    def _store(link_token: str, level: Level, metrics: CheckMetrics, user_agent: str, ip: str) -> None:
        from videotermin_app.wizard import links

        with session_scope() as session:
            target = links.resolve(session=session, token=link_token)
            if target is None or not consent.has_consent(session=session, participant=target.participant):
                return
            device_results.record_check(
                session=session,
                participant=target.participant,
                now=utcnow(),
                level=level,
                metrics=metrics,
                user_agent=user_agent,
                ip_address=ip,
            )

    @rx.event
    async def stop(self) -> None:
        """The person leaves the page: end a running test call."""
        self.is_running = False
        await registry.close(self.router.session.client_token)

    @rx.event
    def set_heard_self(self, answer: str) -> None:
        self.heard_self = answer if answer in ("yes", "no") else ""


def _details(m: CheckMetrics) -> str:
    parts = []
    if m.upload_kbps is not None:
        parts.append(_("Upload {v} kbit/s").format(v=f"{m.upload_kbps:.0f}"))
    if m.download_kbps is not None:
        parts.append(_("Download {v} kbit/s").format(v=f"{m.download_kbps:.0f}"))
    if m.rtt_ms is not None:
        parts.append(_("Antwortzeit {v} ms").format(v=f"{m.rtt_ms:.0f}"))
    if m.loss_percent is not None:
        parts.append(_("Paketverlust {v} %").format(v=f"{m.loss_percent:.1f}".replace(".", ",")))
    if m.video_fps is not None:
        parts.append(_("{v} Bilder pro Sekunde").format(v=f"{m.video_fps:.0f}"))
    return " · ".join(parts)
