"""The anonymous survey after the call: choices stay in the browser's state until **Absenden**."""

from __future__ import annotations

import reflex as rx

from videotermin_app.core import routes
from videotermin_app.core.db import session_scope
from videotermin_app.core.i18n import N_, _
from videotermin_app.core.models import AppointmentStatus, utcnow
from videotermin_app.privacy.survey import QUESTION_KEYS, SurveyError, skip_survey, submit_survey
from videotermin_app.wizard import links
from videotermin_app.wizard.state_journey import JourneyState

NOT_AVAILABLE = N_("Die Umfrage ist für diesen Termin nicht (mehr) möglich.")


class SurveyState(rx.State):
    answers: dict[str, str] = dict.fromkeys(QUESTION_KEYS, "")
    error: str = ""
    is_sent: bool = False

    @rx.event
    def choose(self, key: str, value: str) -> None:
        if key in QUESTION_KEYS:
            self.answers[key] = value
            self.error = ""

    @rx.event
    async def submit(self) -> None:
        await self._close(skip=False)

    @rx.event
    async def skip(self) -> None:
        await self._close(skip=True)

    async def _close(self, *, skip: bool) -> None:
        """Resolve the participant from the personal link (never from the browser), store, close."""
        token = routes.token_from_path(self.router.url.path)
        now = utcnow()
        with session_scope() as session:
            target = links.resolve(session=session, token=token, now=now)
            if target is None or target.appointment.status != AppointmentStatus.DONE:
                self.error = _(NOT_AVAILABLE)
                return
            if not target.participant.survey_done:  # else: answered in another tab, just close
                try:
                    if skip:
                        skip_survey(session=session, participant=target.participant)
                    else:
                        submit_survey(session=session, participant=target.participant, answers=self.answers, now=now)
                except SurveyError as exc:
                    self.error = exc.translated()
                    return
        self.error = ""
        self.is_sent = not skip
        self.answers = dict.fromkeys(QUESTION_KEYS, "")
        journey = await self.get_state(JourneyState)
        journey.survey_done = True
