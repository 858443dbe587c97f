"""The advisor's survey after **Termin beenden** (privacy/advisor_survey.py): offered in the workspace."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from videotermin_app.accounts.state_auth import AuthState, NotSignedIn, advisor_state, as_advisor, payload_id
from videotermin_app.core.models import Advisor, Appointment, utcnow
from videotermin_app.core.views_typing import bind
from videotermin_app.privacy.advisor_survey import (
    ADVISOR_QUESTION_KEYS,
    ADVISOR_QUESTIONS,
    NOT_OFFERED,
    advisor_survey_offered,
    close_advisor_survey,
)
from videotermin_app.privacy.survey import SurveyError, is_offered


@advisor_state
class AdvisorSurveyState(rx.State):
    answers: dict[str, str] = dict.fromkeys(ADVISOR_QUESTION_KEYS, "")
    error: str = ""
    is_open: bool = False
    is_sent: bool = False
    _appointment_id: int = 0  # set only by `offer`, after the database said it may be asked

    @rx.event
    async def offer(self, appointment_id: object = 0) -> EventSpec | None:
        """Chained after **Termin beenden** with the ended call's id: opens the survey when this advisor
        may answer it (own appointment, ended, not yet answered or skipped). Anything else: nothing."""
        wanted = payload_id(appointment_id)
        if not wanted:
            return None

        def work(session: Session, advisor: Advisor) -> bool:
            return advisor_survey_offered(appointment=session.get(Appointment, wanted), advisor_id=advisor.id or 0)

        try:
            offered = await as_advisor(self, work)
        except NotSignedIn:
            return bind(AuthState.expired)
        if offered:
            self._appointment_id = wanted
            self.answers = dict.fromkeys(ADVISOR_QUESTION_KEYS, "")
            self.is_open, self.is_sent, self.error = True, False, ""
        return None

    @rx.event
    def choose(self, key: object, value: object) -> None:
        """Rule: an open survey, an existing question and one of its offered values (checked again at the end)."""
        if self.is_open and is_offered(key, value, ADVISOR_QUESTIONS):
            self.answers[str(key)] = str(value)
            self.error = ""

    @rx.event
    async def submit(self) -> EventSpec | None:
        return await self._close(skip=False)

    @rx.event
    async def skip(self) -> EventSpec | None:
        return await self._close(skip=True)

    async def _close(self, *, skip: bool) -> EventSpec | None:
        appointment_id, answers = self._appointment_id, dict(self.answers)
        if not self.is_open or not appointment_id:
            return None

        def work(session: Session, advisor: Advisor) -> tuple[str, bool]:
            """('' or the German refusal, whether the survey is closed now). Nothing is written on a refusal."""
            try:
                close_advisor_survey(
                    session=session,
                    appointment_id=appointment_id,
                    advisor_id=advisor.id or 0,
                    answers=None if skip else answers,
                    now=utcnow(),
                )
            except SurveyError as exc:
                return exc.translated(), exc.message == NOT_OFFERED
            return "", True

        try:
            refusal, closed = await as_advisor(self, work)
        except NotSignedIn:
            return bind(AuthState.expired)
        self.error = refusal
        if closed:
            self._appointment_id = 0
            self.answers = dict.fromkeys(ADVISOR_QUESTION_KEYS, "")
            self.is_open, self.is_sent = False, not skip and not refusal
        return None
