"""The anonymous survey after the call: choices stay in the browser's state until **Absenden**."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from videotermin_app.core.i18n import N_, _
from videotermin_app.core.models import utcnow
from videotermin_app.core.offloop import in_db_thread
from videotermin_app.privacy.survey import (
    QUESTION_KEYS,
    SurveyError,
    is_offered,
    skip_survey,
    submit_survey,
    survey_offered,
)
from videotermin_app.wizard import links
from videotermin_app.wizard.state_journey import JourneyState

NOT_AVAILABLE = N_("Die Umfrage ist für diesen Termin nicht (mehr) möglich.")


class SurveyState(rx.State):
    answers: dict[str, str] = dict.fromkeys(QUESTION_KEYS, "")
    error: str = ""
    is_sent: bool = False

    @rx.event
    async def choose(self, key: object, value: object) -> None:
        """Rule: the tab's link, an existing question and one of its offered values."""
        if is_offered(key, value) and (await self.get_state(JourneyState))._holds_link():
            self.answers[str(key)] = str(value)
            self.error = ""

    @rx.event
    async def submit(self) -> None:
        await self._close(skip=False)

    @rx.event
    async def skip(self) -> None:
        await self._close(skip=True)

    async def _close(self, *, skip: bool) -> None:
        """Resolve the participant from the personal link (never from the browser), store, close."""
        journey = await self.get_state(JourneyState)
        token, answers = journey._link_token, dict(self.answers)
        if not token:
            self.error = _(NOT_AVAILABLE)
            return
        refusal = await in_db_thread(lambda s: _store(s, token=token, answers=answers, skip=skip))
        if refusal:
            self.error = refusal
            return
        self.error = ""
        self.is_sent = not skip
        self.answers = dict.fromkeys(QUESTION_KEYS, "")
        journey.survey_done = True


def _store(session: Session, *, token: str, answers: dict[str, str], skip: bool) -> str:
    """'' when stored (or answered before in another tab), else the German refusal."""
    now = utcnow()
    target = links.resolve(session=session, token=token, now=now)
    if target is None or not survey_offered(session=session, target=target):
        return _(NOT_AVAILABLE)
    if target.participant.survey_done:  # answered in another tab: just close
        return ""
    try:
        if skip:
            skip_survey(session=session, participant=target.participant)
        else:
            submit_survey(session=session, participant=target.participant, answers=answers, now=now)
    except SurveyError as exc:
        return exc.translated()
    return ""
